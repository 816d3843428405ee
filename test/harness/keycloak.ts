/**
 * A real identity provider for the OAuth tests: Keycloak from Maven Central (fetched once by
 * scripts/keycloak/fetch.sh) in dev mode on a Java 21+ JDK, its database in memory, on a free
 * loopback port. A realm "kafka" is created through the admin REST API with the clients below;
 * tokens for the scope "kafka" carry the audience "kafka" that the broker expects.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './paths';
import { freePort } from './ports';
import { stopChild, trackChild, waitFor } from './processes';

export interface KeycloakClient {
  readonly secret: string;
  /** Access token lifetime in seconds (the realm's default, 300, when absent). */
  readonly lifetimeSeconds?: number;
  /** False for a client that may not use the client-credentials grant. */
  readonly serviceAccount?: boolean;
}

export interface Keycloak {
  readonly tokenEndpoint: string;
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  /** The scope whose tokens carry the audience. */
  readonly scope: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

const REALM = 'kafka';
const AUDIENCE = 'kafka';
const ADMIN = { username: 'admin', password: 'admin' };

/** A JDK of major version 21 or newer: KEYCLOAK_JAVA_HOME, else the newest in /usr/lib/jvm. */
export function keycloakJavaHome(): string {
  const chosen = process.env.KEYCLOAK_JAVA_HOME;
  if (chosen) {
    return chosen;
  }
  const major = (home: string): number => {
    const release = path.join(home, 'release');
    const version = fs.existsSync(release) ? /JAVA_VERSION="(\d+)/.exec(fs.readFileSync(release, 'utf8'))?.[1] : undefined;
    return version ? Number(version) : 0;
  };
  const root = '/usr/lib/jvm';
  const homes = fs.existsSync(root) ? fs.readdirSync(root).map((name) => path.join(root, name)) : [];
  const best = homes.map((home) => ({ home, major: major(home) })).sort((a, b) => b.major - a.major)[0];
  if (!best || best.major < 21) {
    throw new Error('Keycloak needs a Java 21+ JDK: none in /usr/lib/jvm; set KEYCLOAK_JAVA_HOME to one (Temurin 25 is used in CI)');
  }
  return best.home;
}

export async function startKeycloak(clients: Record<string, KeycloakClient>, readyTimeoutMs = 180000): Promise<Keycloak> {
  const home = execFileSync('bash', [path.join(repoRoot, 'scripts/keycloak/fetch.sh')], { encoding: 'utf8' }).trim();
  const javaHome = keycloakJavaHome();
  const port = await freePort();
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ke-keycloak-')), 'keycloak.log');
  const log = fs.openSync(logFile, 'w');
  // dev-mem: nothing persists between runs.
  const child = spawn(path.join(home, 'bin/kc.sh'), ['start-dev', '--http-host=127.0.0.1', `--http-port=${port}`, '--db=dev-mem'], {
    cwd: home,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      JAVA_HOME: javaHome,
      JAVA_OPTS_KC_HEAP: '-Xms64m -Xmx512m',
      KC_BOOTSTRAP_ADMIN_USERNAME: ADMIN.username,
      KC_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    },
  });
  trackChild(child);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      'Keycloak to answer',
      async () => {
        const answer = await fetch(`${base}/realms/master`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
        return answer?.ok ? true : undefined;
      },
      {
        timeoutMs: readyTimeoutMs,
        intervalMs: 500,
        fail: () =>
          child.exitCode !== null ? `it exited with ${child.exitCode}: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}` : undefined,
      },
    );
    await createRealm(base, clients);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  const issuer = `${base}/realms/${REALM}`;
  return {
    tokenEndpoint: `${issuer}/protocol/openid-connect/token`,
    jwksUrl: `${issuer}/protocol/openid-connect/certs`,
    issuer,
    audience: AUDIENCE,
    scope: AUDIENCE,
    logFile,
    stop: () => stopChild(child),
  };
}

async function createRealm(base: string, clients: Record<string, KeycloakClient>): Promise<void> {
  const login = await fetch(`${base}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', ...ADMIN }),
  });
  if (!login.ok) {
    throw new Error(`Keycloak admin login: HTTP ${login.status} ${await login.text()}`);
  }
  const { access_token: adminToken } = (await login.json()) as { access_token: string };
  const realm = {
    realm: REALM,
    enabled: true,
    clientScopes: [
      {
        name: AUDIENCE,
        protocol: 'openid-connect',
        attributes: { 'include.in.token.scope': 'true' },
        protocolMappers: [
          {
            name: `${AUDIENCE}-audience`,
            protocol: 'openid-connect',
            protocolMapper: 'oidc-audience-mapper',
            config: { 'included.custom.audience': AUDIENCE, 'access.token.claim': 'true', 'id.token.claim': 'false' },
          },
        ],
      },
    ],
    clients: Object.entries(clients).map(([clientId, client]) => ({
      clientId,
      secret: client.secret,
      publicClient: false,
      serviceAccountsEnabled: client.serviceAccount ?? true,
      // A client without a service account gets the browser flow instead, as such clients have.
      standardFlowEnabled: client.serviceAccount === false,
      redirectUris: ['http://127.0.0.1/*'],
      optionalClientScopes: [AUDIENCE],
      attributes: client.lifetimeSeconds ? { 'access.token.lifespan': String(client.lifetimeSeconds) } : {},
    })),
  };
  const created = await fetch(`${base}/admin/realms`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(realm),
  });
  if (created.status !== 201) {
    throw new Error(`Keycloak realm creation: HTTP ${created.status} ${await created.text()}`);
  }
}
