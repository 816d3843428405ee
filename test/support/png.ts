/** A PNG's size from its header, for the icon script and the manifest test (no image library needed). */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngHeader {
  readonly width: number;
  readonly height: number;
  /** 8 for the usual 8 bits per channel. */
  readonly bitDepth: number;
  /** 6 is RGBA, 2 RGB (PNG's colour types). */
  readonly colorType: number;
}

/** Reads the IHDR chunk, which the PNG format puts first, right after the 8-byte signature. */
export function readPngHeader(bytes: Buffer): PngHeader {
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(SIGNATURE)) {
    throw new Error('not a PNG (no PNG signature)');
  }
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('a PNG whose first chunk is not IHDR');
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), bitDepth: bytes[24], colorType: bytes[25] };
}
