/**
 * Streams groups (KIP-1071) against a real Kafka Streams app (test/java/StreamsApp.java, run with
 * group.protocol=streams on the pinned Kafka's jars and kafka-streams, scripts/kafka/fetch-streams.sh):
 * what describeStreamsGroups, fetchCommittedOffsets and the latest offsets give must be what
 * Kafka's own kafka-streams-groups.sh (StreamsGroupCommand) prints with --members --verbose,
 * --state --verbose and --offsets --verbose, and the topology must be the one the app printed.
 * Needs Kafka 4.2+ (test/support/versionedSpecs.ts leaves it out on older brokers).
 */
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { fetchOffsetRanges } from '../../src/kafka/admin/offsets';
import { fetchClusterMetadata } from '../../src/kafka/admin/metadata';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { ClusterSnapshot } from '../../src/kafka/admin/clusterSnapshot';
import { fetchCommittedOffsets, lookupCoordinators } from '../../src/kafka/groups/committedOffsets';
import {
  describeStreamsGroups,
  StreamsAssignment,
  StreamsGroupDescription,
  StreamsOffsetRow,
  streamsGroupOffsets,
  StreamsTasks,
  taskPartitions,
} from '../../src/kafka/groups/streamsGroups';
import { kafkaLibs, pinnedKafkaVersion } from '../harness/kafka';
import { repoRoot } from '../harness/paths';
import { stopChild, waitFor } from '../harness/processes';
import { testKafka } from '../support/kafkaFixture';
import { runKafkaTool } from '../support/kafkaTools';
import { uniqueName } from '../support/names';
import { connectTestProducer } from '../support/producers';
import { createFilledTopic } from '../support/topics';
import { parseToolTable, sortedSubtopology, topologyOfDescription } from '../support/streamsTool';

const STREAMS_GROUP_COMMAND = 'org.apache.kafka.tools.streams.StreamsGroupCommand';
const ENDPOINT = { host: 'localhost', port: 7071 };

/** The tool's ASSIGNMENTS cell: "ACTIVE: 0:[0,1]; 1:[2]; STANDBY: …" (its prepareTaskType). */
function toolTasks(tasks: readonly StreamsTasks[], kind: string): string {
  return tasks.length === 0 ? '' : `${kind}: ${tasks.map((t) => `${t.subtopologyId}:[${t.partitions.join(',')}]; `).join('')}`;
}

function toolAssignments(current: StreamsAssignment, target?: StreamsAssignment): string {
  const of = (a: StreamsAssignment, prefix: string) =>
    toolTasks(a.activeTasks, `${prefix}ACTIVE`) +
    toolTasks(a.standbyTasks, `${prefix}STANDBY`) +
    toolTasks(a.warmupTasks, `${prefix}WARMUP`);
  return (of(current, '') + (target ? of(target, 'TARGET-') : '')).trim();
}

