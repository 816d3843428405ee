/**
 * A small mutation fuzzer: a seeded PRNG and the mutations that find bugs in decoders (bits
 * flipped, bytes set to boundary values, lengths and counts made huge or negative, slices
 * repeated, cut or inserted). Deterministic: a target, a seed and a count give the same inputs.
 */

/** xorshift128+: fast and good enough to pick mutations; the same seed gives the same run. */
export class Random {
  private a: bigint;
  private b: bigint;
  constructor(seed: number) {
    this.a = BigInt(seed) * 0x9e3779b97f4a7c15n + 1n;
    this.b = BigInt(seed) ^ 0xda942042e4dd58b5n;
    for (let i = 0; i < 8; i++) {
      this.next();
    }
  }

  /** 32 random bits. */
  next(): number {
    let x = this.a;
    const y = this.b;
    this.a = y;
    x ^= (x << 23n) & 0xffffffffffffffffn;
    this.b = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return Number((this.b + y) & 0xffffffffn);
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }
}

/** Values that sit on boundaries: lengths of 0, -1, the largest int16/int32, varint continuation bytes. */
const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x3f, 0x40, 0xc0];
const INTERESTING_INT32 = [0, 1, -1, 0x7fff, 0x8000, 0xffff, 0x7fffffff, -0x80000000, 0x10000, 1 << 20];

function mutateOnce(input: Buffer, random: Random): Buffer {
  const at = random.below(input.length + 1);
  switch (random.below(9)) {
    case 0: {
      // One bit.
      if (input.length === 0) {
        return Buffer.from([random.below(256)]);
      }
      const out = Buffer.from(input);
      out[at % out.length] ^= 1 << random.below(8);
      return out;
    }
    case 1: {
      const out = Buffer.from(input);
      if (out.length > 0) {
        out[at % out.length] = INTERESTING_BYTES[random.below(INTERESTING_BYTES.length)];
      }
      return out;
    }
    case 2: {
      // A big-endian int32 (Kafka's lengths and counts) or int16 set to a boundary value.
      const out = Buffer.from(input);
      const value = INTERESTING_INT32[random.below(INTERESTING_INT32.length)];
      if (out.length >= 4 && random.below(2) === 0) {
        out.writeInt32BE(value | 0, Math.min(at, out.length - 4));
      } else if (out.length >= 2) {
        out.writeInt16BE(((value << 16) >> 16) | 0, Math.min(at, out.length - 2));
      }
      return out;
    }
    case 3:
      // Cut short.
      return input.subarray(0, at);
    case 4:
      // Bytes removed from the middle.
      return Buffer.concat([input.subarray(0, at), input.subarray(Math.min(input.length, at + 1 + random.below(8)))]);
    case 5: {
      // Random bytes inserted.
      const inserted = Buffer.alloc(1 + random.below(8));
      inserted.forEach((_, i) => (inserted[i] = random.below(256)));
      return Buffer.concat([input.subarray(0, at), inserted, input.subarray(at)]);
    }
    case 6: {
      // A slice repeated (nested structures, repeated fields).
      const length = 1 + random.below(Math.max(1, Math.min(32, input.length - at)));
      const slice = input.subarray(at, at + length);
      return Buffer.concat([input.subarray(0, at), slice, slice, input.subarray(at)]);
    }
    case 7: {
      // A long varint: continuation bits that run on.
      const run = Buffer.alloc(1 + random.below(12), 0xff);
      return Buffer.concat([input.subarray(0, at), run, input.subarray(at)]);
    }
    default: {
      // A byte set at random.
      const out = Buffer.from(input);
      if (out.length > 0) {
        out[at % out.length] = random.below(256);
      }
      return out;
    }
  }
}

/** One to four mutations of `seed`. */
export function mutate(seed: Buffer, random: Random): Buffer {
  let out = seed;
  const times = 1 + random.below(4);
  for (let i = 0; i < times; i++) {
    out = mutateOnce(out, random);
  }
  return out;
}
