import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { KafkaTimeoutError } from '../../src/kafka/errors';
import { fetchClusterMetadata, TopicInfo } from '../../src/kafka/admin/metadata';
import { kcat } from '../support/kcat';
import { createTopics } from '../support/topics';
import { commitOffsets } from '../support/groupOffsets';
import { uniqueName } from '../support/names';
import { freePort } from '../harness/ports';
import { testKafka } from '../support/kafkaFixture';

const timeouts = { connectionTimeoutMs: 2000, requestTimeoutMs: 5000 };

async function listTopics(connection: ClusterConnection): Promise<TopicInfo[]> {
  return [...(await connection.query('metadata', ({ cluster }) => fetchClusterMetadata(cluster))).topics];
}

function adminFor(bootstrapServers: string[]) {
  return new Kafka({ clientId: 'it-admin', brokers: bootstrapServers, logLevel: logLevel.NOTHING }).admin();
}

describe('ClusterConnection against a real broker', () => {
  let connection: ClusterConnection;

  beforeEach(() => {
    connection = new ClusterConnection({ name: 'it', bootstrapServers: testKafka().bootstrapServers }, timeouts);
  });
  afterEach(() => connection.close());

  it('lists a topic created by another client, with its partition count', async () => {
    const topic = uniqueName('it-list');
    const admin = adminFor(testKafka().bootstrapServers);
    await admin.connect();
    try {
      await createTopics(admin, [{ topic, numPartitions: 3 }]);
    } finally {
      await admin.disconnect();
    }
    const topics = await listTopics(connection);
    const listed = topics.find((t) => t.name === topic);
    assert.ok(listed);
    assert.equal(listed.internal, false);
    assert.equal(listed.replicationFactor, 1);
    assert.deepEqual(
      listed.partitions.map((p) => [p.partition, p.leader, p.replicas, p.isr, p.underReplicated]),
      [
        [0, 1, [1], [1], false],
        [1, 1, [1], [1], false],
        [2, 1, [1], [1], false],
      ],
    );
  });

  it('sees the same topics as kcat, an independent client', async () => {
    const topic = uniqueName('it-kcat');
    // kcat creates nothing by itself here (auto-create is off), so create through kafkajs first.
    const admin = adminFor(testKafka().bootstrapServers);
    await admin.connect();
    await createTopics(admin, [{ topic, numPartitions: 2 }]);
    await admin.disconnect();
    const metadata = JSON.parse(kcat(['-b', testKafka().bootstrapServers.join(','), '-L', '-J'])) as {
      topics: Array<{ topic: string; partitions: unknown[] }>;
    };
    const fromKcat = new Map(metadata.topics.map((t) => [t.topic, t.partitions.length]));
    const ours = await listTopics(connection);
    for (const t of ours) {
      assert.equal(fromKcat.get(t.name), t.partitions.length, `partition count of ${t.name}`);
    }
    assert.equal(fromKcat.get(topic), 2);
    assert.equal(ours.length, fromKcat.size);
  });

  it('puts internal topics last', async () => {
    // A consumer group commit makes the broker create __consumer_offsets.
    const topic = uniqueName('it-internal');
    const kafka = new Kafka({ brokers: testKafka().bootstrapServers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [{ topic }]);
    await admin.disconnect();
    await commitOffsets(testKafka().bootstrapServers, uniqueName('it-group'), [{ topic, partition: 0, offset: 0 }]);
    const topics = await listTopics(connection);
    const firstInternal = topics.findIndex((t) => t.internal);
    assert.ok(firstInternal > 0, 'there is an internal topic after the user topics');
    assert.ok(topics.slice(firstInternal).every((t) => t.internal));
    assert.ok(topics.some((t) => t.name === '__consumer_offsets'));
  });

  it('reports an unreachable broker within the request timeout, with the reason', async () => {
    const closedPort = await freePort();
    const unreachable = new ClusterConnection({ name: 'nowhere', bootstrapServers: [`127.0.0.1:${closedPort}`] }, timeouts);
    const started = Date.now();
    try {
      await assert.rejects(listTopics(unreachable), (error: unknown) => {
        const text = String((error as Error).message);
        assert.ok(error instanceof KafkaTimeoutError || /ECONNREFUSED|connect/i.test(text), `unexpected error: ${text}`);
        return true;
      });
    } finally {
      await unreachable.close();
    }
    assert.ok(Date.now() - started <= timeouts.requestTimeoutMs + 1000, `took ${Date.now() - started} ms`);
  });

  it('gives up on a host that never answers within the request timeout', async () => {
    // A listener that accepts connections and never answers: a hung broker or a proxy.
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const silent = new ClusterConnection(
      { name: 'silent', bootstrapServers: [`127.0.0.1:${port}`] },
      { connectionTimeoutMs: 10000, requestTimeoutMs: 1500 },
    );
    const started = Date.now();
    try {
      await assert.rejects(listTopics(silent), /Cluster "silent" \(127.0.0.1:\d+\) did not answer within 1.5 s/);
    } finally {
      await silent.close();
      sockets.forEach((socket) => socket.destroy());
      server.close();
    }
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
  });

  it('refuses queries once closed', async () => {
    const first = await listTopics(connection);
    assert.ok(Array.isArray(first));
    await connection.close();
    await assert.rejects(listTopics(connection), /is closed/);
  });
});
