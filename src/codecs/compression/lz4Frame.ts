/**
 * LZ4 frames as Kafka writes and reads them (LZ4 frame format v1, independent blocks).
 * lz4js compresses and decompresses the blocks; the framing is ours because lz4js' frame
 * writer leaves the block-independence flag unset, which Kafka refuses ("Dependent block
 * stream is unsupported"), and its frame reader loops forever on a truncated frame.
 * Every input is untrusted: a bad frame throws, it never hangs or reads past its end.
 */
import { compressBlock, compressBound, decompressBlock } from 'lz4js';
import { hash as xxh32 } from 'lz4js/xxh32';

const MAGIC = 0x184d2204;
const FLG_VERSION_1 = 0x40;
const FLG_VERSION_MASK = 0xc0;
const FLG_INDEPENDENT_BLOCKS = 0x20;
const FLG_BLOCK_CHECKSUM = 0x10;
const FLG_CONTENT_SIZE = 0x08;
const FLG_CONTENT_CHECKSUM = 0x04;
const FLG_DICTIONARY_ID = 0x01;
const UNCOMPRESSED_BLOCK = 0x80000000;
/** Block maximum sizes by the BD byte's code: 64 KB is what Kafka's Java client writes. */
const BLOCK_SIZES: Partial<Record<number, number>> = { 4: 64 << 10, 5: 256 << 10, 6: 1 << 20, 7: 4 << 20 };
const WRITE_BLOCK_CODE = 4;

/** One LZ4 frame with independent 64 KB blocks and no checksums but the header's. */
export function lz4Compress(data: Uint8Array): Buffer {
  const blockSize = BLOCK_SIZES[WRITE_BLOCK_CODE]!;
  const descriptor = Buffer.from([FLG_VERSION_1 | FLG_INDEPENDENT_BLOCKS, WRITE_BLOCK_CODE << 4]);
  const header = Buffer.alloc(7);
  header.writeUInt32LE(MAGIC, 0);
  descriptor.copy(header, 4);
  header[6] = (xxh32(0, descriptor, 0, descriptor.length) >>> 8) & 0xff;
  const parts: Buffer[] = [header];
  const hashTable = new Uint32Array(1 << 16);
  const compressed = Buffer.alloc(compressBound(blockSize));
  for (let start = 0; start < data.length; start += blockSize) {
    // Each block alone, with a fresh table, so that no block refers back to another.
    const block = data.subarray(start, Math.min(data.length, start + blockSize));
    hashTable.fill(0);
    const size = compressBlock(block, compressed, 0, block.length, hashTable);
    const length = Buffer.alloc(4);
    if (size === 0 || size >= block.length) {
      length.writeUInt32LE((UNCOMPRESSED_BLOCK | block.length) >>> 0, 0);
      parts.push(length, Buffer.from(block));
    } else {
      length.writeUInt32LE(size, 0);
      parts.push(length, Buffer.from(compressed.subarray(0, size)));
    }
  }
  parts.push(Buffer.alloc(4)); // end mark
  return Buffer.concat(parts);
}

/** The content of one LZ4 frame (independent blocks, as every Kafka client writes). */
export function lz4Decompress(frame: Uint8Array): Buffer {
  const input = Buffer.isBuffer(frame) ? frame : Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  let at = 0;
  const need = (bytes: number, what: string) => {
    if (at + bytes > input.length) {
      throw new Error(`LZ4 frame ends inside its ${what} (byte ${at} of ${input.length})`);
    }
  };
  need(7, 'header');
  if (input.readUInt32LE(0) !== MAGIC) {
    throw new Error('not an LZ4 frame (wrong magic number)');
  }
  const flags = input[4];
  if ((flags & FLG_VERSION_MASK) !== FLG_VERSION_1) {
    throw new Error(`unknown LZ4 frame version ${flags >> 6}`);
  }
  if ((flags & FLG_INDEPENDENT_BLOCKS) === 0) {
    throw new Error('LZ4 frame with dependent blocks (Kafka writes independent blocks only)');
  }
  const maxBlock = BLOCK_SIZES[(input[5] >> 4) & 0x7];
  if (maxBlock === undefined) {
    throw new Error(`LZ4 frame with an unknown block size code ${(input[5] >> 4) & 0x7}`);
  }
  at = 6 + ((flags & FLG_CONTENT_SIZE) !== 0 ? 8 : 0) + ((flags & FLG_DICTIONARY_ID) !== 0 ? 4 : 0) + 1;
  const blockBuffer = Buffer.alloc(maxBlock);
  const parts: Buffer[] = [];
  for (;;) {
    need(4, 'block size');
    const word = input.readUInt32LE(at);
    at += 4;
    if (word === 0) {
      break;
    }
    const length = word & ~UNCOMPRESSED_BLOCK;
    if (length > maxBlock) {
      throw new Error(`LZ4 block of ${length} bytes exceeds the frame's ${maxBlock}`);
    }
    need(length, 'block');
    if ((word & UNCOMPRESSED_BLOCK) !== 0) {
      parts.push(Buffer.from(input.subarray(at, at + length)));
    } else {
      const end = decompressBlock(input, blockBuffer, at, length, 0);
      if (!(end >= 0 && end <= maxBlock)) {
        throw new Error('corrupt LZ4 block');
      }
      parts.push(Buffer.from(blockBuffer.subarray(0, end)));
    }
    at += length + ((flags & FLG_BLOCK_CHECKSUM) !== 0 ? 4 : 0);
  }
  if ((flags & FLG_CONTENT_CHECKSUM) !== 0) {
    need(4, 'content checksum');
  }
  return Buffer.concat(parts);
}
