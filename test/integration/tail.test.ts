import * as assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { TailMessage, TailOptions, TailSession, TailState, WAITING_FOR_ROOM } from '../../src/kafka/consume/tailSession';
import { waitFor } from '../harness/processes';
import { EndMarkers, writeEndMarkers } from '../support/endMarkers';
import { testKafka } from '../support/kafkaFixture';
import { uniqueName } from '../support/names';
import { withTopic } from '../support/topics';
import { connectTestProducer } from '../support/producers';

export class Recorder {
  readonly messages: TailMessage[] = [];
  readonly states: Array<[TailState, string | undefined]> = [];
  /** End markers (see endMarkers.ts) are left out of `values` once set. */
  markers: EndMarkers | undefined;
  onMessages(batch: readonly TailMessage[]) {
    this.messages.push(...batch);
  }
  onState(state: TailState, detail?: string) {
    this.states.push([state, detail]);
  }
  /** Every value received, markers included. */
  allValues(): string[] {
    return this.messages.map((m) => String(m.value));
  }
  values(): string[] {
    return this.allValues().filter((v) => !this.markers?.isMarker(v));
  }
  /** Waits for the end markers of `partitions` (all marked ones by default), then nothing more is on its way. */
  async markersSeen(markers: EndMarkers, partitions?: readonly number[]): Promise<void> {
    this.markers = markers;
    await markers.seen(() => this.allValues(), partitions);
  }
}

