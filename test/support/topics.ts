import { Admin, ITopicConfig } from 'kafkajs';
import { waitForLeaders } from '../../src/kafka/topicAdmin';

/**
 * Creates topics for a test and waits until every partition has a leader, the way the
 * extension does (src/kafka/topicAdmin.ts): kafkajs' own `waitForLeaders` gives up with
 * UNKNOWN_TOPIC_OR_PARTITION when the broker it asks lags behind the controller.
 */
export async function createTopics(admin: Admin, topics: ITopicConfig[], timeoutMs = 30000): Promise<void> {
  await admin.createTopics({ topics, waitForLeaders: false });
  for (const topic of topics) {
    await waitForLeaders(admin, topic.topic, topic.numPartitions, timeoutMs);
  }
}
