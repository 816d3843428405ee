/**
 * Which records of one partition's fetched batches a consumer shows, as Kafka's own consumer
 * decides: none before the fetch position (the broker returns a batch whole), and with
 * read_committed none of an aborted transaction (its batches come after the first offset the
 * broker lists for it, until its producer's abort marker) and no marker at all.
 */
import type { BatchRead } from '../wire/recordBatchReader';

export interface AbortedTransaction {
  readonly producerId: bigint;
  readonly firstOffset: bigint;
}

export interface Visible<T> {
  /** The records to show, a failed batch as the one item `failed` makes of it. */
  readonly items: T[];
  /** Where the partition is fetched next: past every batch read, markers and skipped ones included. */
  readonly next: bigint;
}

export function visibleRecords<T extends { readonly offset: string }>(
  batches: readonly BatchRead<T>[],
  from: bigint,
  aborted: readonly AbortedTransaction[] | null,
  failed: (batch: BatchRead<T>) => T,
): Visible<T> {
  const byFirstOffset = [...(aborted ?? [])].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0));
  const abortedProducers = new Set<bigint>();
  let nextAborted = 0;
  const items: T[] = [];
  let next = from;
  for (const batch of batches) {
    while (nextAborted < byFirstOffset.length && byFirstOffset[nextAborted].firstOffset < batch.nextOffset) {
      abortedProducers.add(byFirstOffset[nextAborted++].producerId);
    }
    if (batch.nextOffset > next) {
      next = batch.nextOffset;
    }
    if (batch.control) {
      // A marker before the position still ends its producer's aborted transaction.
      if (batch.control === 'abort') {
        abortedProducers.delete(batch.producerId);
      }
      continue;
    }
    if (batch.nextOffset <= from) {
      continue;
    }
    if (batch.failure) {
      items.push(failed(batch));
    } else if (!(batch.transactional && abortedProducers.has(batch.producerId))) {
      for (const record of batch.records) {
        if (batch.baseOffset >= from || BigInt(record.offset) >= from) {
          items.push(record);
        }
      }
    }
  }
  return { items, next };
}
