/**
 * Reads the record batches (magic 2, KIP-98) of a Fetch response's `records` bytes, every length
 * checked against the bytes it lies in. Keys, values and headers are views into the fetched (or
 * decompressed) bytes, not copies. A batch whose records cannot be read, or decompressed, is one
 * failure carrying its offsets and the reason: never dropped, and never failing the partitions
 * beside it. Layout: DefaultRecordBatch.java / DefaultRecord.java in Kafka.
 */
import { CODECS, COMPRESSIONS, Compression } from '../../codecs/compression/codecs';
import { RECORD_BATCH_HEADER_BYTES as HEADER_BYTES } from './recordBatch';

/** A record batch that could not be decoded: which records it held, and why. */
export interface BatchDecodeFailure {
  readonly codec: Compression;
  readonly reason: string;
  readonly firstOffset: string;
  readonly lastOffset: string;
  readonly recordCount: number;
}

export type RecordHeaders = ReadonlyArray<readonly [string, Buffer | null]>;

/** Makes the caller's record object (a tail message, say) without an object of ours in between. */
export type RecordFactory<T> = (offset: string, timestamp: string, key: Buffer | null, value: Buffer | null, headers: RecordHeaders) => T;

export interface BatchRead<T> {
  readonly baseOffset: bigint;
  /** The first record's timestamp as the batch header says (-1 when the header could not be read). */
  readonly baseTimestamp: bigint;
  /** The offset after the batch: where the next fetch of this partition starts. */
  readonly nextOffset: bigint;
  readonly producerId: bigint;
  readonly transactional: boolean;
  /** A transaction marker: `abort` tells read_committed which producer's records to drop. */
  readonly control?: 'commit' | 'abort' | 'other';
  /** The records; empty for a control batch or a failed one. */
  readonly records: T[];
  readonly failure?: BatchDecodeFailure;
}

/** Base offset (8) and batch length (4) come before what the length counts. */
const LOG_OVERHEAD = 12;
const CONTROL_FLAG = 0x20;
const TRANSACTIONAL_FLAG = 0x10;
const LOG_APPEND_TIME_FLAG = 0x08;

class RecordsError extends Error {}

/** The headers of every record without any: shared, and frozen so that no one adds to it. */
const NO_HEADERS = Object.freeze([]) as unknown as Array<readonly [string, Buffer | null]>;

/** A cursor over one record's bytes that refuses to read past `end`. */
class Cursor {
  constructor(
    readonly bytes: Buffer,
    public at: number,
    public end: number,
  ) {}

  /** A zigzag varint (32 bits). */
  varint(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (this.at >= this.end) {
        throw new RecordsError('a record ends inside a varint');
      }
      const byte = this.bytes[this.at++];
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) {
        return (result >>> 1) ^ -(result & 1);
      }
    }
    throw new RecordsError('a varint longer than 5 bytes');
  }

  /** A zigzag varlong, exact: a number while it is safe, else a bigint. */
  varlong(): number | bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.at >= this.end) {
        throw new RecordsError('a record ends inside a varlong');
      }
      const byte = this.bytes[this.at++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) {
        const value = (result >> 1n) ^ -(result & 1n);
        return safeNumber(value) ?? value;
      }
    }
    throw new RecordsError('a varlong longer than 10 bytes');
  }

  /** A small varlong, the common case, without bigint arithmetic. */
  smallVarlong(): number | bigint {
    const start = this.at;
    let result = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (this.at >= this.end) {
        throw new RecordsError('a record ends inside a varlong');
      }
      const byte = this.bytes[this.at++];
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) {
        return (result >>> 1) ^ -(result & 1);
      }
    }
    this.at = start;
    return this.varlong();
  }

  /** Varint-length-prefixed bytes, -1 meaning null; a view, not a copy. */
  nullableBytes(): Buffer | null {
    const length = this.varint();
    if (length === -1) {
      return null;
    }
    if (length < 0 || length > this.end - this.at) {
      throw new RecordsError(`a field of ${length} bytes does not fit in its record`);
    }
    const view = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return view;
  }
}

function add(base: bigint, baseNumber: number | undefined, delta: number | bigint): string {
  if (baseNumber !== undefined && typeof delta === 'number') {
    const sum = baseNumber + delta;
    if (Number.isSafeInteger(sum)) {
      return String(sum);
    }
  }
  return String(base + BigInt(delta));
}

