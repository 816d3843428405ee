/**
 * The reading half of the Avro decoder: the cursor over one payload, zigzag varints (plain
 * numbers while exact, BigInt beyond 2^53), lengths checked against the bytes left before
 * anything is read, and the JSON text of every primitive and logical value. Pure.
 */
import { dateText, decimalText, timeText, timestampText, unscaledOfBytes } from './avroLogical';

/** Zero-byte items (nulls, empty records) one value may hold: their count cannot be checked against the bytes left. */
export const MAX_FREE_ITEMS = 1 << 20;
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
/** The path of a cursor that collects no notes: never written to. */
const NO_PATH: string[] = [];

/** The read position in one payload, and the detail view's union notes (null when decoding for a row). */
export class Cursor {
  pos = 0;
  readonly end: number;
  freeItems = MAX_FREE_ITEMS;
  /** Where the last block header said its block ends (-1: it did not say). */
  blockEnd = -1;
  /** The path to the value being read, kept only while notes are collected. */
  readonly path: string[];

  constructor(
    readonly buf: Buffer,
    readonly notes: string[] | null,
  ) {
    this.end = buf.length;
    this.path = notes === null ? NO_PATH : [];
  }
}

export type Read = (c: Cursor) => string;

/** Bytes that do not fit the schema; the path segments are added innermost first while it unwinds. */
export class AvroDecodeError extends Error {
  readonly segments: string[] = [];

  constructor(readonly detail: string) {
    super(detail);
    this.name = 'AvroDecodeError';
  }

  /** "order.items[2].sku" from the segments gathered. */
  path(): string {
    const text = [...this.segments].reverse().join('');
    return text.startsWith('.') ? text.slice(1) : text;
  }
}

export function within(error: unknown, segment: string): unknown {
  if (error instanceof AvroDecodeError) {
    error.segments.push(segment);
  }
  return error;
}

function truncated(c: Cursor, what: string, start: number): AvroDecodeError {
  return new AvroDecodeError(`truncated at byte ${c.end} (${what} from byte ${start})`);
}

export function need(c: Cursor, bytes: number, what: string): void {
  if (c.end - c.pos < bytes) {
    throw truncated(c, `${what} of ${bytes} bytes`, c.pos);
  }
}

/** A zigzag varint beyond 2^53: exact with BigInt (the rare, slow path). */
function readBigLong(c: Cursor): number | bigint {
  const start = c.pos;
  let value = 0n;
  for (let i = 0, pos = start; i < 10; i++) {
    if (pos >= c.end) {
      throw truncated(c, 'a number', start);
    }
    const b = c.buf[pos++];
    if (i === 9 && b > 1) {
      throw new AvroDecodeError(`the number at byte ${start} overflows 64 bits`);
    }
    value |= BigInt(b & 0x7f) << BigInt(7 * i);
    if (b < 0x80) {
      c.pos = pos;
      const decoded = (value >> 1n) ^ -(value & 1n);
      return decoded >= Number.MIN_SAFE_INTEGER && decoded <= Number.MAX_SAFE_INTEGER ? Number(decoded) : decoded;
    }
  }
  throw new AvroDecodeError(`the number at byte ${start} is longer than 10 bytes`);
}

/** A zigzag varint (int or long): a plain number while it is exact (up to 8 bytes below 2^53), else a bigint. */
export function readLong(c: Cursor): number | bigint {
  const buf = c.buf;
  const end = c.end;
  let pos = c.pos;
  if (pos >= end) {
    throw truncated(c, 'a number', pos);
  }
  let b = buf[pos++];
  if (b < 0x80) {
    c.pos = pos;
    return (b >>> 1) ^ -(b & 1);
  }
  let value = b & 0x7f;
  for (let scale = 128, i = 1; i < 8; i++, scale *= 128) {
    if (pos >= end) {
      throw truncated(c, 'a number', c.pos);
    }
    b = buf[pos++];
    value += (b & 0x7f) * scale;
    if (b < 0x80) {
      if (value > Number.MAX_SAFE_INTEGER) {
        break;
      }
      c.pos = pos;
      return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
    }
  }
  return readBigLong(c);
}

export function readInt(c: Cursor): number {
  const start = c.pos;
  const value = readLong(c);
  if (typeof value !== 'number' || value < INT_MIN || value > INT_MAX) {
    throw new AvroDecodeError(`the int at byte ${start} is out of range (${value})`);
  }
  return value;
}

/** A string or bytes length, checked against the bytes left before anything is read. */
export function readLength(c: Cursor, what: string): number {
  const start = c.pos;
  const length = readLong(c);
  if (typeof length !== 'number' || length < 0) {
    throw new AvroDecodeError(`${what} at byte ${start} has a negative or huge length (${length})`);
  }
  need(c, length, what);
  return length;
}

