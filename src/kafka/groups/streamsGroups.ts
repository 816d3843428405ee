/**
 * Streams groups (KIP-1071, Kafka 4.x): the groups of Kafka Streams apps run with
 * `group.protocol=streams`, whose group id is the app's application.id. The broker keeps the
 * app's topology and assigns tasks (a subtopology and a partition number) instead of partitions;
 * StreamsGroupDescribe tells both. They commit offsets as consumer groups do, so their offsets
 * come from OffsetFetch (fetchCommittedOffsets) and the latest and earliest offsets.
 */
import { CommittedOffset, Coordinators } from './committedOffsets';
import { describeKafkaError } from '../errors';
import { InternalBroker, InternalCluster, protocolErrorFromCode } from '../kafkajsInternals';
import { sendRequest, versionFor } from '../requests';
import { OffsetRange, PerPartition, TopicPartitions } from '../admin/offsets';
import {
  Assignment as WireAssignment,
  DescribedGroup as WireGroup,
  STREAMS_GROUP_DESCRIBE,
  Subtopology as WireSubtopology,
} from '../wire/generated/streamsGroupDescribe';

/** Tasks of one subtopology: a task is a subtopology and a partition number of its source topics. */
export interface StreamsTasks {
  readonly subtopologyId: string;
  readonly partitions: readonly number[];
}

export interface StreamsAssignment {
  readonly activeTasks: readonly StreamsTasks[];
  readonly standbyTasks: readonly StreamsTasks[];
  /** Tasks whose state a member restores before it takes them over (not yet used by Kafka Streams' streams protocol). */
  readonly warmupTasks: readonly StreamsTasks[];
}

export interface StreamsSubtopology {
  readonly subtopologyId: string;
  /** The topics it reads that the app does not create (its input topics). */
  readonly sourceTopics: readonly string[];
  /** The repartition topics it writes to. */
  readonly repartitionSinkTopics: readonly string[];
  /** The changelog topics of its state stores (created by the broker). */
  readonly stateChangelogTopics: readonly string[];
  /** The repartition topics it reads (created by the broker). */
  readonly repartitionSourceTopics: readonly string[];
}

export interface StreamsTopology {
  /** The topology's epoch: it goes up when the app starts with a changed topology. */
  readonly epoch: number;
  /**
   * Empty while the broker has not set the topology up: a new group, missing source topics or
   * source topics whose partition counts do not fit (the group is "NotReady" then).
   */
  readonly subtopologies: readonly StreamsSubtopology[];
}

export interface StreamsEndpoint {
  readonly host: string;
  readonly port: number;
}

export interface StreamsGroupMember {
  readonly memberId: string;
  readonly memberEpoch: number;
  readonly clientId: string;
  readonly host: string;
  /** The Kafka Streams instance: one process has a member per stream thread. */
  readonly processId: string;
  /** group.instance.id of a static member. */
  readonly instanceId: string | undefined;
  readonly rackId: string | undefined;
  /** application.server: where the app answers interactive queries. */
  readonly userEndpoint: StreamsEndpoint | undefined;
  /** The topology epoch the member runs. */
  readonly topologyEpoch: number;
  /** A member of the classic protocol not upgraded yet. */
  readonly isClassic: boolean;
  /** What the member works on now. */
  readonly assignment: StreamsAssignment;
  /** Where the group is heading: the member gets it once others have given up its tasks. */
  readonly targetAssignment: StreamsAssignment;
}

export interface StreamsGroupDescription {
  readonly groupId: string;
  /** Empty, NotReady, Assigning, Reconciling, Stable or Dead; "" when the group could not be described. */
  readonly state: string;
  readonly groupEpoch: number;
  readonly targetAssignmentEpoch: number;
  /** The task assignor the broker uses next ("sticky"); StreamsGroupDescribe v1+ (Kafka 4.4) only. */
  readonly assignor: string | undefined;
  /** Undefined when the group has none (a describe error). */
  readonly topology: StreamsTopology | undefined;
  readonly members: readonly StreamsGroupMember[];
  /** Set when the group could not be described: no such streams group, not authorized, a broker without streams groups. */
  readonly error: string | undefined;
}

function tasksOf(tasks: readonly { subtopologyId: string; partitions: readonly number[] }[]): StreamsTasks[] {
  return tasks
    .map(({ subtopologyId, partitions }) => ({ subtopologyId, partitions: [...partitions].sort((a, b) => a - b) }))
    .sort((a, b) => compareSubtopologies(a.subtopologyId, b.subtopologyId));
}

