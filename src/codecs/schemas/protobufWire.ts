/**
 * Protobuf bytes → a tree of values, by the plans of protobufPlan.ts. Its own reader, not
 * protobufjs' generated decoders: every read is checked against the end of the enclosing
 * message, so a corrupt length is refused before anything is read or allocated; 64-bit
 * integers come out as exact bigints; errors say what is wrong and at which byte of the payload.
 */
import { FieldPlan, MessagePlan, ScalarType, ScalarValue, ValuePlan, WIRE_TYPE, isPackable, zeroOf } from './protobufPlan';

/** A decoded message: its fields' values by field number, absent fields absent. */
export class DecodedMessage {
  /** A singular field: Single; repeated: Single[]; map: DecodedMap. */
  readonly values = new Map<number, Single | Single[] | DecodedMap>();
  constructor(readonly plan: MessagePlan) {}
}

export type Single = ScalarValue | DecodedMessage;
/** A map field by its keys' JSON text, in the order the entries came. */
export type DecodedMap = Map<string, Single>;

/** The value of an absent map key or value: the type's zero, the enum's first value, an empty message. */
export function defaultSingle(value: ValuePlan): Single {
  switch (value.kind) {
    case 'scalar':
      return zeroOf(value.type);
    case 'enum':
      return value.enumPlan.nameOf.keys().next().value ?? 0;
    case 'message':
      return new DecodedMessage(value.message);
  }
}

/** Messages nested deeper than this are refused (protoc's default recursion limit). */
const MAX_DEPTH = 100;
const TWO_TO_32 = 4294967296;

export class WireReader {
  pos = 0;
  /** The end of the message being read: no read goes past it. */
  limit: number;
  private view: DataView | undefined;
  // The last varint read, as two 32-bit halves: no allocation per varint.
  private lo = 0;
  private hi = 0;

  constructor(readonly buf: Uint8Array) {
    this.limit = buf.length;
  }

  private varintBits(): void {
    const start = this.pos;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.limit) {
        throw new Error(`truncated: the varint at byte ${start} runs past the end of its message`);
      }
      const byte = this.buf[this.pos++];
      const bits = byte & 0x7f;
      if (i < 4) {
        lo |= bits << (7 * i);
      } else if (i === 4) {
        lo |= bits << 28;
        hi |= bits >>> 4;
      } else {
        hi |= bits << (7 * i - 32);
      }
      if (byte < 0x80) {
        this.lo = lo;
        this.hi = hi;
        return;
      }
    }
    throw new Error(`malformed varint at byte ${start}: longer than 10 bytes`);
  }

  /** The low 32 bits of a varint (int32 values are sign-extended to 10 bytes on the wire). */
  uint32(): number {
    this.varintBits();
    return this.lo >>> 0;
  }

  uint64(): bigint {
    this.varintBits();
    return this.hi === 0 ? BigInt(this.lo >>> 0) : (BigInt(this.hi >>> 0) << 32n) | BigInt(this.lo >>> 0);
  }

  bool(): boolean {
    this.varintBits();
    return (this.lo | this.hi) !== 0;
  }

  /** A length prefix, refused when it runs past the enclosing message. */
  length(): number {
    const at = this.pos;
    this.varintBits();
    const length = (this.lo >>> 0) + (this.hi >>> 0) * TWO_TO_32;
    if (length > this.limit - this.pos) {
      throw new Error(`length ${length} at byte ${at} runs past the end of its message (${this.limit - this.pos} bytes left)`);
    }
    return length;
  }

  private fixed(size: number): DataView {
    if (this.limit - this.pos < size) {
      throw new Error(
        `truncated: the ${size}-byte value at byte ${this.pos} runs past the end of its message (${this.limit - this.pos} bytes left)`,
      );
    }
    this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    return this.view;
  }

  fixed32(): number {
    const value = this.fixed(4).getUint32(this.pos, true);
    this.pos += 4;
    return value;
  }

  sfixed32(): number {
    const value = this.fixed(4).getInt32(this.pos, true);
    this.pos += 4;
    return value;
  }

  float(): number {
    const value = this.fixed(4).getFloat32(this.pos, true);
    this.pos += 4;
    return value;
  }

  fixed64(): bigint {
    const value = this.fixed(8).getBigUint64(this.pos, true);
    this.pos += 8;
    return value;
  }

  sfixed64(): bigint {
    const value = this.fixed(8).getBigInt64(this.pos, true);
    this.pos += 8;
    return value;
  }

  double(): number {
    const value = this.fixed(8).getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  /** The next length-delimited bytes, as a view (no copy). */
  bytes(): Uint8Array {
    const length = this.length();
    const start = this.pos;
    this.pos += length;
    return this.buf.subarray(start, this.pos);
  }

  /** Skips a field the schema does not know (fields added by a newer writer). */
  skip(wireType: number, fieldNumber: number, depth: number): void {
    switch (wireType) {
      case 0:
        this.varintBits();
        return;
      case 1:
        this.fixed(8);
        this.pos += 8;
        return;
      case 2: {
        const length = this.length(); // not `this.pos += this.length()`: that adds to the position before the prefix
        this.pos += length;
        return;
      }
      case 5:
        this.fixed(4);
        this.pos += 4;
        return;
      case 3:
        this.skipGroup(fieldNumber, depth + 1);
        return;
      default:
        throw new Error(`bad wire type ${wireType} for field ${fieldNumber} before byte ${this.pos}`);
    }
  }

  private skipGroup(fieldNumber: number, depth: number): void {
    if (depth > MAX_DEPTH) {
      throw new Error(`groups nested deeper than ${MAX_DEPTH} levels at byte ${this.pos}`);
    }
    while (this.pos < this.limit) {
      const tag = this.uint32();
      if ((tag & 7) === 4) {
        if (tag >>> 3 === fieldNumber) {
          return;
        }
        throw new Error(`end-group tag for field ${tag >>> 3} inside group ${fieldNumber} before byte ${this.pos}`);
      }
      this.skip(tag & 7, tag >>> 3, depth);
    }
    throw new Error(`group field ${fieldNumber} has no end-group tag`);
  }
}