describe('tail sessions against a real broker', function () {
  this.timeout(120000);
  const kafka = () => new Kafka({ brokers: testKafka().bootstrapServers, logLevel: logLevel.NOTHING });
  let connection: ClusterConnection;
  const sessions: TailSession[] = [];

  before(() => {
    connection = new ClusterConnection(
      { name: 'tail', bootstrapServers: testKafka().bootstrapServers },
      { connectionTimeoutMs: 3000, requestTimeoutMs: 20000 },
    );
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.stop()));
  });
  after(() => connection.close());

  /** `perPartition` messages "<prefix><partition>-<i>" on each partition, in order. */
  const messagesFor = (partitions: number, perPartition: number, prefix: string, timestampOf?: (i: number) => number) =>
    Array.from({ length: partitions }, (_, p) =>
      Array.from({ length: perPartition }, (_, i) => ({
        partition: p,
        value: `${prefix}${p}-${i}`,
        ...(timestampOf ? { timestamp: String(timestampOf(i)) } : {}),
      })),
    ).flat();

  const topicWith = (prefix: string, partitions: number, perPartition: number, timestampOf?: (i: number) => number) =>
    withTopic(testKafka().bootstrapServers, prefix, { partitions, messages: messagesFor(partitions, perPartition, 'm', timestampOf) });

  async function produce(topic: string, partitions: number, perPartition: number, prefix: string): Promise<void> {
    const producer = await connectTestProducer(kafka());
    await producer.send({ topic, messages: messagesFor(partitions, perPartition, prefix) });
    await producer.disconnect();
  }

  async function tail(options: TailOptions): Promise<{ session: TailSession; recorder: Recorder }> {
    const recorder = new Recorder();
    const session = new TailSession(connection, options, recorder);
    sessions.push(session);
    await session.start();
    await waitFor('tail running', async () => (recorder.states.some(([s]) => s === 'running') ? true : undefined), { timeoutMs: 30000 });
    return { session, recorder };
  }

  const ephemeral = { kind: 'ephemeral' } as const;

  it('earliest reads everything; latest only what arrives after the start', async () => {
    const topic = await topicWith('tail-modes', 2, 3);
    const early = await tail({ topics: [topic], start: { kind: 'earliest' }, group: ephemeral });
    const late = await tail({ topics: [topic], start: { kind: 'latest' }, group: ephemeral });
    await waitFor('earliest', async () => (early.recorder.messages.length === 6 ? true : undefined), { timeoutMs: 30000 });
    await produce(topic, 2, 1, 'new');
    await waitFor('latest', async () => (late.recorder.messages.length === 2 ? true : undefined), { timeoutMs: 30000 });
    assert.deepEqual(late.recorder.values().sort(), ['new0-0', 'new1-0']);
    await waitFor('earliest sees new too', async () => (early.recorder.messages.length === 8 ? true : undefined), { timeoutMs: 30000 });
  });

  it('starts at a specific offset, at the last N of each partition, and at a timestamp', async () => {
    const base = Date.now() - 3600000;
    const topic = await topicWith('tail-seek', 2, 10, (i) => base + i * 60000);
    const fromOffset = await tail({ topics: [topic], start: { kind: 'offset', offset: 7n }, group: ephemeral });
    const lastTwo = await tail({ topics: [topic], start: { kind: 'lastN', count: 2 }, group: ephemeral });
    const fromTime = await tail({ topics: [topic], start: { kind: 'timestamp', timestamp: base + 8 * 60000 - 1 }, group: ephemeral });
    const markers = await writeEndMarkers(kafka(), topic, [0, 1]);
    for (const [name, { recorder }, expected] of [
      ['offset 7', fromOffset, ['m0-7', 'm0-8', 'm0-9', 'm1-7', 'm1-8', 'm1-9']],
      ['last 2', lastTwo, ['m0-8', 'm0-9', 'm1-8', 'm1-9']],
      ['timestamp', fromTime, ['m0-8', 'm0-9', 'm1-8', 'm1-9']],
    ] as const) {
      await recorder.markersSeen(markers);
      assert.deepEqual(recorder.values().sort(), [...expected], name);
    }
  });

  it('waits while the listener has no room, and reads on from there when it has', async () => {
    const topic = await topicWith('tail-room', 2, 30);
    const recorder = new (class extends Recorder {
      capacity = 25;
      room() {
        return this.capacity - this.messages.length;
      }
    })();
    const session = new TailSession(connection, { topics: [topic], start: { kind: 'earliest' }, group: ephemeral }, recorder);
    sessions.push(session);
    await session.start();
    await waitFor('waiting for room', async () => (recorder.states.some(([, detail]) => detail === WAITING_FOR_ROOM) ? true : undefined), {
      timeoutMs: 30000,
    });
    // A batch fetched meanwhile finds no room either: the count holds until resume().
    const markers = await writeEndMarkers(kafka(), topic, [0, 1]);
    assert.equal(recorder.messages.length, 25, 'no more than there was room for');
    recorder.capacity = Infinity;
    session.resume();
    await recorder.markersSeen(markers);
    assert.deepEqual(
      recorder.values().sort(),
      [0, 1].flatMap((p) => Array.from({ length: 30 }, (_, i) => `m${p}-${i}`)).sort(),
      'nothing skipped, nothing twice',
    );
    assert.deepEqual(recorder.states[recorder.states.length - 1], ['running', undefined]);
  });

  it('reads only the chosen partitions', async () => {
    const topic = await topicWith('tail-part', 3, 2);
    const { recorder } = await tail({ topics: [topic], partitions: [1], start: { kind: 'earliest' }, group: ephemeral });
    // Every partition gets a marker; only partition 1's may arrive.
    await recorder.markersSeen(await writeEndMarkers(kafka(), topic, [0, 1, 2]), [1]);
    assert.deepEqual(recorder.values().sort(), ['m1-0', 'm1-1']);
    assert.deepEqual(
      recorder.messages.map((m) => m.partition).filter((p) => p !== 1),
      [],
      'nothing from partitions 0 and 2',
    );
  });

  it('follows a regex, including a matching topic created while it runs', async () => {
    const prefix = uniqueName('tail-rx').replace(/-/g, '_');
    await topicWith(`${prefix}.a`, 1, 1);
    await topicWith('unrelated-topic', 1, 1);
    const { session, recorder } = await tail({
      topics: { pattern: `^${prefix}\\.` },
      start: { kind: 'earliest' },
      group: ephemeral,
      topicRefreshMs: 1000,
    });
    await waitFor('first topic', async () => (recorder.messages.length === 1 ? true : undefined), { timeoutMs: 30000 });
    const later = await topicWith(`${prefix}.b`, 2, 2);
    await waitFor('topic created mid-tail', async () => (recorder.messages.length === 5 ? true : undefined), { timeoutMs: 60000 });
    assert.ok(session.subscribedTopics.includes(later));
    assert.equal(recorder.messages.filter((m) => m.topic === later).length, 4);
    assert.ok(!recorder.messages.some((m) => m.topic.startsWith('unrelated')));
  });

  it('shares the partitions of a named group between two tails, each message read once', async () => {
    const topic = await topicWith('tail-shared', 4, 5);
    const groupId = uniqueName('tail-group');
    const group = { kind: 'named', groupId, autoCommit: true } as const;
    const first = await tail({ topics: [topic], start: { kind: 'earliest' }, group });
    const second = await tail({ topics: [topic], start: { kind: 'earliest' }, group });
    const markers = await writeEndMarkers(kafka(), topic, [0, 1, 2, 3]);
    await markers.seen(() => [...first.recorder.allValues(), ...second.recorder.allValues()], [0, 1, 2, 3], 60000);
    first.recorder.markers = markers;
    second.recorder.markers = markers;
    const all = [...first.recorder.values(), ...second.recorder.values()];
    assert.equal(all.length, 20, 'each message read once between them');
    assert.equal(new Set(all).size, 20);
    const described = await connection.query('describe', ({ admin }) => admin.describeGroups([groupId]));
    assert.equal(described.groups[0].members.length, 2);
  });

  it('stops after N messages, or after a quiet time, and leaves no ephemeral group behind', async () => {
    const topic = await topicWith('tail-stop', 1, 10);
    const counted = await tail({ topics: [topic], start: { kind: 'earliest' }, group: ephemeral, maxMessages: 4 });
    await waitFor('stopped after 4', async () => (counted.recorder.states.some(([s]) => s === 'stopped') ? true : undefined), {
      timeoutMs: 30000,
    });
    assert.equal(counted.recorder.messages.length, 4);
    assert.deepEqual(
      counted.recorder.states.find(([s]) => s === 'stopped'),
      ['stopped', 'stopped after 4 messages'],
    );

    const idle = await tail({ topics: [topic], start: { kind: 'latest' }, group: ephemeral, idleTimeoutMs: 1500 });
    await waitFor('idle stop', async () => (idle.recorder.states.some(([s]) => s === 'stopped') ? true : undefined), { timeoutMs: 30000 });
    assert.deepEqual(
      idle.recorder.states.find(([s]) => s === 'stopped'),
      ['stopped', 'stopped after 1.5 s without a message'],
    );

    const groups = await connection.query('groups', ({ admin }) => admin.listGroups());
    for (const session of [counted.session, idle.session]) {
      assert.ok(!groups.groups.some((g) => g.groupId === session.groupId), `${session.groupId} was deleted`);
    }
  });

  it('deletes its ephemeral group on stop even when the connection it started from is closed (the cluster removed)', async () => {
    const topic = await topicWith('tail-orphan', 1, 3);
    const closing = new ClusterConnection(
      { name: 'closing', bootstrapServers: testKafka().bootstrapServers },
      { connectionTimeoutMs: 3000, requestTimeoutMs: 20000 },
    );
    const recorder = new Recorder();
    const session = new TailSession(closing, { topics: [topic], start: { kind: 'earliest' }, group: ephemeral }, recorder);
    await session.start();
    await waitFor('3 messages', async () => (recorder.messages.length === 3 ? true : undefined), { timeoutMs: 30000 });
    await closing.close();
    await session.stop('removed');
    const groups = await connection.query('groups', ({ admin }) => admin.listGroups());
    assert.ok(!groups.groups.some((g) => g.groupId === session.groupId), `${session.groupId} was deleted`);
    assert.deepEqual(recorder.states.at(-1), ['stopped', 'removed']);
  });
});
