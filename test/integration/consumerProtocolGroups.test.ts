/**
 * Groups of Kafka 4's consumer rebalance protocol (KIP-848, `group.protocol=consumer`)
 * answer DescribeGroups with an error, as they are not classic groups. A Java consumer
 * of that protocol must not break the Consumer Groups folder.
 */
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { ClusterSnapshot } from '../../src/kafka/admin/clusterSnapshot';
import { assertGroupInactive } from '../../src/kafka/groups/offsetReset';
import { kafkaLibs, pinnedKafkaVersion } from '../harness/kafka';
import { waitFor } from '../harness/processes';
import { testKafka } from '../support/kafkaFixture';
import { KAFKA_TOOLS } from '../support/kafkaTools';
import { uniqueName } from '../support/names';
import { createFilledTopic } from '../support/topics';

describe('a consumer group of the KIP-848 consumer protocol', function () {
  this.timeout(120000);
  const topic = uniqueName('kip848');
  const groupId = uniqueName('kip848-group');
  let javaConsumer: ChildProcess | undefined;
  let connection: ClusterConnection;

  before(async () => {
    const { bootstrapServers } = testKafka();
    await createFilledTopic(bootstrapServers, topic, {
      partitions: 2,
      messages: Array.from({ length: 10 }, (_, i) => ({ partition: i % 2, value: `v${i}` })),
    });
    javaConsumer = spawn(
      'java',
      [
        '-Xmx256m',
        '-cp',
        `${kafkaLibs(pinnedKafkaVersion())}/*`,
        KAFKA_TOOLS.consoleConsumer,
        '--bootstrap-server',
        bootstrapServers[0],
        '--topic',
        topic,
        '--group',
        groupId,
        '--from-beginning',
        KAFKA_TOOLS.clientProperty('consumer'),
        'group.protocol=consumer',
        KAFKA_TOOLS.clientProperty('consumer'),
        'auto.commit.interval.ms=500',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let seen = '';
    javaConsumer.stdout?.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    javaConsumer.stderr?.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    await waitFor(
      'the Java consumer read 10',
      async () => (seen.split('\n').filter((l) => /^v\d$/.test(l)).length >= 10 ? true : undefined),
      { timeoutMs: 60000 },
    ).catch((e: Error) => {
      throw new Error(`${e.message}:\n${seen}`);
    });
    connection = new ClusterConnection({ name: 'kip848', bootstrapServers }, { connectionTimeoutMs: 3000, requestTimeoutMs: 20000 });
  });
  after(async () => {
    javaConsumer?.kill();
    await connection?.close();
  });

  it('lists the group with its state, member, assignment, committed offsets and lag', async () => {
    const group = await waitFor(
      'the group with its commits',
      async () => {
        const found = (await new ClusterSnapshot(connection).consumerGroups()).find((g) => g.groupId === groupId);
        return found && found.offsets.every((o) => o.committed === 5n) && found.offsets.length === 2 ? found : undefined;
      },
      { timeoutMs: 30000 },
    );
    assert.equal(group.error, undefined);
    assert.deepEqual([group.type, group.state, group.protocolType], ['consumer', 'Stable', 'consumer']);
    assert.equal(group.members.length, 1);
    assert.match(group.members[0].clientId, /^console-consumer/);
    assert.deepEqual(group.members[0].assignment, [{ topic, partitions: [0, 1] }]);
    assert.deepEqual(
      group.offsets.map((o) => [o.partition, o.committed, o.lag, o.memberIds]),
      [
        [0, 5n, 0n, [group.members[0].memberId]],
        [1, 5n, 0n, [group.members[0].memberId]],
      ],
    );
  });

  it('refuses to reset its offsets while it has a member', async () => {
    await assert.rejects(
      connection.query('reset', ({ admin, cluster }) => assertGroupInactive(admin, cluster, groupId)),
      /has 1 active member \(state Stable\)/,
    );
  });
});
