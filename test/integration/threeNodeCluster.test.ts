import * as assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { fetchClusterMetadata } from '../../src/kafka/admin/metadata';
import { produceMessages } from '../../src/kafka/produce/produce';
import { KafkaCluster, startKafkaCluster } from '../harness/kafka';
import { waitFor } from '../harness/processes';
import { kcat } from '../support/kcat';
import { createTopics } from '../support/topics';
import { uniqueName } from '../support/names';

describe('a 3-node KRaft cluster', function () {
  this.timeout(180000);
  let cluster: KafkaCluster;

  before(async () => {
    cluster = await startKafkaCluster({ nodes: 3, racks: true });
  });
  after(() => cluster?.stop());

  it('serves metadata through any node while one node is stopped, and takes it back', async () => {
    const topic = uniqueName('it-replicated');
    const admin = new Kafka({ brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await createTopics(admin, [{ topic, numPartitions: 3, replicationFactor: 3 }]);
    assert.equal((await admin.describeCluster()).brokers.length, 3);
    await admin.disconnect();

    const connection = new ClusterConnection(
      { name: 'three', bootstrapServers: cluster.bootstrapServers },
      { connectionTimeoutMs: 2000, requestTimeoutMs: 10000 },
    );
    try {
      // The node that answers may learn of the new topic a moment after the controller made it.
      const metadata = await waitFor(
        "the new topic in every node's metadata",
        async () => {
          const now = await connection.query('metadata', ({ cluster: c }) => fetchClusterMetadata(c));
          const partitions = now.topics.find((t) => t.name === topic)?.partitions;
          return partitions?.length === 3 && partitions.every((p) => p.isr.length === 3) ? now : undefined;
        },
        { timeoutMs: 30000, intervalMs: 200 },
      );
      assert.deepEqual(
        metadata.brokers.map((b) => [b.id, b.rack]),
        [
          [1, 'rack-1'],
          [2, 'rack-2'],
          [3, 'rack-3'],
        ],
      );
      assert.equal(metadata.brokers.filter((b) => b.isController).length, 1);
      const before = metadata.topics.find((t) => t.name === topic);
      assert.equal(before?.replicationFactor, 3);
      assert.ok(before?.partitions.every((p) => !p.underReplicated && p.isr.length === 3));

      await cluster.stopNode(2);
      // Node 2 drops out of the in-sync replicas once the controller notices it is gone.
      const shrunk = await waitFor(
        'ISR without node 2',
        async () => {
          const now = await connection.query('metadata', ({ cluster: c }) => fetchClusterMetadata(c));
          const partitions = now.topics.find((t) => t.name === topic)!.partitions;
          return partitions.every((p) => !p.isr.includes(2) && p.leader !== 2) ? partitions : undefined;
        },
        { timeoutMs: 60000, intervalMs: 1000 },
      );
      assert.ok(shrunk.every((p) => p.replicas.length === 3 && p.isr.length === 2 && p.underReplicated));

      await cluster.startNode(2);
      await waitFor(
        'ISR with node 2 again',
        async () => {
          const now = await connection.query('metadata', ({ cluster: c }) => fetchClusterMetadata(c));
          return now.topics.find((t) => t.name === topic)!.partitions.every((p) => p.isr.length === 3) ? true : undefined;
        },
        { timeoutMs: 60000, intervalMs: 1000 },
      );
    } finally {
      await connection.close();
    }
  });

  it('produces on while a leader stops: every message acknowledged once, at the offset it was given', async () => {
    const topic = uniqueName('it-produce-failover');
    const admin = new Kafka({ brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await createTopics(admin, [
      { topic, numPartitions: 6, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] },
    ]);
    const connection = new ClusterConnection(
      { name: 'three', bootstrapServers: cluster.bootstrapServers },
      { connectionTimeoutMs: 3000, requestTimeoutMs: 30000 },
    );
    const count = 300000;
    const messages = Array.from({ length: count }, (_, i) => ({ key: Buffer.from(`k${i % 1000}`), value: Buffer.from(`v${i}`) }));
    try {
      const leaders = async () =>
        (await connection.query('metadata', ({ cluster: c }) => fetchClusterMetadata(c))).topics.find((t) => t.name === topic)!.partitions;
      const victim = (await leaders())[0].leader;
      const producing = produceMessages(await connection.recordWriter(10), topic, 6, messages, { compression: 'none', chunkSize: 200 });
      // Stop a leader once the produce is under way: its partitions move while batches are in flight.
      await waitFor(
        'the first batches on the topic',
        async () => ((await admin.fetchTopicOffsets(topic)).some((p) => p.high !== '0') ? true : undefined),
        { timeoutMs: 30000, intervalMs: 10 },
      );
      await cluster.stopNode(victim);
      const report = await producing;
      assert.deepEqual(report.failed, [], report.error);
      assert.equal(report.delivered.length, count);
      assert.ok(report.resent > 0, 'batches were sent again after the leader stopped (else the test proved nothing)');
      assert.ok((await leaders()).every((p) => p.leader !== victim));

      // Read back by kcat: each message exactly once, at the partition and offset reported.
      const stored = kcat(
        ['-C', '-b', cluster.bootstrapServers.join(','), '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%p %o %s\\n'],
        undefined,
        120000,
      )
        .trim()
        .split('\n');
      assert.equal(stored.length, count, 'no message written twice');
      const where = new Map(
        stored.map((line) => {
          const [partition, offset, value] = line.split(' ');
          return [value, `${partition}:${offset}`];
        }),
      );
      for (const delivery of report.delivered) {
        assert.equal(where.get(`v${delivery.index}`), `${delivery.partition}:${delivery.offset}`, `message ${delivery.index}`);
      }
      await cluster.startNode(victim);
    } finally {
      await admin.disconnect();
      await connection.close();
    }
  });
});
