import * as assert from 'node:assert/strict';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { GroupInfo, describeGroupsWithLag } from '../../src/kafka/groups/groups';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { fetchClusterMetadata } from '../../src/kafka/admin/metadata';
import { newWatchedGroup, recordPoll, viewOfGroup, WatchedGroup } from '../../src/features/groupWatch/host/model';
import { waitFor } from '../harness/processes';
import { testKafka } from '../support/kafkaFixture';
import { describeGroupWithKafkaTool } from '../support/kafkaTools';
import { uniqueName } from '../support/names';
import { connectTestProducer } from '../support/producers';
import { createTopics } from '../support/topics';

/**
 * The group panel's polls against a real broker: a consumer that stops keeping up while
 * messages arrive (lag rises, "falling behind"), then reads again (lag falls, "catching up",
 * then "caught up"). The same model the panel uses, fed by the same query.
 */
describe('watching a consumer group fall behind and catch up', function () {
  this.timeout(180000);
  const bootstrap = () => testKafka().bootstrapServers;
  const kafka = () => new Kafka({ brokers: bootstrap(), logLevel: logLevel.NOTHING });
  const topic = uniqueName('it-watch');
  const groupId = uniqueName('it-watch-group');
  let connection: ClusterConnection;
  let producer: Producer;
  let consumer: Consumer;
  let consumed = 0;

  before(async () => {
    const admin = kafka().admin();
    await admin.connect();
    await createTopics(admin, [{ topic, numPartitions: 3 }]);
    await admin.disconnect();
    producer = await connectTestProducer(kafka());
    connection = new ClusterConnection(
      { name: 'watch', bootstrapServers: bootstrap() },
      { connectionTimeoutMs: 3000, requestTimeoutMs: 30000 },
    );
    consumer = kafka().consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async () => void consumed++ });
  });

  after(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await connection?.close();
  });

  let clock = 0;
  async function poll(group: WatchedGroup): Promise<GroupInfo> {
    const [info] = await connection.query('watch', async ({ admin, cluster }) =>
      describeGroupsWithLag(admin, cluster, await fetchClusterMetadata(cluster), [groupId]),
    );
    // Poll times 5 s apart: the rates are per second of this clock, the offsets are the broker's.
    clock += 5000;
    recordPoll(group, clock, info);
    return info;
  }

  const produce = (count: number) =>
    producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: `v${i}` })) });

  it('shows lag rising while the consumer is paused, then falling to zero once it reads again; the estimate follows', async () => {
    await produce(30);
    const admin = kafka().admin();
    await admin.connect();
    try {
      await waitFor(
        'the group to commit its first 30',
        async () => {
          const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
          return committed.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0) === 30 ? true : undefined;
        },
        { timeoutMs: 60000, intervalMs: 100 },
      );
    } finally {
      await admin.disconnect();
    }
    const group = newWatchedGroup(groupId);
    const first = await poll(group);
    assert.equal(first.totalLag, 0n);
    assert.equal(first.members.length, 1, 'the consumer is a member');

    consumer.pause([{ topic }]);
    const lags: bigint[] = [];
    for (let round = 0; round < 3; round++) {
      await produce(100);
      lags.push((await poll(group)).totalLag);
    }
    assert.deepEqual(lags, [100n, 200n, 300n], 'lag grows by what is produced while the consumer is paused');
    const view = viewOfGroup(group);
    assert.equal(view.trend, 'falling-behind');
    assert.match(view.estimate, /^falling behind by \d/);
    assert.equal(view.produceRate, '20 msg/s', '100 messages per 5 s poll');
    assert.equal(view.consumeRate, '0 msg/s');
    // The exact lag per partition, as Kafka's own tool reports it.
    const tool = describeGroupWithKafkaTool(bootstrap()[0], groupId);
    assert.deepEqual(
      view.partitions.map((p) => [p.partition, p.lag]),
      tool.map((r) => [r.partition, String(r.lag)]).sort(([a], [b]) => Number(a) - Number(b)),
    );

    consumer.resume([{ topic }]);
    await waitFor('the consumer to read the rest', async () => (consumed >= 330 ? true : undefined), { timeoutMs: 60000 });
    const caughtUp = await waitFor(
      'lag back to zero in a poll',
      async () => {
        const info = await poll(group);
        return info.totalLag === 0n ? info : undefined;
      },
      { timeoutMs: 60000, intervalMs: 200 },
    );
    assert.equal(caughtUp.totalLag, 0n);
    assert.equal(viewOfGroup(group).trend, 'caught-up');
    assert.equal(viewOfGroup(group).estimate, 'caught up');
  });

  it('estimates the time to catch up while lag falls and some is left', async () => {
    // A paused consumer with lag 300 resumes one partition first: lag falls, the other two still wait.
    const group = newWatchedGroup(groupId);
    consumer.pause([{ topic }]);
    await produce(300);
    await poll(group);
    consumer.resume([{ topic, partitions: [0] }]);
    const view = await waitFor(
      'a poll that shows lag falling, some left',
      async () => {
        const info = await poll(group);
        const v = viewOfGroup(group);
        return v.trend === 'catching-up' && info.totalLag > 0n ? v : undefined;
      },
      { timeoutMs: 60000, intervalMs: 100 },
    );
    assert.match(view.estimate, /^catching up: about .+ to go$/);
    consumer.resume([{ topic }]);
    await waitFor('caught up', async () => ((await poll(group)).totalLag === 0n ? true : undefined), { timeoutMs: 60000, intervalMs: 200 });
  });
});
