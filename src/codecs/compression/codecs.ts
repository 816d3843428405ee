/**
 * The record-batch compression codecs Kafka knows, as plain byte functions. All pure JS or
 * WASM, so the extension needs no native add-on: snappy through kafkajs-snappy (snappyjs,
 * and xerial-framed input as the Java client writes it), LZ4 frames of our own on lz4js'
 * block codec, zstd read by fzstd (pure JS, frames with or without a content size) and
 * written by zstd's own C code compiled to WASM (@bokuweb/zstd-wasm; its zstd.wasm ships
 * beside the bundle). gzip is kafkajs' own (Node's zlib).
 */
import { gunzip, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { decompress as fzstdDecompress } from 'fzstd';
import createSnappyCodec from 'kafkajs-snappy';
import { lz4Compress, lz4Decompress } from './lz4Frame';

export const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type Compression = (typeof COMPRESSIONS)[number];
export type Codec = Exclude<Compression, 'none'>;

/** What each choice is, in the words of the produce pick and the setting. */
export const COMPRESSION_DESCRIPTIONS: Record<Compression, string> = {
  none: 'uncompressed batches',
  gzip: 'gzip: small batches, the most CPU',
  snappy: 'snappy: fast, moderate ratio',
  lz4: 'lz4: fastest, moderate ratio',
  zstd: 'zstd: small batches at moderate CPU (Kafka 2.1+)',
};

export interface ByteCodec {
  compress(data: Buffer): Promise<Buffer>;
  decompress(data: Buffer): Promise<Buffer>;
}

const snappy = createSnappyCodec();
/** zstd's level 3, its own default and the Java client's. */
const ZSTD_LEVEL = 3;
let zstdWasm: Promise<typeof import('@bokuweb/zstd-wasm')> | undefined;

/** Loads the WASM compressor on the first zstd produce, not at start-up. */
function zstdCompressor(): Promise<typeof import('@bokuweb/zstd-wasm')> {
  if (!zstdWasm) {
    zstdWasm = (async () => {
      const module = await import('@bokuweb/zstd-wasm');
      await module.init();
      return module;
    })();
    // A failed load is tried again on the next zstd produce.
    zstdWasm.catch(() => (zstdWasm = undefined));
  }
  return zstdWasm;
}

const toBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export const CODECS: Record<Codec, ByteCodec> = {
  gzip: {
    compress: (data) => promisify(gzip)(data),
    decompress: (data) => promisify(gunzip)(data),
  },
  snappy: {
    compress: (data) => snappy.compress({ buffer: data }),
    decompress: (data) => snappy.decompress(data),
  },
  lz4: {
    compress: async (data) => lz4Compress(data),
    decompress: async (data) => lz4Decompress(data),
  },
  zstd: {
    compress: async (data) => toBuffer((await zstdCompressor()).compress(data, ZSTD_LEVEL)),
    decompress: async (data) => toBuffer(fzstdDecompress(data)),
  },
};

/** A topic's `compression.type` as the codec a producer should use, when it names one ("producer" and "uncompressed" do not). */
export function codecOfTopicConfig(compressionType: string | undefined): Codec | undefined {
  const value = compressionType?.trim().toLowerCase();
  return value === 'gzip' || value === 'snappy' || value === 'lz4' || value === 'zstd' ? value : undefined;
}
