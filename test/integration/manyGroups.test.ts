import * as assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { ClusterSnapshot } from '../../src/kafka/admin/clusterSnapshot';
import { fetchCommittedOffsets, lookupCoordinators } from '../../src/kafka/groups/committedOffsets';
import { InternalCluster } from '../../src/kafka/kafkajsInternals';
import { testKafka } from '../support/kafkaFixture';
import { KAFKA_TOOLS, runKafkaTool } from '../support/kafkaTools';
import { commitManyGroups } from '../support/manyGroups';
import { uniqueName } from '../support/names';
import { connectTestProducer } from '../support/producers';
import { createTopics } from '../support/topics';

const GROUPS = 300;
const PARTITIONS = 3;
const OFFSET_FETCH = 9;
const FIND_COORDINATOR = 10;
const DESCRIBE_GROUPS = 15;
const LIST_GROUPS = 16;

/** `kafka-consumer-groups --describe --all-groups`, the rows of groups starting with `prefix`: "group topic partition" → [current, lag]. */
function describeAllGroupsWithKafkaTool(bootstrap: string, prefix: string): Map<string, [bigint | undefined, bigint | undefined]> {
  const out = runKafkaTool(KAFKA_TOOLS.consumerGroupCommand, ['--bootstrap-server', bootstrap, '--describe', '--all-groups'], 180000);
  const rows = new Map<string, [bigint | undefined, bigint | undefined]>();
  let columns: string[] = [];
  const num = (text: string) => (text === '-' ? undefined : BigInt(text));
  for (const line of out.split('\n')) {
    const cells = line.trim().split(/\s+/);
    if (cells[0] === 'GROUP' && cells[1] === 'TOPIC') {
      columns = cells;
    } else if (cells[0].startsWith(prefix) && cells.length === columns.length) {
      const at = (name: string) => cells[columns.indexOf(name)];
      rows.set(`${at('GROUP')} ${at('TOPIC')} ${at('PARTITION')}`, [num(at('CURRENT-OFFSET')), num(at('LAG'))]);
    }
  }
  return rows;
}

/** Counts requests per API key on every broker's connection (kafkajs' and our own requests alike). */
async function countRequests(cluster: InternalCluster, brokerIds: readonly number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (const nodeId of brokerIds) {
    const pool = (await cluster.findBroker({ nodeId })) as unknown as {
      connectionPool: { send(r: { request: { apiKey: number } }): Promise<unknown> };
    };
    const send = pool.connectionPool.send.bind(pool.connectionPool);
    pool.connectionPool.send = (r) => {
      counts.set(r.request.apiKey, (counts.get(r.request.apiKey) ?? 0) + 1);
      return send(r);
    };
  }
  return counts;
}

