/**
 * A writer of Kafka's wire format, for the generated encoders (src/kafka/wire/generated):
 * classic and compact (KIP-482) forms, uuids, int64 from bigint, tagged fields. A value that
 * does not fit its field (out of range, null where the version allows none, not a uuid) is a
 * WireError naming the message and the field's path, before anything is sent.
 */
import { FieldPath, formatPath, uuidToBytes, WireError } from './common';

/** A tagged field to write: its tag and how to write its value (the writer adds the size). */
export type TaggedField = readonly [tag: number, write: (writer: Writer) => void];

export class Writer {
  private buffer: Buffer;
  private length = 0;
  private readonly path: FieldPath = [];

  /** `what` names the message in errors: "OffsetFetchRequest v8". */
  constructor(
    private readonly what: string,
    initialBytes = 256,
  ) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  fail(field: string | undefined, problem: string): never {
    throw new WireError(`${this.what}: ${formatPath(this.path, field)}: ${problem}`);
  }

  private reserve(bytes: number): number {
    if (this.length + bytes > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    const at = this.length;
    this.length += bytes;
    return at;
  }

  private integer(field: string | undefined, value: number, min: number, max: number, type: string): void {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(field, `${String(value)} is not an ${type}`);
    }
  }

  int8(field: string | undefined, value: number): void {
    this.integer(field, value, -0x80, 0x7f, 'int8');
    const at = this.reserve(1);
    this.buffer.writeInt8(value, at);
  }

  int16(field: string | undefined, value: number): void {
    this.integer(field, value, -0x8000, 0x7fff, 'int16');
    const at = this.reserve(2);
    this.buffer.writeInt16BE(value, at);
  }

  uint16(field: string | undefined, value: number): void {
    this.integer(field, value, 0, 0xffff, 'uint16');
    const at = this.reserve(2);
    this.buffer.writeUInt16BE(value, at);
  }

  int32(field: string | undefined, value: number): void {
    this.integer(field, value, -0x80000000, 0x7fffffff, 'int32');
    const at = this.reserve(4);
    this.buffer.writeInt32BE(value, at);
  }

  uint32(field: string | undefined, value: number): void {
    this.integer(field, value, 0, 0xffffffff, 'uint32');
    const at = this.reserve(4);
    this.buffer.writeUInt32BE(value, at);
  }

  int64(field: string | undefined, value: bigint): void {
    if (typeof value !== 'bigint' || value < -(2n ** 63n) || value >= 2n ** 63n) {
      this.fail(field, `${String(value)} is not an int64 (a bigint)`);
    }
    const at = this.reserve(8);
    this.buffer.writeBigInt64BE(value, at);
  }

  float64(field: string | undefined, value: number): void {
    if (typeof value !== 'number') {
      this.fail(field, `${String(value)} is not a number`);
    }
    const at = this.reserve(8);
    this.buffer.writeDoubleBE(value, at);
  }

  bool(field: string | undefined, value: boolean): void {
    if (typeof value !== 'boolean') {
      this.fail(field, `${String(value)} is not a boolean`);
    }
    const at = this.reserve(1);
    this.buffer[at] = value ? 1 : 0;
  }

  uuid(field: string | undefined, value: string): void {
    const bytes = uuidToBytes(value);
    if (!bytes) {
      this.fail(field, `${JSON.stringify(value)} is not a Kafka uuid (22 characters of URL-safe base64)`);
    }
    const at = this.reserve(16);
    bytes.copy(this.buffer, at);
  }

