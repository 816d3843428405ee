import type { ParseResult } from '../../common/parseResult';
import { parseBootstrapServers } from './bootstrap';
import { MSK_IAM_NEEDS_TLS, parseAwsMskIam } from './mskIamSettings';
import { OAuthBearerSettings, PasswordMechanism, SASL_MECHANISMS, SaslSettings, TlsSettings } from './securitySettings';

/** What the user told us about one cluster. Kept in settings: never holds a secret. */
export interface ClusterConfig {
  readonly name: string;
  readonly bootstrapServers: readonly string[];
  /** Sent with every request; shows in broker logs and quotas. */
  readonly clientId?: string;
  readonly sasl?: SaslSettings;
  /** TLS is on when present. */
  readonly tls?: TlsSettings;
  /** Override the kafkaExplorer.* timeouts for this cluster. */
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** The Schema Registry that holds this cluster's schemas, if any. */
  readonly schemaRegistry?: RegistrySettings;
}

/** Where a cluster's Schema Registry is and how to sign in; the password or token is a secret, kept apart. */
export interface RegistrySettings {
  /** Base URL of the Confluent-compatible API, e.g. http://localhost:8081 or https://host/apis/ccompat/v7. */
  readonly url: string;
  readonly auth?: 'basic' | 'bearer';
  /** The basic-auth user (Confluent Cloud: the API key). */
  readonly username?: string;
}

const MAX_NAME_LENGTH = 100;

/** Checks a display name for a new cluster against the names already in use. */
export function validateClusterName(name: string, existingNames: readonly string[]): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') {
    return 'Give the cluster a name, for example "local" or "staging".';
  }
  if (trimmed.length > MAX_NAME_LENGTH) {
    return `A cluster name has at most ${MAX_NAME_LENGTH} characters.`;
  }
  // eslint-disable-next-line no-control-regex -- control characters are what it looks for
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) {
    return 'A cluster name cannot contain control characters.';
  }
  if (existingNames.some((existing) => existing.toLowerCase() === trimmed.toLowerCase())) {
    return `A cluster named "${trimmed}" already exists.`;
  }
  return undefined;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function parseSasl(raw: unknown): ParseResult<SaslSettings | undefined> {
  if (raw === undefined || raw === null) {
    return { ok: true, value: undefined };
  }
  const { mechanism, username } = raw as { mechanism?: unknown; username?: unknown };
  const normalized = typeof mechanism === 'string' ? mechanism.toLowerCase() : '';
  if (!(SASL_MECHANISMS as readonly string[]).includes(normalized)) {
    return { ok: false, error: `SASL mechanism must be one of ${SASL_MECHANISMS.join(', ')}.` };
  }
  if (normalized === 'oauthbearer') {
    return parseOAuthBearer(raw as Record<string, unknown>);
  }
  if (normalized === 'aws-msk-iam') {
    return parseAwsMskIam(raw as Record<string, unknown>);
  }
  const user = optionalString(username);
  if (!user) {
    return { ok: false, error: 'SASL needs a username.' };
  }
  return { ok: true, value: { mechanism: normalized as PasswordMechanism, username: user } };
}

/** What an http(s) URL setting says when it is not one: its own words for each problem. */
interface UrlWords {
  readonly notUrl: string;
  readonly scheme: (protocol: string) => string;
  readonly credentials: string;
}

/** An http(s) URL with no credentials in it: undefined for a valid one, else why not. */
function httpUrlProblem(text: string, words: UrlWords): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return words.notUrl;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return words.scheme(url.protocol);
  }
  return url.username || url.password ? words.credentials : undefined;
}

/** An OAuth token endpoint is http(s) with a host; undefined for a valid one, else why not. */
export function tokenEndpointProblem(text: string): string | undefined {
  return httpUrlProblem(text, {
    notUrl: 'Write the token endpoint as a URL, for example https://login.example.com/oauth2/token.',
    scheme: (protocol) => `A token endpoint starts with https:// (or http://), not ${protocol}//.`,
    credentials: 'Leave credentials out of the token endpoint URL: the client secret is kept in secret storage.',
  });
}

