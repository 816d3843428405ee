import * as assert from 'node:assert/strict';
import { formatResetPlan, planReset, ResetCandidate } from '../../src/kafka/groups/offsetReset';

describe('offset reset planning', () => {
  const candidates: ResetCandidate[] = [
    { topic: 'orders', partition: 0, current: 40n, earliest: 10n, latest: 100n, atTimestamp: 55n },
    { topic: 'orders', partition: 1, current: undefined, earliest: 0n, latest: 5n, atTimestamp: -1n },
  ];
  const targets = (kind: Parameters<typeof planReset>[1]) => planReset(candidates, kind).map((p) => p.target);

  it('moves to the earliest or latest offset', () => {
    assert.deepEqual(targets({ kind: 'earliest' }), [10n, 0n]);
    assert.deepEqual(targets({ kind: 'latest' }), [100n, 5n]);
  });

  it("clamps a specific offset and a shift into each partition's range", () => {
    assert.deepEqual(targets({ kind: 'offset', offset: 7n }), [10n, 5n]);
    assert.deepEqual(targets({ kind: 'shift', by: -35n }), [10n, 0n]);
    assert.deepEqual(targets({ kind: 'shift', by: 3n }), [43n, 3n], 'no committed offset: shifts from the earliest');
  });

  it('uses the offset for a timestamp, or the latest when no message is that new', () => {
    assert.deepEqual(targets({ kind: 'timestamp', timestamp: 0 }), [55n, 5n]);
  });

  it('prints a dry run with old and new offsets', () => {
    const text = formatResetPlan('billing', { kind: 'shift', by: -5n }, planReset(candidates, { kind: 'shift', by: -5n }));
    assert.equal(
      text,
      [
        'Dry run: reset offsets of consumer group "billing" shifted by -5',
        '2 partitions, 2 changed. Nothing has been applied yet.',
        '',
        'TOPIC   PARTITION  CURRENT  NEW  EARLIEST  LATEST',
        'orders  0          40       35   10        100',
        'orders  1          -        0    0         5',
        '',
      ].join('\n'),
    );
  });

  it('plans 64-bit offsets exactly, beyond 2^53', () => {
    const far: ResetCandidate = {
      topic: 'ids',
      partition: 0,
      current: 9007199254740993n,
      earliest: 9007199254740990n,
      latest: 9223372036854775807n,
    };
    assert.deepEqual(
      planReset([far], { kind: 'shift', by: 2n }).map((p) => p.target),
      [9007199254740995n],
    );
    assert.match(
      formatResetPlan('g', { kind: 'latest' }, planReset([far], { kind: 'latest' })),
      /ids +0 +9007199254740993 +9223372036854775807 +9007199254740990 +9223372036854775807/,
    );
  });
});
