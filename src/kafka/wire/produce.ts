/**
 * Produce (API key 0) versions 3-8, the non-flexible ones that carry record batches (magic 2),
 * with every partition's answer kept: kafkajs' Produce response parser throws the first
 * partition error and drops the other partitions' base offsets, which an exact per-message
 * report needs. v8 (Kafka 2.4+) adds the broker's error message.
 * Schema: clients/src/main/resources/common/message/Produce{Request,Response}.json.
 */
import { CompactReader } from './compact';

export const PRODUCE_KEY = 0;
export const PRODUCE_VERSIONS = [8, 7, 6, 5, 4, 3] as const;

export interface PartitionBatch {
  readonly partition: number;
  /** A whole record batch (see recordBatch.ts beside this file). */
  readonly batch: Buffer;
}

export interface ProducedPartition {
  readonly partition: number;
  readonly errorCode: number;
  readonly baseOffset: bigint;
  /** The broker's words for the error (v8+), when it gave any. */
  readonly errorMessage: string | null;
}

function int16(value: number): Buffer {
  const buffer = Buffer.allocUnsafe(2);
  buffer.writeInt16BE(value);
  return buffer;
}

function int32(value: number): Buffer {
  const buffer = Buffer.allocUnsafe(4);
  buffer.writeInt32BE(value);
  return buffer;
}

function classicString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([int16(bytes.length), bytes]);
}

/** The request body (the same for v3-v8) for one topic: no transactional id. */
export function encodeProduce(topic: string, acks: number, timeoutMs: number, partitions: readonly PartitionBatch[]): Buffer {
  const parts: Buffer[] = [int16(-1), int16(acks), int32(timeoutMs), int32(1), classicString(topic), int32(partitions.length)];
  for (const { partition, batch } of partitions) {
    parts.push(int32(partition), int32(batch.length), batch);
  }
  return Buffer.concat(parts);
}

/** The partitions' answers in a response to `version`, for every topic in it. */
export function decodeProduce(payload: Buffer, version: number): ProducedPartition[] {
  const reader = new CompactReader(payload);
  const topics = reader.classicArray((r) => {
    r.classicNullableString(); // topic: the request named one
    return r.classicArray((p): ProducedPartition => {
      const partition = p.int32();
      const errorCode = p.int16();
      const baseOffset = p.int64();
      p.int64(); // log append time
      if (version >= 5) {
        p.int64(); // log start offset
      }
      let errorMessage: string | null = null;
      if (version >= 8) {
        const recordErrors = p.classicArray((e) => `record ${e.int32()}: ${e.classicNullableString() ?? 'invalid'}`);
        errorMessage = p.classicNullableString() ?? (recordErrors.length > 0 ? recordErrors.join('; ') : null);
      }
      return { partition, errorCode, baseOffset, errorMessage };
    });
  });
  reader.int32(); // throttle time
  return topics.flat();
}
