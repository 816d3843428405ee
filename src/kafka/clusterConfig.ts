import { parseBootstrapServers, ParseResult } from './bootstrap';
import { SASL_MECHANISMS, SaslMechanism, SaslSettings, TlsSettings } from './security';

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
  const user = optionalString(username);
  if (!user) {
    return { ok: false, error: 'SASL needs a username.' };
  }
  return { ok: true, value: { mechanism: normalized as SaslMechanism, username: user } };
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
  const tls = parseTls(raw.tls);
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
    },
  };
}
