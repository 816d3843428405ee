/**
 * Which kafkajs 2.2.4 calls work against the pinned broker. Kafka 4.0 removed old
 * protocol versions (KIP-896); kafkajs negotiates versions per API, so each call the
 * extension relies on is exercised here. A call that breaks on a new Kafka shows up as
 * a failure in this file first.
 */
import * as assert from 'node:assert/strict';
import { CompressionTypes, ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { waitFor } from '../harness/processes';
import { createTopics } from '../support/topics';
import { uniqueName } from '../support/names';
import { testKafka } from '../support/kafkaFixture';
import { connectTestProducer } from '../support/producers';

describe(`kafkajs 2.2.4 against the pinned Kafka broker`, () => {
  const kafka = () => new Kafka({ clientId: 'compat', brokers: testKafka().bootstrapServers, logLevel: logLevel.NOTHING });

  it('admin: create topic, describe configs, add partitions, topic offsets, delete topic', async () => {
    const topic = uniqueName('compat-admin');
    const admin = kafka().admin();
    await admin.connect();
    try {
      assert.equal(
        await admin.createTopics({
          topics: [{ topic, numPartitions: 2, configEntries: [{ name: 'retention.ms', value: '3600000' }] }],
          waitForLeaders: true,
        }),
        true,
      );
      const configs = await admin.describeConfigs({
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
        includeSynonyms: false,
      });
      assert.equal(configs.resources[0].configEntries.find((e) => e.configName === 'retention.ms')?.configValue, '3600000');
      await admin.createPartitions({ topicPartitions: [{ topic, count: 4 }] });
      // New partitions need a moment to get leaders; kafkajs reports NOT_LEADER meanwhile.
      const offsets = await waitFor(
        'offsets of 4 partitions',
        async () => {
          const found = await admin.fetchTopicOffsets(topic);
          return found.length === 4 ? found : undefined;
        },
        { timeoutMs: 10000 },
      );
      assert.ok(offsets.every((o) => o.high === '0' && o.low === '0'));
      await admin.deleteTopics({ topics: [topic] });
      // The answering broker's metadata learns of the deletion a moment later on a busy machine.
      let remaining: string[] = [];
      await waitFor(
        'the topic gone from the metadata',
        async () => ((remaining = await admin.listTopics()).includes(topic) ? undefined : true),
        {
          timeoutMs: 15000,
          seen: () => remaining.join(', '),
        },
      );
    } finally {
      await admin.disconnect();
    }
  });

  it('producer (idempotent, acks=all, gzip) and consumer group read the same keyed messages back', async () => {
    const topic = uniqueName('compat-produce');
    const groupId = uniqueName('compat-group');
    const client = kafka();
    const admin = client.admin();
    await admin.connect();
    await createTopics(admin, [{ topic, numPartitions: 3 }]);

    const producer = await connectTestProducer(client);
    const sent = Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 7}`, value: JSON.stringify({ i }) }));
    const metadata = await producer.send({ topic, acks: -1, compression: CompressionTypes.GZIP, messages: sent });
    await producer.disconnect();
    assert.ok(metadata.length > 0 && metadata.every((m) => m.topicName === topic && m.errorCode === 0));

    const consumer = client.consumer({ groupId });
    const received: Array<{ key: string; value: string; partition: number }> = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`received ${received.length} of ${sent.length}`)), 30000);
      void consumer.run({
        eachMessage: async ({ message, partition }) => {
          received.push({ key: String(message.key), value: String(message.value), partition });
          if (received.length === sent.length) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();

    assert.deepEqual(received.map((m) => `${m.key}=${m.value}`).sort(), sent.map((m) => `${m.key}=${m.value}`).sort());
    // A key always maps to one partition.
    const partitionOfKey = new Map<string, Set<number>>();
    for (const m of received) {
      partitionOfKey.set(m.key, (partitionOfKey.get(m.key) ?? new Set()).add(m.partition));
    }
    assert.ok([...partitionOfKey.values()].every((set) => set.size === 1));

    const groups = await admin.listGroups();
    assert.ok(groups.groups.some((g) => g.groupId === groupId));
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const total = committed[0].partitions.reduce((sum, p) => sum + Number(p.offset), 0);
    assert.equal(total, sent.length);
    const described = await admin.describeGroups([groupId]);
    assert.equal(described.groups[0].groupId, groupId);
    // admin.resetOffsets() commits kafkajs' sentinel -2 rather than a real offset, so the
    // extension resets offsets with explicit values (what Kafka's own tool does).
    const low = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({ groupId, topic, partitions: low.map((p) => ({ partition: p.partition, offset: p.low })) });
    const reset = await admin.fetchOffsets({ groupId, topics: [topic] });
    assert.ok(reset[0].partitions.every((p) => p.offset === '0'));
    await admin.deleteGroups([groupId]);
    await admin.disconnect();
  });
});
