/**
 * Writes a Kafka record batch (magic 2, KIP-98), the unit a producer sends per partition.
 * Sizes are counted first and every record is written straight into one buffer: kafkajs
 * builds an encoder object per record, per field and per header, which made encoding most
 * of a large produce's time. Layout: DefaultRecordBatch.java / DefaultRecord.java in Kafka.
 */
import { crc32c } from './crc32c';

export interface RecordToWrite {
  readonly key: Buffer | null;
  /** Null: a tombstone. */
  readonly value: Buffer | null;
  /** Header keys and values; a string is written as its UTF-8 bytes. */
  readonly headers?: Readonly<Record<string, string | Buffer>>;
  /** Epoch milliseconds. */
  readonly timestamp: number;
}

export interface BatchIdentity {
  /** The idempotent producer's id and epoch, and this batch's first sequence number. */
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly firstSequence: number;
}

/** The compression codec ids of a batch's attributes (bits 0-2). */
export const CODEC_IDS = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

/** Base offset (8) through record count (4): the fixed part before the records. */
export const RECORD_BATCH_HEADER_BYTES = 61;
/** The CRC covers everything from the attributes on. */
const CRC_START = 21;
const NO_PARTITION_LEADER_EPOCH = -1;
const MAGIC = 2;

function varintSize(value: number): number {
  // Zig-zag, then 7 bits a byte. Numbers beyond 32 bits (timestamp deltas) take the slow road.
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  let size = 1;
  while (zigzag >= 0x80) {
    zigzag = Math.floor(zigzag / 0x80);
    size++;
  }
  return size;
}

function writeVarint(buffer: Buffer, offset: number, value: number): number {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  while (zigzag >= 0x80) {
    buffer[offset++] = (zigzag % 0x80) | 0x80;
    zigzag = Math.floor(zigzag / 0x80);
  }
  buffer[offset++] = zigzag;
  return offset;
}

interface HeaderBytes {
  readonly key: Buffer;
  readonly value: Buffer;
}

function headerBytes(headers: RecordToWrite['headers']): HeaderBytes[] {
  if (!headers) {
    return [];
  }
  return Object.entries(headers).map(([key, value]) => ({
    key: Buffer.from(key, 'utf8'),
    value: typeof value === 'string' ? Buffer.from(value, 'utf8') : value,
  }));
}

const bytesSize = (bytes: Buffer | null): number => (bytes === null ? 1 : varintSize(bytes.length) + bytes.length);

function writeBytes(buffer: Buffer, offset: number, bytes: Buffer | null): number {
  if (bytes === null) {
    return writeVarint(buffer, offset, -1);
  }
  offset = writeVarint(buffer, offset, bytes.length);
  return offset + bytes.copy(buffer, offset);
}

/** The records of a batch, back to back, as they go into it (before any compression). */
export function encodeRecords(records: readonly RecordToWrite[], baseTimestamp: number): Buffer {
  const headers = records.map((r) => headerBytes(r.headers));
  const bodySizes = records.map((record, i) => {
    let size =
      1 +
      varintSize(record.timestamp - baseTimestamp) +
      varintSize(i) +
      bytesSize(record.key) +
      bytesSize(record.value) +
      varintSize(headers[i].length);
    for (const header of headers[i]) {
      size += bytesSize(header.key) + bytesSize(header.value);
    }
    return size;
  });
  const total = bodySizes.reduce((sum, size) => sum + varintSize(size) + size, 0);
  const buffer = Buffer.allocUnsafe(total);
  let offset = 0;
  records.forEach((record, i) => {
    offset = writeVarint(buffer, offset, bodySizes[i]);
    buffer[offset++] = 0; // record attributes: none are used
    offset = writeVarint(buffer, offset, record.timestamp - baseTimestamp);
    offset = writeVarint(buffer, offset, i);
    offset = writeBytes(buffer, offset, record.key);
    offset = writeBytes(buffer, offset, record.value);
    offset = writeVarint(buffer, offset, headers[i].length);
    for (const header of headers[i]) {
      offset = writeBytes(buffer, offset, header.key);
      offset = writeBytes(buffer, offset, header.value);
    }
  });
  return buffer;
}

/** The smallest and largest timestamp of the records (the batch's base and max). */
export function timestampRange(records: readonly RecordToWrite[]): { base: number; max: number } {
  let base = Infinity;
  let max = -Infinity;
  for (const record of records) {
    base = Math.min(base, record.timestamp);
    max = Math.max(max, record.timestamp);
  }
  return { base, max };
}

/**
 * A whole batch around records already encoded by encodeRecords (and compressed with the
 * codec `codecId` names, when not 0): header, CRC-32C and all, base offset 0 (the broker
 * assigns offsets).
 */
export function encodeRecordBatch(
  records: Buffer,
  recordCount: number,
  timestamps: { base: number; max: number },
  codecId: number,
  identity: BatchIdentity,
): Buffer {
  const batch = Buffer.allocUnsafe(RECORD_BATCH_HEADER_BYTES + records.length);
  batch.writeBigInt64BE(0n, 0);
  batch.writeInt32BE(batch.length - 12, 8);
  batch.writeInt32BE(NO_PARTITION_LEADER_EPOCH, 12);
  batch.writeInt8(MAGIC, 16);
  batch.writeInt16BE(codecId, 21);
  batch.writeInt32BE(recordCount - 1, 23); // last offset delta
  batch.writeBigInt64BE(BigInt(timestamps.base), 27);
  batch.writeBigInt64BE(BigInt(timestamps.max), 35);
  batch.writeBigInt64BE(identity.producerId, 43);
  batch.writeInt16BE(identity.producerEpoch, 51);
  batch.writeInt32BE(identity.firstSequence, 53);
  batch.writeInt32BE(recordCount, 57);
  records.copy(batch, RECORD_BATCH_HEADER_BYTES);
  batch.writeUInt32BE(crc32c(batch, CRC_START), 17);
  return batch;
}
