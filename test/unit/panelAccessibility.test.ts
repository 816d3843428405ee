import * as assert from 'node:assert/strict';
import { histogramSummary, histogramTable, lagSummary, lagTable, spanText } from '../../src/workbench/webview/chartText';
import { announce, Announced, AnnouncedStatus, COUNT_EVERY_MS } from '../../src/features/tail/webview/announce';
import { gridTarget, GridView, isGridKey } from '../../src/features/tail/webview/gridKeys';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);

describe("the charts' text equivalents", () => {
  it('says a span in units that read well', () => {
    assert.equal(spanText(1000), '1 second');
    assert.equal(spanText(40_000), '40 seconds');
    assert.equal(spanText(300_000), '5 minutes');
    assert.equal(spanText(90 * 60_000), '90 minutes');
    assert.equal(spanText(150 * 60_000), '2 hours 30 minutes');
    assert.equal(spanText(3 * 3600_000), '3 hours');
    assert.equal(spanText(3 * 86400_000), '3 days');
  });

  const partitions = {
    title: 'lag per partition of orders-app',
    times: [T0, T0 + 150_000, T0 + 300_000],
    series: [
      { name: 'orders[0]', values: [40, 100, 200] },
      { name: 'orders[1]', values: [80, NaN, 280] },
    ],
  };

  it("sums one group's partitions into a total and says how it moved", () => {
    assert.equal(
      lagSummary(partitions, false),
      'Lag per partition of orders-app over the last 5 minutes (3 polls): total 480, up from 120; orders[0] 200, orders[1] 280',
    );
    const falling = { ...partitions, series: [{ name: 'orders[0]', values: [1200, 50, 0] }] };
    assert.equal(
      lagSummary(falling, false),
      'Lag per partition of orders-app over the last 5 minutes (3 polls): total 0, down from 1,200; orders[0] 0',
    );
    assert.equal(lagSummary({ ...partitions, times: [], series: [] }, false), 'Lag per partition of orders-app: no poll yet');
    assert.equal(
      lagSummary({ ...partitions, times: [T0], series: [{ name: 'orders[0]', values: [7] }] }, false),
      'Lag per partition of orders-app, one poll so far: total 7; orders[0] 7',
    );
  });

  it("compares groups by each one's total, skipping polls a group was not in", () => {
    const groups = {
      title: 'total lag per group',
      times: [T0, T0 + 60_000],
      series: [
        { name: 'billing', values: [10, 10] },
        { name: 'audit', values: [NaN, 5] },
      ],
    };
    assert.equal(
      lagSummary(groups, true),
      'Total lag per group over the last 60 seconds (2 polls): billing 10, unchanged; audit 5, unchanged',
    );
  });

  it('lists the newest polls in the data table, a gap as "not polled", with a total column for partitions', () => {
    const table = lagTable(partitions, false, 2);
    assert.equal(table.caption, 'Lag at the last 2 of 3 polls');
    assert.deepEqual(table.headers, ['time (UTC)', 'orders[0]', 'orders[1]', 'total']);
    assert.deepEqual(table.rows, [
      ['12:02:30', '100', 'not polled', '100'],
      ['12:05:00', '200', '280', '480'],
    ]);
    assert.equal(lagTable(partitions, true, 10).caption, 'Lag at each poll (3 polls)');
    assert.deepEqual(lagTable(partitions, true, 10).headers, ['time (UTC)', 'orders[0]', 'orders[1]']);
  });

  const histogram = {
    from: T0,
    bucketMs: 5000,
    series: ['[0]', '[1]'],
    counts: [
      [1, 2],
      [0, 0],
      [10, 2],
    ],
  };

  it('summarises the histogram: its time range, bar width, count, busiest bar and each partition', () => {
    assert.equal(
      histogramSummary(histogram),
      'Messages from 2026-11-26 12:00:00 to 12:00:15 UTC in bars of 5 seconds: 15 messages, at most 12 in one bar (12:00:10); [0] 11, [1] 4',
    );
    assert.equal(
      histogramSummary({ ...histogram, from: T0 - 5000, counts: [[0, 0]] }),
      'Messages from 2026-11-26 11:59:55 to 12:00:00 UTC in bars of 5 seconds: 0 messages; [0] 0, [1] 0',
    );
    assert.match(
      histogramSummary({ ...histogram, bucketMs: 86400_000 }),
      /^Messages from 2026-11-26 12:00:00 to 2026-11-29 12:00:00 UTC in bars of 1 day:/,
    );
  });

  it("tabulates only the histogram's bars that hold messages", () => {
    assert.deepEqual(histogramTable(histogram), {
      caption: 'Messages per bar of 5 seconds (2 bars with messages)',
      headers: ['bar from (UTC)', '[0]', '[1]', 'total'],
      rows: [
        ['12:00:00', '1', '2', '3'],
        ['12:00:10', '10', '2', '12'],
      ],
    });
  });
});

