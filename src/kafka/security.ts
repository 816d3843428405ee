/**
 * A cluster's SASL and TLS settings, and how they become kafkajs options. Passwords and
 * key passphrases are never part of ClusterConfig (which lives in settings): they come
 * from VS Code's SecretStorage through ClusterSecrets.
 */
import { createPrivateKey } from 'node:crypto';
import * as fs from 'node:fs';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import { KafkaExplorerError } from './errors';

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export interface SaslSettings {
  readonly mechanism: SaslMechanism;
  readonly username: string;
}

/** TLS is on when this is present. */
export interface TlsSettings {
  /** PEM file of the CA(s) that signed the brokers' certificates; the system's CAs otherwise. */
  readonly caFile?: string;
  /** PEM client certificate and key, for brokers that require client authentication. */
  readonly certFile?: string;
  readonly keyFile?: string;
  /** Accept any broker certificate. Off by default; only for throwaway test clusters. */
  readonly insecureSkipVerify?: boolean;
}

export interface ClusterSecrets {
  readonly saslPassword?: string;
  readonly keyPassphrase?: string;
  /** The Schema Registry's basic-auth password or bearer token. */
  readonly registrySecret?: string;
}

function readPem(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new KafkaExplorerError(`Cannot read the ${what} "${file}": ${code === 'ENOENT' ? 'no such file' : String((error as Error).message)}.`, false);
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

export function kafkajsSasl(sasl: SaslSettings | undefined, secrets: ClusterSecrets): SASLOptions | undefined {
  if (!sasl) {
    return undefined;
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
  return sasl ? `SASL ${sasl.mechanism.toUpperCase()} as ${sasl.username}, ${transport}` : transport;
}
