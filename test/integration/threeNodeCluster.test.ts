import * as assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { ClusterConnection } from '../../src/kafka/connection';
import { fetchClusterMetadata } from '../../src/kafka/metadata';
import { KafkaCluster, startKafkaCluster } from '../harness/kafka';
import { waitFor } from '../harness/processes';
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
      const metadata = await connection.query('metadata', ({ cluster: c }) => fetchClusterMetadata(c));
      assert.deepEqual(
        metadata.brokers.map((b) => [b.id, b.rack]),
        [[1, 'rack-1'], [2, 'rack-2'], [3, 'rack-3']],
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
});
