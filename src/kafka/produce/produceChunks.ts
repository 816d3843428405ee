/**
 * How a produce is cut into record batches: per partition, in message order, each batch
 * bounded by a message count and by size, with the sequence numbers an idempotent producer
 * gives them. And which Produce version to speak to a broker.
 */
import type { RecordToWrite } from '../wire/recordBatch';
import { InternalBroker } from '../kafkajsInternals';
import { versionFor } from '../requests';
import { PRODUCE } from '../wire/generated/produce';
import { KafkaExplorerError } from '../errors';

/** Produce with record batches (magic 2) needs v3 (Kafka 0.11); v13 names topics by id only. */
export const RECORD_BATCH_PRODUCE = { minVersion: 3, maxVersion: 12 };

/** Half the brokers' default message.max.bytes (1 MiB), so a batch is never refused for its size by default. */
const BATCH_BYTES = 512 * 1024;
const DEFAULT_BATCH_MESSAGES = 10000;
/** Record framing beyond key, value and headers: length, attributes, deltas, counts. */
const RECORD_OVERHEAD_BYTES = 20;

export interface ProduceChunk {
  /** Indexes of the messages in this batch, in order. */
  readonly indexes: number[];
  /** The idempotent producer's sequence number of the batch's first record. */
  readonly firstSequence: number;
  state: 'waiting' | 'inflight' | 'acked' | 'failed';
}

function recordBytes(record: RecordToWrite): number {
  let size = RECORD_OVERHEAD_BYTES + (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const [key, value] of Object.entries(record.headers ?? {})) {
    size += key.length + value.length + 2;
  }
  return size;
}

/** Each partition's batches, partitions in the order they first appear. */
export function planChunks(
  partitions: readonly number[],
  records: readonly RecordToWrite[],
  maxMessages = DEFAULT_BATCH_MESSAGES,
): Array<{ partition: number; chunks: ProduceChunk[] }> {
  const byPartition = new Map<number, { chunks: ProduceChunk[]; bytes: number; sequence: number }>();
  partitions.forEach((partition, index) => {
    const plan = byPartition.get(partition) ?? { chunks: [], bytes: 0, sequence: 0 };
    byPartition.set(partition, plan);
    const size = recordBytes(records[index]);
    const last = plan.chunks[plan.chunks.length - 1];
    if (last && last.indexes.length < maxMessages && plan.bytes + size <= BATCH_BYTES) {
      last.indexes.push(index);
      plan.bytes += size;
    } else {
      plan.chunks.push({ indexes: [index], firstSequence: plan.sequence, state: 'waiting' });
      plan.bytes = size;
    }
    plan.sequence++;
  });
  return [...byPartition].map(([partition, { chunks }]) => ({ partition, chunks }));
}

/** The newest Produce version both we and the broker speak (record batches need v3, Kafka 0.11). */
export function produceVersion(broker: InternalBroker): number {
  const version = versionFor(broker, PRODUCE, RECORD_BATCH_PRODUCE);
  if (version === undefined) {
    throw new KafkaExplorerError(
      'This broker does not accept record batches (Produce v3, Kafka 0.11 or later); Kafka Explorer cannot produce to it.',
      false,
    );
  }
  return version;
}
