/**
 * What a read_committed consumer shows of a partition's batches (visibleRecords.ts), on batches
 * made by hand: interleaved transactions, markers, a position inside a batch, a failed batch.
 */
import * as assert from 'node:assert/strict';
import { visibleRecords } from '../../src/kafka/consume/visibleRecords';
import type { BatchRead } from '../../src/kafka/wire/recordBatchReader';

interface Item {
  readonly offset: string;
}

/** A batch of `count` records from `base`; `producer` makes it transactional. */
function batch(base: number, count: number, producer?: number): BatchRead<Item> {
  return {
    baseOffset: BigInt(base),
    baseTimestamp: 0n,
    nextOffset: BigInt(base + count),
    producerId: BigInt(producer ?? -1),
    transactional: producer !== undefined,
    records: Array.from({ length: count }, (_, i) => ({ offset: String(base + i) })),
  };
}

function marker(at: number, producer: number, control: 'commit' | 'abort'): BatchRead<Item> {
  return { ...batch(at, 1, producer), control, records: [] };
}

const failed = (b: BatchRead<Item>): Item => ({ offset: `failed ${b.baseOffset}` });
const offsets = (items: readonly Item[]) => items.map((i) => i.offset);

describe('the records a read_committed tail shows', () => {
  // Producer 1's transaction (0, 3) commits at 5; producer 2's (1, 4) aborts at 6; 2 is outside any.
  const log = [
    batch(0, 1, 1),
    batch(1, 1, 2),
    batch(2, 1),
    batch(3, 1, 1),
    batch(4, 1, 2),
    marker(5, 1, 'commit'),
    marker(6, 2, 'abort'),
    batch(7, 1),
  ];
  const aborted = [{ producerId: 2n, firstOffset: 1n }];

  it('leaves out the aborted transaction and every marker, keeps the order, and moves past all of it', () => {
    const visible = visibleRecords(log, 0n, aborted, failed);
    assert.deepEqual(offsets(visible.items), ['0', '2', '3', '7']);
    assert.equal(visible.next, 8n);
  });

  it('shows everything but the markers without read_committed (no aborted list)', () => {
    assert.deepEqual(offsets(visibleRecords(log, 0n, null, failed).items), ['0', '1', '2', '3', '4', '7']);
  });

  it("drops a producer's aborted batches only until its abort marker: its next transaction shows", () => {
    const later = [...log, batch(8, 2, 2), marker(10, 2, 'commit')];
    assert.deepEqual(offsets(visibleRecords(later, 0n, aborted, failed).items), ['0', '2', '3', '7', '8', '9']);
  });

  it('an abort marker before the position still ends the aborted transaction', () => {
    const fetched = [batch(1, 1, 2), marker(2, 2, 'abort'), batch(3, 2, 2), marker(5, 2, 'commit')];
    const visible = visibleRecords(fetched, 3n, [{ producerId: 2n, firstOffset: 1n }], failed);
    assert.deepEqual(offsets(visible.items), ['3', '4']);
    assert.equal(visible.next, 6n);
  });

  it('leaves out the records of a batch before the position, and shows a failed batch as one item', () => {
    const failedBatch: BatchRead<Item> = {
      ...batch(13, 3),
      records: [],
      failure: { codec: 'lz4', reason: 'bad', firstOffset: '13', lastOffset: '15', recordCount: 3 },
    };
    const visible = visibleRecords([batch(10, 3), failedBatch], 11n, [], failed);
    assert.deepEqual(offsets(visible.items), ['11', '12', 'failed 13']);
    assert.equal(visible.next, 16n);
  });

  it('stays at the position when nothing was fetched', () => {
    assert.deepEqual(visibleRecords([], 42n, [], failed), { items: [], next: 42n });
  });
});
