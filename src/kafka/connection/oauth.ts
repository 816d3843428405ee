/**
 * SASL/OAUTHBEARER with the OAuth 2.0 client-credentials flow (RFC 6749 §4.4): tokens come
 * from the cluster's token endpoint, are cached and refreshed before they expire, and are
 * sent to the broker by our own kafkajs authenticator (kafkajs' built-in one cannot tell a
 * refused token from an accepted one, see oauthBearerMechanism). AWS MSK IAM (mskIam.ts)
 * sends its signed tokens through the same cache and authenticator.
 */
import { createHash } from 'node:crypto';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { Mechanism } from 'kafkajs';
import { KafkaExplorerError } from '../errors';
import { HttpAnswer, HttpFailure, httpRequest } from '../../common/http';
import type { OAuthBearerSettings } from './securitySettings';

/** An access token and when we stop using it. */
export interface AccessToken {
  readonly value: string;
  /** Epoch ms of the token's expiry, as the token endpoint told us (expires_in). */
  readonly expiresAt: number;
  /** Epoch ms after which the cache fetches a new one (80% of the lifetime). */
  readonly refreshAt: number;
}

export interface TokenRequest {
  readonly tokenEndpoint: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope?: string;
  readonly timeoutMs: number;
  /** What an https endpoint is trusted by (see security.ts' httpsTrust); the system's CAs when absent. */
  readonly tls?: TlsOptions;
}

const REFRESH_FRACTION = 0.8;
/**
 * How long before its session ends kafkajs re-authenticates a connection (its default, 10 s, is
 * longer than a short-lived token's whole session: it re-authenticated before every request).
 */
export const REAUTHENTICATION_THRESHOLD_MS = 2000;
/**
 * The least life a token handed to a new session keeps. The broker ends a session when its token
 * expires; a session started with a token 2.1 s from expiry re-authenticated at once, and the
 * broker refuses a second re-authentication within a second ("not valid given the current SASL
 * state"). With this floor, re-authentications of one connection are at least 3 s apart.
 */
export const TOKEN_MIN_REMAINING_MS = REAUTHENTICATION_THRESHOLD_MS + 3000;

/**
 * A token valid until `expiresAt`, replaced once 80% of its lifetime has passed or less than
 * TOKEN_MIN_REMAINING_MS is left, whichever comes first, but not before half of it (very short tokens).
 */
export function tokenExpiringAt(value: string, expiresAt: number, now = Date.now()): AccessToken {
  const lifetime = Math.max(0, expiresAt - now);
  const keep = Math.max(lifetime / 2, Math.min(lifetime * REFRESH_FRACTION, lifetime - TOKEN_MIN_REMAINING_MS));
  return { value, expiresAt, refreshAt: now + keep };
}

