/**
 * Transactions written by Confluent's client (librdkafka), read by a tail on both of its paths:
 * only committed records and records outside transactions, in log order, never a transaction
 * marker; kcat (read_committed, librdkafka's default) sees the same.
 */
import * as assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { FetchPath, TailSession } from '../../src/kafka/consume/tailSession';
import { waitFor } from '../harness/processes';
import { pythonWriteTransactions } from '../support/confluentPython';
import { testKafka } from '../support/kafkaFixture';
import { kcat } from '../support/kcat';
import { connectTestProducer } from '../support/producers';
import { withTopic } from '../support/topics';
import { Recorder } from './tail.test';

describe('a tail of transactions written by another client', function () {
  this.timeout(120000);
  let connection: ClusterConnection;
  let topic: string;
  const committedView = ['c1', 'p1', 'c2', 'end'];

  before(async () => {
    connection = new ClusterConnection(
      { name: 'transactions', bootstrapServers: testKafka().bootstrapServers },
      { connectionTimeoutMs: 3000, requestTimeoutMs: 20000 },
    );
    topic = await withTopic(testKafka().bootstrapServers, 'txn', { partitions: 1 });
    pythonWriteTransactions(testKafka().bootstrapServers, topic);
    const producer = await connectTestProducer(new Kafka({ brokers: testKafka().bootstrapServers, logLevel: logLevel.NOTHING }));
    await producer.send({ topic, messages: [{ partition: 0, value: 'end' }] });
    await producer.disconnect();
  });
  after(() => connection.close());

  it('kcat, reading committed records, sees the committed view the tail must show', () => {
    const seen = kcat(['-C', '-b', testKafka().bootstrapServers[0], '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%s\\n']);
    assert.deepEqual(seen.trim().split('\n'), committedView);
  });

  for (const fetchPath of ['own', 'kafkajs'] as FetchPath[]) {
    it(`${fetchPath === 'own' ? 'its own fetches' : "kafkajs' consumer"}: shows committed records and those outside transactions, in order, and no marker`, async () => {
      const recorder = new Recorder();
      const session = new TailSession(
        connection,
        { topics: [topic], start: { kind: 'earliest' }, group: { kind: 'ephemeral' }, fetchPath },
        recorder,
      );
      try {
        await session.start();
        await waitFor('the end record', async () => (recorder.values().includes('end') ? true : undefined), {
          timeoutMs: 30000,
          seen: () => recorder.values().join(' '),
        });
        assert.deepEqual(recorder.values(), committedView);
        // Offsets as written: c1 0, a1 1, p1 2, c2 3, a2 4, the two markers 5 and 6, end 7.
        assert.deepEqual(
          recorder.messages.map((m) => m.offset),
          ['0', '2', '3', '7'],
        );
      } finally {
        await session.stop();
      }
    });
  }
});
