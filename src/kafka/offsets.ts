import { InternalCluster, TopicPartitionOffsets } from './kafkajsInternals';

export interface OffsetRange {
  /** The first offset still on the broker (retention moves it forward). */
  readonly earliest: number;
  /** The offset the next message will get (the high watermark). */
  readonly latest: number;
}

/** topic → partition → value */
export type PerPartition<T> = Map<string, Map<number, T>>;

export interface TopicPartitions {
  readonly topic: string;
  readonly partitions: readonly number[];
}

function toMap(responses: TopicPartitionOffsets[]): PerPartition<number> {
  const result: PerPartition<number> = new Map();
  for (const { topic, partitions } of responses) {
    const byPartition = result.get(topic) ?? new Map<number, number>();
    for (const { partition, offset } of partitions) {
      byPartition.set(partition, Number(offset));
    }
    result.set(topic, byPartition);
  }
  return result;
}

async function listOffsets(
  cluster: InternalCluster,
  topics: readonly TopicPartitions[],
  fromBeginning: boolean,
): Promise<PerPartition<number>> {
  if (topics.length === 0) {
    return new Map();
  }
  return toMap(
    await cluster.fetchTopicsOffset(
      topics.map(({ topic, partitions }) => ({
        topic,
        partitions: partitions.map((partition) => ({ partition })),
        fromBeginning,
      })),
    ),
  );
}

/** Makes sure the client knows the leaders of these topics (one Metadata request for all new ones). */
async function targetTopics(cluster: InternalCluster, topics: readonly TopicPartitions[]): Promise<void> {
  if (topics.length > 0) {
    await cluster.addMultipleTargetTopics(topics.map((t) => t.topic));
  }
}

/** Latest offsets of many partitions of many topics: one ListOffsets request per leader broker. */
export async function fetchLatestOffsets(
  cluster: InternalCluster,
  topics: readonly TopicPartitions[],
): Promise<PerPartition<number>> {
  await targetTopics(cluster, topics);
  return listOffsets(cluster, topics, false);
}

/** Earliest and latest offsets: two ListOffsets requests per leader broker, sent together. */
export async function fetchOffsetRanges(
  cluster: InternalCluster,
  topics: readonly TopicPartitions[],
): Promise<PerPartition<OffsetRange>> {
  await targetTopics(cluster, topics);
  const [earliest, latest] = await Promise.all([listOffsets(cluster, topics, true), listOffsets(cluster, topics, false)]);
  const result: PerPartition<OffsetRange> = new Map();
  for (const [topic, byPartition] of latest) {
    const ranges = new Map<number, OffsetRange>();
    for (const [partition, latestOffset] of byPartition) {
      ranges.set(partition, { earliest: earliest.get(topic)?.get(partition) ?? 0, latest: latestOffset });
    }
    result.set(topic, ranges);
  }
  return result;
}

/** Messages currently retained in a set of partitions (latest - earliest, summed). */
export function messageCount(ranges: Map<number, OffsetRange> | undefined): number | undefined {
  if (!ranges) {
    return undefined;
  }
  let total = 0;
  for (const { earliest, latest } of ranges.values()) {
    total += Math.max(0, latest - earliest);
  }
  return total;
}
