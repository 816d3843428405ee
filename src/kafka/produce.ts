import { Producer } from 'kafkajs';
import { Compression } from '../codecs/compression/codecs';
import { partitionForKey } from '../codecs/murmur2';
import { kafkajsCompression } from './compressionCodecs';
import { describeKafkaError } from './errors';

export interface MessageToSend {
  readonly key: Buffer | null;
  /** Null: a tombstone. */
  readonly value: Buffer | null;
  /** Text, or bytes sent as they are (a message read elsewhere, sent again). */
  readonly headers?: Readonly<Record<string, string | Buffer>>;
  /** An explicit partition; otherwise the key's murmur2 hash, or round-robin without a key. */
  readonly partition?: number;
  readonly timestamp?: string;
}

export interface Delivery {
  /** The message's index in the batch given to produceMessages. */
  readonly index: number;
  readonly partition: number;
  readonly offset: string;
}

export interface ProduceReport {
  readonly topic: string;
  readonly delivered: readonly Delivery[];
  /** Messages that were not acknowledged: not written, or not known to be. */
  readonly failed: readonly number[];
  /** Why the first failed chunk failed. */
  readonly error: string | undefined;
}

export interface ProduceOptions {
  readonly compression: Compression;
  /** Messages per request and partition. */
  readonly chunkSize?: number;
}

/** Where each message goes: explicit partition, else Java's murmur2 of the key, else round-robin. */
export function assignPartitions(messages: readonly MessageToSend[], partitionCount: number): number[] {
  let next = 0;
  return messages.map((m) => {
    if (m.partition !== undefined) {
      return m.partition;
    }
    if (m.key !== null) {
      return partitionForKey(m.key, partitionCount);
    }
    return next++ % partitionCount;
  });
}

/**
 * Sends messages with acks from all in-sync replicas. Messages are grouped per partition,
 * keeping their order, and sent in chunks: partitions in parallel, one chunk in flight per
 * partition. One chunk is one request to one leader, so it is acknowledged or not as a
 * whole: after a failure nothing more is sent, and the report says exactly which messages
 * were acknowledged (with their offsets) and which were not.
 */
export async function produceMessages(
  producer: Producer,
  topic: string,
  partitionCount: number,
  messages: readonly MessageToSend[],
  options: ProduceOptions,
): Promise<ProduceReport> {
  const partitions = assignPartitions(messages, partitionCount);
  const bad = partitions.findIndex((p) => p < 0 || p >= partitionCount);
  if (bad >= 0) {
    throw new Error(`Message ${bad + 1} asks for partition ${partitions[bad]}, but "${topic}" has partitions 0 to ${partitionCount - 1}.`);
  }
  const byPartition = new Map<number, number[]>();
  partitions.forEach((partition, index) => {
    const list = byPartition.get(partition) ?? [];
    list.push(index);
    byPartition.set(partition, list);
  });
  const chunkSize = options.chunkSize ?? 1000;
  const delivered: Delivery[] = [];
  const failed: number[] = [];
  let error: string | undefined;
  await Promise.all(
    [...byPartition].map(async ([partition, indexes]) => {
      for (let start = 0; start < indexes.length; start += chunkSize) {
        const chunk = indexes.slice(start, start + chunkSize);
        if (error !== undefined) {
          failed.push(...chunk);
          continue;
        }
        try {
          const [metadata] = await producer.send({
            topic,
            acks: -1,
            compression: kafkajsCompression(options.compression),
            messages: chunk.map((index) => {
              const m = messages[index];
              return {
                key: m.key,
                value: m.value,
                partition,
                ...(m.headers && Object.keys(m.headers).length > 0 ? { headers: { ...m.headers } } : {}),
                ...(m.timestamp ? { timestamp: m.timestamp } : {}),
              };
            }),
          });
          const base = BigInt(metadata.baseOffset ?? '0');
          chunk.forEach((index, i) => delivered.push({ index, partition, offset: String(base + BigInt(i)) }));
        } catch (caught) {
          error ??= describeKafkaError(caught);
          failed.push(...chunk);
        }
      }
    }),
  );
  return {
    topic,
    delivered: delivered.sort((a, b) => a.index - b.index),
    failed: failed.sort((a, b) => a - b),
    error,
  };
}