/** Kafka Streams numbers its subtopologies "0", "1", …: numerically, then as text for any other id. */
function compareSubtopologies(a: string, b: string): number {
  const numeric = /^\d+$/;
  return numeric.test(a) && numeric.test(b) ? Number(a) - Number(b) : a.localeCompare(b);
}

function assignmentOf(assignment: WireAssignment): StreamsAssignment {
  return {
    activeTasks: tasksOf(assignment.activeTasks),
    standbyTasks: tasksOf(assignment.standbyTasks),
    warmupTasks: tasksOf(assignment.warmupTasks),
  };
}

function subtopologyOf(subtopology: WireSubtopology): StreamsSubtopology {
  return {
    subtopologyId: subtopology.subtopologyId,
    sourceTopics: [...subtopology.sourceTopics],
    repartitionSinkTopics: [...subtopology.repartitionSinkTopics],
    stateChangelogTopics: subtopology.stateChangelogTopics.map((t) => t.name),
    repartitionSourceTopics: subtopology.repartitionSourceTopics.map((t) => t.name),
  };
}

function errorOf(group: WireGroup): string | undefined {
  if (group.errorCode === 0) {
    return undefined;
  }
  const known = describeKafkaError(protocolErrorFromCode(group.errorCode));
  return group.errorMessage ? `${group.errorMessage} (${known})` : known;
}

/** One group of a StreamsGroupDescribe answer. */
export function fromStreamsGroupDescribe(group: WireGroup): StreamsGroupDescription {
  const topology = group.topology;
  return {
    groupId: group.groupId,
    state: group.groupState,
    groupEpoch: group.groupEpoch,
    targetAssignmentEpoch: group.assignmentEpoch,
    assignor: group.assignorName ?? undefined,
    topology: topology
      ? {
          epoch: topology.epoch,
          subtopologies: (topology.subtopologies ?? [])
            .map(subtopologyOf)
            .sort((a, b) => compareSubtopologies(a.subtopologyId, b.subtopologyId)),
        }
      : undefined,
    members: group.members.map((m) => ({
      memberId: m.memberId,
      memberEpoch: m.memberEpoch,
      clientId: m.clientId,
      host: m.clientHost,
      processId: m.processId,
      instanceId: m.instanceId ?? undefined,
      rackId: m.rackId ?? undefined,
      userEndpoint: m.userEndpoint ? { host: m.userEndpoint.host, port: m.userEndpoint.port } : undefined,
      topologyEpoch: m.topologyEpoch,
      isClassic: m.isClassic,
      assignment: assignmentOf(m.assignment),
      targetAssignment: assignmentOf(m.targetAssignment),
    })),
    error: errorOf(group),
  };
}

/** A group that has no description, with why. */
export function undescribedStreamsGroup(groupId: string, error: string): StreamsGroupDescription {
  return {
    groupId,
    state: '',
    groupEpoch: -1,
    targetAssignmentEpoch: -1,
    assignor: undefined,
    topology: undefined,
    members: [],
    error,
  };
}

/** StreamsGroupDescribe of `ids` to their coordinator; every id gets an answer (an error one when the broker gave none). */
async function describeAt(broker: InternalBroker, ids: readonly string[]): Promise<StreamsGroupDescription[]> {
  if (versionFor(broker, STREAMS_GROUP_DESCRIBE) === undefined) {
    const why = 'this broker has no streams groups (KIP-1071: StreamsGroupDescribe, Kafka 4.0 or later with streams.version 1)';
    return ids.map((id) => undescribedStreamsGroup(id, why));
  }
  const request = { groupIds: ids, includeAuthorizedOperations: false };
  const { groups } = (await sendRequest(broker, STREAMS_GROUP_DESCRIBE, request)).response;
  const answered = new Map(groups.map((g) => [g.groupId, g]));
  return ids.map((id) => {
    const group = answered.get(id);
    return group ? fromStreamsGroupDescribe(group) : undescribedStreamsGroup(id, 'the coordinator did not answer for this group');
  });
}

/**
 * The streams groups `groupIds` by id: one StreamsGroupDescribe per coordinator, all at once.
 * Groups missing from `coordinators` (lookupCoordinators) are looked up one by one first. Every
 * id gets a description; one that could not be described has `error` set (a group that is not
 * a streams group answers GROUP_ID_NOT_FOUND). Nothing here throws for one coordinator's failure.
 */
