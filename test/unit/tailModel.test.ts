/** The tail panel's model without VS Code: buffer, filter, window, counts, status and detail. */
import * as assert from 'node:assert/strict';
import { TailMessage } from '../../src/kafka/consume/tailSession';
import { DEFAULT_FORM } from '../../src/features/tail/host/defaults';
import { TailModel } from '../../src/features/tail/host/model';

const message = (partition: number, offset: number, value: string): TailMessage => ({
  topic: 'orders',
  partition,
  offset: String(offset),
  timestamp: '0',
  key: Buffer.from(`k${offset}`),
  value: Buffer.from(value),
  headers: [],
});

describe('the tail model', () => {
  it('keeps the newest messages, counts every one per partition, and drops the oldest beyond its capacity', () => {
    const model = new TailModel(3, () => DEFAULT_FORM);
    model.add([message(10, 0, 'a'), message(2, 0, 'b'), message(2, 1, 'c'), message(2, 2, 'd')]);
    const status = model.status();
    assert.deepEqual([status.total, status.buffered, status.dropped], [4, 3, 1]);
    assert.deepEqual(
      status.perPartition.map((p) => [p.partition, p.count]),
      [
        [2, 3],
        [10, 1],
      ],
      'sorted by partition number',
    );
    assert.deepEqual(
      model.allRows().map((r) => r.value),
      ['b', 'c', 'd'],
    );
    model.tick();
    assert.equal(model.status().ratePerSecond, 4);
  });

  it('serves the window in view: the newest while following, else from its start; only matching rows under a filter', () => {
    const model = new TailModel(100, () => DEFAULT_FORM);
    model.add(Array.from({ length: 50 }, (_, i) => message(i % 2, i, i % 10 === 0 ? `{"round": ${i}}` : `plain ${i}`)));
    model.setWindow({ start: 0, count: 5, follow: true });
    assert.deepEqual(
      model.windowRows().rows.map((r) => r.offset),
      ['45', '46', '47', '48', '49'],
    );
    model.setWindow({ start: 10, count: 2, follow: false });
    assert.deepEqual(
      { ...model.windowRows(), rows: model.windowRows().rows.map((r) => r.offset) },
      { total: 50, start: 10, rows: ['10', '11'] },
    );
    model.setFilter({ text: ' round ', partition: '0' });
    model.setWindow({ start: 0, count: 500, follow: true });
    assert.deepEqual(
      model.windowRows().rows.map((r) => r.offset),
      ['0', '10', '20', '30', '40'],
    );
    model.add([message(0, 60, '{"round": 60}'), message(1, 61, '{"round": 61}')]);
    assert.deepEqual(
      model.entries(true).map((e) => e.message.offset),
      ['0', '10', '20', '30', '40', '60'],
      'new messages are matched as they come',
    );
    assert.equal(model.entries(false).length, 52);
  });

  it('holds still when the user pauses: room is what is left, and the status says what the consumer does', () => {
    const model = new TailModel(10, () => DEFAULT_FORM);
    model.setConsumerState('running');
    model.add([message(0, 0, 'a'), message(0, 1, 'b')]);
    assert.equal(model.room(), Infinity);
    model.hold(true);
    assert.equal(model.room(), 8);
    assert.deepEqual([model.status().state, model.status().detail], ['paused', 'reading on until the buffer is full']);
    model.setConsumerState('paused', 'waiting for room');
    assert.match(model.status().detail ?? '', /buffer full: reading waits for Resume or Clear/);
    model.hold(false);
    model.setConsumerState('error', 'broker gone');
    assert.deepEqual([model.status().state, model.status().detail], ['error', 'broker gone']);
  });

  it('decodes the selected message for the detail, cut at 100,000 characters unless all is asked for', () => {
    const model = new TailModel(10, () => DEFAULT_FORM);
    model.add([message(0, 0, JSON.stringify({ big: 'x'.repeat(150_000) }))]);
    const entry = model.entry(1)!;
    const cut = model.detail(entry, 'auto', false);
    assert.deepEqual([cut.valuePretty.length, cut.valueLength, cut.valueFormat], [100_000, 150_015, 'json']);
    assert.equal(model.detail(entry, 'auto', true).valuePretty.length, 150_015);
    assert.equal(model.detail(entry, 'hex', false).valueFormat, 'hex');
    assert.equal(model.entry(99), undefined);
  });
});
