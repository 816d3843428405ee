/**
 * SASL with AWS MSK IAM: MSK's IAM listener takes, over OAUTHBEARER, a SigV4-presigned
 * `kafka-cluster:Connect` URL signed with the caller's AWS credentials. AWS's own signer
 * (aws-msk-iam-sasl-signer-js) finds the credentials and signs; this module bounds how long
 * that may take, says plainly why it failed, and hands the token to the same cache and
 * OAUTHBEARER authenticator as the OAuth client-credentials flow.
 */
import type { Mechanism } from 'kafkajs';
import type * as SignerModule from 'aws-msk-iam-sasl-signer-js';
import { KafkaExplorerError, KafkaTimeoutError, withTimeout } from '../errors';
import { describeAwsCredentials } from './mskIamSettings';
import { AccessToken, oauthBearerMechanism, TokenCache, tokenExpiringAt } from './oauth';
import type { AwsMskIamSettings } from './securitySettings';

/** The three ways of the signer we use. */
type MskSigner = Pick<typeof SignerModule, 'generateAuthToken' | 'generateAuthTokenFromProfile' | 'generateAuthTokenFromRole'>;

/**
 * Loaded on first use, not at activation: the signer brings the AWS SDK's credential
 * providers and STS client, which clusters without MSK IAM never need.
 */
function loadSigner(): MskSigner {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load needs require()
  return require('aws-msk-iam-sasl-signer-js') as MskSigner;
}

function sign(signer: MskSigner, settings: AwsMskIamSettings): Promise<{ token: string; expiryTime: number }> {
  const region = settings.region;
  if (settings.roleArn) {
    return signer.generateAuthTokenFromRole({
      region,
      awsRoleArn: settings.roleArn,
      ...(settings.roleSessionName ? { awsRoleSessionName: settings.roleSessionName } : {}),
    });
  }
  if (settings.profile) {
    return signer.generateAuthTokenFromProfile({ region, awsProfileName: settings.profile });
  }
  return signer.generateAuthToken({ region });
}

/** "MSK IAM (region eu-west-1, profile dev)": where a failure happened, never a secret. */
function context(settings: AwsMskIamSettings): string {
  const source = settings.roleArn || settings.profile ? `, ${describeAwsCredentials(settings)}` : '';
  return `MSK IAM (region ${settings.region}${source})`;
}

const HOW_TO_GIVE_CREDENTIALS =
  'set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, in the environment VS Code was started from, sign in with "aws sso login", or use the profile setting (Edit Cluster → Authentication)';

/** What keeps a credential lookup waiting, by where the credentials come from. */
function whatMayHang(settings: AwsMskIamSettings): string {
  if (settings.roleArn) {
    return `AWS STS did not answer the AssumeRole request, or finding the credentials to assume the role with waited on the EC2 instance metadata service (IMDS), which does not answer off AWS`;
  }
  if (settings.profile) {
    return `the profile's credential_process, SSO or role source did not answer`;
  }
  return `the AWS default credential chain is probably waiting on the EC2 instance metadata service (IMDS), which does not answer off AWS: ${HOW_TO_GIVE_CREDENTIALS}, or set AWS_EC2_METADATA_DISABLED=true`;
}