export async function describeStreamsGroups(
  cluster: InternalCluster,
  groupIds: readonly string[],
  coordinators: Coordinators,
): Promise<Map<string, StreamsGroupDescription>> {
  const result = new Map<string, StreamsGroupDescription>();
  // kafkajs keeps one broker object per node, so groups of one coordinator meet under one key.
  const brokers = new Map<InternalBroker, string[]>();
  await Promise.all(
    [...new Set(groupIds)].map(async (groupId) => {
      try {
        const nodeId = coordinators.get(groupId);
        const broker = nodeId !== undefined ? await cluster.findBroker({ nodeId }) : await cluster.findGroupCoordinator({ groupId });
        brokers.set(broker, [...(brokers.get(broker) ?? []), groupId]);
      } catch (error) {
        result.set(groupId, undescribedStreamsGroup(groupId, describeKafkaError(error)));
      }
    }),
  );
  await Promise.all(
    [...brokers].map(async ([broker, ids]) => {
      try {
        for (const description of await describeAt(broker, ids)) {
          result.set(description.groupId, description);
        }
      } catch (error) {
        const why = describeKafkaError(error);
        ids.forEach((id) => result.set(id, undescribedStreamsGroup(id, why)));
      }
    }),
  );
  // Every id was answered above; the fallback only satisfies the type.
  return new Map(groupIds.map((id) => [id, result.get(id) ?? undescribedStreamsGroup(id, 'not described')]));
}

/**
 * The topic-partitions that `tasks` process, as kafka-streams-groups.sh counts them: a task
 * "subtopology s, partition p" reads partition p of each of s's source topics and repartition
 * source topics. Tasks of a subtopology the topology lacks give nothing. Sorted by topic.
 */
export function taskPartitions(tasks: readonly StreamsTasks[], topology: StreamsTopology | undefined): TopicPartitions[] {
  const topicsOf = new Map(
    (topology?.subtopologies ?? []).map((s) => [s.subtopologyId, [...s.sourceTopics, ...s.repartitionSourceTopics]]),
  );
  const byTopic = new Map<string, Set<number>>();
  for (const { subtopologyId, partitions } of tasks) {
    for (const topic of topicsOf.get(subtopologyId) ?? []) {
      const set = byTopic.get(topic) ?? new Set<number>();
      partitions.forEach((p) => set.add(p));
      byTopic.set(topic, set);
    }
  }
  return [...byTopic]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }));
}

/** One row of a streams group's offsets: a partition an active task reads. */
export interface StreamsOffsetRow {
  readonly topic: string;
  readonly partition: number;
  /** Undefined when the group has committed nothing there. */
  readonly committed: bigint | undefined;
  /** The latest offset; undefined when unknown (no leader). */
  readonly logEndOffset: bigint | undefined;
  /**
   * latest - committed; with nothing committed, latest - earliest (all the partition holds is
   * still to be read), as kafka-streams-groups.sh reports it. Undefined when the offsets are unknown.
   */
  readonly lag: bigint | undefined;
}

/**
 * The offsets view of kafka-streams-groups.sh --describe: every partition the members' active
 * tasks read (source and repartition topics), with the committed offset (from
 * fetchCommittedOffsets), the log end offset and the lag (from fetchOffsetRanges of the
 * partitions taskPartitions gives). An empty group reads nothing, so it has no rows.
 */
export function streamsGroupOffsets(
  group: StreamsGroupDescription,
  committed: readonly CommittedOffset[],
  ranges: PerPartition<OffsetRange>,
): StreamsOffsetRow[] {
  const read = taskPartitions(
    group.members.flatMap((m) => m.assignment.activeTasks),
    group.topology,
  );
  const committedAt = new Map(committed.map((c) => [`${c.partition}:${c.topic}`, c.offset]));
  return read.flatMap(({ topic, partitions }) =>
    partitions.map((partition) => {
      const at = committedAt.get(`${partition}:${topic}`);
      const range = ranges.get(topic)?.get(partition);
      const from = at ?? range?.earliest;
      return {
        topic,
        partition,
        committed: at,
        logEndOffset: range?.latest,
        lag: range && from !== undefined ? range.latest - from : undefined,
      };
    }),
  );
}
