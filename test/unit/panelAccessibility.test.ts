import * as assert from 'node:assert/strict';
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