const safeNumber = (value: bigint): number | undefined =>
  value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;

/** `count` records from bytes[at, end), exactly filling it. */
function readRecords<T>(
  bytes: Buffer,
  count: number,
  lastOffsetDelta: number,
  baseOffset: bigint,
  baseTimestamp: bigint,
  appendTime: bigint | undefined,
  make: RecordFactory<T>,
): T[] {
  const records: T[] = [];
  const cursor = new Cursor(bytes, 0, bytes.length);
  // One cursor for every record, bounded by that record's end: no object per record for it.
  const record = new Cursor(bytes, 0, 0);
  const baseOffsetNumber = safeNumber(baseOffset);
  const baseTimestampNumber = safeNumber(baseTimestamp);
  const appendTimeText = appendTime === undefined ? undefined : String(appendTime);
  for (let i = 0; i < count; i++) {
    const length = cursor.varint();
    if (length < 0 || length > bytes.length - cursor.at) {
      throw new RecordsError(`record ${i} of ${count} claims ${length} bytes, more than the batch holds`);
    }
    const end = cursor.at + length;
    record.end = end;
    record.at = cursor.at + 1; // past the attributes, which are unused
    const timestampDelta = record.smallVarlong();
    const offsetDelta = record.varint();
    if (offsetDelta < 0 || offsetDelta > lastOffsetDelta) {
      throw new RecordsError(`record ${i} is at offset delta ${offsetDelta}, outside the batch's 0..${lastOffsetDelta}`);
    }
    const key = record.nullableBytes();
    const value = record.nullableBytes();
    const headerCount = record.varint();
    if (headerCount < 0 || headerCount > end - record.at) {
      throw new RecordsError(`record ${i} claims ${headerCount} headers`);
    }
    const headers: Array<readonly [string, Buffer | null]> = headerCount === 0 ? NO_HEADERS : [];
    for (let h = 0; h < headerCount; h++) {
      const name = record.nullableBytes();
      if (name === null) {
        throw new RecordsError(`record ${i} has a header without a name`);
      }
      headers.push([name.toString('utf8'), record.nullableBytes()]);
    }
    if (record.at !== end) {
      throw new RecordsError(`record ${i} has ${end - record.at} bytes after its headers`);
    }
    cursor.at = end;
    records.push(
      make(
        add(baseOffset, baseOffsetNumber, offsetDelta),
        appendTimeText ?? add(baseTimestamp, baseTimestampNumber, timestampDelta),
        key,
        value,
        headers,
      ),
    );
  }
  if (cursor.at !== bytes.length) {
    throw new RecordsError(`${bytes.length - cursor.at} bytes follow the batch's ${count} records`);
  }
  return records;
}

/** A control batch's marker: its one record's key is (version int16, type int16); 0 aborts, 1 commits. */
function controlType(records: Buffer): 'commit' | 'abort' | 'other' {
  try {
    const cursor = new Cursor(records, 0, records.length);
    cursor.varint();
    cursor.at++;
    cursor.smallVarlong();
    cursor.varint();
    const key = cursor.nullableBytes();
    const type = key && key.length >= 4 ? key.readInt16BE(2) : -1;
    return type === 0 ? 'abort' : type === 1 ? 'commit' : 'other';
  } catch {
    return 'other';
  }
}

/**
 * The batches of one partition's fetched bytes, in order. A batch cut off at the end (the broker
 * fills the fetch up to its size limit) is left for the next fetch. Bytes that are no batch at all
 * (a length that cannot be) end the list with a failure from that offset on.
 */
export async function readRecordBatches<T>(bytes: Buffer, make: RecordFactory<T>): Promise<BatchRead<T>[]> {
  const batches: BatchRead<T>[] = [];
  let at = 0;
  while (bytes.length - at >= LOG_OVERHEAD) {
    const baseOffset = bytes.readBigInt64BE(at);
    const batchLength = bytes.readInt32BE(at + 8);
    if (batchLength < HEADER_BYTES - LOG_OVERHEAD) {
      batches.push(unreadable(baseOffset, `a record batch of ${batchLength} bytes, less than its header`));
      break;
    }
    const end = at + LOG_OVERHEAD + batchLength;
    if (end > bytes.length) {
      break;
    }
    batches.push(await readBatch(bytes.subarray(at, end), make));
    at = end;
  }
  return batches;
}

