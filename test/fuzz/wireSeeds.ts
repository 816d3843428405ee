/**
 * Kafka's own bytes of every sample response (written by the Java round trip in
 * test/integration/wireRoundTrip.test.ts), kept for npm run fuzz to start from: mutations of real
 * responses reach far deeper into a decoder than mutations of zeros.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resultsDir } from '../harness/paths';

const SEEDS_FILE = path.join(resultsDir, 'fuzz', 'wire-seeds.json');

export function writeWireSeeds(seeds: ReadonlyMap<string, readonly string[]>): void {
  fs.mkdirSync(path.dirname(SEEDS_FILE), { recursive: true });
  fs.writeFileSync(SEEDS_FILE, JSON.stringify(Object.fromEntries(seeds)));
}

/** API name → Kafka's response bytes; empty when the round trip has not run here. */
export function readWireSeeds(): Map<string, Buffer[]> {
  if (!fs.existsSync(SEEDS_FILE)) {
    return new Map();
  }
  const json = JSON.parse(fs.readFileSync(SEEDS_FILE, 'utf8')) as Record<string, string[]>;
  return new Map(Object.entries(json).map(([api, hex]) => [api, hex.map((h) => Buffer.from(h, 'hex'))]));
}

export const wireSeedsFile = SEEDS_FILE;
