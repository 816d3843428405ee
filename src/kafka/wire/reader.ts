/**
 * A bounds-checked reader of Kafka's wire format, for the generated decoders
 * (src/kafka/wire/generated): classic (int16 string lengths, int32 array counts) and
 * compact (unsigned varint length + 1, KIP-482) forms, uuids, int64 as bigint, tagged fields.
 *
 * A length or count from the broker is checked against the bytes left before anything is
 * read or allocated: a string or byte array longer than what is left, or an array of N
 * elements when fewer than N × the element's smallest encoding are left, is an error, never a
 * hang or a huge allocation. Every error names the message and the field's path.
 */
import { FieldPath, formatPath, uuidFromBytes, WireError } from './common';

export class Reader {
  private offset = 0;
  /** Where the bytes being read end: the buffer's end, or a tagged field's. */
  private limit: number;
  private readonly path: FieldPath = [];

  /** `what` names the message in errors: "OffsetFetchResponse v8". */
  constructor(
    private readonly buffer: Buffer,
    private readonly what: string,
  ) {
    this.limit = buffer.length;
  }

  /** How many bytes have been read. */
  get position(): number {
    return this.offset;
  }

  /** Bytes left before the end (of a tagged field, inside one). */
  get remaining(): number {
    return this.limit - this.offset;
  }

  /** Throws a WireError about `field` at the current path. */
  fail(field: string | undefined, problem: string): never {
    throw new WireError(`${this.what}: ${formatPath(this.path, field)}: ${problem}`);
  }

  /** The offset of `length` bytes to read next, after checking they are there. */
  private take(field: string | undefined, length: number): number {
    if (length > this.limit - this.offset) {
      this.fail(field, `truncated: needs ${length} bytes at byte ${this.offset}, ${this.limit - this.offset} left`);
    }
    const at = this.offset;
    this.offset += length;
    return at;
  }

  int8(field?: string): number {
    return this.buffer.readInt8(this.take(field, 1));
  }

  int16(field?: string): number {
    return this.buffer.readInt16BE(this.take(field, 2));
  }

  uint16(field?: string): number {
    return this.buffer.readUInt16BE(this.take(field, 2));
  }

  int32(field?: string): number {
    return this.buffer.readInt32BE(this.take(field, 4));
  }

  uint32(field?: string): number {
    return this.buffer.readUInt32BE(this.take(field, 4));
  }

  int64(field?: string): bigint {
    return this.buffer.readBigInt64BE(this.take(field, 8));
  }

  float64(field?: string): number {
    return this.buffer.readDoubleBE(this.take(field, 8));
  }

  bool(field?: string): boolean {
    return this.buffer[this.take(field, 1)] !== 0;
  }

  uuid(field?: string): string {
    const at = this.take(field, 16);
    return uuidFromBytes(this.buffer.subarray(at, at + 16));
  }

