import { spawnSync } from 'node:child_process';

/** Runs kcat, the independent librdkafka-based client, and returns its stdout. */
export function kcat(args: readonly string[], input?: string, timeoutMs = 30000): string {
  const result = spawnSync('kcat', args, { input, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 });
  if (result.error) {
    throw new Error(`kcat ${args.join(' ')}: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(`kcat ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  }
  return result.stdout;
}
