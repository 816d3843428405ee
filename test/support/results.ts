/** Per-layer test results as JSON files, read back by test/runAll.ts. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface TestResult {
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs: number;
  readonly error?: string;
}

export interface LayerResults {
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
  readonly tests: readonly TestResult[];
  readonly finished: boolean;
}

export function writeResults(file: string, results: LayerResults): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(results, null, 2));
}

export function readResults(file: string): LayerResults | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LayerResults;
  } catch {
    return undefined;
  }
}
