/**
 * A real Schema Registry for tests: Apicurio Registry from Maven Central (fetched once by
 * scripts/registry/fetch.sh), serving the Confluent-compatible API on a free loopback port,
 * schemas in memory. Ready when the API answers, not after a sleep.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './paths';
import { freePort } from './ports';
import { stopChild, trackChild, waitFor } from './processes';

export interface SchemaRegistry {
  /** The Confluent-compatible API's base URL. */
  readonly url: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

export async function startSchemaRegistry(readyTimeoutMs = 60000): Promise<SchemaRegistry> {
  const dir = execFileSync('bash', [path.join(repoRoot, 'scripts/registry/fetch.sh')], { encoding: 'utf8' }).trim();
  const jar = fs.readdirSync(dir).find((name) => name.endsWith('-runner.jar'));
  if (!jar) {
    throw new Error(`no Apicurio runner jar in ${dir}`);
  }
  const port = await freePort();
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ke-registry-')), 'registry.log');
  const log = fs.openSync(logFile, 'w');
  // Loopback only; the management interface is off, so nothing else listens.
  const child = spawn(
    'java',
    [
      '-Xmx384m',
      '-Dquarkus.http.host=127.0.0.1',
      `-Dquarkus.http.port=${port}`,
      '-Dquarkus.management.enabled=false',
      '-jar',
      path.join(dir, jar),
    ],
    {
      cwd: dir,
      stdio: ['ignore', log, log],
    },
  );
  trackChild(child);
  const url = `http://127.0.0.1:${port}/apis/ccompat/v7`;
  await waitFor(
    'Apicurio Registry to answer',
    async () => {
      const answer = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
      return answer?.ok ? true : undefined;
    },
    {
      timeoutMs: readyTimeoutMs,
      intervalMs: 250,
      fail: () =>
        child.exitCode !== null ? `it exited with ${child.exitCode}: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}` : undefined,
    },
  );
  return { url, logFile, stop: () => stopChild(child) };
}
