/**
 * Share groups (KIP-932) against a real broker, checked against Kafka's own tool
 * (ShareGroupCommand, kafka-share-groups.sh) on the same group: a Java share consumer
 * (ConsoleShareConsumer) reads a topic, then our description, start offsets and lag must equal
 * what the tool prints, a reset dry run must plan what the tool's --dry-run plans, and the
 * tool must see what our reset and delete did. Needs Kafka 4.2+ (share groups on by default):
 * test/support/versionedSpecs.ts leaves this file out of older brokers' runs.
 */
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { ClusterSnapshot } from '../../src/kafka/admin/clusterSnapshot';
import { fetchClusterMetadata } from '../../src/kafka/admin/metadata';
import { lookupCoordinators } from '../../src/kafka/groups/committedOffsets';
import { describeGroupsWithLag } from '../../src/kafka/groups/groups';
import {
  applyShareGroupOffsetReset,
  deleteShareGroupOffsets,
  describeShareGroups,
  fetchShareGroupOffsets,
  planShareGroupOffsetReset,
  ShareGroupDescription,
  ShareGroupOffsets,
  ShareResetScope,
  ShareResetStrategy,
  shareResetCandidates,
} from '../../src/kafka/groups/shareGroups';
import { kafkaLibs, pinnedKafkaVersion } from '../harness/kafka';
import { stopChild, trackChild, waitFor } from '../harness/processes';
import { testKafka } from '../support/kafkaFixture';
import { KAFKA_TOOLS, runKafkaTool } from '../support/kafkaTools';
import { uniqueName } from '../support/names';
import { connectTestProducer } from '../support/producers';
import { shareGroupTool, toolMembers, toolOffsets, toolResetDryRun, toolState } from '../support/shareGroupTool';
import { createFilledTopic } from '../support/topics';

/** Message times: partition p's message i at BASE + (i + p) minutes, so a time picks a different offset in each partition. */
const BASE = Date.UTC(2024, 0, 1);
const MINUTE = 60000;
const PER_PARTITION = 10;

