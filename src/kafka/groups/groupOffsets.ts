import { InternalCluster } from '../kafkajsInternals';

export interface OffsetToCommit {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

/**
 * Commits offsets for a consumer group from outside it (generation -1, no member id), the
 * way Kafka's AdminClient alterConsumerGroupOffsets does: one request to the group's
 * coordinator. The broker refuses it while the group has active members.
 */
export async function commitGroupOffsets(cluster: InternalCluster, groupId: string, offsets: readonly OffsetToCommit[]): Promise<void> {
  if (offsets.length === 0) {
    return;
  }
  const byTopic = new Map<string, Array<{ partition: number; offset: string }>>();
  for (const { topic, partition, offset } of offsets) {
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), { partition, offset: String(offset) }]);
  }
  const coordinator = await cluster.findGroupCoordinator({ groupId });
  await coordinator.offsetCommit({
    groupId,
    groupGenerationId: -1,
    memberId: '',
    topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
  });
}
