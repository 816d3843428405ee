/**
 * The messages a tail hands over: kafkajs' messages of one batch (a named group's tail) or the
 * own fetch path's records, as plain records with their headers as a list, and a record batch
 * that could not be decoded as one message with the reason in its place (never dropped).
 */
import type { EachBatchPayload } from 'kafkajs';
import { BatchDecodeFailure, decodeFailureOf } from '../connection/compressionCodecs';
import type { BatchRead, RecordHeaders } from '../wire/recordBatchReader';

export interface TailMessage {
  readonly topic: string;
  readonly partition: number;
  /** The record's offset; for a batch that could not be decoded, its first offset. */
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: ReadonlyArray<readonly [string, Buffer | null]>;
  /** Set when this stands for a whole record batch that could not be decoded (key and value are null). */
  readonly batchError?: BatchDecodeFailure;
}

type KafkajsMessage = EachBatchPayload['batch']['messages'][number];

/**
 * A batch's messages as the tail hands them over: the placeholders of a record batch that
 * could not be decoded (see compressionCodecs.ts) become one message with the reason.
 */
export function tailMessages(topic: string, partition: number, messages: readonly KafkajsMessage[]): TailMessage[] {
  const result: TailMessage[] = [];
  for (const m of messages) {
    const failure = decodeFailureOf(m.value);
    if (!failure) {
      result.push({
        topic,
        partition,
        offset: m.offset,
        timestamp: m.timestamp,
        key: m.key,
        value: m.value,
        headers: m.headers ? headerList(m.headers) : [],
      });
    } else if (result[result.length - 1]?.batchError !== failure) {
      result.push({ topic, partition, offset: m.offset, timestamp: m.timestamp, key: null, value: null, headers: [], batchError: failure });
    }
  }
  return result;
}

/** The last offset a tail message covers. */
export const lastOffsetOf = (message: TailMessage): string => message.batchError?.lastOffset ?? message.offset;

function headerList(headers: Record<string, Buffer | string | (Buffer | string)[] | undefined>): Array<readonly [string, Buffer | null]> {
  const list: Array<readonly [string, Buffer | null]> = [];
  for (const name in headers) {
    const value = headers[name];
    for (const v of Array.isArray(value) ? value : [value]) {
      list.push([name, v === undefined ? null : Buffer.isBuffer(v) ? v : Buffer.from(String(v))]);
    }
  }
  return list;
}

/** The own fetch path's records of one partition as tail messages (recordBatchReader's factory). */
export function messageMaker(topic: string, partition: number) {
  return (offset: string, timestamp: string, key: Buffer | null, value: Buffer | null, headers: RecordHeaders): TailMessage => ({
    topic,
    partition,
    offset,
    timestamp,
    key,
    value,
    headers,
  });
}

/** A batch the own fetch path could not read, as the one message that stands for it. */
export function failureMessage(topic: string, partition: number, batch: BatchRead<TailMessage>): TailMessage {
  const failure = batch.failure!;
  return {
    topic,
    partition,
    offset: failure.firstOffset,
    timestamp: String(batch.baseTimestamp),
    key: null,
    value: null,
    headers: [],
    batchError: failure,
  };
}
