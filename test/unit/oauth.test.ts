import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseClusterConfig } from '../../src/kafka/connection/clusterConfig';
import { KafkaExplorerError } from '../../src/kafka/errors';
import type { Mechanism } from 'kafkajs';
import { fetchMskIamToken, mskIamMechanism } from '../../src/kafka/connection/mskIam';
import {
  AccessToken,
  checkTokenResponse,
  clientCredentialsSource,
  fetchAccessToken,
  initialResponse,
  jwtExpiry,
  oauthBearerMechanism,
  REAUTHENTICATION_THRESHOLD_MS,
  TokenCache,
  tokenExpiringAt,
  TOKEN_MIN_REMAINING_MS,
  TokenRequest,
} from '../../src/kafka/connection/oauth';
import { httpsTrust } from '../../src/kafka/connection/security';
import { AwsMskIamSettings } from '../../src/kafka/connection/securitySettings';
import { OAuthServer, startOAuthServer } from '../harness/oauthServer';
import { makeTestCertificates } from '../harness/tls';
import { withAwsEnv } from '../support/awsEnv';

const request: TokenRequest = { tokenEndpoint: 'https://idp.example/token', clientId: 'app', clientSecret: 's3cret', timeoutMs: 2000 };

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part(claims)}.sig`;
}

/** What kafkajs passes to a SASL response decoder: a length-prefixed BYTES field. */
function authBytes(text: string): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(Buffer.byteLength(text));
  return Buffer.concat([length, Buffer.from(text)]);
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof KafkaExplorerError);
    return error.message;
  }
  return assert.fail('no error');
}

describe('OAuth token responses', () => {
  it('takes access_token and expires_in, and plans the refresh at 80% of the lifetime', () => {
    const token = checkTokenResponse(request, 200, JSON.stringify({ access_token: 'abc', token_type: 'Bearer', expires_in: 100 }), 1000);
    assert.deepEqual(token, { value: 'abc', expiresAt: 101000, refreshAt: 81000 });
  });

  it('keeps a short-lived token for at most its lifetime less 5 s, so that a session never starts next to its end', () => {
    // A session begun with a token 2.1 s from expiry re-authenticated at once, and the broker
    // refuses a second re-authentication within a second: the keycloak test saw this under load.
    const ten = tokenExpiringAt('t', 11000, 1000);
    assert.equal(ten.refreshAt, 1000 + 10000 - TOKEN_MIN_REMAINING_MS);
    assert.ok(ten.expiresAt - ten.refreshAt >= REAUTHENTICATION_THRESHOLD_MS + 3000);
    // Very short tokens are still used for half their lifetime rather than fetched per connection.
    assert.equal(tokenExpiringAt('t', 7000, 1000).refreshAt, 4000);
  });

  it("falls back to a JWT's exp claim when expires_in is missing", () => {
    const token = checkTokenResponse(request, 200, JSON.stringify({ access_token: jwt({ exp: 60 }) }), 10000);
    assert.equal(token.expiresAt, 60000);
    assert.equal(token.refreshAt, 10000 + 50000 * 0.8);
  });

  it('names the refused client and the OAuth error', () => {
    const body = JSON.stringify({ error: 'invalid_client', error_description: 'Client authentication failed' });
    assert.equal(
      messageOf(() => checkTokenResponse(request, 401, body)),
      'The token endpoint refused client "app": invalid_client (check the client secret): Client authentication failed.',
    );
    assert.equal(
      messageOf(() => checkTokenResponse(request, 400, '{"error":"invalid_scope"}')),
      'The token endpoint refused client "app": invalid_scope (check the scope).',
    );
    // Keycloak's answer to a wrong secret: the code alone would blame the grant.
    const keycloak = JSON.stringify({ error: 'unauthorized_client', error_description: 'Invalid client or Invalid client credentials' });
    assert.equal(
      messageOf(() => checkTokenResponse(request, 401, keycloak)),
      'The token endpoint refused client "app": unauthorized_client (the client secret may be wrong, or the client may not use the client-credentials grant): Invalid client or Invalid client credentials.',
    );
  });

  it('marks an overloaded endpoint retriable, with or without an OAuth error code, and a refusal not', () => {
    const retriable = (status: number, body: string) => {
      try {
        checkTokenResponse(request, status, body);
      } catch (error) {
        return (error as { retriable?: boolean }).retriable;
      }
      return undefined;
    };
    assert.equal(retriable(503, '{"error":"temporarily_unavailable"}'), true);
    assert.equal(retriable(429, 'slow down'), true);
    assert.equal(retriable(502, ''), true);
    assert.equal(retriable(401, '{"error":"invalid_client"}'), false);
    assert.equal(retriable(400, 'bad'), false);
  });

  it('explains HTTP errors without an OAuth body, non-JSON answers and incomplete ones', () => {
    assert.equal(
      messageOf(() => checkTokenResponse(request, 404, '')),
      'The token endpoint https://idp.example/token answered HTTP 404 (check the token endpoint URL).',
    );
    assert.match(
      messageOf(() => checkTokenResponse(request, 200, '<html>login</html>')),
      /did not answer with a JSON object: <html>login<\/html>/,
    );
    assert.match(
      messageOf(() => checkTokenResponse(request, 200, '{"token_type":"Bearer"}')),
      /answered without an access_token/,
    );
    assert.match(
      messageOf(() => checkTokenResponse(request, 200, '{"access_token":"opaque"}')),
      /did not say when the token expires/,
    );
    assert.match(
      messageOf(() => checkTokenResponse(request, 200, '{"access_token":"a","token_type":"mac","expires_in":5}')),
      /issued a "mac" token; Kafka needs a bearer token/,
    );
  });

  it("reads a JWT's expiry, and nothing from an opaque token", () => {
    assert.equal(jwtExpiry(jwt({ exp: 1700000000 })), 1700000000000);
    assert.equal(jwtExpiry('opaque-token'), undefined);
  });

  it('builds the RFC 7628 client initial response with extensions', () => {
    assert.equal(initialResponse('tok'), 'n,,\u0001auth=Bearer tok\u0001\u0001');
    assert.equal(
      initialResponse('tok', { logicalCluster: 'lkc-1', identityPoolId: 'pool-2' }),
      'n,,\u0001auth=Bearer tok\u0001logicalCluster=lkc-1\u0001identityPoolId=pool-2\u0001\u0001',
    );
  });
});

describe('the OAuth token cache', () => {
  const token = (value: string, now: number, lifetime: number): AccessToken => ({
    value,
    expiresAt: now + lifetime,
    refreshAt: now + lifetime * 0.8,
  });

  it('reuses a token until 80% of its lifetime has passed, then fetches a new one', async () => {
    let now = 0;
    let fetches = 0;
    const cache = new TokenCache(
      async () => token(`t${++fetches}`, now, 10000),
      () => now,
    );
    assert.equal((await cache.get()).value, 't1');
    now = 7999;
    assert.equal((await cache.get()).value, 't1');
    now = 8000;
    assert.equal((await cache.get()).value, 't2');
    assert.equal(fetches, 2);
  });

  it('shares one request between concurrent callers and does not cache a failure', async () => {
    let fetches = 0;
    let fail = true;
    const cache = new TokenCache(async () => {
      fetches++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (fail) {
        throw new Error('down');
      }
      return token('ok', Date.now(), 60000);
    });
    const results = await Promise.allSettled([cache.get(), cache.get(), cache.get()]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected', 'rejected'],
    );
    assert.equal(fetches, 1);
    fail = false;
    assert.equal((await cache.get()).value, 'ok');
    assert.equal(fetches, 2);
  });
});

/**
 * Runs a mechanism's authenticator against a broker stand-in that answers the first
 * SaslAuthenticate with `answer`; returns what was sent (length prefixes checked and removed).
 */
async function authenticate(mechanism: Mechanism, answer: string): Promise<{ sent: string[]; error?: string }> {
  const sent: string[] = [];
  const saslAuthenticate = async (args: {
    request: { encode: () => Buffer | Promise<Buffer> };
    response?: { decode: (b: Buffer) => Buffer | Promise<Buffer>; parse: (b: Buffer) => unknown };
  }) => {
    const bytes = await args.request.encode();
    assert.equal(bytes.readInt32BE(0), bytes.length - 4);
    sent.push(bytes.subarray(4).toString('utf8'));
    return args.response ? args.response.parse(await args.response.decode(authBytes(answer))) : undefined;
  };
  try {
    await mechanism
      .authenticationProvider({ host: 'b', port: 1, logger: undefined as never, saslAuthenticate: saslAuthenticate as never })
      .authenticate();
    return { sent };
  } catch (error) {
    return { sent, error: (error as Error).message };
  }
}

describe('the OAUTHBEARER authenticator', () => {
  const settings = {
    mechanism: 'oauthbearer' as const,
    tokenEndpoint: 'https://idp/token',
    clientId: 'app',
    extensions: { logicalCluster: 'lkc-1' },
  };

  async function run(answer: string): Promise<{ sent: string[]; error?: string; fetches: () => number; cache: TokenCache }> {
    let fetches = 0;
    const cache = new TokenCache(async () => {
      fetches++;
      return { value: jwt({ exp: 1 }), expiresAt: Date.now() + 60000, refreshAt: Date.now() + 48000 };
    });
    const result = await authenticate(oauthBearerMechanism(clientCredentialsSource(settings, cache)), answer);
    return { ...result, fetches: () => fetches, cache };
  }

  it('sends the token with the extensions and accepts an empty answer', async () => {
    const result = await run('');
    assert.equal(result.error, undefined);
    assert.equal(result.sent.length, 1);
    const [, token, extension, end] = result.sent[0].split('\u0001');
    assert.deepEqual([token.startsWith('auth=Bearer ey'), extension, end], [true, 'logicalCluster=lkc-1', '']);
    assert.ok(result.sent[0].startsWith('n,,\u0001') && result.sent[0].endsWith('\u0001\u0001'));
  });

  it("turns the broker's error challenge into a readable error, completes the exchange and forgets the token", async () => {
    const result = await run('{"status":"invalid_token"}');
    assert.match(
      result.error ?? '',
      /^b:1: SASL OAUTHBEARER authentication failed: the broker refused the access token of client "app" \(invalid_token\): the access token expired at 1970-01-01T00:00:01.000Z/,
    );
    assert.deepEqual(result.sent.slice(1), ['\u0001']);
    await result.cache.get();
    assert.equal(result.fetches(), 2);
  });

  describe('carrying AWS MSK IAM tokens', function () {
    // Signing loads the AWS SDK the first time.
    this.timeout(20000);
    const msk: AwsMskIamSettings = { mechanism: 'aws-msk-iam', region: 'us-east-1', profile: 'dev' };
    const credentials = '[dev]\naws_access_key_id = AKIADEVEXAMPLE00002\naws_secret_access_key = dev-secret\n';
    const signedCache = () => new TokenCache(() => fetchMskIamToken(msk, 5000));

    it('sends the signed token in the GS2 header format, with no extensions', async () => {
      const result = await withAwsEnv({}, { credentials }, () => authenticate(mskIamMechanism(msk, 5000, signedCache()), ''));
      assert.equal(result.error, undefined);
      assert.equal(result.sent.length, 1);
      const [prefix, suffix] = ['n,,\u0001auth=Bearer ', '\u0001\u0001'];
      const sent = result.sent[0];
      assert.ok(sent.startsWith(prefix) && sent.endsWith(suffix), JSON.stringify(sent));
      const token = sent.slice(prefix.length, -suffix.length);
      assert.match(token, /^[A-Za-z0-9_-]+$/, 'one base64url token, nothing after it');
      const url = new URL(Buffer.from(token, 'base64url').toString('utf8'));
      assert.equal(url.host, 'kafka.us-east-1.amazonaws.com');
      assert.equal(url.searchParams.get('Action'), 'kafka-cluster:Connect');
      assert.match(url.searchParams.get('X-Amz-Credential') ?? '', /^AKIADEVEXAMPLE00002\/\d{8}\/us-east-1\/kafka-cluster\/aws4_request$/);
    });

    it("says which credentials' token the broker refused, and signs a new one next time", async () => {
      const cache = signedCache();
      const result = await withAwsEnv({}, { credentials }, () =>
        authenticate(mskIamMechanism(msk, 5000, cache), '{"status":"invalid_token"}'),
      );
      assert.match(
        result.error ?? '',
        /^b:1: SASL AWS MSK IAM authentication failed: the broker refused the token signed with the profile dev for us-east-1 \(invalid_token\): the IAM identity may not be allowed kafka-cluster:Connect/,
      );
      assert.deepEqual(result.sent.slice(1), ['\u0001']);
      const { message } = await withAwsEnv({}, {}, () =>
        cache.get().then(
          () => ({ message: '' }),
          (error: Error) => ({ message: error.message }),
        ),
      );
      assert.match(
        message,
        /No AWS credentials found for MSK IAM \(region us-east-1\) in profile "dev"/,
        'the refused token is not reused',
      );
    });
  });
});

describe('the client-credentials request', () => {
  let server: OAuthServer;
  before(async () => {
    server = await startOAuthServer({ app: { secret: 'a secret:with+specials' } });
  });
  after(() => server?.stop());

  it('authenticates with HTTP basic auth and returns the issued JWT', async () => {
    const got = await fetchAccessToken({
      tokenEndpoint: server.tokenEndpoint,
      clientId: 'app',
      clientSecret: 'a secret:with+specials',
      scope: 'kafka',
      timeoutMs: 2000,
    });
    const claims = JSON.parse(Buffer.from(got.value.split('.')[1], 'base64url').toString('utf8')) as { sub: string; scope: string };
    assert.deepEqual([claims.sub, claims.scope], ['app', 'kafka']);
    assert.ok(got.refreshAt > Date.now() + 200000);
  });

  it('says the endpoint refused a wrong secret', async () => {
    await assert.rejects(
      fetchAccessToken({ tokenEndpoint: server.tokenEndpoint, clientId: 'app', clientSecret: 'wrong', timeoutMs: 2000 }),
      { message: 'The token endpoint refused client "app": invalid_client (check the client secret): Client authentication failed.' },
    );
  });

  it('says when the endpoint cannot be reached or does not answer in time', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      await assert.rejects(fetchAccessToken({ ...request, tokenEndpoint: `http://127.0.0.1:${port}/token`, timeoutMs: 300 }), {
        message: `The token endpoint http://127.0.0.1:${port}/token did not answer within 0.3 s.`,
      });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
    await assert.rejects(fetchAccessToken({ ...request, tokenEndpoint: `http://127.0.0.1:${port}/token` }), {
      message: `Cannot reach the token endpoint http://127.0.0.1:${port}/token: ECONNREFUSED.`,
    });
  });
});

