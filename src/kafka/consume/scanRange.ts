/**
 * A tail that ends: a search reads each partition from where the tail starts to an end (the
 * end offsets taken when it starts, so it finishes; or a time; or an offset), then stops by
 * itself. This plans the offsets per partition and keeps count of what was scanned, exactly
 * (offsets are bigint).
 */
import { ClusterConnection } from '../connection/connection';
import { fetchClusterMetadata } from '../admin/metadata';
import { fetchOffsetRanges, fetchOffsets } from '../admin/offsets';

/** Where a search ends (exclusive): "now" is the latest offset of every partition when it starts. */
export type TailEnd =
  | { readonly kind: 'now' }
  | { readonly kind: 'timestamp'; readonly timestamp: number }
  | { readonly kind: 'offset'; readonly offset: bigint };

interface PartitionRange {
  readonly start: bigint;
  readonly end: bigint;
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

export class ScanRange {
  private constructor(private readonly ranges: ReadonlyMap<string, PartitionRange>) {}

  /**
   * The range of every partition of `topics` (only `partitions` when given): from `starts` (the
   * tail's planned start offsets; earliest or latest where it has none) to the end, clamped so
   * that a range never runs backwards.
   */
  static async plan(
    connection: ClusterConnection,
    topics: readonly string[],
    partitions: readonly number[] | undefined,
    startsAtLatest: boolean,
    starts: ReadonlyMap<string, string>,
    end: TailEnd,
  ): Promise<ScanRange> {
    return connection.query('search range', async ({ cluster }) => {
      const metadata = await fetchClusterMetadata(cluster, [...topics]);
      const wanted = metadata.topics.map((t) => ({
        topic: t.name,
        partitions: t.partitions.map((p) => p.partition).filter((p) => !partitions || partitions.includes(p)),
      }));
      const ranges = await fetchOffsetRanges(cluster, metadata, wanted);
      const atTime = end.kind === 'timestamp' ? await fetchOffsets(cluster, metadata, wanted, end.timestamp) : undefined;
      const planned = new Map<string, PartitionRange>();
      for (const [topic, byPartition] of ranges) {
        for (const [partition, range] of byPartition) {
          const given = starts.get(key(topic, partition));
          const start = given !== undefined ? BigInt(given) : startsAtLatest ? range.latest : range.earliest;
          // A time after every message has no offset (-1): the search runs to the latest.
          const at = atTime?.get(topic)?.get(partition);
          const wantedEnd =
            end.kind === 'now' ? range.latest : end.kind === 'offset' ? end.offset + 1n : at === undefined || at < 0n ? range.latest : at;
          const clamped = wantedEnd > range.latest ? range.latest : wantedEnd;
          planned.set(key(topic, partition), { start, end: clamped < start ? start : clamped });
        }
      }
      return new ScanRange(planned);
    });
  }

  /** The messages of a batch that lie before the partition's end. */
  within<T extends { readonly offset: string }>(topic: string, partition: number, messages: readonly T[]): readonly T[] {
    const range = this.ranges.get(key(topic, partition));
    if (!range) {
      return messages;
    }
    const past = messages.findIndex((m) => BigInt(m.offset) >= range.end);
    return past < 0 ? messages : messages.slice(0, past);
  }

  /** Whether a partition whose next offset is `next` has nothing more to scan. */
  reached(topic: string, partition: number, next: bigint): boolean {
    const range = this.ranges.get(key(topic, partition));
    return range !== undefined && next >= range.end;
  }

  /** Partitions with nothing (more) to scan, given the next offset of each (absent: its start). */
  finished(next: ReadonlyMap<string, string>): Array<{ topic: string; partition: number }> {
    return [...this.ranges]
      .filter(([k, r]) => BigInt(next.get(k) ?? r.start) >= r.end)
      .map(([k]) => {
        const [topic, partition] = k.split('\u0000');
        return { topic, partition: Number(partition) };
      });
  }

  get partitionCount(): number {
    return this.ranges.size;
  }

  /** Offsets scanned of the total, given the next offset of each partition. */
  progress(next: ReadonlyMap<string, string>): { scanned: bigint; total: bigint } {
    let scanned = 0n;
    let total = 0n;
    for (const [k, range] of this.ranges) {
      const position = BigInt(next.get(k) ?? range.start);
      total += range.end - range.start;
      scanned += (position > range.end ? range.end : position < range.start ? range.start : position) - range.start;
    }
    return { scanned, total };
  }
}
