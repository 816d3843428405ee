import * as assert from 'node:assert/strict';
import { ConfigResourceTypes, Consumer, Kafka, logLevel } from 'kafkajs';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { ClusterSnapshot } from '../../src/kafka/admin/clusterSnapshot';
import { waitFor } from '../harness/processes';
import { testKafka } from '../support/kafkaFixture';
import { describeGroupWithKafkaTool } from '../support/kafkaTools';
import { kcat } from '../support/kcat';
import { createTopics } from '../support/topics';
import { uniqueName } from '../support/names';
import { connectTestProducer } from '../support/producers';

describe('explorer data from the real broker (ClusterSnapshot)', function () {
  this.timeout(120000);
  const topic = uniqueName('it-explore');
  const groupId = uniqueName('it-lagging');
  const kafka = () => new Kafka({ brokers: testKafka().bootstrapServers, logLevel: logLevel.NOTHING });
  const perPartition = [5, 8, 11];
  let connection: ClusterConnection;
  let consumer: Consumer | undefined;

  before(async () => {
    const admin = kafka().admin();
    await admin.connect();
    await createTopics(admin, [{ topic, numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '3600000' }] }]);
    await admin.disconnect();
    const producer = await connectTestProducer(kafka());
    for (const [partition, count] of perPartition.entries()) {
      await producer.send({
        topic,
        messages: Array.from({ length: count }, (_, i) => ({ partition, key: `k${i}`, value: `v${i}` })),
      });
    }
    await producer.disconnect();
    connection = new ClusterConnection(
      { name: 'it', bootstrapServers: testKafka().bootstrapServers },
      {
        connectionTimeoutMs: 2000,
        requestTimeoutMs: 15000,
      },
    );
  });

  after(async () => {
    await consumer?.disconnect();
    await connection?.close();
  });

  it('reads brokers with the controller marked, from the same metadata request as topics', async () => {
    const metadata = await new ClusterSnapshot(connection).metadata();
    assert.equal(metadata.brokers.length, 1);
    assert.equal(metadata.brokers[0].id, 1);
    assert.equal(`${metadata.brokers[0].host}:${metadata.brokers[0].port}`, testKafka().bootstrapServers[0]);
    assert.equal(metadata.brokers[0].isController, true);
    assert.ok(metadata.topics.some((t) => t.name === topic));
  });

  it('reads earliest and latest offsets of every partition in one batch, as kcat sees them', async () => {
    const offsets = await new ClusterSnapshot(connection).offsets();
    const ranges = offsets.get(topic);
    assert.ok(ranges);
    assert.deepEqual(
      [...ranges.entries()].sort((a, b) => a[0] - b[0]),
      perPartition.map((count, partition) => [partition, { earliest: 0n, latest: BigInt(count) }]),
    );
    for (const [partition, count] of perPartition.entries()) {
      // kcat -Q with timestamp -1 asks for the end offset.
      const answer = kcat(['-b', testKafka().bootstrapServers.join(','), '-Q', '-t', `${topic}:${partition}:-1`]);
      assert.match(answer, new RegExp(`\\[${partition}\\] offset ${count}\\b`));
    }
  });

  it('lists topic configs with the values set on the topic first, in their raw form', async () => {
    const configs = await new ClusterSnapshot(connection).topicConfigs(topic);
    assert.deepEqual(configs[0], {
      name: 'retention.ms',
      value: '3600000',
      isDefault: false,
      readOnly: false,
      sensitive: false,
      source: 'TOPIC_CONFIG',
    });
    const firstDefault = configs.findIndex((c) => c.isDefault);
    assert.ok(firstDefault > 0 && configs.slice(firstDefault).every((c) => c.isDefault));
    assert.ok(configs.some((c) => c.name === 'cleanup.policy' && c.value === 'delete' && c.isDefault));
  });

  it('reads the defaults a new topic gets from the broker, a dynamic retention included', async () => {
    assert.deepEqual(await new ClusterSnapshot(connection).topicDefaults(), {
      partitions: 1,
      replicationFactor: 1,
      retentionMs: '604800000',
    });
    const admin = kafka().admin();
    await admin.connect();
    const broker = { type: ConfigResourceTypes.BROKER, name: '1' };
    try {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [{ ...broker, configEntries: [{ name: 'log.retention.ms', value: '172800000' }] }],
      });
      await waitFor(
        'the new retention',
        async () => ((await new ClusterSnapshot(connection).topicDefaults()).retentionMs === '172800000' ? true : undefined),
        { timeoutMs: 10000 },
      );
    } finally {
      // AlterConfigs replaces the broker's dynamic settings: with none, topics inherit Kafka's default again.
      await admin.alterConfigs({ validateOnly: false, resources: [{ ...broker, configEntries: [] }] });
      await admin.disconnect();
    }
    // No dynamic setting may be left: topics of later tests would inherit it instead of Kafka's default.
    const brokerRetention = async () => {
      const { resources } = await connection.query('broker config', ({ admin }) =>
        admin.describeConfigs({ resources: [{ ...broker, configNames: ['log.retention.ms'] }], includeSynonyms: false }),
      );
      return resources[0].configEntries[0];
    };
    await waitFor('no dynamic retention', async () => ((await brokerRetention()).isDefault ? true : undefined), {
      timeoutMs: 10000,
      seen: () => 'still set',
    });
    assert.equal((await new ClusterSnapshot(connection).topicDefaults()).retentionMs, '604800000');
  });

  it('shows a live member with its assignment, committed offsets and lag, agreeing with kafka-consumer-groups', async () => {
    consumer = kafka().consumer({ groupId, sessionTimeout: 10000 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const consumed = new Map<number, number>();
    // Reads every message but commits only the first 3 of each partition: the rest is lag.
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        consumed.set(partition, (consumed.get(partition) ?? 0) + 1);
        if (Number(message.offset) < 3) {
          await consumer!.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
        }
      },
    });
    await waitFor('all messages consumed', async () => (perPartition.every((n, p) => consumed.get(p) === n) ? true : undefined), {
      timeoutMs: 30000,
    });

    const groups = await new ClusterSnapshot(connection).consumerGroups();
    const group = groups.find((g) => g.groupId === groupId);
    assert.ok(group, `group ${groupId} listed`);
    assert.equal(group.state, 'Stable');
    assert.equal(group.protocolType, 'consumer');
    assert.equal(group.members.length, 1);
    assert.deepEqual(group.members[0].assignment, [{ topic, partitions: [0, 1, 2] }]);
    assert.deepEqual(
      group.offsets.map((o) => [o.partition, o.committed, o.latest, o.lag, o.memberIds.join() === group.members[0].memberId]),
      perPartition.map((count, partition) => [partition, 3n, BigInt(count), BigInt(count - 3), true]),
    );
    assert.equal(group.totalLag, BigInt(perPartition.reduce((sum, n) => sum + n - 3, 0)));

    const reference = describeGroupWithKafkaTool(testKafka().bootstrapServers[0], groupId);
    assert.deepEqual(
      reference.map((r) => [r.topic, r.partition, r.currentOffset, r.logEndOffset, r.lag]).sort(),
      group.offsets.map((o) => [o.topic, o.partition, o.committed, o.latest, o.lag]).sort(),
    );
  });

  it('shows the group as Empty with its lag once the consumer has left', async () => {
    await consumer?.disconnect();
    consumer = undefined;
    const group = await waitFor(
      'group empty',
      async () => {
        const groups = await new ClusterSnapshot(connection).consumerGroups();
        const found = groups.find((g) => g.groupId === groupId);
        return found?.state === 'Empty' ? found : undefined;
      },
      { timeoutMs: 20000 },
    );
    assert.equal(group.members.length, 0);
    assert.equal(group.totalLag, BigInt(perPartition.reduce((sum, n) => sum + n - 3, 0)));
    assert.ok(group.offsets.every((o) => o.memberIds.length === 0));
  });
});