describe('an https token endpoint signed by a private CA', function () {
  this.timeout(30000);
  let server: OAuthServer;
  let dir: string;
  let caFile: string;
  let otherCaFile: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ke-oauth-tls-'));
    const certificates = makeTestCertificates(dir);
    ({ caFile, otherCaFile } = certificates);
    server = await startOAuthServer({ app: { secret: 's' } }, 'kafka', {
      keyFile: certificates.serverKeyFile,
      certFile: certificates.serverCertFile,
    });
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const ask = (tls: ReturnType<typeof httpsTrust>) =>
    fetchAccessToken({ tokenEndpoint: server.tokenEndpoint, clientId: 'app', clientSecret: 's', timeoutMs: 5000, ...(tls ? { tls } : {}) });

  it("is trusted with the cluster's CA file (beside the system CAs), as the brokers are", async () => {
    assert.match(server.tokenEndpoint, /^https:/);
    const trust = httpsTrust({ caFile });
    assert.ok(trust && Array.isArray(trust.ca) && trust.ca.length > 1, 'the system CAs stay trusted too');
    const token = await ask(trust);
    assert.equal(JSON.parse(Buffer.from(token.value.split('.')[1], 'base64url').toString('utf8')).sub, 'app');
  });

  it('is refused with the system CAs alone or another CA, saying to give the cluster its CA file', async () => {
    for (const tls of [undefined, httpsTrust({ caFile: otherCaFile })]) {
      await assert.rejects(ask(tls), (error: Error) => {
        assert.match(
          error.message,
          new RegExp(
            `^Cannot reach the token endpoint ${server.tokenEndpoint.replace(/[.]/g, '\\.')}: its certificate is not trusted \\([A-Z_]+\\); if a private CA signed it, give the cluster that CA file`,
          ),
        );
        return true;
      });
    }
  });

  it('is accepted unverified only when the cluster turned verification off', async () => {
    assert.equal(httpsTrust({}), undefined, 'TLS with the system CAs: nothing to add');
    assert.equal(httpsTrust(undefined), undefined);
    await ask(httpsTrust({ insecureSkipVerify: true }));
  });
});

