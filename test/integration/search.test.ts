/**
 * Tails that end (searches): each partition is read from the start to the end offsets taken
 * when the search starts (or a time, or an offset), and the session stops by itself, its
 * ephemeral group deleted. What arrives after the start is not part of the search.
 */
import * as assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { TailOptions, TailSession } from '../../src/kafka/consume/tailSession';
import { waitFor } from '../harness/processes';
import { testKafka } from '../support/kafkaFixture';
import { connectTestProducer } from '../support/producers';
import { withTopic } from '../support/topics';
import { Recorder } from './tail.test';

const BASE = Date.UTC(2026, 0, 1);

describe('searches: tails that end', function () {
  this.timeout(120000);
  let connection: ClusterConnection;
  const sessions: TailSession[] = [];

  before(() => {
    connection = new ClusterConnection(
      { name: 'search', bootstrapServers: testKafka().bootstrapServers },
      { connectionTimeoutMs: 3000, requestTimeoutMs: 20000 },
    );
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.stop()));
  });
  after(() => connection.close());

  /** 3 partitions × 20 messages "p-i", message i at BASE + i seconds. */
  const filledTopic = (prefix: string) =>
    withTopic(testKafka().bootstrapServers, prefix, {
      partitions: 3,
      messages: Array.from({ length: 3 }, (_, p) =>
        Array.from({ length: 20 }, (_, i) => ({ partition: p, value: `${p}-${i}`, timestamp: String(BASE + i * 1000) })),
      ).flat(),
    });

  /** Runs a search to its end; `whileRunning` runs once it has started (its end offsets are taken by then). */
  async function search(
    options: Omit<TailOptions, 'group'>,
    whileRunning?: () => Promise<void>,
  ): Promise<{ session: TailSession; recorder: Recorder; detail: string }> {
    const recorder = new Recorder();
    const session = new TailSession(connection, { ...options, group: { kind: 'ephemeral' } }, recorder);
    sessions.push(session);
    await session.start();
    await whileRunning?.();
    await waitFor('the search to stop', async () => (recorder.states.some(([s]) => s === 'stopped') ? true : undefined), {
      timeoutMs: 30000,
      seen: () => `${recorder.messages.length} messages, states ${JSON.stringify(recorder.states)}`,
    });
    return { session, recorder, detail: recorder.states.find(([s]) => s === 'stopped')?.[1] ?? '' };
  }

  const sorted = (recorder: Recorder) => recorder.values().sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

  it('reads every partition to the end offsets taken at its start, then stops by itself and deletes its group', async () => {
    const topic = await filledTopic('search-now');
    const producer = await connectTestProducer(new Kafka({ brokers: testKafka().bootstrapServers, logLevel: logLevel.NOTHING }));
    // Written while the search runs: after its end offsets, so not part of it.
    const { session, recorder, detail } = await search({ topics: [topic], start: { kind: 'earliest' }, end: { kind: 'now' } }, async () => {
      await producer.send({ topic, messages: [0, 1, 2].map((partition) => ({ partition, value: 'later' })) });
    });
    await producer.disconnect();
    assert.equal(recorder.messages.length, 60);
    assert.ok(!recorder.values().includes('later'));
    assert.equal(detail, 'search done: 60 offsets scanned');
    assert.deepEqual(session.progress(), { scanned: 60n, total: 60n });
    const groups = await connection.query('groups', ({ admin }) => admin.listGroups());
    assert.ok(!groups.groups.some((g) => g.groupId === session.groupId), 'the ephemeral group is gone');
  });

  it('ends at an offset or a time, on chosen partitions, from a time; an empty range ends at once', async () => {
    const topic = await filledTopic('search-ranges');
    const toOffset = await search({ topics: [topic], start: { kind: 'earliest' }, end: { kind: 'offset', offset: 4n } });
    assert.deepEqual(sorted(toOffset.recorder), [
      '0-0',
      '0-1',
      '0-2',
      '0-3',
      '0-4',
      '1-0',
      '1-1',
      '1-2',
      '1-3',
      '1-4',
      '2-0',
      '2-1',
      '2-2',
      '2-3',
      '2-4',
    ]);

    const window = await search({
      topics: [topic],
      partitions: [1],
      start: { kind: 'timestamp', timestamp: BASE + 15_000 },
      end: { kind: 'timestamp', timestamp: BASE + 18_000 },
    });
    assert.deepEqual(sorted(window.recorder), ['1-15', '1-16', '1-17'], 'from the first message at 15 s to the last before 18 s');
    assert.deepEqual(window.session.progress(), { scanned: 3n, total: 3n });

    const empty = await withTopic(testKafka().bootstrapServers, 'search-empty', { partitions: 2 });
    const nothing = await search({ topics: [empty], start: { kind: 'earliest' }, end: { kind: 'now' } });
    assert.equal(nothing.recorder.messages.length, 0);
    assert.equal(nothing.detail, 'search done: 0 offsets scanned');
  });
});
