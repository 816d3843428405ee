import * as assert from 'node:assert/strict';
import { appendSample, describeCatchUp, duration, LagSample, ratesOf } from '../../src/features/groupWatch/host/history';
import { chartOf, newWatchedGroup, recordPoll, viewOfGroup } from '../../src/features/groupWatch/host/model';
import { parseGroupRequest, parseSavedGroupView } from '../../src/features/groupWatch/protocol';
import type { GroupInfo } from '../../src/kafka/groups/groups';

const sample = (at: number, ...parts: Array<[number, number, number]>): LagSample => ({
  at,
  partitions: parts.map(([partition, committed, latest]) => ({
    topic: 't',
    partition,
    committed: BigInt(committed),
    latest: BigInt(latest),
  })),
});

describe('a watched group over time', () => {
  it('gives no rate from one poll, and "caught up" when there is no lag', () => {
    assert.deepEqual(ratesOf([sample(0, [0, 5, 9])])?.catchUp, { kind: 'unknown' });
    assert.deepEqual(ratesOf([sample(0, [0, 9, 9])])?.catchUp, { kind: 'caught-up' });
  });

  it('reads consumption and production rates from offset deltas, and the estimate from the lag trend', () => {
    // 10 s: the group consumed 100 (0→100) while 300 were produced (200→500): lag 200 → 400.
    const behind = ratesOf([sample(0, [0, 0, 200]), sample(10_000, [0, 100, 500])])!;
    assert.equal(behind.totalLag, 400n);
    assert.equal(behind.consumePerSecond, 10);
    assert.equal(behind.producePerSecond, 30);
    assert.deepEqual(behind.catchUp, { kind: 'falling-behind', perSecond: 20 });
    assert.equal(describeCatchUp(behind.catchUp), 'falling behind by 20 msg/s');

    // Then it consumes 300 in 10 s while 100 arrive: lag 400 → 200, 20 msg/s net, 200 left: about 10 s.
    const catching = ratesOf([sample(0, [0, 100, 500]), sample(10_000, [0, 400, 600])])!;
    assert.deepEqual(catching.catchUp, { kind: 'catching-up', seconds: 10 });
    assert.equal(describeCatchUp(catching.catchUp), 'catching up: about 10 s to go');
    assert.deepEqual(ratesOf([sample(0, [0, 100, 500]), sample(10_000, [0, 100, 500])])!.catchUp, { kind: 'stalled' });
  });

  it('measures rates over the last 30 s, sums partitions, and counts a reset or a new partition as no progress', () => {
    const samples = [
      sample(0, [0, 0, 0]),
      sample(40_000, [0, 100, 1000], [1, 0, 0]),
      sample(60_000, [0, 50, 1200], [1, 10, 10], [2, 0, 7]),
    ];
    const rates = ratesOf(samples)!;
    // From the sample at 40 s (the one inside the window): partition 0 went back (reset): 0; partition 1: +10; partition 2 is new.
    assert.equal(rates.consumePerSecond, 10 / 20);
    assert.equal(rates.producePerSecond, (200 + 10) / 20);
    assert.equal(rates.totalLag, 1150n + 7n);
  });

  it('keeps only the samples of the history window', () => {
    let kept: LagSample[] = [];
    for (const at of [0, 10, 20, 30]) kept = appendSample(kept, sample(at * 1000), 15_000);
    assert.deepEqual(
      kept.map((s) => s.at),
      [20_000, 30_000],
    );
  });

  it('says durations as people do', () => {
    assert.deepEqual(
      [duration(0.2), duration(59), duration(150), duration(7260), duration(90000), duration(Infinity)],
      ['1 s', '59 s', '2 min 30 s', '2 h 1 min', '1 d 1 h', 'more than 30 days'],
    );
  });
});

