import * as assert from 'node:assert/strict';
import { ClusterConfig } from '../../src/kafka/connection/clusterConfig';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { describeKafkaError } from '../../src/kafka/errors';
import { OAuthBearerSettings } from '../../src/kafka/connection/securitySettings';
import { KafkaCluster, startKafkaCluster } from '../harness/kafka';
import { OAuthServer, startOAuthServer } from '../harness/oauthServer';
import { freePort } from '../harness/ports';

describe('SASL OAUTHBEARER with the client-credentials flow against a broker that validates JWTs', function () {
  this.timeout(180000);
  const timeouts = { connectionTimeoutMs: 3000, requestTimeoutMs: 8000 };
  let oauth: OAuthServer;
  let kafka: KafkaCluster;

  before(async () => {
    oauth = await startOAuthServer({
      app: { secret: 'app-secret' },
      short: { secret: 'short-secret', lifetimeSeconds: 10 },
      stale: { secret: 'stale-secret', expired: true },
      flaky: { secret: 'flaky-secret', unavailableFor: 1 },
      overloaded: { secret: 'overloaded-secret', unavailableFor: 1000 },
    });
    // Its own broker: the shared one has no OAuth listener. With re-authentication on, a
    // session lasts only as long as its token, so the refresh test needs a new token.
    kafka = await startKafkaCluster({
      security: { oauth: { jwksUrl: oauth.jwksUrl, audience: oauth.audience, issuer: oauth.issuer } },
      config: { 'connections.max.reauth.ms': 600000 },
    });
  });
  after(async () => {
    await kafka?.stop();
    await oauth?.stop();
  });

  // Extensions travel with the token; this broker's validator accepts any well-formed ones.
  const sasl = (clientId: string): OAuthBearerSettings => ({
    mechanism: 'oauthbearer',
    tokenEndpoint: oauth.tokenEndpoint,
    clientId,
    scope: 'kafka',
    extensions: { traceId: 'explorer' },
  });
  const open = (clientId: string, secret: string, tokenEndpoint = oauth.tokenEndpoint) => {
    const config: ClusterConfig = {
      name: `oauth-${clientId}`,
      bootstrapServers: kafka.oauthBootstrapServers,
      sasl: { ...sasl(clientId), tokenEndpoint },
    };
    return new ClusterConnection(config, { ...timeouts, secrets: async () => ({ saslPassword: secret }) });
  };

  async function attempt(clientId: string, secret: string, tokenEndpoint?: string): Promise<{ error?: string; ms: number }> {
    const connection = open(clientId, secret, tokenEndpoint);
    const started = Date.now();
    try {
      await connection.query('list topics', ({ admin }) => admin.listTopics());
      return { ms: Date.now() - started };
    } catch (error) {
      return { error: describeKafkaError(error), ms: Date.now() - started };
    } finally {
      await connection.close();
    }
  }

  it('gets a token from the token endpoint, authenticates and lists topics', async () => {
    const connection = open('app', 'app-secret');
    try {
      await connection.query('create topic', ({ admin }) =>
        admin.createTopics({ topics: [{ topic: 'oauth-orders' }], waitForLeaders: true }),
      );
      const topics = await connection.query('list topics', ({ admin }) => admin.listTopics());
      assert.ok(topics.includes('oauth-orders'), topics.join(', '));
      assert.equal(oauth.issued('app'), 1);
    } finally {
      await connection.close();
    }
  });

  it("names the token endpoint's refusal of a wrong client secret, in time", async () => {
    const result = await attempt('app', 'wrong-secret');
    assert.equal(
      result.error,
      'The token endpoint refused client "app": invalid_client (check the client secret): Client authentication failed.',
    );
    assert.ok(result.ms < timeouts.requestTimeoutMs + 1000, `took ${result.ms} ms`);
  });

  it('explains that the broker refused an expired token, in time', async () => {
    const result = await attempt('stale', 'stale-secret');
    assert.match(
      result.error ?? '',
      /SASL OAUTHBEARER authentication failed: the broker refused the access token of client "stale" \(invalid_token\): the access token expired at /,
    );
    assert.ok(result.ms < timeouts.requestTimeoutMs + 1000, `took ${result.ms} ms`);
  });

  it('refreshes the token before it expires: a query after the first token has expired still works', async () => {
    const connection = open('short', 'short-secret');
    try {
      await connection.query('list topics', ({ admin }) => admin.listTopics());
      assert.equal(oauth.issued('short'), 1);
      await new Promise((resolve) => setTimeout(resolve, 11000));
      const topics = await connection.query('list topics', ({ admin }) => admin.listTopics());
      assert.ok(topics.includes('oauth-orders'));
      assert.equal(oauth.issued('short'), 2);
    } finally {
      await connection.close();
    }
  });

  it('says the token endpoint cannot be reached when it is down, in time, not a SASL state error', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/token`;
    const result = await attempt('app', 'app-secret', closed);
    assert.equal(result.error, `Cannot reach the token endpoint ${closed}: ECONNREFUSED.`);
    assert.ok(result.ms < timeouts.requestTimeoutMs + 1000, `took ${result.ms} ms`);
  });

  it('asks an overloaded token endpoint again, and names its HTTP 503 when it stays so', async () => {
    assert.equal((await attempt('flaky', 'flaky-secret')).error, undefined, 'a second request gets the token');
    assert.equal(oauth.issued('flaky'), 1);
    const result = await attempt('overloaded', 'overloaded-secret');
    assert.equal(result.error, `The token endpoint ${oauth.tokenEndpoint} answered HTTP 503: temporarily_unavailable: try again later.`);
    assert.ok(result.ms < timeouts.requestTimeoutMs + 1000, `took ${result.ms} ms`);
  });
});
