/**
 * Runs the fuzz targets: each input is a mutation of a target's seeds (or of an earlier input
 * that was decoded without an error, so that mutations go deeper). A finding is an error the
 * target does not expect, or an input that takes over a second of CPU time; it is written to
 * test-results/fuzz/ for a unit test to keep.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resultsDir } from '../harness/paths';
import { mutate, Random } from './mutator';
import { FuzzTarget } from './targets';

export interface Finding {
  readonly target: string;
  readonly input: Buffer;
  readonly problem: string;
}

export interface FuzzReport {
  readonly target: string;
  readonly runs: number;
  /** Inputs decoded without an error. */
  readonly decoded: number;
  readonly slowestMs: number;
  readonly findings: readonly Finding[];
}

/** CPU time, not wall time: a busy machine (the other core's tests, a GC of another) must not make an input slow. */
const SLOW_MS = 1000;
/** Inputs kept to mutate further: grown from the seeds by what decodes. */
const POOL_SIZE = 256;

export async function fuzz(target: FuzzTarget, runs: number, seed = 1): Promise<FuzzReport> {
  const random = new Random(seed);
  const pool = await target.seeds();
  const seedCount = pool.length;
  // Inputs that decode are mutated further, and repeated slices make them longer each time: kept
  // unbounded, a million Fetch responses never finished (27 minutes, inputs of megabytes).
  const keptBytes = Math.max(64 * 1024, 4 * Math.max(0, ...pool.map((input) => input.length)));
  const findings: Finding[] = [];
  let decoded = 0;
  let slowestMs = 0;
  for (let i = 0; i < runs && findings.length < 10; i++) {
    const input = mutate(pool[random.below(pool.length)], random);
    const started = process.cpuUsage();
    let problem: string | undefined;
    try {
      const running = target.run(input);
      // Only asynchronous targets (a decoder that awaits) pay for a turn of the event loop.
      if (running) {
        await running;
      }
      decoded++;
      if (input.length > keptBytes) {
        // decoded, but not mutated further
      } else if (pool.length < POOL_SIZE) {
        pool.push(input);
      } else {
        pool[seedCount + random.below(POOL_SIZE - seedCount)] = input;
      }
    } catch (error) {
      if (!target.expected(error)) {
        problem = `${(error as Error)?.name ?? typeof error}: ${(error as Error)?.message ?? String(error)}`;
      }
    }
    const used = process.cpuUsage(started);
    const ms = (used.user + used.system) / 1000;
    slowestMs = Math.max(slowestMs, ms);
    if (problem === undefined && ms > SLOW_MS) {
      problem = `took ${Math.round(ms)} ms`;
    }
    if (problem !== undefined) {
      findings.push({ target: target.name, input, problem });
    }
  }
  return { target: target.name, runs, decoded, slowestMs, findings };
}

/** Writes a finding's input where a unit test can pick it up; returns the path. */
export function keepFinding(finding: Finding): string {
  const dir = path.join(resultsDir, 'fuzz');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(
    dir,
    `${finding.target.replace(/\W+/g, '-')}-${createHash('sha256').update(finding.input).digest('hex').slice(0, 12)}.bin`,
  );
  fs.writeFileSync(file, finding.input);
  return file;
}