// RFC 7628 §3.1: key = 1*(ALPHA); value = *(VCHAR / SP / HTAB / CR / LF). "auth" is the token itself.
export const EXTENSION_KEY = /^[A-Za-z]+$/;
export const EXTENSION_VALUE = /^[\x21-\x7e \t\r\n]*$/;

/** One SASL extension: undefined when it may be sent, else why not. */
export function extensionProblem(key: string, value: unknown): string | undefined {
  if (!EXTENSION_KEY.test(key) || key === 'auth') {
    return `SASL OAUTHBEARER extension name "${key}" must be letters only (and not "auth").`;
  }
  if (typeof value !== 'string' || !EXTENSION_VALUE.test(value)) {
    return `SASL OAUTHBEARER extension "${key}" needs a text value of printable ASCII characters.`;
  }
  return undefined;
}

/**
 * Extensions as typed in one line, `logicalCluster=lkc-123,identityPoolId=pool-abc`; a comma
 * splits only where a new name= follows, so a value may hold commas. Empty text is none.
 */
export function parseExtensionsText(text: string): ParseResult<Record<string, string>> {
  const extensions: Record<string, string> = {};
  if (text.trim() === '') {
    return { ok: true, value: extensions };
  }
  for (const pair of text.split(/,(?=\s*[A-Za-z]+\s*=)/)) {
    const equals = pair.indexOf('=');
    if (equals < 0) {
      return { ok: false, error: `Write each extension as name=value, separated by commas: "${pair.trim()}" has no "=".` };
    }
    const key = pair.slice(0, equals).trim();
    const value = pair.slice(equals + 1).trim();
    const problem = extensionProblem(key, value) ?? (key in extensions ? `SASL OAUTHBEARER extension "${key}" is given twice.` : undefined);
    if (problem) {
      return { ok: false, error: problem };
    }
    extensions[key] = value;
  }
  return { ok: true, value: extensions };
}