/** RFC 6749 §2.3.1: client id and secret are form-urlencoded before they go into basic auth. */
function basicAuth(clientId: string, secret: string): string {
  const encode = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

/** What an OAuth error code usually means for someone configuring a client. */
const ERROR_HINTS: Record<string, string> = {
  invalid_client: 'check the client secret',
  // Keycloak answers a wrong secret with this code too; only its error_description tells them apart.
  unauthorized_client: 'the client secret may be wrong, or the client may not use the client-credentials grant',
  invalid_scope: 'check the scope',
  invalid_grant: 'the authorization server refused the grant',
  unsupported_grant_type: 'the endpoint does not support the client-credentials grant',
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}

/** Turns the token endpoint's answer into a token, or a KafkaExplorerError saying what is wrong. */
export function checkTokenResponse(request: TokenRequest, status: number, body: string, now = Date.now()): AccessToken {
  const endpoint = request.tokenEndpoint;
  const json = parseJson(body);
  const fields = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  if (status < 200 || status >= 300) {
    const code = typeof fields?.error === 'string' ? fields.error : undefined;
    const description = typeof fields?.error_description === 'string' && fields.error_description ? `: ${fields.error_description}` : '';
    // An overloaded or failing endpoint may recover; a refusal will not.
    const mayPass = status >= 500 || status === 429;
    if (code && mayPass) {
      return fail(`The token endpoint ${endpoint} answered HTTP ${status}: ${code}${description}.`, true);
    }
    if (code) {
      const hint = ERROR_HINTS[code] ? ` (${ERROR_HINTS[code]})` : '';
      return fail(`The token endpoint refused client "${request.clientId}": ${code}${hint}${description}.`);
    }
    const hint = status === 401 ? ' (check the client id and the client secret)' : status === 404 ? ' (check the token endpoint URL)' : '';
    return fail(`The token endpoint ${endpoint} answered HTTP ${status}${hint}${body.trim() ? `: ${excerpt(body)}` : '.'}`, mayPass);
  }
  if (!fields) {
    return fail(`The token endpoint ${endpoint} did not answer with a JSON object${body.trim() ? `: ${excerpt(body)}` : ' (empty body)'}.`);
  }
  const value = fields.access_token;
  if (typeof value !== 'string' || value === '') {
    return fail(`The token endpoint ${endpoint} answered without an access_token.`);
  }
  const tokenType = fields.token_type;
  if (tokenType !== undefined && (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer')) {
    return fail(`The token endpoint ${endpoint} issued a "${String(tokenType)}" token; Kafka needs a bearer token.`);
  }
  // expires_in is only RECOMMENDED (RFC 6749 §5.1): a JWT's own exp claim is the fallback.
  const expiresIn = typeof fields.expires_in === 'string' ? Number(fields.expires_in) : fields.expires_in;
  const exp = jwtExpiry(value);
  const lifetimeMs =
    typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0
      ? expiresIn * 1000
      : exp !== undefined
        ? exp - now
        : undefined;
  if (lifetimeMs === undefined) {
    return fail(`The token endpoint ${endpoint} did not say when the token expires (no valid expires_in).`);
  }
  return tokenExpiringAt(value, now + lifetimeMs, now);
}

function fail(message: string, retriable = false): never {
  throw new KafkaExplorerError(message, retriable);
}

/** The `exp` claim (epoch ms) of a JWT, for diagnostics only: the broker decides whether it is valid. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) {
    return undefined;
  }
  const claims = parseJson(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown } | undefined;
  return typeof claims?.exp === 'number' ? claims.exp * 1000 : undefined;
}

/** Socket codes of a certificate the client does not trust: the fix is the cluster's CA file. */
const UNTRUSTED_CERTIFICATE =
  /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_UNTRUSTED)$/;

/** One client-credentials request, bounded by the timeout. */
export async function fetchAccessToken(request: TokenRequest): Promise<AccessToken> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', ...(request.scope ? { scope: request.scope } : {}) });
  const started = Date.now();
  let answer: HttpAnswer;
  try {
    answer = await httpRequest(new URL(request.tokenEndpoint), {
      method: 'POST',
      headers: {
        authorization: basicAuth(request.clientId, request.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: body.toString(),
      timeoutMs: request.timeoutMs,
      ...(request.tls ? { tls: request.tls } : {}),
    });
  } catch (error) {
    const code = error instanceof HttpFailure ? error.code : undefined;
    if (code === 'TIMEOUT') {
      return fail(`The token endpoint ${request.tokenEndpoint} did not answer within ${request.timeoutMs / 1000} s.`);
    }
    if (code && UNTRUSTED_CERTIFICATE.test(code)) {
      throw new KafkaExplorerError(
        `Cannot reach the token endpoint ${request.tokenEndpoint}: its certificate is not trusted (${code}); if a private CA signed it, give the cluster that CA file (Edit Cluster → TLS).`,
        false,
        { cause: error },
      );
    }
    throw new KafkaExplorerError(
      `Cannot reach the token endpoint ${request.tokenEndpoint}: ${code ?? (error as Error)?.message ?? String(error)}.`,
      true,
      { cause: error },
    );
  }
  return checkTokenResponse(request, answer.status, answer.body, started);
}

/** How often a token request that may succeed later (no answer, HTTP 5xx or 429) is made before its error stands. */
const TOKEN_ATTEMPTS = 3;
const TOKEN_RETRY_DELAY_MS = 250;

/**
 * fetchAccessToken, tried again after a failure that may pass (250 ms, then 500 ms). The retry is
 * here, not kafkajs': kafkajs retries a retriable authentication error on the same socket, after
 * the SASL handshake, and the broker refuses that ("not valid given the current SASL state").
 */
export async function fetchAccessTokenRetrying(request: TokenRequest, attempts = TOKEN_ATTEMPTS): Promise<AccessToken> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetchAccessToken(request);
    } catch (error) {
      if (attempt >= attempts || !(error instanceof KafkaExplorerError && error.retriable)) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, TOKEN_RETRY_DELAY_MS * 2 ** (attempt - 1)));
    }
  }
}

