import * as assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { TailMessage, TailSession } from '../../src/kafka/consume/tailSession';
import { startKafkaCluster } from '../harness/kafka';
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
