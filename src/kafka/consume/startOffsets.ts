/**
 * Where each partition of a tail starts, for the explicit start modes (offset, timestamp, last N),
 * planned like an offset reset: clamped to each partition's earliest..latest, and a time with no
 * message after it means the latest offset. The last N is a shift back from latest.
 */
import type { ClusterConnection } from '../connection/connection';
import { fetchClusterMetadata } from '../admin/metadata';
import { fetchOffsetRanges, fetchOffsets } from '../admin/offsets';
import { planReset, ResetStrategy } from '../groups/offsetReset';
import type { TailStart } from './tailOptions';

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** Offsets by `topic\0partition`; empty for earliest and latest, which each path reads its own way. */
export async function planStartOffsets(
  connection: ClusterConnection,
  topics: readonly string[],
  start: TailStart,
): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  if (start.kind === 'latest' || start.kind === 'earliest') {
    return result;
  }
  const strategy: ResetStrategy = start.kind === 'lastN' ? { kind: 'shift', by: -BigInt(start.count) } : start;
  await connection.query('tail start offsets', async ({ cluster }) => {
    const metadata = await fetchClusterMetadata(cluster, [...topics]);
    const wanted = metadata.topics.map((t) => ({ topic: t.name, partitions: t.partitions.map((p) => p.partition) }));
    const ranges = await fetchOffsetRanges(cluster, metadata, wanted);
    const atTime = start.kind === 'timestamp' ? await fetchOffsets(cluster, metadata, wanted, start.timestamp) : undefined;
    const candidates = [...ranges].flatMap(([topic, byPartition]) =>
      [...byPartition].map(([partition, range]) => ({
        topic,
        partition,
        current: start.kind === 'lastN' ? range.latest : undefined,
        ...range,
        ...(atTime ? { atTimestamp: atTime.get(topic)?.get(partition) ?? -1n } : {}),
      })),
    );
    for (const planned of planReset(candidates, strategy)) {
      result.set(key(planned.topic, planned.partition), String(planned.target));
    }
  });
  return result;
}
