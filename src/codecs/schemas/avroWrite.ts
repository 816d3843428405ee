/**
 * The writing half of the Avro encoder: a growing byte buffer with zigzag varints, and the
 * encoders of primitive, logical, enum, array and map values, each taking a jsonc-parser node
 * and the text it comes from (numbers are read from their token, never through JSON.parse).
 * Every refusal is a SchemaValueError with the field path and the node's offset. Pure.
 */
import { Node } from 'jsonc-parser';
import { GrowingBuffer } from '../growingBuffer';
import { SchemaValueError } from './compiledSchema';
import { AvroType, Logical, simpleName } from './avroSchema';
import { bytesOfUnscaled, parseClock, parseDate, parseDecimal, parseTimestamp } from './avroLogical';

type Range = readonly [bigint, bigint];
const INT_RANGE: Range = [-(2n ** 31n), 2n ** 31n - 1n];
const LONG_RANGE: Range = [-(2n ** 63n), 2n ** 63n - 1n];
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** What decode prints for the doubles JSON has no number for. */
const SPECIAL_REALS: ReadonlyMap<unknown, number> = new Map([
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
]);

/** A growing byte buffer; `length` may be set back to drop what a refused union branch wrote. */
export class Writer extends GrowingBuffer {
  /** The JSON text the nodes come from, for their number tokens. */
  constructor(readonly text: string) {
    super();
  }

  /** A zigzag varint; plain arithmetic while exact, BigInt beyond 2^52. */
  long(value: number | bigint): void {
    this.room(10);
    if (typeof value === 'number' && Math.abs(value) < 2 ** 52) {
      let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
      while (zigzag >= 0x80) {
        this.buf[this.length++] = (zigzag % 0x80) | 0x80;
        zigzag = Math.floor(zigzag / 0x80);
      }
      this.buf[this.length++] = zigzag;
      return;
    }
    const big = BigInt(value);
    let zigzag = BigInt.asUintN(64, (big << 1n) ^ (big >> 63n));
    while (zigzag >= 0x80n) {
      this.buf[this.length++] = Number(zigzag & 0x7fn) | 0x80;
      zigzag >>= 7n;
    }
    this.buf[this.length++] = Number(zigzag);
  }

  string(text: string): void {
    const size = Buffer.byteLength(text, 'utf8');
    this.long(size);
    this.room(size);
    this.length += this.buf.write(text, this.length, size, 'utf8');
  }

  real(value: number, size: 4 | 8): void {
    this.room(size);
    this.length = size === 4 ? this.buf.writeFloatLE(value, this.length) : this.buf.writeDoubleLE(value, this.length);
  }
}

export type Encode = (node: Node, w: Writer, path: string) => void;

/** Every refusal: what is wrong, the field path, and where the node starts in the JSON text. */
export function fail(message: string, path: string, node: Node): never {
  throw new SchemaValueError(message, path, node.offset);
}

function token(node: Node, w: Writer): string {
  return w.text.slice(node.offset, node.offset + node.length);
}