describe('thousands of groups: committed offsets from batched OffsetFetch', function () {
  this.timeout(300000);
  const prefix = uniqueName('it-many');
  const topics = [uniqueName('it-many-a'), uniqueName('it-many-b')];
  const groupId = (i: number) => `${prefix}-${String(i).padStart(3, '0')}`;
  let connection: ClusterConnection;

  before(async () => {
    const kafka = new Kafka({ brokers: testKafka().bootstrapServers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await createTopics(
      admin,
      topics.map((topic) => ({ topic, numPartitions: PARTITIONS })),
    );
    await admin.disconnect();
    const producer = await connectTestProducer(kafka);
    for (const topic of topics) {
      await producer.send({ topic, messages: Array.from({ length: 30 }, (_, n) => ({ partition: n % PARTITIONS, value: `v${n}` })) });
    }
    await producer.disconnect();
    connection = new ClusterConnection(
      { name: 'it-many', bootstrapServers: testKafka().bootstrapServers },
      { connectionTimeoutMs: 2000, requestTimeoutMs: 60000 },
    );
    // Group i: offsets i mod 10 on topic a, and on topic b for every third group.
    await connection.query('commit', ({ cluster }) =>
      commitManyGroups(
        cluster,
        Array.from({ length: GROUPS }, (_, i) => ({
          groupId: groupId(i),
          offsets: (i % 3 === 0 ? topics : topics.slice(0, 1)).flatMap((topic) =>
            Array.from({ length: PARTITIONS }, (_, partition) => ({ topic, partition, offset: BigInt((i + partition) % 10) })),
          ),
        })),
      ),
    );
  });

  after(async () => {
    await connection?.close();
  });

  it('lists every group with the offsets and lag kafka-consumer-groups reports, in a few requests', async () => {
    const snapshot = new ClusterSnapshot(connection);
    const brokerIds = (await snapshot.metadata()).brokers.map((b) => b.id);
    const counts = await connection.query('count', ({ cluster }) => countRequests(cluster, brokerIds));
    const groups = (await snapshot.consumerGroups()).filter((g) => g.groupId.startsWith(prefix));
    assert.equal(groups.length, GROUPS);
    assert.ok(groups.every((g) => g.error === undefined && g.state === 'Empty'));
    const ours = new Map(
      groups.flatMap((g) => g.offsets.map((o) => [`${g.groupId} ${o.topic} ${o.partition}`, [o.committed, o.lag]] as const)),
    );
    assert.equal(ours.size, GROUPS * PARTITIONS + Math.ceil(GROUPS / 3) * PARTITIONS);
    assert.deepEqual([...ours].sort(), [...describeAllGroupsWithKafkaTool(testKafka().bootstrapServers[0], prefix)].sort());
    // One OffsetFetch per coordinator and 500 groups, whatever other tests' groups add.
    const offsetFetches = counts.get(OFFSET_FETCH) ?? 0;
    assert.ok(
      offsetFetches >= 1 && offsetFetches <= 2 * brokerIds.length,
      `${offsetFetches} OffsetFetch requests for ${groups.length}+ groups`,
    );
    // The broker that lists a group is its coordinator: no FindCoordinator at all, and one
    // ListGroups and one DescribeGroups per broker.
    assert.equal(counts.get(FIND_COORDINATOR) ?? 0, 0, 'FindCoordinator requests');
    assert.equal(counts.get(LIST_GROUPS) ?? 0, brokerIds.length, 'ListGroups requests');
    assert.ok((counts.get(DESCRIBE_GROUPS) ?? 0) <= brokerIds.length, `${counts.get(DESCRIBE_GROUPS)} DescribeGroups requests`);
  });

  it('reads the same offsets as the per-group path (kafkajs, one OffsetFetch per group)', async () => {
    const ids = Array.from({ length: GROUPS }, (_, i) => groupId(i));
    const { batched, perGroup } = await connection.query('both paths', async ({ admin, cluster }) => {
      const coordinators = await lookupCoordinators(
        cluster,
        ids,
        (await cluster.metadata()).brokers.map((b) => b.nodeId),
      );
      assert.equal(coordinators.size, GROUPS);
      return {
        batched: await fetchCommittedOffsets(admin, cluster, ids, coordinators),
        // No coordinator known: every group takes kafkajs' path.
        perGroup: await fetchCommittedOffsets(admin, cluster, ids, new Map()),
      };
    });
    const sorted = (rows: typeof batched) =>
      rows.map((r) => ({ ...r, offsets: [...r.offsets].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition) }));
    assert.deepEqual(sorted(batched), sorted(perGroup));
    assert.ok(batched.every((r) => r.offsets.length >= PARTITIONS));
  });

  it('reports a group that does not exist as having no offsets, as kafkajs does', async () => {
    const missing = uniqueName('it-no-such-group');
    const [batched] = await connection.query('missing', async ({ admin, cluster }) =>
      fetchCommittedOffsets(
        admin,
        cluster,
        [missing],
        await lookupCoordinators(
          cluster,
          [missing],
          (await cluster.metadata()).brokers.map((b) => b.nodeId),
        ),
      ),
    );
    assert.deepEqual(batched, { offsets: [], error: undefined });
  });
});