describe('the group panel model', () => {
  const info = (groupId: string, committed: number[], latest: number[]): GroupInfo => ({
    groupId,
    type: 'classic',
    state: 'Stable',
    protocolType: 'consumer',
    protocol: 'range',
    members: [{ memberId: 'm-1', clientId: 'app', host: '/10.0.0.1', assignment: [{ topic: 't', partitions: [1, 0] }] }],
    offsets: committed.map((c, partition) => ({
      topic: 't',
      partition,
      committed: BigInt(c),
      latest: BigInt(latest[partition]),
      lag: BigInt(latest[partition] - c),
      memberIds: ['m-1'],
    })),
    totalLag: 0n,
    error: undefined,
  });

  it('turns polls into rows with exact offsets, members with their partitions, and an estimate', () => {
    const group = newWatchedGroup('g');
    recordPoll(group, 0, info('g', [0, 0], [10, 20]));
    recordPoll(group, 10_000, info('g', [5, 5], [30, 40]));
    const view = viewOfGroup(group);
    assert.equal(view.totalLag, '60');
    assert.equal(view.trend, 'falling-behind');
    assert.equal(view.consumeRate, '1 msg/s');
    assert.deepEqual(view.members, [{ memberId: 'm-1', clientId: 'app', host: '/10.0.0.1', assignment: 't: 0, 1' }]);
    assert.deepEqual(view.partitions[1], { topic: 't', partition: 1, committed: '5', latest: '40', lag: '35', member: 'app (/10.0.0.1)' });
  });

  it('keeps the figures of the last good poll when one fails, and says why', () => {
    const group = newWatchedGroup('g');
    recordPoll(group, 0, info('g', [1], [2]));
    recordPoll(group, 5000, undefined, 'broker down');
    assert.equal(viewOfGroup(group).error, 'broker down');
    assert.equal(viewOfGroup(group).totalLag, '1');
    assert.equal(group.samples.length, 1);
  });

  it('charts one group per partition (the busiest 7 and "other" when more), several groups as one total each', () => {
    const one = newWatchedGroup('g');
    recordPoll(one, 0, info('g', Array(10).fill(0), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    const chart = chartOf([one]);
    assert.deepEqual(
      chart.series.map((s) => s.name),
      ['t[9]', 't[8]', 't[7]', 't[6]', 't[5]', 't[4]', 't[3]', 'other'],
    );
    assert.deepEqual(
      chart.series.map((s) => s.values[0]),
      [10, 9, 8, 7, 6, 5, 4, 1 + 2 + 3],
    );

    const other = newWatchedGroup('h');
    recordPoll(other, 5000, info('h', [0], [4]));
    const few = newWatchedGroup('f');
    recordPoll(few, 0, info('f', [0, 0, 0], [1, 9, 5]));
    assert.deepEqual(
      chartOf([few]).series.map((s) => s.name),
      ['t[0]', 't[1]', 't[2]'],
      'in partition order when all fit: colours stay put',
    );

    const compared = chartOf([one, other]);
    assert.deepEqual(compared.times, [0, 5000]);
    assert.deepEqual(
      compared.series.map((s) => [s.name, s.values]),
      [
        ['g', [55, NaN]],
        ['h', [NaN, 4]],
      ],
    );
  });

  it('accepts only the requests the panel knows, with checked fields', () => {
    assert.deepEqual(parseGroupRequest({ requestId: 3, request: { type: 'setMode', mode: 'lines', extra: 1 } }), {
      ok: true,
      envelope: { requestId: 3, request: { type: 'setMode', mode: 'lines' } },
    });
    const bad = parseGroupRequest({ requestId: 4, request: { type: 'setMode', mode: 'pie' } });
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.error : '', /"mode" must be one of stacked, lines/);
    assert.equal(parseGroupRequest({ request: { type: 'refresh' } }).ok, false);
    assert.equal(parseGroupRequest({ requestId: 5, request: { type: 'eval' } }).ok, false);
  });

  it('brings back a panel after a reload only from a saved state that checks out', () => {
    assert.deepEqual(parseSavedGroupView({ clusterName: 'c', groupIds: ['a', 'b'], mode: 'lines', extra: 1 }), {
      clusterName: 'c',
      groupIds: ['a', 'b'],
      mode: 'lines',
    });
    for (const bad of [
      undefined,
      'x',
      { clusterName: 'c', groupIds: [], mode: 'lines' },
      { clusterName: 'c', groupIds: ['a', 3], mode: 'lines' },
      { clusterName: 'c', groupIds: ['a'], mode: 'pie' },
      { groupIds: ['a'], mode: 'lines' },
    ]) {
      assert.equal(parseSavedGroupView(bad), undefined, JSON.stringify(bad));
    }
  });
});