describe('streams groups (KIP-1071) against kafka-streams-groups.sh', function () {
  this.timeout(180000);
  const appId = uniqueName('streams-app');
  const input = uniqueName('streams-in');
  const output = uniqueName('streams-out');
  let app: ChildProcess | undefined;
  let appOutput = '';
  let connection: ClusterConnection;
  let bootstrap: string;

  const tool = (...args: string[]) => runKafkaTool(STREAMS_GROUP_COMMAND, ['--bootstrap-server', bootstrap, '--group', appId, ...args]);

  async function describeApp(): Promise<StreamsGroupDescription> {
    return connection.query('describe', async ({ cluster }) => {
      const group = (await describeStreamsGroups(cluster, [appId], new Map())).get(appId);
      assert.ok(group);
      return group;
    });
  }

  /** What the offsets view shows: our description, OffsetFetch through fetchCommittedOffsets, and ListOffsets. */
  async function offsets(group: StreamsGroupDescription): Promise<StreamsOffsetRow[]> {
    return connection.query('offsets', async ({ admin, cluster }) => {
      const metadata = await fetchClusterMetadata(cluster);
      const coordinators = await lookupCoordinators(
        cluster,
        [appId],
        metadata.brokers.map((b) => b.id),
      );
      const [committed] = await fetchCommittedOffsets(admin, cluster, [appId], coordinators);
      assert.equal(committed.error, undefined);
      const read = taskPartitions(
        group.members.flatMap((m) => m.assignment.activeTasks),
        group.topology,
      );
      return streamsGroupOffsets(group, committed.offsets, await fetchOffsetRanges(cluster, metadata, read));
    });
  }

  async function assertOffsetsAsTool(group: StreamsGroupDescription): Promise<StreamsOffsetRow[]> {
    const ours = await offsets(group);
    const { rows } = parseToolTable(tool('--describe', '--offsets', '--verbose'), 'GROUP');
    const text = (value: bigint | undefined) => (value === undefined ? '-' : String(value));
    const key = (r: { topic: string; partition: string }) => `${r.topic}/${r.partition}`;
    const theirs = rows
      .map((r) => ({
        topic: r.TOPIC,
        partition: r.PARTITION,
        committed: r['CURRENT-OFFSET'],
        logEnd: r['LOG-END-OFFSET'],
        lag: r['OFFSET-LAG'],
      }))
      .sort((a, b) => key(a).localeCompare(key(b)));
    const mine = ours
      .map((r) => ({
        topic: r.topic,
        partition: String(r.partition),
        committed: text(r.committed),
        logEnd: text(r.logEndOffset),
        lag: text(r.lag),
      }))
      .sort((a, b) => key(a).localeCompare(key(b)));
    assert.deepEqual(mine, theirs);
    return ours;
  }

  before(async function () {
    ({
      bootstrapServers: [bootstrap],
    } = testKafka());
    const streamsLibs = path.join(repoRoot, '.cache/kafka-streams', pinnedKafkaVersion(), 'libs');
    assert.ok(fs.existsSync(path.join(streamsLibs, '.complete')), `no Kafka Streams in ${streamsLibs}: run scripts/kafka/fetch-streams.sh`);
    // Partitions 0 and 1 get records before the app starts; 2 gets some only while it is frozen below.
    await createFilledTopic([bootstrap], input, {
      partitions: 3,
      messages: ['a', 'b', 'c', 'a', 'b', 'a', 'd', 'e', 'f', 'g', 'h', 'a'].map((value, i) => ({ partition: i % 2, value })),
    });
    // The app writes its counts there; the broker creates only the internal topics.
    await createFilledTopic([bootstrap], output, { partitions: 2 });
    connection = new ClusterConnection(
      { name: 'streams', bootstrapServers: [bootstrap] },
      { connectionTimeoutMs: 3000, requestTimeoutMs: 30000 },
    );
    app = spawn(
      'java',
      [
        '-Xmx256m',
        '-cp',
        `${kafkaLibs(pinnedKafkaVersion())}/*${path.delimiter}${streamsLibs}/*`,
        path.join(repoRoot, 'test/java/StreamsApp.java'),
        bootstrap,
        appId,
        input,
        output,
        `${ENDPOINT.host}:${ENDPOINT.port}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    app.stdout?.on('data', (chunk: Buffer) => (appOutput += chunk.toString()));
    app.stderr?.on('data', (chunk: Buffer) => (appOutput += chunk.toString()));
    await waitFor('the Streams app RUNNING', async () => (/^STATE RUNNING /m.test(appOutput) ? true : undefined), {
      timeoutMs: 90000,
      fail: () => (app?.exitCode !== null ? `the app exited with ${app?.exitCode}` : undefined),
      seen: () => appOutput.slice(-3000),
    });
  });

  after(async () => {
    if (app) {
      app.kill('SIGCONT'); // frozen by a test that failed half-way: a stopped JVM would not act on SIGTERM
      await stopChild(app, 15000);
    }
    await connection?.close();
  });

  it('describes the group, its topology and its member as the tool prints them, and its offsets once all is processed', async () => {
    // Stable, with every task of both subtopologies assigned and every record read and committed.
    const group = await waitFor(
      'the group stable with everything committed',
      async () => {
        const described = await describeApp();
        if (described.state !== 'Stable' || described.members.length !== 1 || (described.topology?.subtopologies.length ?? 0) < 2) {
          return undefined;
        }
        const rows = await offsets(described);
        const inputRows = rows.filter((r) => r.topic === input);
        return inputRows.length === 3 && rows.every((r) => r.lag === 0n) && inputRows.some((r) => r.committed !== undefined)
          ? described
          : undefined;
      },
      { timeoutMs: 90000, intervalMs: 1000, seen: () => appOutput.slice(-2000) },
    );
    assert.equal(group.error, undefined);

    // The topology the app printed (Topology#describe), with the broker's names of internal topics.
    const printed = /^TOPOLOGY (.*)$/m.exec(appOutput)?.[1];
    assert.ok(printed, 'the app printed no topology');
    assert.deepEqual(group.topology?.subtopologies.map(sortedSubtopology), topologyOfDescription(printed, appId));
    assert.ok(
      (group.topology?.subtopologies ?? []).some((s) => s.repartitionSinkTopics.length > 0),
      'no repartition topic',
    );

    // --state --verbose
    const [state] = parseToolTable(tool('--describe', '--state', '--verbose'), 'GROUP').rows;
    assert.deepEqual(
      [
        group.groupId,
        group.state,
        String(group.groupEpoch),
        String(group.targetAssignmentEpoch),
        String(group.members.length),
        group.assignor,
      ],
      [state.GROUP, state.STATE, state['GROUP-EPOCH'], state['TARGET-ASSIGNMENT-EPOCH'], state['#MEMBERS'], state.ASSIGNOR],
    );

    // --members and --members --verbose
    const [member] = group.members;
    const [plain] = parseToolTable(tool('--describe', '--members'), 'GROUP').rows;
    assert.deepEqual(
      [member.memberId, member.processId, member.clientId, toolAssignments(member.assignment)],
      [plain.MEMBER, plain.PROCESS, plain['CLIENT-ID'], plain.ASSIGNMENTS],
    );
    const [verbose] = parseToolTable(tool('--describe', '--members', '--verbose'), 'GROUP').rows;
    assert.deepEqual(
      [
        String(group.targetAssignmentEpoch),
        String(group.topology?.epoch),
        member.memberId,
        member.isClassic ? 'classic' : 'streams',
        String(member.memberEpoch),
        member.processId,
        member.clientId,
        toolAssignments(member.assignment, member.targetAssignment),
      ],
      [
        verbose['TARGET-ASSIGNMENT-EPOCH'],
        verbose['TOPOLOGY-EPOCH'],
        verbose.MEMBER,
        verbose['MEMBER-PROTOCOL'],
        verbose['MEMBER-EPOCH'],
        verbose.PROCESS,
        verbose['CLIENT-ID'],
        verbose.ASSIGNMENTS,
      ],
    );
    // What the tool does not print: the member's endpoint (application.server) and topology epoch.
    assert.deepEqual(member.userEndpoint, ENDPOINT);
    assert.equal(member.topologyEpoch, group.topology?.epoch);
    // One member runs every task: every partition of the input and of the repartition topic.
    const read = taskPartitions(member.assignment.activeTasks, group.topology);
    assert.deepEqual(
      read.find((t) => t.topic === input),
      { topic: input, partitions: [0, 1, 2] },
    );

    await assertOffsetsAsTool(group);
  });

  it('is listed in the Groups folder as a streams group: members, committed offsets and lag as the tool prints them', async () => {
    const group = await describeApp();
    const listed = (await new ClusterSnapshot(connection).consumerGroups()).find((g) => g.groupId === appId);
    assert.ok(listed, 'the group is listed');
    assert.deepEqual(
      [listed.type, listed.state, listed.groupEpoch, listed.streams?.topology],
      ['streams', group.state, group.groupEpoch, group.topology],
    );
    assert.deepEqual(
      listed.members.map((m) => [m.memberId, m.memberEpoch, m.assignment]),
      group.members.map((m) => [m.memberId, m.memberEpoch, taskPartitions(m.assignment.activeTasks, group.topology)]),
    );
    // The folder lists committed partitions (as for every group type); the tool's rows with a current offset are those.
    const { rows } = parseToolTable(tool('--describe', '--offsets', '--verbose'), 'GROUP');
    const key = (topic: string, partition: string | number) => `${topic}/${partition}`;
    assert.deepEqual(
      new Map(listed.offsets.map((o) => [key(o.topic, o.partition), [String(o.committed), String(o.latest), String(o.lag)]])),
      new Map(
        rows
          .filter((r) => r['CURRENT-OFFSET'] !== '-')
          .map((r) => [key(r.TOPIC, r.PARTITION), [r['CURRENT-OFFSET'], r['LOG-END-OFFSET'], r['OFFSET-LAG']]]),
      ),
    );
  });

  it('shows lag as the tool does while the app is frozen with new records: committed or, with nothing committed, from the earliest offset', async () => {
    assert.ok(app?.pid);
    const before = await offsets(await describeApp());
    const committedBefore = new Map(before.filter((r) => r.topic === input).map((r) => [r.partition, r.committed]));
    assert.equal(committedBefore.get(2), undefined, 'partition 2 had nothing to commit');
    // SIGSTOP: the member stays in the group (until its session times out, 45 s) but reads nothing.
    process.kill(app.pid, 'SIGSTOP');
    try {
      const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
      const producer = await connectTestProducer(kafka);
      const added = new Map([
        [0, 5],
        [2, 3],
      ]);
      try {
        for (const [partition, count] of added) {
          await producer.send({ topic: input, messages: Array.from({ length: count }, (_, i) => ({ partition, value: `late-${i}` })) });
        }
      } finally {
        await producer.disconnect();
      }
      // Partition 2's first record deleted: with nothing committed there, the lag counts from the earliest offset, not from 0.
      const deleted = new Map([[2, 1]]);
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.fetchTopicMetadata({ topics: [input] }); // kafkajs finds the leaders in metadata it already holds
        for (const [partition, offset] of deleted) {
          await admin.deleteTopicRecords({ topic: input, partitions: [{ partition, offset: String(offset) }] });
        }
      } finally {
        await admin.disconnect();
      }
      const group = await describeApp();
      assert.equal(group.members.length, 1, `the frozen member left: ${group.state}`);
      const rows = (await assertOffsetsAsTool(group)).filter((r) => r.topic === input);
      for (const [partition, count] of added) {
        const row = rows.find((r) => r.partition === partition);
        assert.equal(row?.committed, committedBefore.get(partition));
        assert.equal(row?.lag, BigInt(count - (deleted.get(partition) ?? 0)), `lag of partition ${partition}`);
      }
    } finally {
      process.kill(app.pid, 'SIGCONT');
    }
  });

  it('answers a group that is not a streams group with an error, next to one that is', async () => {
    const other = uniqueName('not-streams');
    const groups = await connection.query('describe', ({ cluster }) => describeStreamsGroups(cluster, [other, appId], new Map()));
    assert.deepEqual([...groups.keys()], [other, appId]);
    assert.match(groups.get(other)?.error ?? '', /not found/i);
    assert.equal(groups.get(appId)?.error, undefined);
  });
});
