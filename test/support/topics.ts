import { Admin, ITopicConfig, Kafka, logLevel, Message } from 'kafkajs';
import { waitForLeaders } from '../../src/kafka/admin/topicAdmin';
import { uniqueName } from './names';
import { connectTestProducer } from './producers';

/**
 * Creates topics for a test and waits until every partition has a leader, the way the
 * extension does (src/kafka/admin/topicAdmin.ts): kafkajs' own `waitForLeaders` gives up with
 * UNKNOWN_TOPIC_OR_PARTITION when the broker it asks lags behind the controller.
 */
export async function createTopics(admin: Admin, topics: ITopicConfig[], timeoutMs = 30000): Promise<void> {
  await admin.createTopics({ topics, waitForLeaders: false });
  for (const topic of topics) {
    await waitForLeaders(admin, topic.topic, topic.numPartitions, timeoutMs);
  }
}

export interface TopicSpec {
  readonly partitions?: number;
  readonly replicationFactor?: number;
  readonly configs?: Readonly<Record<string, string>>;
  /** Written through one idempotent producer once the topic has its leaders. */
  readonly messages?: Message[];
}

/**
 * The block most tests begin with, once: a uniquely named topic (every partition with a
 * leader), filled with `messages`, every client disconnected again. Returns the topic's name.
 */
export async function withTopic(bootstrapServers: string[], prefix: string, spec: TopicSpec = {}): Promise<string> {
  const topic = uniqueName(prefix);
  await createFilledTopic(bootstrapServers, topic, spec);
  return topic;
}

/** withTopic for a name the test chose itself (a suite-wide topic, say). */
export async function createFilledTopic(bootstrapServers: string[], topic: string, spec: TopicSpec = {}): Promise<void> {
  const kafka = new Kafka({ brokers: bootstrapServers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await createTopics(admin, [
      {
        topic,
        numPartitions: spec.partitions ?? 1,
        ...(spec.replicationFactor ? { replicationFactor: spec.replicationFactor } : {}),
        configEntries: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value })),
      },
    ]);
  } finally {
    await admin.disconnect();
  }
  if (spec.messages && spec.messages.length > 0) {
    const producer = await connectTestProducer(kafka);
    try {
      await producer.send({ topic, messages: spec.messages });
    } finally {
      await producer.disconnect();
    }
  }
}