const utf8 = new TextDecoder('utf-8');

/** UTF-8 text; invalid sequences show as U+FFFD rather than refusing the whole message. */
function text(bytes: Uint8Array): string {
  // Short ASCII (ids, codes, names) is most strings in a topic: TextDecoder's call costs more than the loop.
  if (bytes.length <= 32) {
    let ascii = '';
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] >= 0x80) {
        return utf8.decode(bytes);
      }
      ascii += String.fromCharCode(bytes[i]);
    }
    return ascii;
  }
  return utf8.decode(bytes);
}

function readScalar(reader: WireReader, type: ScalarType): ScalarValue {
  switch (type) {
    case 'int32':
      return reader.uint32() | 0;
    case 'uint32':
      return reader.uint32();
    case 'sint32': {
      const bits = reader.uint32();
      return (bits >>> 1) ^ -(bits & 1);
    }
    case 'int64':
      return BigInt.asIntN(64, reader.uint64());
    case 'uint64':
      return reader.uint64();
    case 'sint64': {
      const bits = reader.uint64();
      return (bits >> 1n) ^ -(bits & 1n);
    }
    case 'fixed32':
      return reader.fixed32();
    case 'sfixed32':
      return reader.sfixed32();
    case 'fixed64':
      return reader.fixed64();
    case 'sfixed64':
      return reader.sfixed64();
    case 'float':
      return reader.float();
    case 'double':
      return reader.double();
    case 'bool':
      return reader.bool();
    case 'string':
      return text(reader.bytes());
    case 'bytes':
      return reader.bytes();
  }
}

/** `part` says which part of a map entry; the message is built only when it is needed. */
function expectWireType(got: number, expected: number, field: FieldPlan, part: '' | 'the key of ' | 'a value of ', at: number): void {
  if (got !== expected) {
    throw new Error(`bad wire type ${got} for ${part}field ${field.owner}.${field.name} at byte ${at} (expected ${expected})`);
  }
}

/** Reads the fields of one message into `message` until its end (or its end-group tag). */
function readFields(reader: WireReader, message: DecodedMessage, depth: number, groupNumber?: number): void {
  const plan = message.plan;
  while (reader.pos < reader.limit) {
    const at = reader.pos;
    const tag = reader.uint32();
    const fieldNumber = tag >>> 3;
    const wireType = tag & 7;
    if (fieldNumber === 0) {
      throw new Error(`invalid field number 0 at byte ${at}`);
    }
    if (wireType === 4) {
      if (fieldNumber === groupNumber) {
        return;
      }
      throw new Error(`unexpected end-group tag for field ${fieldNumber} at byte ${at}`);
    }
    const field = plan.byId.get(fieldNumber);
    if (field === undefined) {
      reader.skip(wireType, fieldNumber, depth);
    } else {
      readField(reader, field, wireType, message, depth, at);
    }
  }
  if (groupNumber !== undefined) {
    throw new Error(`group field ${groupNumber} has no end-group tag`);
  }
}