/**
 * Where the whole batches of a fetch's bytes end (the offset after the last one), read from their
 * headers alone: where the next fetch of the partition starts when all of them are taken.
 * Undefined when the bytes hold no whole batch.
 */
export function endOfWholeBatches(bytes: Buffer): bigint | undefined {
  let end: bigint | undefined;
  for (let at = 0; bytes.length - at >= HEADER_BYTES;) {
    const batchLength = bytes.readInt32BE(at + 8);
    if (batchLength < HEADER_BYTES - LOG_OVERHEAD || at + LOG_OVERHEAD + batchLength > bytes.length) {
      break;
    }
    end = bytes.readBigInt64BE(at) + BigInt(Math.max(bytes.readInt32BE(at + 23), 0)) + 1n;
    at += LOG_OVERHEAD + batchLength;
  }
  return end;
}

function unreadable<T>(baseOffset: bigint, reason: string): BatchRead<T> {
  const offset = String(baseOffset);
  return {
    baseOffset,
    baseTimestamp: -1n,
    nextOffset: baseOffset + 1n,
    producerId: -1n,
    transactional: false,
    records: [],
    failure: { codec: 'none', reason, firstOffset: offset, lastOffset: offset, recordCount: 0 },
  };
}

async function readBatch<T>(batch: Buffer, make: RecordFactory<T>): Promise<BatchRead<T>> {
  const baseOffset = batch.readBigInt64BE(0);
  const magic = batch.readInt8(16);
  if (magic !== 2) {
    return unreadable(baseOffset, `message format v${magic} (Kafka before 0.11) is not read`);
  }
  const attributes = batch.readInt16BE(21);
  const lastOffsetDelta = batch.readInt32BE(23);
  const baseTimestamp = batch.readBigInt64BE(27);
  const maxTimestamp = batch.readBigInt64BE(35);
  const producerId = batch.readBigInt64BE(43);
  const recordCount = batch.readInt32BE(57);
  // Kafka's codec ids are the places of COMPRESSIONS (none 0, gzip 1, snappy 2, lz4 3, zstd 4).
  const codec: Compression | undefined = COMPRESSIONS[attributes & 0x07];
  const nextOffset = baseOffset + BigInt(Math.max(lastOffsetDelta, 0)) + 1n;
  const transactional = (attributes & TRANSACTIONAL_FLAG) !== 0;
  const common = { baseOffset, baseTimestamp, nextOffset, producerId, transactional };
  const failed = (reason: string): BatchRead<T> => ({
    ...common,
    records: [],
    failure: {
      codec: codec ?? 'none',
      reason,
      firstOffset: String(baseOffset),
      lastOffset: String(nextOffset - 1n),
      recordCount: Math.max(recordCount, 0),
    },
  });
  if (codec === undefined) {
    return failed(`unknown compression codec ${attributes & 0x07}`);
  }
  if (recordCount < 0 || recordCount - 1 > lastOffsetDelta) {
    return failed(`the batch claims ${recordCount} records over ${lastOffsetDelta + 1} offsets`);
  }
  let records: Buffer;
  try {
    const stored = batch.subarray(HEADER_BYTES);
    records = codec === 'none' ? stored : await CODECS[codec].decompress(stored);
  } catch (error) {
    return failed(error instanceof Error ? error.message : String(error));
  }
  if ((attributes & CONTROL_FLAG) !== 0) {
    return { ...common, control: controlType(records), records: [] };
  }
  const appendTime = (attributes & LOG_APPEND_TIME_FLAG) !== 0 ? maxTimestamp : undefined;
  try {
    return { ...common, records: readRecords(records, recordCount, lastOffsetDelta, baseOffset, baseTimestamp, appendTime, make) };
  } catch (error) {
    if (error instanceof RecordsError) {
      return failed(
        `the ${codec === 'none' ? '' : 'decompressed '}batch does not hold its ${recordCount} records as Kafka writes them: ${error.message}`,
      );
    }
    throw error;
  }
}
