import * as assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { TailMessage, TailSession } from '../../src/kafka/consume/tailSession';
import { describeKafkaError } from '../../src/kafka/errors';
import { startKafkaCluster } from '../harness/kafka';
import { freePort } from '../harness/ports';
import { startTcpProxy } from '../harness/tcpProxy';
import { waitFor } from '../harness/processes';
import { testKafka } from '../support/kafkaFixture';
import { uniqueName } from '../support/names';
import { createTopics } from '../support/topics';
import { Recorder } from './tail.test';
import { connectTestProducer } from '../support/producers';
import { writeEndMarkers } from '../support/endMarkers';

/** Waits for `count` messages, saying what the tail reported when they do not come. */
function messagesArrive(recorder: Recorder, count: number, timeoutMs: number): Promise<unknown> {
  return waitFor(`${count} messages`, async () => (recorder.messages.length >= count ? true : undefined), { timeoutMs }).catch(
    (error: Error) => {
      throw new Error(`${error.message}: got ${recorder.messages.length}; states ${JSON.stringify(recorder.states)}`);
    },
  );
}

/** Throws on its first batch, as a listener with a bug would. */
class FailingOnceRecorder extends Recorder {
  failed = false;
  override onMessages(batch: readonly TailMessage[]) {
    if (!this.failed) {
      this.failed = true;
      throw new Error('listener failed');
    }
    super.onMessages(batch);
  }
}

describe('a tail whose listener fails on a batch', function () {
  this.timeout(60000);

  it('reads that batch again: nothing skipped, nothing twice', async () => {
    const kafka = new Kafka({ brokers: testKafka().bootstrapServers, logLevel: logLevel.NOTHING });
    const topic = uniqueName('crash');
    const admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [{ topic, numPartitions: 1 }]);
    await admin.disconnect();
    const producer = await connectTestProducer(kafka);
    await producer.send({ topic, messages: Array.from({ length: 5 }, (_, i) => ({ value: `c${i}` })) });
    const connection = new ClusterConnection(
      { name: 'crash', bootstrapServers: testKafka().bootstrapServers },
      { connectionTimeoutMs: 3000, requestTimeoutMs: 20000 },
    );
    const recorder = new FailingOnceRecorder();
    const session = new TailSession(connection, { topics: [topic], start: { kind: 'earliest' }, group: { kind: 'ephemeral' } }, recorder);
    try {
      await session.start();
      await messagesArrive(recorder, 5, 30000);
      await producer.send({ topic, messages: [{ value: 'c5' }] });
      await messagesArrive(recorder, 6, 30000);
      assert.ok(recorder.failed);
      assert.equal(session.messageCount, 6);
      await recorder.markersSeen(await writeEndMarkers(kafka, topic, [0]));
      assert.deepEqual(recorder.values(), ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'], 'nothing skipped, nothing twice');
    } finally {
      await session.stop();
      await producer.disconnect();
      await connection.close();
    }
  });
});

describe('a tail across a broker restart', function () {
  this.timeout(180000);

  it('reports the outage and resumes where it was: nothing skipped, nothing twice', async () => {
    const cluster = await startKafkaCluster();
    const connection = new ClusterConnection(
      { name: 'restart', bootstrapServers: cluster.bootstrapServers },
      { connectionTimeoutMs: 2000, requestTimeoutMs: 20000 },
    );
    const kafka = () => new Kafka({ brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING, retry: { retries: 20 } });
    const recorder = new Recorder();
    const session = new TailSession(
      connection,
      { topics: ['restarting'], start: { kind: 'earliest' }, group: { kind: 'ephemeral' } },
      recorder,
    );
    try {
      const admin = kafka().admin();
      await admin.connect();
      await createTopics(admin, [{ topic: 'restarting', numPartitions: 2 }]);
      await admin.disconnect();
      const send = async (from: number) => {
        // Idempotent: a retry after a timeout on the fresh cluster must not write a message twice.
        const producer = await connectTestProducer(kafka());
        await producer.send({
          topic: 'restarting',
          messages: Array.from({ length: 6 }, (_, i) => ({ partition: i % 2, value: `v${from + i}` })),
        });
        await producer.disconnect();
      };
      await send(0);
      await session.start();
      await messagesArrive(recorder, 6, 60000);

      await cluster.stopNode(1);
      await cluster.startNode(1);
      await send(6);
      await messagesArrive(recorder, 12, 90000);
      await recorder.markersSeen(await writeEndMarkers(kafka(), 'restarting', [0, 1]));
      const values = recorder.values();
      // The outage was reported (the panel shows it as its status), then the tail ran again.
      const states = recorder.states.map(([state]) => state);
      assert.ok(
        recorder.states.some(([state, detail]) => state === 'error' && /connection refused/.test(detail ?? '')),
        JSON.stringify(recorder.states),
      );
      assert.equal(states[states.length - 1], 'running');
      assert.equal(values.length, 12, `no duplicates: ${values.join(',')}`);
      assert.deepEqual([...values].sort(), Array.from({ length: 12 }, (_, i) => `v${i}`).sort());
    } finally {
      await session.stop();
      await connection.close();
      await cluster.stop();
    }
  });
});

