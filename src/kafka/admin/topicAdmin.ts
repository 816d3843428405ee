import { Admin, ConfigResourceTypes } from 'kafkajs';
import { KafkaExplorerError } from '../errors';
import { describeTopicConfigs } from './topicConfigs';
import { validateTopicName } from './topicNames';

export interface NewTopic {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Topic-level config overrides, e.g. retention.ms, cleanup.policy. */
  readonly configs?: Readonly<Record<string, string>>;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls metadata until every partition of `topic` has a leader (or `count` partitions do). */
export async function waitForLeaders(admin: Admin, topic: string, count: number | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const partitions = topics[0]?.partitions ?? [];
      if (partitions.length > 0 && (count === undefined || partitions.length === count) && partitions.every((p) => p.leader >= 0)) {
        return;
      }
    } catch {
      // The broker asked may not know the topic yet (it lags behind the controller).
    }
    if (Date.now() > deadline) {
      throw new KafkaExplorerError(`Topic "${topic}" was created but its partitions got no leader within ${timeoutMs / 1000} s.`, true);
    }
    await sleep(200);
  }
}

/**
 * Creates a topic and waits until its partitions have leaders, so the tree can show it at
 * once. kafkajs' own waitForLeaders gives up with UNKNOWN_TOPIC_OR_PARTITION when the
 * broker it asks has not caught up with the controller yet.
 */
export async function createTopic(admin: Admin, topic: NewTopic, timeoutMs = 30000): Promise<void> {
  const invalid = validateTopicName(topic.name);
  if (invalid) {
    throw new KafkaExplorerError(invalid, false);
  }
  const created = await admin.createTopics({
    waitForLeaders: false,
    topics: [
      {
        topic: topic.name,
        numPartitions: topic.partitions,
        replicationFactor: topic.replicationFactor,
        configEntries: Object.entries(topic.configs ?? {}).map(([name, value]) => ({ name, value })),
      },
    ],
  });
  if (!created) {
    throw new KafkaExplorerError(`Topic "${topic.name}" already exists.`, false);
  }
  await waitForLeaders(admin, topic.name, topic.partitions, timeoutMs);
}

export async function deleteTopic(admin: Admin, topic: string): Promise<void> {
  await admin.deleteTopics({ topics: [topic] });
}

/** Raises a topic's partition count (Kafka cannot lower it). */
export async function addPartitions(admin: Admin, topic: string, newCount: number, timeoutMs = 30000): Promise<void> {
  await admin.createPartitions({ topicPartitions: [{ topic, count: newCount }] });
  await waitForLeaders(admin, topic, newCount, timeoutMs);
}

/**
 * Sets (or, with null, removes) one topic-level config. kafkajs only speaks the legacy
 * AlterConfigs, which replaces *all* of a topic's overrides, so the current overrides
 * are read first and sent back with the one change.
 */
export async function alterTopicConfig(admin: Admin, topic: string, name: string, value: string | null): Promise<void> {
  const current = await describeTopicConfigs(admin, topic);
  const overrides = new Map(
    current.filter((e) => e.source === 'TOPIC_CONFIG' && !e.sensitive && e.value !== null).map((e) => [e.name, e.value as string]),
  );
  if (value === null) {
    overrides.delete(name);
  } else {
    overrides.set(name, value);
  }
  await admin.alterConfigs({
    validateOnly: false,
    resources: [
      {
        type: ConfigResourceTypes.TOPIC,
        name: topic,
        configEntries: [...overrides].map(([configName, configValue]) => ({ name: configName, value: configValue })),
      },
    ],
  });
}
