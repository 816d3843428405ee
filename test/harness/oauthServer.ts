/**
 * A tiny OAuth 2.0 authorization server on loopback for the OAUTHBEARER tests: the
 * client-credentials grant at POST /token (client authentication by HTTP basic auth) issues
 * RS256 JWTs, and GET /jwks publishes the public key, which a broker's
 * OAuthBearerValidatorCallbackHandler fetches to verify them.
 */
import { createSign, generateKeyPairSync, KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface OAuthClient {
  readonly secret: string;
  /** Token lifetime in seconds (default 300). */
  readonly lifetimeSeconds?: number;
  /**
   * Issue tokens whose exp claim is already past while expires_in still says
   * lifetimeSeconds: what a token endpoint with a wrong clock hands out.
   */
  readonly expired?: boolean;
  /** Answer this client's first N token requests with HTTP 503, as an overloaded endpoint does. */
  readonly unavailableFor?: number;
}

export interface OAuthServer {
  readonly tokenEndpoint: string;
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  /** How many tokens each client was issued. */
  issued(clientId: string): number;
  stop(): Promise<void>;
}

const KID = 'kafka-explorer-test-key';

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function signJwt(privateKey: KeyObject, claims: Record<string, unknown>): string {
  const unsigned = `${base64url({ alg: 'RS256', typ: 'JWT', kid: KID })}.${base64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

/** RFC 6749 §2.3.1: the id and secret in basic auth are form-urlencoded. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) {
    return undefined;
  }
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) {
    return undefined;
  }
  const decode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
  return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** `tls`: serve https with this key and certificate (for 127.0.0.1), else plain http. */
export async function startOAuthServer(
  clients: Readonly<Record<string, OAuthClient>>,
  audience = 'kafka',
  tls?: { readonly keyFile: string; readonly certFile: string },
): Promise<OAuthServer> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' };
  const counts = new Map<string, number>();
  const refusals = new Map<string, number>();
  let issuer = '';

  const handle: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'GET' && url.pathname === '/jwks') {
        send(res, 200, { keys: [jwk] });
        return;
      }
      if (req.method !== 'POST' || url.pathname !== '/token') {
        send(res, 404, { error: 'not_found' });
        return;
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const credentials = basicCredentials(req.headers.authorization);
      const client = credentials ? clients[credentials.id] : undefined;
      if (!credentials || !client || client.secret !== credentials.secret) {
        send(
          res,
          401,
          { error: 'invalid_client', error_description: 'Client authentication failed' },
          { 'www-authenticate': 'Basic realm="test"' },
        );
        return;
      }
      const refused = refusals.get(credentials.id) ?? 0;
      if (refused < (client.unavailableFor ?? 0)) {
        refusals.set(credentials.id, refused + 1);
        send(res, 503, { error: 'temporarily_unavailable', error_description: 'try again later' });
        return;
      }
      if (form.get('grant_type') !== 'client_credentials') {
        send(res, 400, { error: 'unsupported_grant_type' });
        return;
      }
      const lifetime = client.lifetimeSeconds ?? 300;
      const now = Math.floor(Date.now() / 1000);
      const iat = client.expired ? now - 2 * lifetime - 120 : now;
      const exp = client.expired ? now - lifetime - 60 : now + lifetime;
      const scope = form.get('scope') ?? '';
      const token = signJwt(privateKey, { sub: credentials.id, iss: issuer, aud: audience, ...(scope ? { scope } : {}), iat, exp });
      counts.set(credentials.id, (counts.get(credentials.id) ?? 0) + 1);
      send(res, 200, { access_token: token, token_type: 'Bearer', expires_in: lifetime, ...(scope ? { scope } : {}) });
    });
  };
  const server = tls
    ? https.createServer({ key: fs.readFileSync(tls.keyFile), cert: fs.readFileSync(tls.certFile) }, handle)
    : http.createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const base = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = base;
  return {
    tokenEndpoint: `${base}/token`,
    jwksUrl: `${base}/jwks`,
    issuer,
    audience,
    issued: (clientId) => counts.get(clientId) ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