describe('a tail whose network to the broker stops answering after bootstrap', function () {
  this.timeout(240000);

  it('reports the silence within the request timeout, the tree errs in time, and the tail resumes: nothing skipped, nothing twice', async () => {
    // The broker advertises the proxy: every connection after bootstrap (metadata names the
    // broker) goes through it, as through a network between the editor and a remote cluster.
    const brokerPort = await freePort();
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: brokerPort }, 'pass');
    const cluster = await startKafkaCluster({
      port: brokerPort,
      config: { 'advertised.listeners': `PLAINTEXT://127.0.0.1:${proxy.port}` },
    });
    const timeouts = { connectionTimeoutMs: 2000, requestTimeoutMs: 5000 };
    const connection = new ClusterConnection({ name: 'silent-later', bootstrapServers: [proxy.address] }, timeouts);
    const kafka = () => new Kafka({ brokers: [proxy.address], logLevel: logLevel.NOTHING, retry: { retries: 20 } });
    const recorder = new Recorder();
    const session = new TailSession(
      connection,
      { topics: ['silent'], start: { kind: 'earliest' }, group: { kind: 'ephemeral' } },
      recorder,
    );
    const send = async (from: number) => {
      const producer = await connectTestProducer(kafka());
      await producer.send({
        topic: 'silent',
        messages: Array.from({ length: 6 }, (_, i) => ({ partition: i % 2, value: `v${from + i}` })),
      });
      await producer.disconnect();
    };
    try {
      const admin = kafka().admin();
      await admin.connect();
      await createTopics(admin, [{ topic: 'silent', numPartitions: 2 }]);
      await admin.disconnect();
      await send(0);
      await session.start();
      await messagesArrive(recorder, 6, 60000);

      proxy.mode = 'blackhole';
      const silentAt = Date.now();
      await waitFor('the tail to report the silence', async () => (recorder.states.at(-1)?.[0] === 'error' ? true : undefined), {
        timeoutMs: 60000,
        seen: () => JSON.stringify(recorder.states.slice(-3)),
      });
      const reportedMs = Date.now() - silentAt;
      assert.match(recorder.states.at(-1)?.[1] ?? '', /^127\.0\.0\.1:\d+ did not answer a \w+ request in time; asking again$/);
      // Fetch waits up to 5 s on the broker, then the request timeout (5 s): at most about 10 s.
      assert.ok(reportedMs < 20000, `the tail said so after ${reportedMs} ms`);
      const treeStarted = Date.now();
      const tree = await connection
        .query('list topics', ({ admin: a }) => a.listTopics())
        .then(
          () => 'answered',
          (error: unknown) => describeKafkaError(error),
        );
      const treeMs = Date.now() - treeStarted;
      assert.match(tree, /did not answer within 5 s|timed out|Request timed out/i, tree);
      assert.ok(treeMs < timeouts.requestTimeoutMs * 3, `the tree's query settled after ${treeMs} ms`);

      proxy.mode = 'pass';
      await send(6);
      await messagesArrive(recorder, 12, 120000);
      await recorder.markersSeen(await writeEndMarkers(kafka(), 'silent', [0, 1]));
      const values = recorder.values();
      assert.equal(values.length, 12, `no duplicates: ${values.join(',')}`);
      assert.deepEqual([...values].sort(), Array.from({ length: 12 }, (_, i) => `v${i}`).sort());
      assert.equal(recorder.states.at(-1)?.[0], 'running');
      console.log(
        `      silent network after bootstrap: the tail said so after ${reportedMs} ms (${recorder.states.find(([s]) => s === 'error')?.[1]}); the tree's query "${tree}" after ${treeMs} ms; 12 of 12 after it answered again`,
      );
    } finally {
      await session.stop();
      await connection.close();
      await cluster.stop();
      await proxy.stop();
    }
  });
});
