import * as assert from 'node:assert/strict';
import { formatResetPlan, planReset, ResetCandidate } from '../../src/kafka/offsetReset';

describe('offset reset planning', () => {
  const candidates: ResetCandidate[] = [
    { topic: 'orders', partition: 0, current: 40, earliest: 10, latest: 100, atTimestamp: 55 },
    { topic: 'orders', partition: 1, current: undefined, earliest: 0, latest: 5, atTimestamp: -1 },
  ];
  const targets = (kind: Parameters<typeof planReset>[1]) => planReset(candidates, kind).map((p) => p.target);

  it('moves to the earliest or latest offset', () => {
    assert.deepEqual(targets({ kind: 'earliest' }), [10, 0]);
    assert.deepEqual(targets({ kind: 'latest' }), [100, 5]);
  });

  it('clamps a specific offset and a shift into each partition\'s range', () => {
    assert.deepEqual(targets({ kind: 'offset', offset: 7 }), [10, 5]);
    assert.deepEqual(targets({ kind: 'shift', by: -35 }), [10, 0]);
    assert.deepEqual(targets({ kind: 'shift', by: 3 }), [43, 3], 'no committed offset: shifts from the earliest');
  });

  it('uses the offset for a timestamp, or the latest when no message is that new', () => {
    assert.deepEqual(targets({ kind: 'timestamp', timestamp: 0 }), [55, 5]);
  });

  it('prints a dry run with old and new offsets', () => {
    const text = formatResetPlan('billing', { kind: 'shift', by: -5 }, planReset(candidates, { kind: 'shift', by: -5 }));
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
});
