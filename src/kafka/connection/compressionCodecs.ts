/**
 * Teaches kafkajs every codec Kafka has (it ships gzip only) by filling its global codec
 * table once, before any client is made. Reading is made safe too: a batch that cannot be
 * decompressed would fail the whole fetch, and with it every partition of that broker, so
 * its records are replaced by placeholders that carry the reason (see decodeFailureOf).
 */
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { Codec, CODECS, Compression } from '../../codecs/compression/codecs';
import { recordBatchHeaderOf } from '../kafkajsInternals';

const KAFKAJS_TYPES: Record<Codec, CompressionTypes> = {
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

export function kafkajsCompression(compression: Compression): CompressionTypes {
  return compression === 'none' ? CompressionTypes.None : KAFKAJS_TYPES[compression];
}

/** A record batch that could not be decoded: which records it held, and why. */
export interface BatchDecodeFailure {
  readonly codec: Codec;
  readonly reason: string;
  readonly firstOffset: string;
  readonly lastOffset: string;
  readonly recordCount: number;
}

/** Placeholder record buffers → their failure. Keyed by memory no producer can write into. */
const failures = new WeakMap<ArrayBufferLike, BatchDecodeFailure>();
/** More placeholders than this (a corrupt count, say) and the fetch fails as before. */
const MAX_PLACEHOLDERS = 1_000_000;

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

function readVarint(bytes: Buffer, at: number): { value: number; next: number } | undefined {
  let result = 0;
  for (let shift = 0, i = at; shift < 35 && i < bytes.length; shift += 7, i++) {
    result |= (bytes[i] & 0x7f) << shift;
    if ((bytes[i] & 0x80) === 0) {
      return { value: (result >>> 1) ^ -(result & 1), next: i + 1 };
    }
  }
  return undefined;
}

/** Whether `records` holds `count` length-prefixed records: bad data that decompressed without an error is caught here. */
function holdsRecords(records: Buffer, count: number): boolean {
  let at = 0;
  for (let i = 0; i < count; i++) {
    const length = readVarint(records, at);
    if (!length || length.value < 0 || length.next + length.value > records.length) {
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

async function decompressOrPlaceholders(codec: Codec, compressed: Buffer): Promise<Buffer> {
  const header = recordBatchHeaderOf(compressed);
  try {
    const records = await CODECS[codec].decompress(compressed);
    if (header && !holdsRecords(records, header.recordCount)) {
      throw new Error(`the decompressed batch does not hold its ${header.recordCount} records`);
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
}