/** A string's JSON text; short ASCII strings skip the UTF-8 decoder and JSON.stringify. */
function jsonString(buf: Buffer, start: number, length: number): string {
  const end = start + length;
  if (length <= 32) {
    let text = '';
    let i = start;
    for (; i < end; i++) {
      const b = buf[i];
      if (b < 0x20 || b > 0x7e || b === 0x22 || b === 0x5c) {
        break;
      }
      text += String.fromCharCode(b);
    }
    if (i === end) {
      return `"${text}"`;
    }
  }
  return JSON.stringify(buf.toString('utf8', start, end));
}

/** A double as JSON: JS's shortest form; NaN and the infinities as strings (JSON has none); -0 as -0.0. */
function doubleText(value: number): string {
  if (!Number.isFinite(value)) {
    return Number.isNaN(value) ? '"NaN"' : value > 0 ? '"Infinity"' : '"-Infinity"';
  }
  return value === 0 && 1 / value < 0 ? '-0.0' : String(value);
}

/** A float as JSON: the shortest decimal that reads back as the same float32 (0.1, not 0.10000000149011612). */
function floatText(value: number): string {
  if (!Number.isFinite(value) || value === 0) {
    return doubleText(value);
  }
  for (let digits = 1; digits < 9; digits++) {
    const shorter = Number(value.toPrecision(digits));
    if (Math.fround(shorter) === value) {
      return String(shorter);
    }
  }
  return String(value);
}

/** A date or time as a JSON string, or the raw number when it is beyond what the text can show. */
function quotedOr(text: string | undefined, raw: number | bigint): string {
  return text === undefined ? String(raw) : `"${text}"`;
}

const readNull: Read = () => 'null';
const readBoolean: Read = (c) => {
  need(c, 1, 'a boolean');
  const b = c.buf[c.pos];
  if (b > 1) {
    throw new AvroDecodeError(`a boolean is 0 or 1, not ${b} (byte ${c.pos})`);
  }
  c.pos++;
  return b === 1 ? 'true' : 'false';
};
const readIntText: Read = (c) => String(readInt(c));
const readLongText: Read = (c) => String(readLong(c));
const readFloat: Read = (c) => {
  need(c, 4, 'a float');
  c.pos += 4;
  return floatText(c.buf.readFloatLE(c.pos - 4));
};
const readDouble: Read = (c) => {
  need(c, 8, 'a double');
  c.pos += 8;
  return doubleText(c.buf.readDoubleLE(c.pos - 8));
};
export const readString: Read = (c) => {
  const length = readLength(c, 'a string');
  c.pos += length;
  return jsonString(c.buf, c.pos - length, length);
};
/** Bytes in Avro's JSON encoding: one code point 0–255 per byte (latin1 is exactly that). */
const readBytes: Read = (c) => {
  const length = readLength(c, 'bytes');
  c.pos += length;
  return JSON.stringify(c.buf.toString('latin1', c.pos - length, c.pos));
};

export const TIME_READERS: Record<string, Read> = {
  date: (c) => {
    const days = readInt(c);
    return quotedOr(dateText(days), days);
  },
  'time-millis': (c) => {
    const value = readInt(c);
    return quotedOr(timeText(value, 3), value);
  },
  'time-micros': (c) => {
    const value = readLong(c);
    return quotedOr(timeText(value, 6), value);
  },
};
for (const [digits, unit] of [
  [3, 'millis'],
  [6, 'micros'],
  [9, 'nanos'],
] as const) {
  for (const zulu of [true, false]) {
    TIME_READERS[`${zulu ? '' : 'local-'}timestamp-${unit}`] = (c) => {
      const value = readLong(c);
      return quotedOr(timestampText(value, digits, zulu), value);
    };
  }
}

export const PRIMITIVE_READERS: Readonly<Record<string, Read>> = {
  null: readNull,
  boolean: readBoolean,
  int: readIntText,
  long: readLongText,
  float: readFloat,
  double: readDouble,
  string: readString,
  bytes: readBytes,
};

/** A fixed in Avro's JSON encoding, like bytes. */
export function fixedReader(size: number, what: string): Read {
  return (c) => {
    need(c, size, what);
    c.pos += size;
    return JSON.stringify(c.buf.toString('latin1', c.pos - size, c.pos));
  };
}

/** A decimal (bytes, or fixed of `size`): big-endian two's complement, printed with all `scale` digits. */
export function decimalReader(scale: number, size: number | undefined): Read {
  return (c) => {
    const length = size ?? readLength(c, 'a decimal');
    need(c, length, 'a decimal');
    c.pos += length;
    return `"${decimalText(unscaledOfBytes(c.buf, c.pos - length, length), scale)}"`;
  };
}
