import * as assert from 'node:assert/strict';
import { announce, Announced, AnnouncedStatus, COUNT_EVERY_MS } from '../../src/webview/tail/announce';
import { gridTarget, GridView, isGridKey } from '../../src/webview/tail/gridKeys';

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