  /** An unsigned varint of at most 5 bytes (32 bits), as Kafka's ByteUtils.readUnsignedVarint. */
  uvarint(field?: string): number {
    // Most lengths, counts and tagged-field counts fit in one byte.
    if (this.offset < this.limit && this.buffer[this.offset] < 0x80) {
      return this.buffer[this.offset++];
    }
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.buffer[this.take(field, 1)];
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        if (value > 0xffffffff) {
          this.fail(field, 'an unsigned varint larger than 32 bits');
        }
        return value;
      }
    }
    return this.fail(field, 'an unsigned varint longer than 5 bytes');
  }

  /**
   * A length or count: compact (uvarint N + 1, 0 for null) or classic (int16 for strings,
   * int32 otherwise; -1 for null). -1 means null.
   */
  private length(field: string | undefined, compact: boolean, classicBytes: 2 | 4): number {
    const length = compact ? this.uvarint(field) - 1 : classicBytes === 2 ? this.int16(field) : this.int32(field);
    if (length < -1) {
      this.fail(field, `a negative length ${length}`);
    }
    return length;
  }

  private text(field: string | undefined, length: number): string {
    const at = this.take(field, length);
    if (length === 0) {
      return ''; // every partition of an OffsetFetch answer has empty metadata
    }
    return this.buffer.toString('utf8', at, at + length);
  }

  string(field: string | undefined, compact: boolean): string {
    const length = this.length(field, compact, 2);
    return length < 0 ? this.fail(field, 'null, but the field is not nullable in this version') : this.text(field, length);
  }

  nullableString(field: string | undefined, compact: boolean): string | null {
    const length = this.length(field, compact, 2);
    return length < 0 ? null : this.text(field, length);
  }

  /** A copy, so that a decoded message does not hold on to the whole response. */
  private copy(field: string | undefined, length: number): Buffer {
    const at = this.take(field, length);
    return Buffer.from(this.buffer.subarray(at, at + length));
  }

  bytes(field: string | undefined, compact: boolean): Buffer {
    const length = this.length(field, compact, 4);
    return length < 0 ? this.fail(field, 'null, but the field is not nullable in this version') : this.copy(field, length);
  }

  nullableBytes(field: string | undefined, compact: boolean): Buffer | null {
    const length = this.length(field, compact, 4);
    return length < 0 ? null : this.copy(field, length);
  }

  /** Elements that each take at least `minBytes` bytes (at least 1 is assumed, as Kafka's readers do). */
  array<T>(field: string, compact: boolean, minBytes: number, read: (reader: this) => T): T[] {
    const items = this.nullableArray(field, compact, minBytes, read);
    return items ?? this.fail(field, 'null, but the field is not nullable in this version');
  }

  nullableArray<T>(field: string, compact: boolean, minBytes: number, read: (reader: this) => T): T[] | null {
    const count = this.length(field, compact, 4);
    if (count < 0) {
      return null;
    }
    const least = Math.max(1, minBytes);
    if (count * least > this.limit - this.offset) {
      this.fail(
        field,
        `truncated: ${count} entries of at least ${least} bytes each at byte ${this.offset}, ${this.limit - this.offset} bytes left`,
      );
    }
    const items: T[] = new Array<T>(count);
    this.path.push(field, 0);
    for (let i = 0; i < count; i++) {
      this.path[this.path.length - 1] = i;
      items[i] = read(this);
    }
    // pop, not `length -= 2`: setting an array's length is a slow path in V8 (a tenth of decoding 90,000 partitions).
    this.path.pop();
    this.path.pop();
    return items;
  }

  struct<T>(field: string, read: (reader: this) => T): T {
    this.path.push(field);
    const value = read(this);
    this.path.pop();
    return value;
  }

  /** A nullable struct outside tagged fields: an int8 marker, negative for null. */
  nullableStruct<T>(field: string, read: (reader: this) => T): T | null {
    return this.int8(field) < 0 ? null : this.struct(field, read);
  }

  /**
   * A struct's tagged fields (flexible versions). `read` decodes a known tag (within its
   * size: it must use all of it) and returns true; an unknown tag is skipped by its size.
   */
  taggedFields(read: (tag: number) => boolean): void {
    const count = this.uvarint('(tagged fields)');
    if (count === 0) {
      return;
    }
    for (let i = 0; i < count; i++) {
      const tag = this.uvarint('(tag)');
      const size = this.uvarint(`(tag ${tag})`);
      const start = this.take(`(tag ${tag})`, size);
      const end = start + size;
      this.offset = start;
      const outer = this.limit;
      this.limit = end;
      if (read(tag) && this.offset !== end) {
        this.fail(`(tag ${tag})`, `${end - this.offset} of its ${size} bytes not read`);
      }
      this.offset = end;
      this.limit = outer;
    }
  }

  /** A known tag in a version that does not have it, as Kafka's readers refuse it. */
  unexpectedTag(tag: number, version: number): never {
    return this.fail(`(tag ${tag})`, `tag ${tag} is not valid in v${version}`);
  }

  /** After the last field: bytes left mean the message was not what its version says. */
  end(): void {
    if (this.offset !== this.buffer.length) {
      this.fail(undefined, `${this.buffer.length - this.offset} bytes left after the last field`);
    }
  }
}
