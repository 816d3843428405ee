/**
 * Kafka's murmur2 hash and keyed partitioning, bit for bit as the Java client
 * (org.apache.kafka.common.utils.Utils.murmur2 / toPositive): a key lands on the partition
 * a Java producer, kafka-python or librdkafka's murmur2_random would choose. Pure.
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  const seed = 0x9747b28c;
  const m = 0x5bd1e995;
  const r = 24;
  let h = seed ^ length;
  const length4 = length >> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i << 2;
    let k = (data[i4] & 0xff) + ((data[i4 + 1] & 0xff) << 8) + ((data[i4 + 2] & 0xff) << 16) + ((data[i4 + 3] & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  // The last 1-3 bytes (Java's switch falls through from case 3 to case 1).
  const index = length4 << 2;
  const rest = length - index;
  if (rest >= 3) {
    h ^= (data[index + 2] & 0xff) << 16;
  }
  if (rest >= 2) {
    h ^= (data[index + 1] & 0xff) << 8;
  }
  if (rest >= 1) {
    h ^= data[index] & 0xff;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** Java's Utils.toPositive: clears the sign bit (not Math.abs). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/** The partition the Java client's default partitioner picks for a non-null key. */
export function partitionForKey(key: Uint8Array, partitionCount: number): number {
  return toPositive(murmur2(key)) % partitionCount;
}
