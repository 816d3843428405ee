/**
 * A cluster's SASL and TLS settings, and how they become kafkajs options. Passwords and
 * key passphrases are never part of ClusterConfig (which lives in settings): they come
 * from VS Code's SecretStorage through ClusterSecrets.
 */
import { createPrivateKey } from 'node:crypto';
import * as fs from 'node:fs';
import { rootCertificates, type ConnectionOptions as TlsOptions } from 'node:tls';
import type { Mechanism, SASLOptions } from 'kafkajs';
import { KafkaExplorerError } from '../errors';
import { mskIamMechanism } from './mskIam';
import { describeAwsCredentials } from './mskIamSettings';
import { clientCredentialsSource, oauthBearerMechanism, tokenCacheFor } from './oauth';
import { SaslSettings, TlsSettings, ClusterSecrets } from './securitySettings';

function readPem(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new KafkaExplorerError(
      `Cannot read the ${what} "${file}": ${code === 'ENOENT' ? 'no such file' : String((error as Error).message)}.`,
      false,
    );
  }
}

export function kafkajsTls(tls: TlsSettings | undefined, secrets: ClusterSecrets): TlsOptions | undefined {
  if (!tls) {
    return undefined;
  }
  if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) {
    throw new KafkaExplorerError('A TLS client certificate needs both a certificate file and a key file.', false);
  }
  const key = tls.keyFile ? readPem(tls.keyFile, 'client key') : undefined;
  if (key && tls.keyFile) {
    checkKeyOpens(key, tls.keyFile, secrets.keyPassphrase);
  }
  return {
    rejectUnauthorized: tls.insecureSkipVerify !== true,
    ...(tls.caFile ? { ca: [readPem(tls.caFile, 'CA file')] } : {}),
    ...(tls.certFile ? { cert: readPem(tls.certFile, 'client certificate') } : {}),
    ...(key ? { key } : {}),
    ...(secrets.keyPassphrase ? { passphrase: secrets.keyPassphrase } : {}),
  };
}

/**
 * What an https request beside the cluster (its OAuth token endpoint) trusts: the system's
 * CAs plus the cluster's CA file, since a company's identity provider is often signed by the
 * same private CA as its brokers, and a public one must stay trusted too. Verification stays
 * on unless the cluster turned it off. No client certificate: the secret authenticates.
 */
export function httpsTrust(tls: TlsSettings | undefined): TlsOptions | undefined {
  if (!tls?.caFile && tls?.insecureSkipVerify !== true) {
    return undefined;
  }
  return {
    rejectUnauthorized: tls.insecureSkipVerify !== true,
    ...(tls.caFile ? { ca: [...rootCertificates, readPem(tls.caFile, 'CA file')] } : {}),
  };
}

function tokenEndpointTrust(tls: TlsSettings | undefined): { options: TlsOptions; key: string } | undefined {
  const options = httpsTrust(tls);
  return options ? { options, key: JSON.stringify([tls?.caFile ?? '', tls?.insecureSkipVerify === true]) } : undefined;
}

/** OpenSSL says only "bad decrypt" deep inside the handshake: say which key and why, before connecting. */
function checkKeyOpens(key: string, file: string, passphrase: string | undefined): void {
  try {
    createPrivateKey({ key, ...(passphrase ? { passphrase } : {}) });
  } catch (error) {
    const encrypted = /ENCRYPTED/.test(key);
    const reason = !encrypted
      ? `it is not a PEM private key (${(error as Error).message})`
      : passphrase
        ? 'the stored passphrase is wrong'
        : 'it is encrypted and no passphrase is stored';
    throw new KafkaExplorerError(`Cannot open the client key "${file}": ${reason}. Use Edit Cluster to set it.`, false);
  }
}

/**
 * `tokenTimeoutMs` bounds each request to an OAuth token endpoint, and each MSK IAM signing
 * (credential lookup included); an https token endpoint is trusted as httpsTrust(`tls`) says.
 */
export function kafkajsSasl(
  sasl: SaslSettings | undefined,
  secrets: ClusterSecrets,
  tokenTimeoutMs = 10000,
  tls?: TlsSettings,
): SASLOptions | Mechanism | undefined {
  if (!sasl) {
    return undefined;
  }
  if (sasl.mechanism === 'oauthbearer') {
    if (!secrets.saslPassword) {
      throw new KafkaExplorerError(`No client secret is stored for OAuth client "${sasl.clientId}": use Edit Cluster to enter it.`, false);
    }
    return oauthBearerMechanism(
      clientCredentialsSource(sasl, tokenCacheFor(sasl, secrets.saslPassword, tokenTimeoutMs, tokenEndpointTrust(tls))),
    );
  }
  if (sasl.mechanism === 'aws-msk-iam') {
    return mskIamMechanism(sasl, tokenTimeoutMs);
  }
  if (secrets.saslPassword === undefined) {
    throw new KafkaExplorerError(`No password is stored for SASL user "${sasl.username}": use Edit Cluster to enter it.`, false);
  }
  return { mechanism: sasl.mechanism, username: sasl.username, password: secrets.saslPassword } as SASLOptions;
}

/** A short description for tooltips and the log: never includes a secret. */
export function describeSecurity(sasl: SaslSettings | undefined, tls: TlsSettings | undefined): string {
  const verified = !tls ? 'plaintext' : tls.insecureSkipVerify ? 'TLS (certificate NOT verified)' : tls.caFile ? 'TLS (own CA)' : 'TLS';
  const transport = tls?.certFile ? `${verified} with a client certificate` : verified;
  return sasl ? `${describeSasl(sasl)}, ${transport}` : transport;
}

/** "SASL PLAIN as alice", "SASL OAUTHBEARER as OAuth client app-1", "SASL AWS MSK IAM (profile dev, eu-west-1)": never a secret. */
export function describeSasl(sasl: SaslSettings): string {
  switch (sasl.mechanism) {
    case 'oauthbearer':
      return `SASL OAUTHBEARER as OAuth client ${sasl.clientId}`;
    case 'aws-msk-iam':
      return `SASL AWS MSK IAM (${describeAwsCredentials(sasl)}, ${sasl.region})`;
    default:
      return `SASL ${sasl.mechanism.toUpperCase()} as ${sasl.username}`;
  }
}