  uvarint(value: number): void {
    let v = value;
    while (v >= 0x80) {
      const at = this.reserve(1);
      this.buffer[at] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 0x80);
    }
    const at = this.reserve(1);
    this.buffer[at] = v;
  }

  /** A length or count, or null (-1): compact (uvarint N + 1) or classic (int16 for strings, int32 otherwise). */
  private lengthOf(field: string | undefined, length: number, compact: boolean, classicBytes: 2 | 4): void {
    if (compact) {
      this.uvarint(length + 1);
    } else if (classicBytes === 2) {
      if (length > 0x7fff) {
        this.fail(field, `${length} bytes, more than a string can hold (32767)`);
      }
      const at = this.reserve(2);
      this.buffer.writeInt16BE(length, at);
    } else {
      const at = this.reserve(4);
      this.buffer.writeInt32BE(length, at);
    }
  }

  private checkNull(field: string | undefined, value: unknown, nullable: boolean): value is null | undefined {
    if (value === null || value === undefined) {
      if (!nullable) {
        this.fail(field, 'null, but the field is not nullable in this version');
      }
      return true;
    }
    return false;
  }

  string(field: string | undefined, value: string | null | undefined, nullable: boolean, compact: boolean): void {
    if (this.checkNull(field, value, nullable)) {
      this.lengthOf(field, -1, compact, 2);
      return;
    }
    if (typeof value !== 'string') {
      this.fail(field, `${String(value)} is not a string`);
    }
    const bytes = Buffer.byteLength(value, 'utf8');
    this.lengthOf(field, bytes, compact, 2);
    const at = this.reserve(bytes);
    this.buffer.write(value, at, bytes, 'utf8');
  }

  bytes(field: string | undefined, value: Uint8Array | null | undefined, nullable: boolean, compact: boolean): void {
    if (this.checkNull(field, value, nullable)) {
      this.lengthOf(field, -1, compact, 4);
      return;
    }
    if (!(value instanceof Uint8Array)) {
      this.fail(field, 'not bytes (a Buffer)');
    }
    this.lengthOf(field, value.length, compact, 4);
    const at = this.reserve(value.length);
    this.buffer.set(value, at);
  }

  array<T>(
    field: string,
    value: readonly T[] | null | undefined,
    nullable: boolean,
    compact: boolean,
    write: (writer: this, item: T) => void,
  ): void {
    if (this.checkNull(field, value, nullable)) {
      this.lengthOf(field, -1, compact, 4);
      return;
    }
    if (!Array.isArray(value)) {
      this.fail(field, 'not an array');
    }
    this.lengthOf(field, value.length, compact, 4);
    this.path.push(field, 0);
    for (let i = 0; i < value.length; i++) {
      this.path[this.path.length - 1] = i;
      write(this, value[i]);
    }
    this.path.length -= 2;
  }

  struct<T>(field: string, value: T, write: (writer: this, value: T) => void): void {
    if (value === null || value === undefined || typeof value !== 'object') {
      this.fail(field, 'null, but the field is not nullable in this version');
    }
    this.path.push(field);
    write(this, value);
    this.path.pop();
  }

  /** A nullable struct outside tagged fields: an int8 marker (-1 null, 1 present) before it. */
  nullableStruct<T>(field: string, value: T | null | undefined, write: (writer: this, value: T) => void): void {
    if (value === null || value === undefined) {
      this.int8(field, -1);
    } else {
      this.int8(field, 1);
      this.struct(field, value, write);
    }
  }

  /** A struct's tagged fields in flexible versions: the count, then each tag (in `fields`' order), size and value. */
  taggedFields(fields: readonly TaggedField[]): void {
    this.uvarint(fields.length);
    for (const [tag, write] of fields) {
      const start = this.length;
      write(this);
      const value = Buffer.from(this.buffer.subarray(start, this.length));
      this.length = start;
      this.uvarint(tag);
      this.uvarint(value.length);
      const at = this.reserve(value.length);
      this.buffer.set(value, at);
    }
  }

  /** A field this version does not have was given a value other than its default (as Kafka's writers refuse). */
  notInVersion(field: string, version: number): never {
    return this.fail(field, `has a value other than its default, but v${version} does not have the field`);
  }

  /** The bytes written (a view of the writer's buffer: the writer is not used after). */
  toBuffer(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}
