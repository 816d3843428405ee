/**
 * A cluster's SASL and TLS settings as data: what the settings file holds and every part of the
 * connection layer reads. No behaviour that needs OAuth or AWS, so security.ts, oauth.ts and
 * mskIam.ts can all import it without importing each other in a circle.
 */
export const PASSWORD_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type PasswordMechanism = (typeof PASSWORD_MECHANISMS)[number];
export const SASL_MECHANISMS = [...PASSWORD_MECHANISMS, 'oauthbearer', 'aws-msk-iam'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** A username and a password (the password in SecretStorage). */
export interface PasswordSaslSettings {
  readonly mechanism: PasswordMechanism;
  readonly username: string;
}

/** SASL/OAUTHBEARER with tokens from the OAuth client-credentials flow; the client secret is in SecretStorage (the saslPassword slot). */
export interface OAuthBearerSettings {
  readonly mechanism: 'oauthbearer';
  readonly tokenEndpoint: string;
  readonly clientId: string;
  readonly scope?: string;
  /** SASL extensions (RFC 7628), e.g. Confluent Cloud's logicalCluster and identityPoolId. */
  readonly extensions?: Readonly<Record<string, string>>;
}

/**
 * AWS MSK IAM: a token signed with AWS credentials, sent over OAUTHBEARER. The credentials
 * come from the AWS default chain, a named profile or an assumed role; nothing is stored by us.
 */
export interface AwsMskIamSettings {
  readonly mechanism: 'aws-msk-iam';
  /** The cluster's region, which the token is signed for, e.g. eu-west-1. */
  readonly region: string;
  /** A profile of ~/.aws/config or ~/.aws/credentials instead of the default chain. */
  readonly profile?: string;
  /** A role to assume (with the default chain's credentials) instead of using them directly. */
  readonly roleArn?: string;
  readonly roleSessionName?: string;
}

export type SaslSettings = PasswordSaslSettings | OAuthBearerSettings | AwsMskIamSettings;

/** The mechanism that cannot go without TLS, named for the wizard: AWS MSK IAM. */
export function tlsRequiredBy(sasl: SaslSettings | undefined): string | undefined {
  return sasl?.mechanism === 'aws-msk-iam' ? 'AWS MSK IAM' : undefined;
}

/** Mechanisms whose tokens expire and whose sessions the broker ends with them. */
export function usesBearerTokens(sasl: SaslSettings | undefined): boolean {
  return sasl?.mechanism === 'oauthbearer' || sasl?.mechanism === 'aws-msk-iam';
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