describe('share groups (KIP-932) against kafka-share-groups.sh', function () {
  this.timeout(180000);
  const topic = uniqueName('share');
  const other = uniqueName('share-other');
  const groupId = uniqueName('share-group');
  let bootstrap: string;
  let consumer: ChildProcess | undefined;
  let connection: ClusterConnection;
  let consumed = '';

  const describe1 = (): Promise<ShareGroupDescription> =>
    connection.query('describe', async ({ cluster }) => {
      const brokers = (await fetchClusterMetadata(cluster)).brokers.map((b) => b.id);
      // The batched coordinator lookup, as the tree will use it.
      const coordinators = await lookupCoordinators(cluster, [groupId], brokers);
      return (await describeShareGroups(cluster, [groupId], coordinators)).get(groupId)!;
    });
  const offsets = (): Promise<ShareGroupOffsets> =>
    connection.query('offsets', async ({ cluster }) => (await fetchShareGroupOffsets(cluster, [groupId], new Map())).get(groupId)!);
  /** Our offsets as the tool prints them: "topic:partition" → [leader epoch, start offset, lag] ("-" where unknown). */
  const ourRows = (got: ShareGroupOffsets) =>
    new Map(
      got.partitions.map((p) => [
        `${p.topic}:${p.partition}`,
        [String(p.leaderEpoch), p.startOffset < 0n ? '-' : String(p.startOffset), p.lag === undefined ? '-' : String(p.lag)],
      ]),
    );
  const toolRows = () =>
    new Map(toolOffsets(bootstrap, groupId).map((r) => [`${r.TOPIC}:${r.PARTITION}`, [r['LEADER-EPOCH'], r['START-OFFSET'], r.LAG]]));

  before(async () => {
    bootstrap = testKafka().bootstrapServers[0];
    const messages = [0, 1, 2].flatMap((partition) =>
      Array.from({ length: PER_PARTITION }, (_, i) => ({
        partition,
        value: `v${partition}-${i}`,
        timestamp: String(BASE + (i + partition) * MINUTE),
      })),
    );
    // retention.ms -1: messages of 2024 would otherwise be past the 7 days' retention and deleted.
    await createFilledTopic([bootstrap], topic, { partitions: 3, configs: { 'retention.ms': '-1' }, messages });
    await createFilledTopic([bootstrap], other, { partitions: 2, messages: [{ partition: 1, value: 'o' }] });
    // A share group starts at the latest offset unless told otherwise (a group config, KIP-932).
    const config = ['--bootstrap-server', bootstrap, '--alter', '--entity-type', 'groups', '--entity-name', groupId];
    runKafkaTool('org.apache.kafka.tools.ConfigCommand', [...config, '--add-config', 'share.auto.offset.reset=earliest']);
    consumer = spawn(
      'java',
      ['-Xmx256m', '-cp', `${kafkaLibs(pinnedKafkaVersion())}/*`, 'org.apache.kafka.tools.consumer.ConsoleShareConsumer'].concat(
        ['--bootstrap-server', bootstrap, '--topic', topic, '--group', groupId],
        [KAFKA_TOOLS.clientProperty('consumer'), 'client.id=share-console'],
      ),
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    trackChild(consumer);
    consumer.stdout?.on('data', (chunk: Buffer) => (consumed += chunk.toString()));
    consumer.stderr?.on('data', (chunk: Buffer) => (consumed += chunk.toString()));
    const values = () => consumed.split('\n').filter((l) => /^v\d-\d+$/.test(l)).length;
    await waitFor('the share consumer read every message', async () => (values() >= 3 * PER_PARTITION ? true : undefined), {
      timeoutMs: 90000,
      seen: () => consumed.slice(-2000),
    });
    connection = new ClusterConnection(
      { name: 'share', bootstrapServers: [bootstrap] },
      { connectionTimeoutMs: 3000, requestTimeoutMs: 20000 },
    );
  });

  after(async () => {
    if (consumer) {
      await stopChild(consumer);
    }
    await connection?.close();
  });

  it('describes the active group, its member and assignment as --describe --members and --state print them', async () => {
    const group = await waitFor(
      'one member assigned every partition',
      async () => {
        const found = await describe1();
        return found.state === 'Stable' && found.members.length === 1 && found.members[0].assignment[0]?.partitions.length === 3
          ? found
          : undefined;
      },
      { timeoutMs: 30000 },
    );
    assert.equal(group.error, undefined);
    const state = toolState(bootstrap, groupId);
    assert.deepEqual(
      [group.groupId, group.state, String(group.groupEpoch), String(group.assignmentEpoch), String(group.members.length)],
      [state.GROUP, state.STATE, state['GROUP-EPOCH'], state['ASSIGNMENT-EPOCH'], state['#MEMBERS']],
    );
    const members = toolMembers(bootstrap, groupId);
    assert.deepEqual(
      group.members.map((m) => ({
        id: m.memberId,
        host: m.host,
        client: m.clientId,
        count: String(m.assignment.reduce((n, t) => n + t.partitions.length, 0)),
        epoch: String(m.memberEpoch),
        assignment: m.assignment.map((t) => `${t.topic}:${t.partitions.join(',')}`).join(';'),
      })),
      members.map((r) => ({
        id: r['CONSUMER-ID'],
        host: r.HOST,
        client: r['CLIENT-ID'],
        count: r['#PARTITIONS'],
        epoch: r['MEMBER-EPOCH'],
        assignment: r.ASSIGNMENT,
      })),
    );
    assert.equal(group.members[0].clientId, 'share-console');
    assert.deepEqual(group.members[0].subscribedTopics, [topic]);
  });

  it('reads the start offsets, leader epochs and lag --describe prints, once everything is acknowledged', async () => {
    // The broker persists a share-partition's start offset lazily (it stayed at 0 on 4.4 after every record was
    // acknowledged), so what says "all read" is the broker's lag, 0 on every partition the consumer was given.
    let last: ShareGroupOffsets | undefined;
    const got = await waitFor(
      'no lag left on any partition',
      async () => {
        const found = (last = await offsets());
        return found.partitions.length === 3 && found.partitions.every((p) => p.lag === 0n) ? found : undefined;
      },
      { timeoutMs: 60000, seen: () => JSON.stringify(last, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) },
    );
    assert.equal(got.error, undefined);
    assert.deepEqual(ourRows(got), toolRows());
  });

  it('refuses to reset the offsets while the group has a member, as the tool does', async () => {
    await assert.rejects(
      connection.query('reset', async ({ cluster }) => {
        const candidates = await shareResetCandidates(cluster, groupId, { kind: 'all' });
        return applyShareGroupOffsetReset(cluster, groupId, planShareGroupOffsetReset(candidates, { kind: 'earliest' }));
      }),
      /has 1 active member \(state Stable\)/,
    );
    assert.throws(() => toolResetDryRun(bootstrap, groupId, ['--to-earliest', '--all-topics']), /is not empty/);
  });

  it('reads the lag of new messages after the consumer left, as the tool does', async () => {
    await stopChild(consumer!);
    await waitFor('the group empty', async () => ((await describe1()).state === 'Empty' ? true : undefined), { timeoutMs: 30000 });
    const producer = await connectTestProducer(new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }));
    await producer.send({ topic, messages: [1, 2, 3].map((i) => ({ partition: 1, value: `late${i}`, timestamp: String(Date.now()) })) });
    await producer.disconnect();
    const got = await waitFor(
      'a lag on partition 1',
      async () => {
        const found = await offsets();
        return (found.partitions.find((p) => p.partition === 1)?.lag ?? 0n) > 0n ? found : undefined;
      },
      { timeoutMs: 30000 },
    );
    assert.deepEqual(ourRows(got), toolRows());
  });

  it('is listed in the Groups folder as a share group with the start offsets and lag the tool prints', async () => {
    const listed = (await new ClusterSnapshot(connection).consumerGroups()).find((g) => g.groupId === groupId);
    assert.ok(listed, 'the group is listed');
    assert.deepEqual([listed.type, listed.state, listed.members.length, listed.error], ['share', 'Empty', 0, undefined]);
    const tool = toolRows();
    assert.deepEqual(
      new Map(
        listed.offsets.map((o) => [
          `${o.topic}:${o.partition}`,
          [o.committed < 0n ? '-' : String(o.committed), o.lag === undefined ? '-' : String(o.lag)],
        ]),
      ),
      new Map([...tool].map(([key, [, start, lag]]) => [key, [start, lag]])),
    );
    assert.equal(
      listed.totalLag,
      [...tool.values()].reduce((sum, [, , lag]) => sum + (lag === '-' ? 0n : BigInt(lag)), 0n),
    );
    // The Watch Group panel's poll finds the type itself and reads the same figures.
    const [watched] = await connection.query('watch', async ({ admin, cluster }) =>
      describeGroupsWithLag(admin, cluster, await fetchClusterMetadata(cluster), [groupId]),
    );
    assert.deepEqual([watched.type, watched.offsets, watched.totalLag], ['share', listed.offsets, listed.totalLag]);
  });

  it("plans each reset as the tool's --reset-offsets --dry-run does", async () => {
    const at = new Date(BASE + 4.5 * MINUTE).toISOString();
    const cases: Array<{ tool: string[]; strategy: ShareResetStrategy; scope: ShareResetScope }> = [
      { tool: ['--to-earliest', '--all-topics'], strategy: { kind: 'earliest' }, scope: { kind: 'all' } },
      {
        tool: ['--to-latest', '--topic', `${topic}:0,2`, '--topic', other],
        strategy: { kind: 'latest' },
        scope: { kind: 'topics', topics: [{ topic, partitions: [0, 2] }, { topic: other }] },
      },
      { tool: ['--to-offset', '7', '--all-topics'], strategy: { kind: 'offset', offset: 7n }, scope: { kind: 'all' } },
      // Beyond the end: clamped to each partition's latest offset.
      {
        tool: ['--to-offset', '1000', '--topic', other],
        strategy: { kind: 'offset', offset: 1000n },
        scope: { kind: 'topics', topics: [{ topic: other }] },
      },
      { tool: ['--to-datetime', at, '--all-topics'], strategy: { kind: 'timestamp', timestamp: Date.parse(at) }, scope: { kind: 'all' } },
      {
        tool: ['--to-current', '--topic', topic, '--topic', other],
        strategy: { kind: 'current' },
        scope: { kind: 'topics', topics: [{ topic }, { topic: other }] },
      },
    ];
    for (const { tool, strategy, scope } of cases) {
      const plan = await connection.query('plan', async ({ cluster }) => {
        const timestamp = strategy.kind === 'timestamp' ? strategy.timestamp : undefined;
        return planShareGroupOffsetReset(await shareResetCandidates(cluster, groupId, scope, new Map(), timestamp), strategy);
      });
      const ours = new Map(plan.map((p) => [`${p.topic}:${p.partition}`, p.target]));
      assert.deepEqual(ours, toolResetDryRun(bootstrap, groupId, tool), `${tool.join(' ')}`);
    }
  });

  it('resets the start offsets to a time, and the tool sees the new ones', async () => {
    const strategy: ShareResetStrategy = { kind: 'timestamp', timestamp: BASE + 4.5 * MINUTE };
    const { plan, outcomes } = await connection.query('reset', async ({ cluster }) => {
      const candidates = await shareResetCandidates(cluster, groupId, { kind: 'all' }, new Map(), strategy.timestamp);
      const plan = planShareGroupOffsetReset(candidates, strategy);
      return { plan, outcomes: await applyShareGroupOffsetReset(cluster, groupId, plan) };
    });
    assert.deepEqual(
      outcomes.map((o) => o.error),
      plan.map(() => undefined),
    );
    assert.ok(
      plan.some((p) => p.current !== p.target),
      'the reset moves something',
    );
    const seen = toolRows();
    assert.deepEqual(
      plan.map((p) => [`${p.topic}:${p.partition}`, String(p.target)]),
      plan.map((p) => [`${p.topic}:${p.partition}`, seen.get(`${p.topic}:${p.partition}`)?.[1]]),
    );
    assert.deepEqual(ourRows(await offsets()), seen);
  });

  it("deletes the offsets of a topic; an unknown topic's error is reported per topic, as the tool reports it", async () => {
    const missing = uniqueName('no-such-topic');
    const outcomes = await connection.query('delete', ({ cluster }) => deleteShareGroupOffsets(cluster, groupId, [topic, missing]));
    assert.equal(outcomes.find((o) => o.topic === topic)?.error, undefined);
    assert.match(outcomes.find((o) => o.topic === missing)?.error ?? '', /UNKNOWN_TOPIC_OR_PARTITION/);
    assert.deepEqual(toolRows(), new Map());
    assert.deepEqual((await offsets()).partitions, []);
    const toolSays = shareGroupTool(bootstrap, ['--delete-offsets', '--group', groupId, '--topic', missing]);
    assert.match(toolSays, new RegExp(`${missing}\\s+Error: `));
  });
});
