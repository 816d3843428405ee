// Type declarations for the pure-JS compression packages that ship none.

declare module 'lz4js' {
  /** Compresses src[sIndex, sIndex + sLength) as one LZ4 block into dst; returns its size (0: store it raw). */
  export function compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, hashTable: Uint32Array): number;
  /** Decompresses one LZ4 block into dst from dIndex; returns the end index in dst (may pass dst's length on bad input). */
  export function decompressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, dIndex: number): number;
  export function compressBound(n: number): number;
}

declare module 'lz4js/xxh32' {
  export function hash(seed: number, src: Uint8Array, index: number, length: number): number;
}

declare module 'kafkajs-snappy' {
  interface SnappyCodec {
    compress(encoder: { buffer: Buffer }): Promise<Buffer>;
    decompress(buffer: Buffer): Promise<Buffer>;
  }
  const createSnappyCodec: () => SnappyCodec;
  export = createSnappyCodec;
}