/** The signer's and the AWS SDK's errors, said for someone setting up a cluster. */
function explainSignerError(settings: AwsMskIamSettings, error: unknown): KafkaExplorerError {
  const where = context(settings);
  if (error instanceof KafkaTimeoutError) {
    return new KafkaExplorerError(
      `Getting AWS credentials for ${where} took longer than ${error.timeoutMs / 1000} s (the connection timeout): ${whatMayHang(settings)}.`,
      true,
      { cause: error },
    );
  }
  const name = typeof (error as Error)?.name === 'string' ? (error as Error).name : '';
  const message = typeof (error as Error)?.message === 'string' ? (error as Error).message : String(error);
  if (/expired/i.test(name) || /expired/i.test(message)) {
    const login = settings.profile ? `aws sso login --profile ${settings.profile}` : 'aws sso login';
    return new KafkaExplorerError(
      `The AWS credentials for ${where} have expired (${message}): refresh them (for example with "${login}") and try again.`,
      false,
      { cause: error },
    );
  }
  // The SDK's CredentialsProviderError; the signer's own words when a provider gave empty keys.
  if (name === 'CredentialsProviderError' || /credentials cannot be empty/i.test(message)) {
    if (settings.profile && !settings.roleArn) {
      return new KafkaExplorerError(
        `No AWS credentials found for MSK IAM (region ${settings.region}) in profile "${settings.profile}": ${message} Check that profile in ~/.aws/config and ~/.aws/credentials (or the files AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name).`,
        false,
        { cause: error },
      );
    }
    const purpose = settings.roleArn ? ` to assume role ${settings.roleArn} with` : '';
    return new KafkaExplorerError(
      `No AWS credentials found for MSK IAM (region ${settings.region})${purpose}: ${HOW_TO_GIVE_CREDENTIALS}.`,
      false,
      { cause: error },
    );
  }
  if (settings.roleArn) {
    return new KafkaExplorerError(`Cannot assume role ${settings.roleArn} for MSK IAM (region ${settings.region}): ${message}`, true, {
      cause: error,
    });
  }
  return new KafkaExplorerError(`Cannot sign the token for ${where}: ${message}`, true, { cause: error });
}

/**
 * One signed token, the credential lookup included, within `timeoutMs`: the default chain
 * may ask the EC2 instance metadata service, which off AWS can take many seconds to give up.
 */
export async function fetchMskIamToken(settings: AwsMskIamSettings, timeoutMs: number): Promise<AccessToken> {
  let signed: { token: string; expiryTime: number };
  try {
    signed = await withTimeout(
      Promise.resolve().then(() => sign(loadSigner(), settings)),
      timeoutMs,
      `AWS credentials for ${context(settings)}`,
    );
  } catch (error) {
    throw explainSignerError(settings, error);
  }
  const now = Date.now();
  // The signer caps a token's lifetime at its credentials': expired credentials sign a token
  // that is already void (X-Amz-Expires negative), which the broker would refuse obscurely.
  if (signed.expiryTime <= now) {
    throw new KafkaExplorerError(
      `The AWS credentials for ${context(settings)} expired at ${new Date(signed.expiryTime).toISOString()}: refresh them and try again.`,
      false,
    );
  }
  return tokenExpiringAt(signed.token, signed.expiryTime, now);
}

// One cache per credential source and region, shared by every kafkajs client of a cluster
// (admin, producers, tails), as for OAuth: each connection does not sign its own token.
const caches = new Map<string, TokenCache>();

export function mskIamTokenCacheFor(settings: AwsMskIamSettings, timeoutMs: number): TokenCache {
  const key = JSON.stringify([settings.region, settings.profile ?? '', settings.roleArn ?? '', settings.roleSessionName ?? '', timeoutMs]);
  let cache = caches.get(key);
  if (!cache) {
    cache = new TokenCache(() => fetchMskIamToken(settings, timeoutMs));
    caches.set(key, cache);
  }
  return cache;
}

/** The kafkajs mechanism: OAUTHBEARER carrying signed tokens from the cache. */
export function mskIamMechanism(
  settings: AwsMskIamSettings,
  timeoutMs: number,
  tokens: TokenCache = mskIamTokenCacheFor(settings, timeoutMs),
): Mechanism {
  return oauthBearerMechanism({
    mechanism: 'SASL AWS MSK IAM',
    label: `the token signed with the ${describeAwsCredentials(settings)} for ${settings.region}`,
    tokens,
    whyRefused: () =>
      `the IAM identity may not be allowed kafka-cluster:Connect on this cluster, ${settings.region} may not be the cluster's region, or the credentials were revoked`,
  });
}