/**
 * Reuses a token until 80% of its lifetime has passed; concurrent callers (kafkajs
 * authenticates every broker connection) share one request. A failed request is not cached.
 */
export class TokenCache {
  private token: AccessToken | undefined;
  private pending: Promise<AccessToken> | undefined;

  constructor(
    private readonly fetchToken: () => Promise<AccessToken>,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<AccessToken> {
    if (this.token && this.now() < this.token.refreshAt) {
      return this.token;
    }
    if (!this.pending) {
      this.pending = this.fetchToken().then(
        (token) => {
          this.token = token;
          this.pending = undefined;
          return token;
        },
        (error: unknown) => {
          this.pending = undefined;
          throw error;
        },
      );
    }
    return this.pending;
  }

  /** Forgets a token the broker refused, so that a retry asks the endpoint again. */
  invalidate(token: AccessToken): void {
    if (this.token === token) {
      this.token = undefined;
    }
  }
}

// One cache per client and secret, shared by every kafkajs client of a cluster (the admin
// client, producers, tail consumers), so that each connection does not fetch its own token.
const caches = new Map<string, TokenCache>();

/** `trust`: the TLS options of an https endpoint, and a key saying what they trust (the CA file's path, say). */
export function tokenCacheFor(
  settings: OAuthBearerSettings,
  clientSecret: string,
  timeoutMs: number,
  trust?: { readonly options: TlsOptions; readonly key: string },
): TokenCache {
  const secretHash = createHash('sha256').update(clientSecret).digest('hex');
  const key = JSON.stringify([settings.tokenEndpoint, settings.clientId, settings.scope ?? '', secretHash, timeoutMs, trust?.key ?? '']);
  let cache = caches.get(key);
  if (!cache) {
    const request: TokenRequest = {
      tokenEndpoint: settings.tokenEndpoint,
      clientId: settings.clientId,
      clientSecret,
      timeoutMs,
      ...(settings.scope ? { scope: settings.scope } : {}),
      ...(trust ? { tls: trust.options } : {}),
    };
    cache = new TokenCache(() => fetchAccessTokenRetrying(request));
    caches.set(key, cache);
  }
  return cache;
}

const SOH = '\u0001';

/** A SaslAuthenticate payload: kafkajs writes it as a length-prefixed BYTES field. */
function authBytes(message: string): Buffer {
  const bytes = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** The broker's answer, as kafkajs hands it over: still a length-prefixed BYTES field. */
function unprefixed(bytes: Buffer): Buffer {
  if (bytes.length >= 4) {
    const length = bytes.readInt32BE(0);
    return length <= 0 ? Buffer.alloc(0) : bytes.subarray(4, 4 + length);
  }
  return bytes;
}

/** RFC 7628 §3.1 client initial response: gs2 header, the bearer token, then key=value extensions. */
export function initialResponse(token: string, extensions: Readonly<Record<string, string>> = {}): string {
  const ext = Object.entries(extensions)
    .map(([key, value]) => `${SOH}${key}=${value}`)
    .join('');
  return `n,,${SOH}auth=Bearer ${token}${ext}${SOH}${SOH}`;
}

/**
 * What an OAUTHBEARER authenticator sends and how its errors name it: the OAuth
 * client-credentials flow and AWS MSK IAM differ only in where the token comes from.
 */
export interface BearerTokenSource {
  /** The mechanism as the user chose it: "SASL OAUTHBEARER", "SASL AWS MSK IAM". */
  readonly mechanism: string;
  /** What the broker refused, e.g. 'the access token of client "app"'. */
  readonly label: string;
  /** Cached tokens; a refused one is invalidated so that a retry gets a new one. */
  readonly tokens: Pick<TokenCache, 'get' | 'invalidate'>;
  readonly extensions?: Readonly<Record<string, string>>;
  /** The likely reasons the broker refused `token`, for the error message. */
  readonly whyRefused: (token: AccessToken) => string;
}

/** The client-credentials flow's tokens, named by their OAuth client. */
export function clientCredentialsSource(settings: OAuthBearerSettings, tokens: TokenCache): BearerTokenSource {
  return {
    mechanism: 'SASL OAUTHBEARER',
    label: `the access token of client "${settings.clientId}"`,
    tokens,
    ...(settings.extensions ? { extensions: settings.extensions } : {}),
    whyRefused: (token) => {
      const expiry = jwtExpiry(token.value);
      return expiry !== undefined && expiry <= Date.now()
        ? `the access token expired at ${new Date(expiry).toISOString()} (the token endpoint issued an expired token, or its clock is off)`
        : 'the token may be expired, for another audience or issuer, or signed by a key the broker does not trust';
    },
  };
}

function refusal(source: BearerTokenSource, token: AccessToken, challenge: string): string {
  const status = (parseJson(challenge) as { status?: unknown } | undefined)?.status;
  const code = typeof status === 'string' ? status : challenge;
  return `${source.mechanism} authentication failed: the broker refused ${source.label} (${code}): ${source.whyRefused(token)}.`;
}

/**
 * kafkajs' own OAUTHBEARER authenticator ignores the broker's answer, so a refused token looks
 * like a success until the broker drops the connection. The broker refuses by answering with
 * an RFC 7628 error challenge (`{"status":"invalid_token"}`); this authenticator reads it,
 * completes the exchange with the %x01 the RFC asks for, and reports a readable error.
 */
export function oauthBearerMechanism(source: BearerTokenSource): Mechanism {
  return {
    mechanism: 'oauthbearer',
    authenticationProvider: ({ host, port, saslAuthenticate }) => ({
      authenticate: async () => {
        let token: AccessToken;
        try {
          token = await source.tokens.get();
        } catch (error) {
          // kafkajs has sent the SASL handshake already. Ending the exchange makes the broker close
          // the socket, so the next attempt starts a new one: left half-way, a re-authenticating
          // connection's next handshake is refused ("not valid given the current SASL state").
          await saslAuthenticate({ request: { encode: () => authBytes(SOH) } }).catch(() => undefined);
          // Not retriable on this socket (see fetchAccessTokenRetrying): the token source's own error is the one to show.
          const failure = new KafkaExplorerError((error as Error)?.message ?? String(error), false, { cause: error });
          // kafkajs drops a broker's connections on a connection error (brokerPool.connectBroker), and
          // this socket is one the broker is closing (after its failed-authentication delay).
          failure.name = 'KafkaJSConnectionError';
          throw failure;
        }
        const raw = { decode: unprefixed, parse: (bytes: Buffer) => bytes };
        const challenge = await saslAuthenticate<Buffer>({
          request: { encode: () => authBytes(initialResponse(token.value, source.extensions)) },
          response: raw,
        });
        if (!challenge || challenge.length === 0) {
          return;
        }
        source.tokens.invalidate(token);
        const message = refusal(source, token, challenge.toString('utf8'));
        // The broker then fails the exchange and closes the connection; its error adds nothing.
        await saslAuthenticate({ request: { encode: () => authBytes(SOH) } }).catch(() => undefined);
        throw new KafkaExplorerError(`${host}:${port}: ${message}`, false);
      },
    }),
  };
}
