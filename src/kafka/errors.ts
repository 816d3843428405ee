/**
 * Errors the Kafka layer hands upward, each with a message fit for a user and whether
 * trying again can help (a broker that is down may come back; a bad password will not).
 */

export class KafkaExplorerError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KafkaExplorerError';
  }
}

/** An operation took longer than the configured time; the broker may still be fine later. */
export class KafkaTimeoutError extends KafkaExplorerError {
  constructor(
    what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what} did not answer within ${formatSeconds(timeoutMs)}.`, true);
    this.name = 'KafkaTimeoutError';
  }
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

interface ErrorLike {
  name?: unknown;
  /** kafkajs' protocol error name, e.g. TOPIC_AUTHORIZATION_FAILED. */
  type?: unknown;
  message?: unknown;
  code?: unknown;
  broker?: unknown;
  cause?: unknown;
  originalError?: unknown;
  retriable?: unknown;
}

const SOCKET_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is a broker listening there?)',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed (DNS unavailable)',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset by the broker',
};

const TLS_CODES: Record<string, string> = {
  SELF_SIGNED_CERT_IN_CHAIN: "the broker's certificate is signed by an untrusted CA (self-signed chain); set the cluster's CA file",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the broker's certificate is self-signed; set it as the cluster's CA file",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the broker's certificate cannot be verified against the trusted CAs; set the cluster's CA file",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the CA of the broker's certificate is not trusted; set the cluster's CA file",
  CERT_HAS_EXPIRED: "the broker's certificate has expired",
  ERR_TLS_CERT_ALTNAME_INVALID: "the broker's certificate does not name this host",
  ERR_SSL_WRONG_VERSION_NUMBER: 'TLS handshake failed: this listener does not speak TLS (turn TLS off for this cluster?)',
};

/** What each kind of authorization failure denied: said to the user instead of kafkajs' terse text. */
const DENIED: Record<string, string> = {
  TOPIC_AUTHORIZATION_FAILED: 'topic',
  GROUP_AUTHORIZATION_FAILED: 'consumer group',
  CLUSTER_AUTHORIZATION_FAILED: 'cluster',
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: 'transactional id',
  DELEGATION_TOKEN_AUTHORIZATION_FAILED: 'delegation token',
};

/** The authorization failure (its protocol name and what was denied) anywhere in the error's chain. */
export function authorizationFailure(error: unknown): { type: string; denied: string } | undefined {
  let current = error as ErrorLike | undefined;
  for (let depth = 0; depth < 10 && current && typeof current === 'object'; depth++) {
    if (typeof current.type === 'string' && DENIED[current.type]) {
      return { type: current.type, denied: DENIED[current.type] };
    }
    // kafkajs' DeleteGroups error carries each group's own error beside, not as, its cause.
    const groups = (current as { groups?: unknown }).groups;
    if (Array.isArray(groups)) {
      const inGroup = groups.map((g) => authorizationFailure((g as { error?: unknown } | undefined)?.error)).find((f) => f !== undefined);
      if (inGroup) {
        return inGroup;
      }
    }
    const next = (current.cause ?? current.originalError) as ErrorLike | undefined;
    current = next === current ? undefined : next;
  }
  return undefined;
}

/**
 * An authorization failure of `action` (a verb phrase such as "describe configs of orders")
 * as an error that says what was denied; other errors are returned unchanged. Never retriable:
 * the same request stays denied until someone changes the ACLs.
 */
export function withDeniedAction(error: unknown, action: string): unknown {
  if (error instanceof KafkaExplorerError) {
    return error;
  }
  const failure = authorizationFailure(error);
  if (!failure) {
    return error;
  }
  const phrase = action.charAt(0).toLowerCase() + action.slice(1);
  return new KafkaExplorerError(`Not authorized to ${phrase} (${failure.type}: ${failure.denied} access denied)`, false, { cause: error });
}

/** The innermost error: kafkajs wraps a socket failure in retry and connection errors. */
function rootCause(error: unknown): ErrorLike | undefined {
  let current = error as ErrorLike | undefined;
  for (let depth = 0; depth < 10 && current && typeof current === 'object'; depth++) {
    const next = (current.cause ?? current.originalError) as ErrorLike | undefined;
    if (!next || typeof next !== 'object' || next === current) {
      break;
    }
    current = next;
  }
  return current;
}

/** A one-line reason for any error thrown while talking to Kafka. */
export function describeKafkaError(error: unknown): string {
  if (error instanceof KafkaExplorerError) {
    return error.message;
  }
  const denial = authorizationFailure(error);
  if (denial) {
    return `Not authorized: ${denial.denied} access denied (${denial.type})`;
  }
  const root = rootCause(error);
  if (!root) {
    return String(error);
  }
  const code = typeof root.code === 'string' ? root.code : undefined;
  const message = typeof root.message === 'string' ? root.message : String(root);
  const broker = typeof root.broker === 'string' ? root.broker : undefined;
  if (/before secure TLS connection was established/i.test(message)) {
    return `${broker ? `${broker}: ` : ''}TLS handshake failed: the listener closed the connection (is it a TLS listener?)`;
  }
  if (/^Closed connection$/i.test(message) || root.name === 'KafkaJSConnectionClosedError') {
    return `${broker ? `${broker}: ` : ''}the broker closed the connection (a TLS or SASL listener reached without TLS or SASL?)`;
  }
  const known = code ? (SOCKET_CODES[code] ?? TLS_CODES[code]) : undefined;
  if (known) {
    return broker ? `${broker}: ${known}` : known;
  }
  if (/alert (bad certificate|certificate required|unknown ca)/i.test(message)) {
    // TLS alerts 42, 116 and 48: the broker wants a client certificate it can verify.
    return `${broker ? `${broker}: ` : ''}the broker refused the TLS client certificate (none was given, or its CA is not trusted by the broker); set a client certificate and key with Edit Cluster`;
  }
  if (/wrong version number|packet length too long|unknown protocol/i.test(message)) {
    return TLS_CODES.ERR_SSL_WRONG_VERSION_NUMBER;
  }
  const socketCode = /\b(E[A-Z]{4,})\b/.exec(message)?.[1];
  if (socketCode && SOCKET_CODES[socketCode]) {
    return `${SOCKET_CODES[socketCode]} (${message})`;
  }
  if (/Connection timeout/i.test(message)) {
    return broker ? `${broker}: connection timed out` : 'connection timed out';
  }
  return message;
}

/**
 * Whether trying the same operation again later may succeed: a broker that is down may come
 * back, a bad password will not. kafkajs marks "my own retries ran out" as not retriable;
 * what decides is the error its retries were about.
 */
export function isRetriable(error: unknown): boolean {
  if (error instanceof KafkaExplorerError) {
    return error.retriable;
  }
  if (authorizationFailure(error)) {
    return false;
  }
  const like = error as ErrorLike | undefined;
  if (like?.name === 'KafkaJSNumberOfRetriesExceeded' && like.cause !== undefined) {
    return isRetriable(like.cause);
  }
  const retriable = like?.retriable;
  return typeof retriable === 'boolean' ? retriable : true;
}

/** Rejects with a KafkaTimeoutError when `work` has not settled within `timeoutMs`. */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new KafkaTimeoutError(what, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR: the group's coordinator is not ready or moved; worth another lookup. */
export const COORDINATOR_ERROR_CODES: ReadonlySet<number> = new Set([14, 15, 16]);
