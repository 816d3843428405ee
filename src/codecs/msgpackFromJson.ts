/**
 * JSON text → msgpack, number by number as written. msgpackr packs JavaScript values, and
 * by then 9007199254740993 has become ...992, 1.0 an integer and -0 a zero; here each number
 * token decides: an integer goes out as the smallest msgpack integer that holds it (int64 or
 * uint64 beyond 32 bits, as Python's msgpack writes), anything with a fraction or exponent
 * as float64. An integer beyond 64 bits or a float beyond float64 is refused at its position.
 * Pure; the text must already be valid JSON.
 */
import { Node, parseTree } from 'jsonc-parser';
import { GrowingBuffer } from './growingBuffer';
import { SerializeError } from './serializeError';
import { positionAt } from './textPosition';

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

class Writer extends GrowingBuffer {
  /** A type byte followed by an unsigned big-endian length or value of `size` bytes. */
  head(type: number, size: 1 | 2 | 4, value: number): void {
    this.room(1 + size);
    this.buf[this.length++] = type;
    this.buf.writeUIntBE(value, this.length, size);
    this.length += size;
  }
}

/** A container or string length with its fix, 8/16/32-bit forms (8-bit exists for strings only). */
function writeLength(out: Writer, length: number, fix: number, fixMax: number, forms: readonly [number | undefined, number, number]): void {
  const [form8, form16, form32] = forms;
  if (length <= fixMax) {
    out.byte(fix | length);
  } else if (form8 !== undefined && length <= 0xff) {
    out.head(form8, 1, length);
  } else if (length <= 0xffff) {
    out.head(form16, 2, length);
  } else {
    out.head(form32, 4, length);
  }
}

function writeInteger(out: Writer, value: bigint): void {
  if (value >= 0n) {
    if (value < 128n) {
      out.byte(Number(value));
    } else if (value <= 0xffn) {
      out.head(0xcc, 1, Number(value));
    } else if (value <= 0xffffn) {
      out.head(0xcd, 2, Number(value));
    } else if (value <= 0xffffffffn) {
      out.head(0xce, 4, Number(value));
    } else {
      const bytes = Buffer.alloc(9);
      bytes[0] = 0xcf; // uint64, as Python's msgpack writes positive integers beyond 32 bits
      bytes.writeBigUInt64BE(value, 1);
      out.bytes(bytes);
    }
    return;
  }
  if (value >= -32n) {
    out.byte(Number(value) & 0xff);
  } else if (value >= -128n) {
    out.head(0xd0, 1, Number(value) & 0xff);
  } else if (value >= -32768n) {
    out.head(0xd1, 2, Number(value) & 0xffff);
  } else if (value >= -2147483648n) {
    out.head(0xd2, 4, Number(value) >>> 0);
  } else {
    const bytes = Buffer.alloc(9);
    bytes[0] = 0xd3;
    bytes.writeBigInt64BE(value, 1);
    out.bytes(bytes);
  }
}

function writeString(out: Writer, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  writeLength(out, bytes.length, 0xa0, 31, [0xd9, 0xda, 0xdb]);
  out.bytes(bytes);
}

function writeNode(out: Writer, node: Node, text: string): void {
  switch (node.type) {
    case 'null':
      out.byte(0xc0);
      return;
    case 'boolean':
      out.byte(node.value === true ? 0xc3 : 0xc2);
      return;
    case 'string':
      writeString(out, node.value as string);
      return;
    case 'number': {
      const token = text.slice(node.offset, node.offset + node.length);
      if (/^-?\d+$/.test(token)) {
        const value = BigInt(token);
        if (value < INT64_MIN || value > UINT64_MAX) {
          throw new SerializeError(`${token} does not fit a 64-bit msgpack integer`, positionAt(text, node.offset));
        }
        writeInteger(out, value);
        return;
      }
      const value = Number(token);
      if (!Number.isFinite(value)) {
        throw new SerializeError(`${token} does not fit a msgpack float64`, positionAt(text, node.offset));
      }
      const bytes = Buffer.alloc(9);
      bytes[0] = 0xcb;
      bytes.writeDoubleBE(value, 1);
      out.bytes(bytes);
      return;
    }
    case 'array': {
      const items = node.children ?? [];
      writeLength(out, items.length, 0x90, 15, [undefined, 0xdc, 0xdd]);
      items.forEach((item) => writeNode(out, item, text));
      return;
    }
    case 'object': {
      const properties = node.children ?? [];
      writeLength(out, properties.length, 0x80, 15, [undefined, 0xde, 0xdf]);
      for (const property of properties) {
        const [name, value] = property.children ?? [];
        writeString(out, name.value as string);
        writeNode(out, value, text);
      }
      return;
    }
    default:
      throw new SerializeError(`unexpected JSON ${node.type}`, positionAt(text, node.offset));
  }
}

/** msgpack of a JSON node of `text` (the whole text, for positions in errors). */
export function msgpackOfJsonNode(node: Node, text: string): Buffer {
  const out = new Writer();
  writeNode(out, node, text);
  return out.result();
}

/** msgpack of a whole JSON text that JSON.parse already accepted. */
export function msgpackOfJson(text: string): Buffer {
  const root = parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
  if (!root) {
    throw new SerializeError('invalid JSON: a value is expected', positionAt(text, 0));
  }
  return msgpackOfJsonNode(root, text);
}
