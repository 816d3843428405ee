/** A byte buffer that doubles as it fills: what the msgpack and Avro writers write into. Pure. */
export class GrowingBuffer {
  protected buf = Buffer.alloc(256);
  /** Bytes written so far; a writer may set it back to drop what it wrote last. */
  length = 0;

  /** Makes room for `bytes` more. */
  protected room(bytes: number): void {
    if (this.length + bytes > this.buf.length) {
      const bigger = Buffer.alloc(Math.max(this.buf.length * 2, this.length + bytes));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
  }

  byte(value: number): void {
    this.room(1);
    this.buf[this.length++] = value;
  }

  bytes(data: Uint8Array): void {
    this.room(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  /** A copy of what was written (the buffer itself is reused while writing). */
  result(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.length));
  }
}