function readField(reader: WireReader, field: FieldPlan, wireType: number, message: DecodedMessage, depth: number, at: number): void {
  if (field.mapKey !== undefined) {
    expectWireType(wireType, 2, field, '', at);
    let map = message.values.get(field.id) as DecodedMap | undefined;
    if (map === undefined) {
      map = new Map();
      message.values.set(field.id, map);
    }
    readMapEntry(reader, field, field.mapKey, map, depth);
    return;
  }
  if (field.repeated) {
    let list = message.values.get(field.id) as Single[] | undefined;
    if (list === undefined) {
      list = [];
      message.values.set(field.id, list);
    }
    // Readers must take both forms, whatever the schema says about packing.
    if (wireType === 2 && isPackable(field.value)) {
      readPacked(reader, field.value, list);
    } else {
      list.push(readSingle(reader, field, field.delimited, wireType, '', field.id, depth, at));
    }
    return;
  }
  // A message field seen twice is merged, as protobuf parsers do; any other field: the last wins.
  const previous = field.value.kind === 'message' ? (message.values.get(field.id) as DecodedMessage | undefined) : undefined;
  const value = readSingle(reader, field, field.delimited, wireType, '', field.id, depth, at, previous);
  for (const sibling of field.oneofSiblings) {
    message.values.delete(sibling);
  }
  message.values.set(field.id, value);
}

/** One value of `field` (for a map: its value); `fieldNumber` is the one an end-group tag must carry. */
function readSingle(
  reader: WireReader,
  field: FieldPlan,
  delimited: boolean,
  wireType: number,
  part: '' | 'a value of ',
  fieldNumber: number,
  depth: number,
  at: number,
  into?: DecodedMessage,
): Single {
  const value = field.value;
  if (value.kind !== 'message') {
    const type = value.kind === 'enum' ? 'int32' : value.type;
    expectWireType(wireType, WIRE_TYPE[type], field, part, at);
    return readScalar(reader, type);
  }
  expectWireType(wireType, delimited ? 3 : 2, field, part, at);
  if (depth >= MAX_DEPTH) {
    throw new Error(`messages nested deeper than ${MAX_DEPTH} levels at byte ${at}`);
  }
  const message = into ?? new DecodedMessage(value.message);
  if (delimited) {
    readFields(reader, message, depth + 1, fieldNumber);
    return message;
  }
  const length = reader.length();
  const outer = reader.limit;
  reader.limit = reader.pos + length;
  readFields(reader, message, depth + 1);
  reader.limit = outer;
  return message;
}

function readPacked(reader: WireReader, value: ValuePlan, list: Single[]): void {
  const type = value.kind === 'scalar' ? value.type : 'int32';
  const length = reader.length();
  const outer = reader.limit;
  reader.limit = reader.pos + length;
  while (reader.pos < reader.limit) {
    list.push(readScalar(reader, type));
  }
  reader.limit = outer;
}

/** The text of a map key as a JSON object key. */
function mapKeyText(key: ScalarValue): string {
  return typeof key === 'string' ? key : String(key);
}

/** A map entry is a little message: key = 1, value = 2, either may be missing (then its default). */
function readMapEntry(reader: WireReader, field: FieldPlan, keyType: ScalarType, map: DecodedMap, depth: number): void {
  const length = reader.length();
  const outer = reader.limit;
  reader.limit = reader.pos + length;
  let key: ScalarValue | undefined;
  let value: Single | undefined;
  while (reader.pos < reader.limit) {
    const at = reader.pos;
    const tag = reader.uint32();
    const wireType = tag & 7;
    if (tag >>> 3 === 1) {
      expectWireType(wireType, WIRE_TYPE[keyType], field, 'the key of ', at);
      key = readScalar(reader, keyType);
    } else if (tag >>> 3 === 2) {
      value = readSingle(reader, field, false, wireType, 'a value of ', 2, depth, at);
    } else {
      reader.skip(wireType, tag >>> 3, depth);
    }
  }
  reader.limit = outer;
  map.set(mapKeyText(key ?? zeroOf(keyType)), value ?? defaultSingle(field.value));
}

/** The message of a payload's body: from the reader's position to its end. */
export function readMessage(reader: WireReader, message: DecodedMessage): DecodedMessage {
  readFields(reader, message, 0);
  return message;
}
