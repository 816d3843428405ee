import * as assert from 'node:assert/strict';
import { ClusterConfig } from '../../src/kafka/connection/clusterConfig';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { describeKafkaError } from '../../src/kafka/errors';
import { KafkaCluster, startKafkaCluster } from '../harness/kafka';
import { Keycloak, startKeycloak } from '../harness/keycloak';
import { waitFor } from '../harness/processes';

// The loopback token endpoint of oauth.test.ts says what a provider may answer; this file checks
// the same paths against a real provider, whose answers (and their ambiguities) are its own.
describe('SASL OAUTHBEARER with tokens issued by Keycloak, validated by the broker', function () {
  this.timeout(300000);
  const timeouts = { connectionTimeoutMs: 3000, requestTimeoutMs: 8000 };
  const SHORT_LIFETIME_S = 10;
  let keycloak: Keycloak;
  let kafka: KafkaCluster;

  before(async () => {
    keycloak = await startKeycloak({
      app: { secret: 'app-secret' },
      short: { secret: 'short-secret', lifetimeSeconds: SHORT_LIFETIME_S },
      'browser-only': { secret: 'browser-secret', serviceAccount: false },
    });
    // A session lasts as long as its token: a connection must re-authenticate with a new one.
    kafka = await startKafkaCluster({
      security: { oauth: { jwksUrl: keycloak.jwksUrl, audience: keycloak.audience, issuer: keycloak.issuer } },
      config: { 'connections.max.reauth.ms': 600000 },
    });
  });
  after(async () => {
    await kafka?.stop();
    await keycloak?.stop();
  });

  const open = (clientId: string, secret: string, scope = keycloak.scope) => {
    const config: ClusterConfig = {
      name: `keycloak-${clientId}`,
      bootstrapServers: kafka.oauthBootstrapServers,
      sasl: { mechanism: 'oauthbearer', tokenEndpoint: keycloak.tokenEndpoint, clientId, scope },
    };
    return new ClusterConnection(config, { ...timeouts, secrets: async () => ({ saslPassword: secret }) });
  };
  const listTopics = (connection: ClusterConnection) => connection.query('list topics', ({ admin }) => admin.listTopics());

  async function attempt(clientId: string, secret: string, scope?: string): Promise<{ error?: string; ms: number }> {
    const connection = open(clientId, secret, scope);
    const started = Date.now();
    try {
      await listTopics(connection);
      return { ms: Date.now() - started };
    } catch (error) {
      return { error: describeKafkaError(error), ms: Date.now() - started };
    } finally {
      await connection.close();
    }
  }

  it('signs in with a Keycloak token, creates a topic and lists it', async () => {
    const connection = open('app', 'app-secret');
    try {
      await connection.query('create topic', ({ admin }) =>
        admin.createTopics({ topics: [{ topic: 'keycloak-orders' }], waitForLeaders: true }),
      );
      assert.ok((await listTopics(connection)).includes('keycloak-orders'));
    } finally {
      await connection.close();
    }
  });

  it("shows Keycloak's description of a wrong client secret and names both causes of its code", async () => {
    const result = await attempt('app', 'wrong-secret');
    assert.equal(
      result.error,
      'The token endpoint refused client "app": unauthorized_client (the client secret may be wrong, or the client may not use the client-credentials grant): Invalid client or Invalid client credentials.',
    );
    assert.ok(result.ms < timeouts.requestTimeoutMs + 1000, `took ${result.ms} ms`);
  });

  it('tells a client that may not use the client-credentials grant apart by its description', async () => {
    const result = await attempt('browser-only', 'browser-secret');
    assert.equal(
      result.error,
      'The token endpoint refused client "browser-only": unauthorized_client (the client secret may be wrong, or the client may not use the client-credentials grant): Client not enabled to retrieve service account.',
    );
  });

  it('names an unknown scope', async () => {
    const result = await attempt('app', 'app-secret', 'payments');
    assert.equal(result.error, 'The token endpoint refused client "app": invalid_scope (check the scope): Invalid scopes: payments.');
  });

  it('re-authenticates with each new token, query after query, then names the token endpoint once it is down', async () => {
    const connection = open('short', 'short-secret');
    try {
      await listTopics(connection);
      // Queries back to back across two token lifetimes: the broker ends each session when its
      // token expires and refuses a second re-authentication within a second, so a session begun
      // next to its token's end failed a query with "not valid given the current SASL state".
      const until = Date.now() + 2 * SHORT_LIFETIME_S * 1000 + 1000;
      let queries = 0;
      while (Date.now() < until) {
        assert.ok((await listTopics(connection)).includes('keycloak-orders'), `query ${queries + 1}`);
        queries++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      await keycloak.stop();
      const started = Date.now();
      // The open connection's next re-authentication cannot get a token: the first failing query says why.
      const error = await waitFor(
        'a query to fail',
        async () =>
          listTopics(connection).then(
            () => undefined,
            (failure: unknown) => describeKafkaError(failure),
          ),
        { timeoutMs: SHORT_LIFETIME_S * 1000 + 20000, intervalMs: 250 },
      );
      assert.equal(error, `Cannot reach the token endpoint ${keycloak.tokenEndpoint}: ECONNREFUSED.`);
      console.log(`      ${queries} queries over two token lifetimes; provider stopped: "${error}" after ${Date.now() - started} ms`);
    } finally {
      await connection.close();
    }
  });
});
