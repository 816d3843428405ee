/**
 * Starts the own fetch path of a tail (see partitionFetcher.ts) on connections of its own: every
 * partition wanted, each from the position the tail knows for it, else from the earliest or the
 * latest offset; a position out of range (deleted by retention, say) goes to the same edge, as
 * kafkajs' consumer does with fromBeginning.
 */
import type { ClusterConnection } from '../connection/connection';
import { fetchClusterMetadata } from '../admin/metadata';
import { fetchOffsetRanges } from '../admin/offsets';
import { FetchHandler, PartitionFetcher } from './partitionFetcher';

export interface OwnFetch {
  readonly fetcher: PartitionFetcher;
  /** Stops fetching and closes the connections. */
  stop(): Promise<void>;
}

export interface OwnFetchPlan {
  readonly topics: readonly string[];
  /** Only these partitions of every topic; all when absent. */
  readonly partitions?: readonly number[];
  /** Partitions without a known position start at the latest offset, else at the earliest. */
  readonly fromLatest: boolean;
  /** Known positions by `topic\0partition`; the others are added here as they are planned. */
  readonly positions: Map<string, string>;
  readonly handler: Omit<FetchHandler, 'outOfRange'>;
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

export async function startOwnFetch(connection: ClusterConnection, plan: OwnFetchPlan): Promise<OwnFetch> {
  const clients = await connection.ownClients();
  try {
    const metadata = await fetchClusterMetadata(clients.cluster, [...plan.topics]);
    const only = plan.partitions;
    const wanted = metadata.topics.map((t) => ({
      topic: t.name,
      partitions: t.partitions.map((p) => p.partition).filter((p) => !only || only.includes(p)),
    }));
    const ranges = await fetchOffsetRanges(clients.cluster, metadata, wanted);
    const edge = async (topic: string, partition: number): Promise<bigint> => {
      const fresh = await fetchOffsetRanges(clients.cluster, await fetchClusterMetadata(clients.cluster, [topic]), [
        { topic, partitions: [partition] },
      ]);
      const range = fresh.get(topic)?.get(partition);
      if (!range) {
        throw new Error(`No offsets for ${topic}/${partition}.`);
      }
      return plan.fromLatest ? range.latest : range.earliest;
    };
    const fetcher = new PartitionFetcher(clients, { ...plan.handler, outOfRange: edge }, { readCommitted: true });
    for (const { topic, partitions } of wanted) {
      for (const partition of partitions) {
        const known = plan.positions.get(key(topic, partition));
        const range = ranges.get(topic)?.get(partition);
        const offset = known !== undefined ? BigInt(known) : plan.fromLatest ? range?.latest : range?.earliest;
        if (offset === undefined) {
          throw new Error(`No offsets for ${topic}/${partition}.`);
        }
        plan.positions.set(key(topic, partition), String(offset));
        fetcher.add(topic, partition, offset);
      }
    }
    return {
      fetcher,
      stop: async () => {
        await fetcher.stop();
        await clients.close();
      },
    };
  } catch (error) {
    await clients.close();
    throw error;
  }
}
