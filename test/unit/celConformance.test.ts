/**
 * The tail's CEL filters against the CEL specification's conformance suite: every test of the
 * standard sections a filter can express, counted. The floor below is what passes today; a
 * change that loses a test fails here, and one that gains tests raises the floor (docs/features.md
 * keeps the table).
 */
import * as assert from 'node:assert/strict';
import { runConformance } from '../support/celConformance';

/** Conformance tests passing today, of the standard sections (see the table in docs/features.md). */
const PASSING_FLOOR = 1297;

describe('CEL conformance (cel-spec test data)', () => {
  it("passes at least as many of the standard sections' tests as before", () => {
    const counts = runConformance();
    const total = counts.reduce(
      (sum, c) => ({ passed: sum.passed + c.passed, failed: sum.failed + c.failed, notSupported: sum.notSupported + c.notSupported }),
      { passed: 0, failed: 0, notSupported: 0 },
    );
    if (process.env.CEL_CONFORMANCE_TABLE) {
      console.log('| section | passed | failed | needs protobuf messages or extensions |\n| --- | ---: | ---: | ---: |');
      counts.forEach((c) => console.log(`| ${c.section} | ${c.passed} | ${c.failed} | ${c.notSupported} |`));
      console.log(`| all | ${total.passed} | ${total.failed} | ${total.notSupported} |`);
      if (process.env.CEL_CONFORMANCE_TABLE === 'failures') {
        counts.forEach((c) => c.failures.forEach((f) => console.log(`  ${f}`)));
      }
    }
    assert.ok(total.passed >= PASSING_FLOOR, `${total.passed} conformance tests pass, fewer than the ${PASSING_FLOOR} that passed before`);
  });
});
