import { Admin, ITopicConfig } from 'kafkajs';
import { waitFor } from '../harness/processes';

/**
 * Creates topics and waits until every partition has a leader in the metadata.
 * kafkajs' own `waitForLeaders` gives up with UNKNOWN_TOPIC_OR_PARTITION when the broker
 * it asks has not yet caught up with the controller (seen on a 3-node Kafka 3.9 cluster).
 */
export async function createTopics(admin: Admin, topics: ITopicConfig[], timeoutMs = 30000): Promise<void> {
  await admin.createTopics({ topics, waitForLeaders: false });
  await waitFor(
    `leaders for ${topics.map((t) => t.topic).join(', ')}`,
    async () => {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.topic) });
      const ready = metadata.every(
        (t, i) =>
          t.partitions.length === (topics[i].numPartitions ?? t.partitions.length) &&
          t.partitions.length > 0 &&
          t.partitions.every((p) => p.leader >= 0),
      );
      return ready ? true : undefined;
    },
    { timeoutMs, intervalMs: 200 },
  );
}