/** A node for a message: scalars as written (cut short), containers by kind. */
export function shown(node: Node, w: Writer): string {
  if (node.type === 'object' || node.type === 'array') {
    return `an ${node.type}`;
  }
  const text = token(node, w);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export function fieldPath(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** A whole number from its token, range-checked; a fraction or exponent is refused, not rounded. */
function integerOf(node: Node, w: Writer, path: string, what: string, range: Range): number | bigint {
  const text = node.type === 'number' ? token(node, w) : '';
  if (!/^-?\d+$/.test(text)) {
    fail(`${what} needs a whole number, not ${shown(node, w)}`, path, node);
  }
  // Up to 15 digits a double is exact and the varint writer takes its fast path.
  const value = text.length <= 15 ? Number(text) : BigInt(text);
  if (value < range[0] || value > range[1]) {
    fail(`${text} is beyond ${what} (${range[0]} to ${range[1]})`, path, node);
  }
  return value;
}

const encodeInt: Encode = (node, w, path) => w.long(integerOf(node, w, path, 'an int', INT_RANGE));
const encodeLong: Encode = (node, w, path) => w.long(integerOf(node, w, path, 'a long', LONG_RANGE));

function realEncoder(size: 4 | 8): Encode {
  const what = size === 4 ? 'a float' : 'a double';
  return (node, w, path) => {
    const special = node.type === 'string' ? SPECIAL_REALS.get(node.value) : undefined;
    if (special !== undefined) {
      return w.real(special, size);
    }
    if (node.type !== 'number') {
      fail(`${what} needs a number (or "NaN", "Infinity", "-Infinity"), not ${shown(node, w)}`, path, node);
    }
    const value = size === 4 ? Math.fround(Number(token(node, w))) : Number(token(node, w));
    if (!Number.isFinite(value)) {
      fail(`${token(node, w)} is beyond ${what}`, path, node);
    }
    w.real(value, size);
  };
}

/** Bytes in Avro's JSON encoding: a string with one code point 0–255 per byte. */
export function bytesOf(node: Node, w: Writer, path: string, what: string): Uint8Array {
  if (node.type !== 'string') {
    fail(`${what} needs a string with one character per byte (U+0000 to U+00FF), not ${shown(node, w)}`, path, node);
  }
  const text = node.value as string;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0xff) {
      fail(
        `${what}: character ${i} is U+${text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}; one character per byte, U+0000 to U+00FF`,
        path,
        node,
      );
    }
  }
  return Buffer.from(text, 'latin1');
}

export const PRIMITIVE_ENCODERS: Readonly<Record<string, Encode>> = {
  null: (node, w, path) => {
    if (node.type !== 'null') {
      fail(`null needs null, not ${shown(node, w)}`, path, node);
    }
  },
  boolean: (node, w, path) => {
    if (node.type !== 'boolean') {
      fail(`a boolean needs true or false, not ${shown(node, w)}`, path, node);
    }
    w.byte(node.value === true ? 1 : 0);
  },
  int: encodeInt,
  long: encodeLong,
  float: realEncoder(4),
  double: realEncoder(8),
  string: (node, w, path) => {
    if (node.type !== 'string') {
      fail(`a string needs a JSON string, not ${shown(node, w)}`, path, node);
    }
    w.string(node.value as string);
  },
  bytes: (node, w, path) => {
    const bytes = bytesOf(node, w, path, 'bytes');
    w.long(bytes.length);
    w.bytes(bytes);
  },
};

/** A decimal from a JSON string or number token, scaled exactly; `size` for a fixed decimal. */
export function decimalEncoder(precision: number, scale: number, size: number | undefined): Encode {
  return (node, w, path) => {
    const text = node.type === 'string' ? (node.value as string) : node.type === 'number' ? token(node, w) : undefined;
    if (text === undefined) {
      fail(`decimal(${precision},${scale}) needs a number or a string like "12.10", not ${shown(node, w)}`, path, node);
    }
    let unscaled: bigint;
    try {
      unscaled = parseDecimal(text, precision, scale);
    } catch (error) {
      fail((error as Error).message, path, node);
    }
    const bytes = bytesOfUnscaled(unscaled, size);
    if (!bytes) {
      fail(`${text} does not fit the ${size} bytes of decimal(${precision},${scale})`, path, node);
    }
    if (size === undefined) {
      w.long(bytes.length);
    }
    w.bytes(bytes);
  };
}