describe("the message grid's keys", () => {
  // 100 rows, 20..29 in view.
  const view: GridView = { total: 100, firstVisible: 20, lastVisible: 29 };

  it('moves one row, a page (the rows in view less one) or to either end, and stops at the ends', () => {
    assert.equal(gridTarget('ArrowDown', 24, view), 25);
    assert.equal(gridTarget('ArrowUp', 24, view), 23);
    assert.equal(gridTarget('PageDown', 24, view), 33);
    assert.equal(gridTarget('PageUp', 24, view), 15);
    assert.equal(gridTarget('Home', 24, view), 0);
    assert.equal(gridTarget('End', 24, view), 99);
    assert.equal(gridTarget('ArrowDown', 99, view), 99);
    assert.equal(gridTarget('ArrowUp', 0, view), 0);
    assert.equal(gridTarget('PageDown', 95, view), 99);
    assert.equal(gridTarget('PageUp', 3, view), 0);
  });

  it('starts from the rows in view when no row is selected there', () => {
    assert.equal(gridTarget('ArrowDown', undefined, view), 20);
    assert.equal(gridTarget('PageDown', undefined, view), 20);
    assert.equal(gridTarget('ArrowUp', undefined, view), 29);
    assert.equal(gridTarget('PageUp', undefined, view), 29);
  });

  it('goes nowhere in an empty grid, and pages by one row when one row fits', () => {
    for (const key of ['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End'] as const) {
      assert.equal(gridTarget(key, undefined, { total: 0, firstVisible: 0, lastVisible: 0 }), undefined);
    }
    assert.equal(gridTarget('PageDown', 5, { total: 10, firstVisible: 5, lastVisible: 5 }), 6);
  });

  it('knows its keys', () => {
    assert.ok(isGridKey('PageDown'));
    assert.ok(!isGridKey('ArrowLeft'));
    assert.ok(!isGridKey('Enter'));
  });
});

describe("the tail panel's announcements", () => {
  const status = (state: AnnouncedStatus['state'], total = 0, detail?: string): AnnouncedStatus => ({ state, total, detail });
  /** Feeds statuses at the given times and returns what was said. */
  const run = (steps: Array<[number, AnnouncedStatus]>): string[] => {
    let said: Announced | undefined;
    const spoken: string[] = [];
    for (const [at, s] of steps) {
      const result = announce(said, s, at);
      said = result.said;
      if (result.text) spoken.push(result.text);
    }
    return spoken;
  };

  it('says each change of state at once, and nothing for an idle panel', () => {
    assert.deepEqual(
      run([
        [0, status('idle')],
        [100, status('starting')],
        [200, status('running', 3)],
        [300, status('paused', 1234)],
        [400, status('running', 1234)],
        [500, status('stopped', 2000, 'reached the end')],
      ]),
      [
        'Tail starting',
        'Tail running, 3 messages',
        'Tail paused at 1,234 messages',
        'Tail running, 1,234 messages',
        'Tail stopped after 2,000 messages: reached the end',
      ],
    );
  });

  it('says the count while running at most every 10 s, and only when it grew', () => {
    const steps: Array<[number, AnnouncedStatus]> = [[0, status('running', 0)]];
    // Ten statuses a second for 25 s, a message every 100 ms for the first 15 s.
    for (let at = 100; at <= 25_000; at += 100) steps.push([at, status('running', Math.min(at, 15_000) / 100)]);
    assert.equal(COUNT_EVERY_MS, 10_000);
    assert.deepEqual(run(steps), ['Tail running, 0 messages', '100 messages', '150 messages']);
  });

  it('says an error, and a new error again', () => {
    assert.deepEqual(
      run([
        [0, status('running', 1)],
        [100, status('error', 1, 'broker down')],
        [200, status('error', 1, 'broker down')],
        [300, status('error', 1, 'topic deleted')],
        [400, status('error', 1)],
      ]),
      ['Tail running, 1 message', 'Tail error: broker down', 'Tail error: topic deleted', 'Tail error: the consumer stopped'],
    );
  });
});
