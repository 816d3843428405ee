import * as fs from 'node:fs';
import * as path from 'node:path';

/** The record batch v2 header up to and including the record count. */
const BATCH_HEADER_BYTES = 61;

/**
 * Overwrites the compressed records of a partition's first record batch in the broker's
 * segment file. A broker serves segment bytes as they are on disk, without checking them,
 * so the next fetch hands a client a batch that cannot be decompressed, as a damaged disk
 * or a buggy producer would.
 */
export function spoilFirstBatch(logDir: string, topic: string, partition: number): void {
  const file = fs.openSync(path.join(logDir, `${topic}-${partition}`, '00000000000000000000.log'), 'r+');
  try {
    const header = Buffer.alloc(12);
    fs.readSync(file, header, 0, 12, 0);
    const batchEnd = 12 + header.readInt32BE(8);
    const garbage = Buffer.alloc(batchEnd - BATCH_HEADER_BYTES, 0xee);
    fs.writeSync(file, garbage, 0, garbage.length, BATCH_HEADER_BYTES);
  } finally {
    fs.closeSync(file);
  }
}
