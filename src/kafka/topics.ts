import { Admin } from 'kafkajs';

export interface TopicSummary {
  readonly name: string;
  readonly partitionCount: number;
  /** Replicas of partition 0; Kafka keeps the same factor for every partition unless reassigned. */
  readonly replicationFactor: number;
  /** Kafka's own bookkeeping topics (__consumer_offsets, __transaction_state, ...). */
  readonly internal: boolean;
}

export function isInternalTopic(name: string): boolean {
  return name.startsWith('__');
}

/** All topics from a single metadata request (an empty topic list asks for every topic). */
export async function listTopics(admin: Admin): Promise<TopicSummary[]> {
  const { topics } = await admin.fetchTopicMetadata();
  return topics
    .map((topic) => ({
      name: topic.name,
      partitionCount: topic.partitions.length,
      replicationFactor: topic.partitions.find((p) => p.partitionId === 0)?.replicas.length ?? 0,
      internal: isInternalTopic(topic.name),
    }))
    .sort((a, b) => Number(a.internal) - Number(b.internal) || a.name.localeCompare(b.name));
}
