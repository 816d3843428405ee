/**
 * npm run fuzz: every target, FUZZ_RUNS inputs each (1,000,000 unless said), FUZZ_SEED to vary
 * the run; a name filter as arguments ("LZ4", "wire"). Exit 1 on any finding.
 */
import { fuzz, keepFinding } from './fuzz';
import { fuzzTargets } from './targets';
import { readWireSeeds, wireSeedsFile } from './wireSeeds';

const runs = Number(process.env.FUZZ_RUNS ?? 1_000_000);
const seed = Number(process.env.FUZZ_SEED ?? 1);
const filters = process.argv.slice(2);
const wireSeeds = readWireSeeds();
console.log(
  wireSeeds.size > 0
    ? `wire targets start from Kafka's responses kept in ${wireSeedsFile}`
    : `wire targets start from zeros: run test/integration/wireRoundTrip.test.ts first to keep Kafka's responses in ${wireSeedsFile}`,
);
async function main(): Promise<number> {
  let findings = 0;
  for (const target of fuzzTargets(true).filter((t) => filters.length === 0 || filters.some((f) => t.name.includes(f)))) {
    const started = Date.now();
    const report = await fuzz(target, runs, seed);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `${report.target}: ${report.runs} inputs in ${seconds} s, ${report.decoded} decoded, slowest ${report.slowestMs.toFixed(1)} ms, ${report.findings.length} findings`,
    );
    for (const finding of report.findings) {
      console.log(`  ${finding.problem}\n    kept in ${keepFinding(finding)}`);
    }
    findings += report.findings.length;
  }
  return findings;
}

void main().then((findings) => {
  process.exitCode = findings > 0 ? 1 : 0;
});
