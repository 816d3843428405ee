import { InternalCluster, protocolErrorFromCode } from '../kafkajsInternals';
import { sendRequest } from '../requests';
import { LIST_OFFSETS } from '../wire/generated/listOffsets';
import { ClusterMetadata, fetchClusterMetadata } from './metadata';

/** Offsets are 64-bit: bigint end to end, so none is ever rounded. */
export interface OffsetRange {
  /** The first offset still on the broker (retention moves it forward). */
  readonly earliest: bigint;
  /** The offset the next message will get (the high watermark). */
  readonly latest: bigint;
}

/** topic → partition → value */
export type PerPartition<T> = Map<string, Map<number, T>>;

export interface TopicPartitions {
  readonly topic: string;
  readonly partitions: readonly number[];
}

/** ListOffsets' special timestamps. */
export const EARLIEST = -2;
export const LATEST = -1;

const READ_UNCOMMITTED = 0;
/** A consumer's replica id. */
const NOT_A_REPLICA = -1;
/** How long a broker may take reading an offset from tiered storage (v10+): Kafka's default request.timeout.ms. */
const REMOTE_READ_TIMEOUT_MS = 30000;

/** Groups the wanted partitions by their leader; partitions without a leader are left out. */
function byLeader(metadata: ClusterMetadata, wanted: readonly TopicPartitions[]): Map<number, Map<string, number[]>> {
  const topics = new Map(metadata.topics.map((t) => [t.name, new Map(t.partitions.map((p) => [p.partition, p.leader]))]));
  const result = new Map<number, Map<string, number[]>>();
  for (const { topic, partitions } of wanted) {
    const leaders = topics.get(topic);
    for (const partition of partitions) {
      const leader = leaders?.get(partition);
      if (leader === undefined || leader < 0) {
        continue;
      }
      let perTopic = result.get(leader);
      if (!perTopic) {
        perTopic = new Map();
        result.set(leader, perTopic);
      }
      let list = perTopic.get(topic);
      if (!list) {
        list = [];
        perTopic.set(topic, list);
      }
      list.push(partition);
    }
  }
  return result;
}

async function listOffsetsOnce(
  cluster: InternalCluster,
  metadata: ClusterMetadata,
  wanted: readonly TopicPartitions[],
  timestamp: number,
): Promise<PerPartition<bigint>> {
  const result: PerPartition<bigint> = new Map();
  await Promise.all(
    [...byLeader(metadata, wanted)].map(async ([nodeId, perTopic]) => {
      const broker = await cluster.findBroker({ nodeId });
      const { response } = await sendRequest(broker, LIST_OFFSETS, {
        replicaId: NOT_A_REPLICA,
        // READ_UNCOMMITTED: "latest" is the high watermark, as Kafka's tools report it.
        isolationLevel: READ_UNCOMMITTED,
        timeoutMs: REMOTE_READ_TIMEOUT_MS,
        topics: [...perTopic].map(([name, partitions]) => ({
          name,
          partitions: partitions.map((partitionIndex) => ({ partitionIndex, timestamp: BigInt(timestamp) })),
        })),
      });
      for (const { name, partitions } of response.topics) {
        const perPartition = result.get(name) ?? new Map<number, bigint>();
        for (const { partitionIndex, errorCode, offset } of partitions) {
          if (errorCode !== 0) {
            // The first partition error fails the request (NOT_LEADER_OR_FOLLOWER when our leaders are stale), as kafkajs' did.
            throw protocolErrorFromCode(errorCode);
          }
          perPartition.set(partitionIndex, offset);
        }
        result.set(name, perPartition);
      }
    }),
  );
  return result;
}

/**
 * Offsets of many partitions of many topics at one timestamp (EARLIEST, LATEST or a time
 * in ms): one ListOffsets request per leader broker, merged in linear time. Leaders come
 * from `metadata`; when they turn out stale (a leader moved), fresh metadata is fetched
 * and the request is made once more.
 */
export async function fetchOffsets(
  cluster: InternalCluster,
  metadata: ClusterMetadata,
  wanted: readonly TopicPartitions[],
  timestamp: number,
): Promise<PerPartition<bigint>> {
  if (wanted.length === 0) {
    return new Map();
  }
  try {
    return await listOffsetsOnce(cluster, metadata, wanted, timestamp);
  } catch (error) {
    const type = (error as { type?: string }).type;
    if (
      type !== 'NOT_LEADER_FOR_PARTITION' &&
      type !== 'NOT_LEADER_OR_FOLLOWER' &&
      type !== 'UNKNOWN_TOPIC_OR_PARTITION' &&
      type !== 'LEADER_NOT_AVAILABLE'
    ) {
      throw error;
    }
    return listOffsetsOnce(cluster, await fetchClusterMetadata(cluster), wanted, timestamp);
  }
}

/** Earliest and latest offsets: two ListOffsets requests per leader broker, sent together. */
export async function fetchOffsetRanges(
  cluster: InternalCluster,
  metadata: ClusterMetadata,
  wanted: readonly TopicPartitions[],
): Promise<PerPartition<OffsetRange>> {
  const [earliest, latest] = await Promise.all([
    fetchOffsets(cluster, metadata, wanted, EARLIEST),
    fetchOffsets(cluster, metadata, wanted, LATEST),
  ]);
  const result: PerPartition<OffsetRange> = new Map();
  for (const [topic, byPartition] of latest) {
    const ranges = new Map<number, OffsetRange>();
    for (const [partition, latestOffset] of byPartition) {
      ranges.set(partition, { earliest: earliest.get(topic)?.get(partition) ?? 0n, latest: latestOffset });
    }
    result.set(topic, ranges);
  }
  return result;
}

/** Messages currently retained in a set of partitions (latest - earliest, summed). */
export function messageCount(ranges: Map<number, OffsetRange> | undefined): bigint | undefined {
  if (!ranges) {
    return undefined;
  }
  let total = 0n;
  for (const { earliest, latest } of ranges.values()) {
    total += latest > earliest ? latest - earliest : 0n;
  }
  return total;
}