/** A date, time or timestamp: the ISO text decode prints, or the raw integer. */
function timeEncoder(name: string, example: string, parse: (text: string) => number | bigint, range: Range): Encode {
  const raw = range === INT_RANGE ? encodeInt : encodeLong;
  return (node, w, path) => {
    if (node.type === 'number') {
      return raw(node, w, path);
    }
    if (node.type !== 'string') {
      fail(`${name} needs a string like "${example}" or a whole number, not ${shown(node, w)}`, path, node);
    }
    let value: number | bigint;
    try {
      value = parse(node.value as string);
    } catch (error) {
      fail((error as Error).message, path, node);
    }
    if (value < range[0] || value > range[1]) {
      fail(`${shown(node, w)} is beyond the range of ${name}`, path, node);
    }
    w.long(value);
  };
}

/** The encoder of a primitive's logical type (a fixed decimal is built by the compiler, which knows the size). */
export function logicalEncoder(logical: Logical): Encode {
  switch (logical.kind) {
    case 'decimal':
      return decimalEncoder(logical.precision, logical.scale, undefined);
    case 'uuid':
      return (node, w, path) => {
        if (node.type !== 'string' || !UUID.test(node.value as string)) {
          fail(`a uuid needs a string like "123e4567-e89b-12d3-a456-426614174000", not ${shown(node, w)}`, path, node);
        }
        w.string(node.value as string);
      };
    case 'date':
      return timeEncoder('date', '2024-01-02', parseDate, INT_RANGE);
    case 'time-millis':
      return timeEncoder('time-millis', '12:34:56.789', (text) => parseClock(text, 3), INT_RANGE);
    case 'time-micros':
      return timeEncoder('time-micros', '12:34:56.789012', (text) => parseClock(text, 6), LONG_RANGE);
    default: {
      const digits = logical.kind.endsWith('millis') ? 3 : logical.kind.endsWith('micros') ? 6 : 9;
      const zulu = !logical.kind.startsWith('local-');
      const example = `2024-01-02T03:04:05.${'123456789'.slice(0, digits)}${zulu ? 'Z' : ''}`;
      return timeEncoder(logical.kind, example, (text) => parseTimestamp(text, digits, zulu), LONG_RANGE);
    }
  }
}

export function logicalOf(type: AvroType): Logical | undefined {
  return 'logical' in type ? type.logical : undefined;
}

/** An enum symbol → its index; anything else is refused with the symbols listed. */
export function enumEncoder(name: string, symbols: readonly string[]): Encode {
  const short = simpleName(name);
  const index = new Map(symbols.map((symbol, i) => [symbol, i]));
  const listed = symbols.length > 12 ? `${symbols.slice(0, 12).join(', ')}, ...` : symbols.join(', ');
  return (node, w, path) => {
    const i = node.type === 'string' ? index.get(node.value as string) : undefined;
    if (i === undefined) {
      fail(`${shown(node, w)} is not a symbol of enum ${short} (${listed})`, path, node);
    }
    w.long(i);
  };
}

/** An array as one block (count, items) and the closing zero count. */
export function arrayEncoder(items: Encode): Encode {
  return (node, w, path) => {
    if (node.type !== 'array') {
      fail(`an array needs a JSON array, not ${shown(node, w)}`, path, node);
    }
    const children = node.children ?? [];
    if (children.length > 0) {
      w.long(children.length);
      children.forEach((child, i) => items(child, w, `${path}[${i}]`));
    }
    w.byte(0);
  };
}

/** A map as one block (count, key and value pairs) and the closing zero count; a key given twice is refused. */
export function mapEncoder(values: Encode): Encode {
  return (node, w, path) => {
    if (node.type !== 'object') {
      fail(`a map needs a JSON object, not ${shown(node, w)}`, path, node);
    }
    const properties = node.children ?? [];
    const seen = new Set<string>();
    if (properties.length > 0) {
      w.long(properties.length);
    }
    for (const property of properties) {
      const [key, value] = property.children ?? [];
      const name = key.value as string;
      const keyPath = `${path}[${JSON.stringify(name)}]`;
      if (seen.has(name)) {
        fail(`key "${name}" is given twice`, keyPath, key);
      }
      seen.add(name);
      w.string(name);
      values(value, w, keyPath);
    }
    w.byte(0);
  };
}
