import { ChildProcess } from 'node:child_process';

/** Child processes to kill if this Node process exits without stopping them (a crash, Ctrl-C). */
const live = new Set<ChildProcess>();
let hooked = false;

export function trackChild(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const proc of live) {
        proc.kill('SIGKILL');
      }
    });
    // Ctrl-C ends the process (and so, through 'exit', the children) unless the program
    // listens for the signal itself to stop things gracefully (the demo does).
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        if (process.listenerCount(signal) === 1) {
          process.exit(130);
        }
      });
    }
  }
}

/** Sends SIGTERM, waits up to `graceMs`, then SIGKILL. Resolves once the process is gone. */
export function stopChild(child: ChildProcess, graceMs = 20000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Polls `check` until it returns a value, `fail` reports a reason to stop, or time runs out.
 * `seen` describes the state at the timeout, so a failure in CI says what was there instead.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; fail?: () => string | undefined; seen?: () => string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    const failure = options.fail?.();
    if (failure) {
      throw new Error(`${what}: ${failure}`);
    }
    try {
      const value = await check();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      const seen = options.seen ? `; seen: ${options.seen()}` : '';
      throw new Error(`${what}: not ready after ${options.timeoutMs} ms${reason}${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 300));
  }
}
