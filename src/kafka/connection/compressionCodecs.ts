/**
 * Teaches kafkajs every codec Kafka has (it ships gzip only) by filling its global codec
 * table once, before any client is made. Reading is made safe too: a batch that cannot be
 * decompressed would fail the whole fetch, and with it every partition of that broker, so
 * its records are replaced by placeholders that carry the reason (see decodeFailureOf). Every
 * batch's records, uncompressed ones too, are checked to be well formed before kafkajs reads them.
 */
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { Codec, CODECS, Compression } from '../../codecs/compression/codecs';
import { recordBatchHeaderOf } from '../kafkajsInternals';
import type { BatchDecodeFailure } from '../wire/recordBatchReader';

const KAFKAJS_TYPES: Record<Codec, CompressionTypes> = {
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

export function kafkajsCompression(compression: Compression): CompressionTypes {
  return compression === 'none' ? CompressionTypes.None : KAFKAJS_TYPES[compression];
}

export type { BatchDecodeFailure };

/** Placeholder record buffers → their failure. Keyed by memory no producer can write into. */
const failures = new WeakMap<ArrayBufferLike, BatchDecodeFailure>();
/** More placeholders than this (a corrupt count, say) and the fetch fails as before: kafkajs makes an object of each (100,000 take about 0.2 s). */
const MAX_PLACEHOLDERS = 100_000;

/** The failure a placeholder record stands for; undefined for every real record. */
export function decodeFailureOf(value: Buffer | null): BatchDecodeFailure | undefined {
  return value === null ? undefined : failures.get(value.buffer);
}

function writeVarint(out: number[], value: number): void {
  let zigzag = ((value << 1) ^ (value >> 31)) >>> 0;
  while (zigzag >= 0x80) {
    out.push((zigzag & 0x7f) | 0x80);
    zigzag >>>= 7;
  }
  out.push(zigzag);
}

/** A zigzag varint of at most 5 bytes, all before `end`. */
function readVarint(bytes: Buffer, at: number, end = bytes.length): { value: number; next: number } | undefined {
  let result = 0;
  for (let shift = 0, i = at; shift < 35 && i < end; shift += 7, i++) {
    result |= (bytes[i] & 0x7f) << shift;
    if ((bytes[i] & 0x80) === 0) {
      return { value: (result >>> 1) ^ -(result & 1), next: i + 1 };
    }
  }
  return undefined;
}

/** Past a varlong of at most 10 bytes, all before `end`. */
function skipVarlong(bytes: Buffer, at: number, end: number): number | undefined {
  for (let i = at; i < end && i < at + 10; i++) {
    if ((bytes[i] & 0x80) === 0) {
      return i + 1;
    }
  }
  return undefined;
}

/** Past a varint-length-prefixed field (-1: null) that ends before `end`. */
function skipBytesField(bytes: Buffer, at: number | undefined, end: number): number | undefined {
  const length = at === undefined ? undefined : readVarint(bytes, at, end);
  if (!length || length.value < -1 || length.next + Math.max(length.value, 0) > end) {
    return undefined;
  }
  return length.next + Math.max(length.value, 0);
}

/**
 * Whether bytes[at, end) is one record as kafkajs reads it (DefaultRecord: attributes,
 * timestamp delta, offset delta, key, value, headers), every length inside the record.
 */
function isWellFormedRecord(bytes: Buffer, at: number, end: number): boolean {
  const timestampDelta = at + 1 <= end ? skipVarlong(bytes, at + 1, end) : undefined;
  const offsetDelta = timestampDelta === undefined ? undefined : readVarint(bytes, timestampDelta, end);
  const value = skipBytesField(bytes, skipBytesField(bytes, offsetDelta?.next, end), end);
  const headerCount = value === undefined ? undefined : readVarint(bytes, value, end);
  if (!headerCount || headerCount.value < -1) {
    return false;
  }
  let next: number | undefined = headerCount.next;
  for (let i = 0; i < headerCount.value && next !== undefined; i++) {
    next = skipBytesField(bytes, skipBytesField(bytes, next, end), end);
  }
  return next !== undefined;
}

/**
 * Whether `records` holds `count` well-formed, length-prefixed records: bad data that
 * decompressed without an error is caught here, before kafkajs' reader would throw on it and
 * fail the whole fetch.
 */
function holdsRecords(records: Buffer, count: number): boolean {
  let at = 0;
  for (let i = 0; i < count; i++) {
    const length = readVarint(records, at);
    if (!length || length.value < 0 || length.next + length.value > records.length) {
      return false;
    }
    if (!isWellFormedRecord(records, length.next, length.next + length.value)) {
      return false;
    }
    at = length.next + length.value;
  }
  return true;
}

/**
 * `count` minimal records (no key, a one-byte value, no headers) at the batch's offsets:
 * the first ones, then the last at lastOffsetDelta, so the consumer moves past the batch.
 */
function placeholderRecords(count: number, lastOffsetDelta: number): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < count; i++) {
    const body: number[] = [0, 0]; // attributes, timestamp delta
    writeVarint(body, i === count - 1 ? Math.max(i, lastOffsetDelta) : i);
    body.push(0x01, 0x02, 0x00, 0x00); // key: null; value: 1 byte (0); no headers
    writeVarint(bytes, body.length);
    bytes.push(...body);
  }
  return Buffer.from(new Uint8Array(bytes).buffer);
}

async function decompressOrPlaceholders(codec: Compression, compressed: Buffer): Promise<Buffer> {
  const header = recordBatchHeaderOf(compressed);
  try {
    const records = codec === 'none' ? compressed : await CODECS[codec].decompress(compressed);
    if (header && !holdsRecords(records, header.recordCount)) {
      throw new Error(`the decompressed batch does not hold its ${header.recordCount} records as Kafka writes them`);
    }
    return records;
  } catch (error) {
    if (!header || header.recordCount <= 0 || header.recordCount > MAX_PLACEHOLDERS) {
      throw error;
    }
    const placeholders = placeholderRecords(header.recordCount, header.lastOffsetDelta);
    failures.set(placeholders.buffer, {
      codec,
      reason: error instanceof Error ? error.message : String(error),
      firstOffset: header.baseOffset.toString(),
      lastOffset: (header.baseOffset + BigInt(Math.max(header.recordCount - 1, header.lastOffsetDelta))).toString(),
      recordCount: header.recordCount,
    });
    return placeholders;
  }
}

let registered = false;

/** Fills kafkajs' codec table (global to the process); later calls do nothing. */
export function registerCompressionCodecs(): void {
  if (registered) {
    return;
  }
  registered = true;
  const table = CompressionCodecs as unknown as Record<number, () => unknown>;
  for (const codec of Object.keys(KAFKAJS_TYPES) as Codec[]) {
    const kafkajsCodec = {
      compress: (encoder: { buffer: Buffer }) => CODECS[codec].compress(encoder.buffer),
      decompress: (buffer: Buffer) => decompressOrPlaceholders(codec, buffer),
    };
    table[KAFKAJS_TYPES[codec]] = () => kafkajsCodec;
  }
  // Uncompressed batches go through the same check: kafkajs reads a record whose key length is
  // negative by stepping back, so a batch claiming 2^31 such records never ends (fuzzed: out of
  // memory). Given a codec for "none", kafkajs hands its records over like compressed ones.
  // Producing never calls it (kafkajs writes uncompressed records itself).
  const uncompressed = {
    compress: (encoder: { buffer: Buffer }) => encoder.buffer,
    decompress: (buffer: Buffer) => decompressOrPlaceholders('none', buffer),
  };
  table[CompressionTypes.None] = () => uncompressed;
}