describe('OAUTHBEARER cluster settings', () => {
  const base = { name: 'cloud', bootstrapServers: 'broker:9092' };

  it('accepts a token endpoint, client id, scope and extensions', () => {
    const sasl = {
      mechanism: 'OAUTHBEARER',
      tokenEndpoint: ' https://idp/token ',
      clientId: 'app',
      scope: 'kafka',
      extensions: { logicalCluster: 'lkc-1' },
    };
    assert.deepEqual(parseClusterConfig({ ...base, sasl }, []), {
      ok: true,
      value: {
        name: 'cloud',
        bootstrapServers: ['broker:9092'],
        sasl: {
          mechanism: 'oauthbearer',
          tokenEndpoint: 'https://idp/token',
          clientId: 'app',
          scope: 'kafka',
          extensions: { logicalCluster: 'lkc-1' },
        },
      },
    });
  });

  it('refuses a bad token endpoint, a missing client id and bad extensions', () => {
    const error = (sasl: unknown) => {
      const parsed = parseClusterConfig({ ...base, sasl }, []);
      return parsed.ok ? '' : parsed.error;
    };
    assert.match(error({ mechanism: 'oauthbearer', tokenEndpoint: 'ftp://idp/token', clientId: 'a' }), /starts with https:\/\//);
    assert.match(error({ mechanism: 'oauthbearer', tokenEndpoint: 'https://u:p@idp/token', clientId: 'a' }), /Leave credentials out/);
    assert.match(error({ mechanism: 'oauthbearer', tokenEndpoint: 'https://idp/token' }), /needs an OAuth client id/);
    assert.match(
      error({ mechanism: 'oauthbearer', tokenEndpoint: 'https://idp/token', clientId: 'a', extensions: { auth: 'x' } }),
      /letters only/,
    );
    assert.match(
      error({ mechanism: 'oauthbearer', tokenEndpoint: 'https://idp/token', clientId: 'a', extensions: { k: 1 } }),
      /needs a text value/,
    );
  });
});
