import * as assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseClusterConfig } from '../../src/kafka/connection/clusterConfig';
import { fetchMskIamToken } from '../../src/kafka/connection/mskIam';
import { MSK_IAM_NEEDS_TLS } from '../../src/kafka/connection/mskIamSettings';
import { describeSecurity } from '../../src/kafka/connection/security';
import { AwsMskIamSettings } from '../../src/kafka/connection/securitySettings';
import { withAwsEnv } from '../support/awsEnv';

const settings: AwsMskIamSettings = { mechanism: 'aws-msk-iam', region: 'eu-west-1' };
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** What a token is: the base64url of a presigned URL. */
function presignedUrl(token: string): URL {
  assert.match(token, /^[A-Za-z0-9_-]+$/, 'a base64url token without padding');
  return new URL(Buffer.from(token, 'base64url').toString('utf8'));
}

/** RFC 3986 encoding, as SigV4 wants it. */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Computes the SigV4 signature of a presigned GET from the secret key, independently of the
 * AWS SDK, so the test knows the URL is signed as MSK checks it. The signer adds User-Agent
 * after signing; everything else but the signature itself is signed.
 */
function expectedSignature(url: URL, secretKey: string): string {
  const params = [...url.searchParams.entries()].filter(([key]) => key !== 'X-Amz-Signature' && key !== 'User-Agent');
  const query = params
    .map(([key, value]) => [uriEncode(key), uriEncode(value)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const emptyPayload = createHash('sha256').update('').digest('hex');
  const canonical = ['GET', '/', query, `host:${url.host}`, '', 'host', emptyPayload].join('\n');
  const amzDate = url.searchParams.get('X-Amz-Date') ?? '';
  const [, date, region, service] = (url.searchParams.get('X-Amz-Credential') ?? '').split('/');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${secretKey}`, date), region), service), 'aws4_request');
  return createHmac('sha256', key).update(toSign).digest('hex');
}

/** Epoch ms of X-Amz-Date (20261126T120102Z). */
function signedAt(url: URL): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(url.searchParams.get('X-Amz-Date') ?? '');
  assert.ok(m, 'an X-Amz-Date');
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

async function failure(work: () => Promise<unknown>): Promise<{ message: string; ms: number }> {
  const started = Date.now();
  try {
    await work();
  } catch (error) {
    return { message: (error as Error).message, ms: Date.now() - started };
  }
  return assert.fail('no error');
}

describe('AWS MSK IAM cluster settings', () => {
  const base = { name: 'msk', bootstrapServers: 'b-1.msk.eu-west-1.amazonaws.com:9098', tls: {} };
  const error = (raw: Record<string, unknown>) => {
    const parsed = parseClusterConfig(raw, []);
    return parsed.ok ? '' : parsed.error;
  };

  it('accepts a region with the default credentials, a profile, or a role and its session name', () => {
    const parsed = (sasl: unknown) => {
      const result = parseClusterConfig({ ...base, sasl }, []);
      return result.ok ? result.value.sasl : result.error;
    };
    assert.deepEqual(parsed({ mechanism: 'AWS-MSK-IAM', region: ' eu-west-1 ' }), { mechanism: 'aws-msk-iam', region: 'eu-west-1' });
    assert.deepEqual(parsed({ mechanism: 'aws-msk-iam', region: 'us-gov-west-1', profile: 'dev' }), {
      mechanism: 'aws-msk-iam',
      region: 'us-gov-west-1',
      profile: 'dev',
    });
    const role = {
      mechanism: 'aws-msk-iam',
      region: 'ap-southeast-2',
      roleArn: 'arn:aws:iam::123456789012:role/team/kafka-reader',
      roleSessionName: 'explorer',
    };
    assert.deepEqual(parsed(role), role);
  });

  it('refuses a missing or malformed region, an availability zone, a bad role and mixed sources', () => {
    const sasl = (extra: Record<string, unknown>) => ({ ...base, sasl: { mechanism: 'aws-msk-iam', region: 'eu-west-1', ...extra } });
    assert.match(error(sasl({ region: undefined })), /needs the region of the cluster/);
    assert.match(error(sasl({ region: 'eu-west' })), /Write the AWS region of the cluster, for example eu-west-1/);
    assert.match(error(sasl({ region: 'EU-WEST-1' })), /Write the AWS region/);
    assert.match(error(sasl({ region: 'eu-west-1a' })), /"eu-west-1a" is an availability zone; give its region, eu-west-1\./);
    assert.match(error(sasl({ roleArn: 'arn:aws:iam::123:role/x' })), /ARN of an IAM role/);
    assert.match(error(sasl({ roleArn: 'arn:aws:iam::123456789012:role/x', roleSessionName: 'a b' })), /role session name has 2 to 64/);
    assert.match(error(sasl({ roleSessionName: 'explorer' })), /roleSessionName goes with roleArn/);
    assert.match(error(sasl({ profile: 'dev', roleArn: 'arn:aws:iam::123456789012:role/x' })), /either a profile or a roleArn, not both/);
  });

  it('refuses MSK IAM without TLS, saying the IAM listener is TLS only', () => {
    const { tls: _tls, ...plaintext } = base;
    assert.equal(error({ ...plaintext, sasl: { mechanism: 'aws-msk-iam', region: 'eu-west-1' } }), MSK_IAM_NEEDS_TLS);
    assert.match(MSK_IAM_NEEDS_TLS, /port 9098/);
  });

  it('describes where the credentials come from, never a secret', () => {
    assert.equal(
      describeSecurity({ mechanism: 'aws-msk-iam', region: 'eu-west-1', profile: 'dev' }, {}),
      'SASL AWS MSK IAM (profile dev, eu-west-1), TLS',
    );
    assert.equal(describeSecurity(settings, {}), 'SASL AWS MSK IAM (default credentials, eu-west-1), TLS');
  });
});

describe('MSK IAM tokens from aws-msk-iam-sasl-signer-js', function () {
  // The first test loads the AWS SDK.
  this.timeout(20000);
  const envCredentials = { AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET_KEY, AWS_SESSION_TOKEN: 'session-token-1' };

  it('signs a kafka-cluster:Connect URL for the region with the credentials of the environment', async () => {
    const before = Date.now();
    const token = await withAwsEnv(envCredentials, {}, () => fetchMskIamToken(settings, 5000));
    const url = presignedUrl(token.value);
    assert.equal(`${url.protocol}//${url.host}${url.pathname}`, 'https://kafka.eu-west-1.amazonaws.com/');
    assert.equal(url.searchParams.get('Action'), 'kafka-cluster:Connect');
    assert.equal(url.searchParams.get('X-Amz-Algorithm'), 'AWS4-HMAC-SHA256');
    assert.match(url.searchParams.get('X-Amz-Credential') ?? '', new RegExp(`^${ACCESS_KEY}/\\d{8}/eu-west-1/kafka-cluster/aws4_request$`));
    assert.equal(url.searchParams.get('X-Amz-Security-Token'), 'session-token-1');
    assert.equal(url.searchParams.get('X-Amz-SignedHeaders'), 'host');
    assert.equal(url.searchParams.get('X-Amz-Signature'), expectedSignature(url, SECRET_KEY));
    assert.notEqual(url.searchParams.get('X-Amz-Signature'), expectedSignature(url, 'another-secret'));
    // Valid 15 minutes from its signing second; replaced after 80% of that.
    assert.equal(url.searchParams.get('X-Amz-Expires'), '900');
    assert.equal(token.expiresAt, signedAt(url) + 900000);
    assert.ok(
      token.refreshAt >= before + (token.expiresAt - Date.now()) * 0.8 - 1000 && token.refreshAt <= token.expiresAt - 170000,
      `refresh at ${token.refreshAt - before} ms`,
    );
  });

  it('honours credentials that expire sooner, and refuses expired ones plainly', async () => {
    const soon = new Date(Date.now() + 60000).toISOString();
    const token = await withAwsEnv({ ...envCredentials, AWS_CREDENTIAL_EXPIRATION: soon }, {}, () => fetchMskIamToken(settings, 5000));
    const url = presignedUrl(token.value);
    const expires = Number(url.searchParams.get('X-Amz-Expires'));
    assert.ok(expires > 55 && expires <= 60, `X-Amz-Expires=${expires}`);
    assert.ok(Math.abs(token.expiresAt - Date.parse(soon)) < 2000, 'the token ends with its credentials');
    assert.ok(token.refreshAt < token.expiresAt - 10000);

    const past = new Date(Date.now() - 60000).toISOString();
    const { message } = await failure(() =>
      withAwsEnv({ ...envCredentials, AWS_CREDENTIAL_EXPIRATION: past }, {}, () => fetchMskIamToken(settings, 5000)),
    );
    assert.match(
      message,
      /^The AWS credentials for MSK IAM \(region eu-west-1\) expired at \d{4}-\d\d-\d\dT.*Z: refresh them and try again\.$/,
    );
  });

  it("signs with a named profile's credentials, not the environment's", async () => {
    const credentials =
      '[default]\naws_access_key_id = AKIADEFAULTEXAMPLE1\naws_secret_access_key = default-secret\n\n[dev]\naws_access_key_id = AKIADEVEXAMPLE00001\naws_secret_access_key = dev-secret\n';
    const token = await withAwsEnv(envCredentials, { credentials }, () => fetchMskIamToken({ ...settings, profile: 'dev' }, 5000));
    const url = presignedUrl(token.value);
    assert.match(url.searchParams.get('X-Amz-Credential') ?? '', /^AKIADEVEXAMPLE00001\//);
    assert.equal(url.searchParams.get('X-Amz-Signature'), expectedSignature(url, 'dev-secret'));
    assert.equal(url.searchParams.get('X-Amz-Security-Token'), null);

    const { message } = await failure(() =>
      withAwsEnv({}, { credentials }, () => fetchMskIamToken({ ...settings, profile: 'prod' }, 5000)),
    );
    assert.match(
      message,
      /^No AWS credentials found for MSK IAM \(region eu-west-1\) in profile "prod": .*prod.* Check that profile in ~\/\.aws\/config and ~\/\.aws\/credentials/,
    );
  });

  it('says clearly, and at once, that no credentials were found anywhere', async () => {
    const { message, ms } = await failure(() => withAwsEnv({}, {}, () => fetchMskIamToken(settings, 5000)));
    assert.equal(
      message,
      'No AWS credentials found for MSK IAM (region eu-west-1): set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, in the environment VS Code was started from, sign in with "aws sso login", or use the profile setting (Edit Cluster → Authentication).',
    );
    assert.ok(ms < 5000, `took ${ms} ms`);
  });

  it('gives up within the timeout when the instance metadata service never answers', async () => {
    // A listener that accepts and stays silent: what IMDS looks like from some networks off EC2.
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const { message, ms } = await failure(() =>
        withAwsEnv({ AWS_EC2_METADATA_DISABLED: 'false', AWS_EC2_METADATA_SERVICE_ENDPOINT: endpoint }, {}, () =>
          fetchMskIamToken(settings, 500),
        ),
      );
      assert.match(
        message,
        /^Getting AWS credentials for MSK IAM \(region eu-west-1\) took longer than 0\.5 s \(the connection timeout\): the AWS default credential chain is probably waiting on the EC2 instance metadata service/,
      );
      assert.ok(ms >= 450 && ms < 1500, `took ${ms} ms`);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  describe('an assumed role', () => {
    let sts: http.Server;
    const requests: URLSearchParams[] = [];
    let refuse = false;

    before(async () => {
      // AWS STS' AssumeRole (query protocol), on loopback: AWS_ENDPOINT_URL_STS points the SDK here.
      sts = http.createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        req.on('end', () => {
          const form = new URLSearchParams(body);
          requests.push(form);
          const xmlns = 'https://sts.amazonaws.com/doc/2011-06-15/';
          if (refuse) {
            res.writeHead(403, { 'content-type': 'text/xml' });
            res.end(
              `<ErrorResponse xmlns="${xmlns}"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message></Error><RequestId>2</RequestId></ErrorResponse>`,
            );
            return;
          }
          const expiration = new Date(Date.now() + 3600000).toISOString();
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(
            `<AssumeRoleResponse xmlns="${xmlns}"><AssumeRoleResult><Credentials><AccessKeyId>ASIAROLEEXAMPLE0001</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey>` +
              `<SessionToken>role-session-token</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><Arn>${form.get('RoleArn')}</Arn>` +
              `<AssumedRoleId>AROAEXAMPLE:${form.get('RoleSessionName')}</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>`,
          );
        });
      });
      await new Promise<void>((resolve) => sts.listen(0, '127.0.0.1', resolve));
    });
    after(async () => new Promise<void>((resolve) => sts.close(() => resolve())));

    const roleArn = 'arn:aws:iam::123456789012:role/kafka-reader';
    const stsEnv = () => ({ ...envCredentials, AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${(sts.address() as AddressInfo).port}` });

    it("assumes it with the default credentials and signs with the role's", async () => {
      refuse = false;
      const token = await withAwsEnv(stsEnv(), {}, () => fetchMskIamToken({ ...settings, roleArn, roleSessionName: 'explorer' }, 5000));
      const asked = requests.at(-1);
      assert.deepEqual([asked?.get('Action'), asked?.get('RoleArn'), asked?.get('RoleSessionName')], ['AssumeRole', roleArn, 'explorer']);
      const url = presignedUrl(token.value);
      assert.match(url.searchParams.get('X-Amz-Credential') ?? '', /^ASIAROLEEXAMPLE0001\/\d{8}\/eu-west-1\/kafka-cluster\/aws4_request$/);
      assert.equal(url.searchParams.get('X-Amz-Security-Token'), 'role-session-token');
      assert.equal(url.searchParams.get('X-Amz-Signature'), expectedSignature(url, 'role-secret'));
    });

    it('names the role that STS refused', async () => {
      refuse = true;
      const { message } = await failure(() =>
        withAwsEnv(stsEnv(), {}, () => fetchMskIamToken({ ...settings, region: 'eu-central-1', roleArn }, 5000)),
      );
      assert.match(
        message,
        /^Cannot assume role arn:aws:iam::123456789012:role\/kafka-reader for MSK IAM \(region eu-central-1\): User is not authorized to perform: sts:AssumeRole/,
      );
    });
  });
});
