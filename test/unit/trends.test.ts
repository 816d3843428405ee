import * as assert from 'node:assert/strict';
import { GroupInfo } from '../../src/kafka/groups/groups';
import { OffsetRange, PerPartition } from '../../src/kafka/admin/offsets';
import { describeGrowth, formatRate, groupSignature, LagHistory, lagGrowth, ThroughputHistory } from '../../src/kafka/trends';

function group(groupId: string, totalLag: bigint, error?: string): GroupInfo {
  return {
    groupId,
    state: 'Stable',
    type: 'classic',
    protocolType: 'consumer',
    protocol: 'range',
    members: [],
    offsets: [],
    totalLag,
    error,
  };
}

/** Feeds one lag per sample, 10 s apart, for group "g". */
function history(...lags: number[]): LagHistory {
  const lag = new LagHistory();
  lags.forEach((value, i) => lag.observe({ value: [group('g', BigInt(value))], atMs: 1_000_000 + i * 10_000 }));
  return lag;
}

describe('lag growth detection', () => {
  it('reports growth when the lag rose in each of the last three intervals', () => {
    const samples = [120, 200, 350, 480].map((lag, i) => ({ lag: BigInt(lag), atMs: i * 10_000 }));
    assert.deepEqual(lagGrowth(samples), { from: 120n, to: 480n, spanMs: 30_000 });
  });

  it('needs three increases in a row: fewer samples, a flat interval or a drop is no growth', () => {
    const at = (lags: number[]) => lags.map((lag, i) => ({ lag: BigInt(lag), atMs: i * 1000 }));
    assert.equal(lagGrowth(at([1, 2, 3])), undefined, 'two intervals only');
    assert.equal(lagGrowth(at([1, 2, 2, 3])), undefined, 'no change in one interval');
    assert.equal(lagGrowth(at([1, 5, 3, 4])), undefined, 'a drop');
    assert.deepEqual(lagGrowth(at([9, 1, 2, 3, 4])), { from: 1n, to: 4n, spanMs: 3000 }, 'only the last three intervals count');
  });

  it('says what grew, by how much and over how long', () => {
    assert.equal(describeGrowth({ from: 120n, to: 480n, spanMs: 30_000 }), 'lag growing: 120 → 480 over 30 s');
    assert.equal(describeGrowth({ from: 1200n, to: 48000n, spanMs: 300_400 }), 'lag growing: 1,200 → 48,000 over 5 min');
  });

  it('tracks each group across fetches and drops the mark once the group catches up', () => {
    const lag = history(10, 20, 30);
    assert.equal(lag.growth('g'), undefined, 'two increases');
    lag.observe({ value: [group('g', 40n)], atMs: 1_030_000 });
    assert.deepEqual(lag.growth('g'), { from: 10n, to: 40n, spanMs: 30_000 });
    lag.observe({ value: [group('g', 0n)], atMs: 1_040_000 });
    assert.equal(lag.growth('g'), undefined, 'caught up');
  });

  it('counts a fetch once: the same list again, or one right after the last, is not another interval', () => {
    const lag = history(10, 20, 30);
    const latest = { value: [group('g', 30n)], atMs: 1_020_000 };
    lag.observe(latest); // the tree drawing the folder again from the same snapshot
    lag.observe({ value: [group('g', 35n)], atMs: 1_020_100 }); // a Refresh 0.1 s after a poll
    lag.observe({ value: [group('g', 40n)], atMs: 1_030_000 });
    assert.deepEqual(lag.growth('g'), { from: 10n, to: 40n, spanMs: 30_000 });
  });

  it('starts a group over after an error or when it was deleted, and knows how many groups there are', () => {
    const lag = history(10, 20, 30);
    lag.observe({ value: [group('g', 40n, 'COORDINATOR_NOT_AVAILABLE'), group('h', 1n)], atMs: 1_030_000 });
    assert.equal(lag.groupCount, 2);
    for (const [i, value] of [50, 60, 70].entries()) {
      lag.observe({ value: [group('g', BigInt(value))], atMs: 1_040_000 + i * 10_000 });
    }
    assert.equal(lag.growth('g'), undefined, 'three samples since the error');
    assert.equal(lag.groupCount, 1);
  });

  it('sees a change in any row a group shows in its signature', () => {
    const base = { ...group('g', 1n), offsets: [{ topic: 't', partition: 0, committed: 5n, latest: 6n, lag: 1n, memberIds: [] }] };
    const moved = { ...base, offsets: [{ ...base.offsets[0], committed: 6n, latest: 7n }] };
    assert.notEqual(groupSignature(base), groupSignature(moved), 'same lag, other offsets');
    assert.equal(groupSignature(base), groupSignature({ ...base }));
  });
});

describe('topic throughput', () => {
  const offsets = (latest: Record<string, number[]>): PerPartition<OffsetRange> =>
    new Map(
      Object.entries(latest).map(([topic, ends]) => [
        topic,
        new Map(ends.map((end, partition) => [partition, { earliest: 0n, latest: BigInt(end) }])),
      ]),
    );

  it('is the growth of the latest offsets between two fetches, per second', () => {
    const rates = new ThroughputHistory();
    rates.observe({ value: offsets({ a: [100, 200], b: [5] }), atMs: 0 });
    assert.equal(rates.perSecond('a'), undefined, 'one fetch: no rate yet');
    rates.observe({ value: offsets({ a: [200, 450], b: [5] }), atMs: 10_000 });
    assert.equal(rates.perSecond('a'), 35);
    assert.equal(rates.perSecond('b'), 0);
  });

  it('leaves out a topic that went back (deleted and created again) and ignores fetches too close together', () => {
    const rates = new ThroughputHistory();
    rates.observe({ value: offsets({ a: [100] }), atMs: 0 });
    rates.observe({ value: offsets({ a: [150] }), atMs: 200 });
    rates.observe({ value: offsets({ a: [120] }), atMs: 2000 });
    assert.equal(rates.perSecond('a'), 10, 'measured against the fetch at 0, not the one 0.2 s later');
    rates.observe({ value: offsets({ a: [3], c: [1] }), atMs: 4000 });
    assert.equal(rates.perSecond('a'), undefined);
    assert.equal(rates.perSecond('c'), undefined, 'new topic: nothing to compare with');
  });

  it('reads as a short rate', () => {
    assert.equal(formatRate(35.4), '35 msg/s');
    assert.equal(formatRate(0.25), '0.3 msg/s');
    assert.equal(formatRate(0), '0 msg/s');
    assert.equal(formatRate(12345.6), '12,346 msg/s');
  });
});
