/**
 * A short pass of every fuzz target (npm run fuzz runs 1,000,000 inputs each): no error a
 * decoder does not mean to give, no input over a second. Inputs the fuzzer found are kept as
 * unit tests beside the decoder they broke (jsonSchemaNumbers.test.ts, say).
 */
import * as assert from 'node:assert/strict';
import { fuzz } from '../fuzz/fuzz';
import { fuzzTargets } from '../fuzz/targets';

const SHORT_PASS = 2000;

describe('fuzz targets, a short pass', function () {
  // Work, not waiting: 2,000 record batches take about 2 s on a quiet machine, longer beside other work.
  this.timeout(60000);
  for (const target of fuzzTargets()) {
    it(`${target.name}: ${SHORT_PASS} mutated inputs`, async () => {
      const report = await fuzz(target, SHORT_PASS);
      assert.deepEqual(
        report.findings.map((f) => `${f.problem} on ${f.input.toString('hex').slice(0, 200)}`),
        [],
      );
    });
  }
});
