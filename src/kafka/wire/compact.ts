/**
 * Kafka's "flexible version" encoding (KIP-482: unsigned varint lengths + 1, tagged
 * fields), which kafkajs 2.2.4 has no general support for. Pure; only what the requests
 * in this folder need. The reader also reads the classic encoding (int16 string lengths,
 * int32 array counts) of the non-flexible versions some of them use (Produce v3-v8).
 */
export class CompactWriter {
  private readonly bytes: number[] = [];

  uvarint(value: number): this {
    let v = value >>> 0;
    while (v >= 0x80) {
      this.bytes.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    this.bytes.push(v);
    return this;
  }

  string(value: string): this {
    const utf8 = Buffer.from(value, 'utf8');
    this.uvarint(utf8.length + 1);
    utf8.forEach((b) => this.bytes.push(b));
    return this;
  }

  array<T>(items: readonly T[], write: (writer: this, item: T) => void): this {
    this.uvarint(items.length + 1);
    items.forEach((item) => write(this, item));
    return this;
  }

  /** A compact nullable array: null is length 0, as in OffsetFetch's "all topics". */
  nullableArray<T>(items: readonly T[] | null, write: (writer: this, item: T) => void): this {
    return items === null ? this.uvarint(0) : this.array(items, write);
  }

  boolean(value: boolean): this {
    this.bytes.push(value ? 1 : 0);
    return this;
  }

  int8(value: number): this {
    this.bytes.push(value & 0xff);
    return this;
  }

  int32(value: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(value);
    b.forEach((byte) => this.bytes.push(byte));
    return this;
  }

  /** No tagged fields. */
  noTags(): this {
    return this.uvarint(0);
  }

  toBuffer(): Buffer {
    return Buffer.from(this.bytes);
  }
}

export class CompactReader {
  private offset = 0;

  constructor(private readonly buffer: Buffer) {}

  int8(): number {
    return this.take(1).readInt8(0);
  }

  int16(): number {
    return this.take(2).readInt16BE(0);
  }

  int32(): number {
    return this.take(4).readInt32BE(0);
  }

  int64(): bigint {
    return this.take(8).readBigInt64BE(0);
  }

  boolean(): boolean {
    return this.take(1)[0] !== 0;
  }

  uvarint(): number {
    let result = 0;
    for (let shift = 0; shift <= 28; shift += 7) {
      const byte = this.take(1)[0];
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) {
        return result >>> 0;
      }
    }
    throw new Error('invalid unsigned varint: more than 5 bytes');
  }

  string(): string {
    const value = this.nullableString();
    if (value === null) {
      throw new Error('unexpected null string');
    }
    return value;
  }

  nullableString(): string | null {
    const length = this.uvarint();
    return length === 0 ? null : this.take(length - 1).toString('utf8');
  }

  uuid(): string {
    return this.take(16).toString('hex');
  }

  array<T>(read: (reader: this) => T): T[] {
    const length = this.uvarint();
    // Every element takes at least one byte: a larger count is a corrupt length, refused
    // before it allocates an array of up to 4 billion entries.
    if (length - 1 > this.buffer.length - this.offset) {
      throw new Error(`truncated response: an array of ${length - 1} entries at ${this.offset} of ${this.buffer.length}`);
    }
    return length === 0 ? [] : Array.from({ length: length - 1 }, () => read(this));
  }

  /** A classic (non-flexible) nullable string: int16 length, -1 for null. */
  classicNullableString(): string | null {
    const length = this.int16();
    return length < 0 ? null : this.take(length).toString('utf8');
  }

  /** A classic (non-flexible) array: int32 count, -1 for null (read as empty). */
  classicArray<T>(read: (reader: this) => T): T[] {
    const length = this.int32();
    if (length > this.buffer.length - this.offset) {
      throw new Error(`truncated response: an array of ${length} entries at ${this.offset} of ${this.buffer.length}`);
    }
    return length <= 0 ? [] : Array.from({ length }, () => read(this));
  }

  /** Skips tagged fields: unknown ones are allowed by the protocol's design. */
  tags(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint();
      this.take(this.uvarint());
    }
  }

  /** Refuses bytes after the last field: a response longer than its version's schema was not read as what it is. */
  end(): void {
    if (this.offset !== this.buffer.length) {
      throw new Error(`unexpected response: ${this.buffer.length - this.offset} bytes left after the last field`);
    }
  }

  private take(length: number): Buffer {
    if (this.offset + length > this.buffer.length) {
      throw new Error(`truncated response: needed ${length} bytes at ${this.offset} of ${this.buffer.length}`);
    }
    const slice = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }
}

/**
 * A flexible-version response whose body is a throttle time and an array of groups (OffsetFetch v8,
 * ConsumerGroupDescribe): the body after the correlation id, response header v1's tagged fields first.
 */
export function decodeGroupsResponse<T>(payload: Buffer, readGroup: (reader: CompactReader) => T): T[] {
  const reader = new CompactReader(payload);
  reader.tags(); // response header v1
  reader.int32(); // ThrottleTimeMs
  const groups = reader.array(readGroup);
  reader.tags();
  return groups;
}