/** The inverse of parseExtensionsText, to show the current extensions in an input box. */
export function formatExtensions(extensions: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(extensions ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

function parseOAuthBearer(raw: Record<string, unknown>): ParseResult<OAuthBearerSettings> {
  const tokenEndpoint = optionalString(raw.tokenEndpoint) ?? '';
  const problem = tokenEndpointProblem(tokenEndpoint);
  if (problem) {
    return { ok: false, error: `SASL OAUTHBEARER: ${problem}` };
  }
  const clientId = optionalString(raw.clientId);
  if (!clientId) {
    return { ok: false, error: 'SASL OAUTHBEARER needs an OAuth client id.' };
  }
  const scope = optionalString(raw.scope);
  const extensions: Record<string, string> = {};
  if (raw.extensions !== undefined && raw.extensions !== null) {
    if (typeof raw.extensions !== 'object' || Array.isArray(raw.extensions)) {
      return { ok: false, error: 'SASL OAUTHBEARER extensions are an object of names and values, e.g. {"logicalCluster": "lkc-123"}.' };
    }
    for (const [key, value] of Object.entries(raw.extensions as Record<string, unknown>)) {
      const problem = extensionProblem(key, value);
      if (problem) {
        return { ok: false, error: problem };
      }
      extensions[key] = value as string;
    }
  }
  return {
    ok: true,
    value: {
      mechanism: 'oauthbearer',
      tokenEndpoint,
      clientId,
      ...(scope ? { scope } : {}),
      ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
    },
  };
}

function parseTls(raw: unknown): TlsSettings | undefined {
  if (raw === undefined || raw === null || raw === false) {
    return undefined;
  }
  const value = (raw === true ? {} : raw) as Record<string, unknown>;
  const tls: { -readonly [K in keyof TlsSettings]: TlsSettings[K] } = {};
  for (const key of ['caFile', 'certFile', 'keyFile'] as const) {
    const file = optionalString(value[key]);
    if (file) {
      tls[key] = file;
    }
  }
  if (value.insecureSkipVerify === true) {
    tls.insecureSkipVerify = true;
  }
  return tls;
}

/** A registry URL is http(s) with a host; undefined for a valid one, else why not. */
export function registryUrlProblem(text: string): string | undefined {
  return httpUrlProblem(text, {
    notUrl: 'Write the registry as a URL, for example http://localhost:8081.',
    scheme: (protocol) => `A Schema Registry URL starts with http:// or https://, not ${protocol}//.`,
    credentials: 'Leave credentials out of the URL: the next steps ask for them and keep the secret in secret storage.',
  });
}

function parseRegistry(raw: unknown): ParseResult<RegistrySettings | undefined> {
  if (raw === undefined || raw === null) {
    return { ok: true, value: undefined };
  }
  const { url, auth, username } = raw as { url?: unknown; auth?: unknown; username?: unknown };
  const text = optionalString(url) ?? '';
  const problem = registryUrlProblem(text);
  if (problem) {
    return { ok: false, error: `Schema Registry: ${problem}` };
  }
  if (auth !== undefined && auth !== 'basic' && auth !== 'bearer') {
    return { ok: false, error: 'Schema Registry auth is "basic" or "bearer".' };
  }
  const user = optionalString(username);
  if (auth === 'basic' && !user) {
    return { ok: false, error: 'Schema Registry basic auth needs a username.' };
  }
  return { ok: true, value: { url: text, ...(auth ? { auth } : {}), ...(auth === 'basic' && user ? { username: user } : {}) } };
}

function optionalTimeout(value: unknown, min: number): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= min ? Math.round(value) : undefined;
}

/** Validates raw input (from a command argument, settings or an input box) into a ClusterConfig. */
export function parseClusterConfig(
  raw: {
    name?: unknown;
    bootstrapServers?: unknown;
    clientId?: unknown;
    sasl?: unknown;
    tls?: unknown;
    connectionTimeoutMs?: unknown;
    requestTimeoutMs?: unknown;
    schemaRegistry?: unknown;
  },
  existingNames: readonly string[],
): ParseResult<ClusterConfig> {
  const name = typeof raw.name === 'string' ? raw.name : '';
  const nameError = validateClusterName(name, existingNames);
  if (nameError) {
    return { ok: false, error: nameError };
  }
  const serversText = Array.isArray(raw.bootstrapServers)
    ? raw.bootstrapServers.map(String).join(',')
    : typeof raw.bootstrapServers === 'string'
      ? raw.bootstrapServers
      : '';
  const servers = parseBootstrapServers(serversText);
  if (!servers.ok) {
    return servers;
  }
  const sasl = parseSasl(raw.sasl);
  if (!sasl.ok) {
    return sasl;
  }
  const registry = parseRegistry(raw.schemaRegistry);
  if (!registry.ok) {
    return registry;
  }
  const tls = parseTls(raw.tls);
  if (sasl.value?.mechanism === 'aws-msk-iam' && !tls) {
    return { ok: false, error: MSK_IAM_NEEDS_TLS };
  }
  const clientId = optionalString(raw.clientId);
  const connectionTimeoutMs = optionalTimeout(raw.connectionTimeoutMs, 100);
  const requestTimeoutMs = optionalTimeout(raw.requestTimeoutMs, 500);
  return {
    ok: true,
    value: {
      name: name.trim(),
      bootstrapServers: servers.value,
      ...(clientId ? { clientId } : {}),
      ...(sasl.value ? { sasl: sasl.value } : {}),
      ...(tls ? { tls } : {}),
      ...(connectionTimeoutMs ? { connectionTimeoutMs } : {}),
      ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
      ...(registry.value ? { schemaRegistry: registry.value } : {}),
    },
  };
}
