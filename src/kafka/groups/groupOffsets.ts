import { COORDINATOR_ERROR_CODES } from '../errors';
import { InternalCluster, protocolErrorFromCode } from '../kafkajsInternals';
import { sendRequest } from '../requests';
import { OFFSET_COMMIT, OffsetCommitRequest } from '../wire/generated/offsetCommit';

/** v10 names topics by id only. */
const OFFSET_COMMIT_BY_NAME = { maxVersion: 9 };

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
  const byTopic = new Map<string, Array<{ partitionIndex: number; committedOffset: bigint; committedMetadata: null }>>();
  for (const { topic, partition, offset } of offsets) {
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), { partitionIndex: partition, committedOffset: offset, committedMetadata: null }]);
  }
  const request: OffsetCommitRequest = {
    groupId,
    generationIdOrMemberEpoch: -1,
    memberId: '',
    topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })),
  };
  // A coordinator that is still loading the group (just after a broker start or a leader
  // change) or has moved refuses with a retriable error; like Kafka's AdminClient, look the
  // coordinator up again and retry, within a bounded number of attempts.
  for (let attempt = 1; ; attempt++) {
    try {
      const coordinator = await cluster.findGroupCoordinator({ groupId });
      const { response } = await sendRequest(coordinator, OFFSET_COMMIT, request, OFFSET_COMMIT_BY_NAME);
      const refused = response.topics.flatMap((t) => t.partitions).find((p) => p.errorCode !== 0);
      if (refused) {
        // The partition's error as kafkajs threw it (a KafkaJSProtocolError with its code).
        throw protocolErrorFromCode(refused.errorCode);
      }
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= COMMIT_ATTEMPTS || typeof code !== 'number' || !COORDINATOR_ERROR_CODES.has(code)) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** (attempt - 1), 1000)));
    }
  }
}

/** 100 ms, 200 ms, … then 1 s apart: about 12 s at the most, the order of a coordinator's load after a restart. */
const COMMIT_ATTEMPTS = 16;
