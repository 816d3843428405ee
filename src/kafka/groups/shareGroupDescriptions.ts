/**
 * Reading share groups (KIP-932, Kafka 4.1+; on by default from 4.2): their descriptions and
 * share-partition start offsets and lag. Each request goes to a group's coordinator, one
 * request per coordinator for all its groups, every coordinator at once. Changing their
 * offsets is in shareGroups.ts, which re-exports this file: import from there.
 */
import { byCoordinator, Coordinators } from './committedOffsets';
import { TopicPartitions } from '../admin/offsets';
import { KafkaExplorerError } from '../errors';
import { InternalBroker, InternalCluster, protocolErrorFromCode } from '../kafkajsInternals';
import { sendRequest } from '../requests';
import { SHARE_GROUP_DESCRIBE, DescribedGroup as WireShareGroup } from '../wire/generated/shareGroupDescribe';
import { DESCRIBE_SHARE_GROUP_OFFSETS, DescribeShareGroupOffsetsResponseGroup } from '../wire/generated/describeShareGroupOffsets';

export interface ShareGroupMember {
  readonly memberId: string;
  readonly clientId: string;
  readonly host: string;
  readonly rackId: string | undefined;
  readonly memberEpoch: number;
  readonly subscribedTopics: readonly string[];
  /** The partitions the member is assigned, per topic, topics and partitions sorted. */
  readonly assignment: readonly TopicPartitions[];
}

export interface ShareGroupDescription {
  readonly groupId: string;
  /** Empty, Stable, Dead (or Unknown); "Dead" too when the group does not exist (then `error` says so). */
  readonly state: string;
  readonly groupEpoch: number;
  readonly assignmentEpoch: number;
  /** The assignor in use ("simple" in Kafka 4.x). */
  readonly assignor: string;
  readonly members: readonly ShareGroupMember[];
  /** Why the group could not be described: not found, not a share group, not authorized, no share groups on this broker. */
  readonly error: string | undefined;
}

/** A share-partition's state: where the group's consumers start delivering from. */
export interface ShareGroupPartitionOffset {
  readonly topic: string;
  readonly partition: number;
  /** The share-partition start offset; -1 when it is not initialized yet (no member has fetched it since the group subscribed). */
  readonly startOffset: bigint;
  readonly leaderEpoch: number;
  /** Records from the start offset to the end not yet acknowledged (DescribeShareGroupOffsets v1+, Kafka 4.2+); undefined when the broker did not say (-1 or an older version). */
  readonly lag: bigint | undefined;
  readonly error: string | undefined;
}

export interface ShareGroupOffsets {
  readonly groupId: string;
  /** Sorted by topic, then partition. */
  readonly partitions: readonly ShareGroupPartitionOffset[];
  readonly error: string | undefined;
}

const GROUP_ID_NOT_FOUND = 69;
export const UNKNOWN_TOPIC_OR_PARTITION = 3;
export const TOPIC_AUTHORIZATION_FAILED = 29;

/** "GROUP_ID_NOT_FOUND: Group g is not a share group." — the code's name (kafkajs' table), then the broker's message or kafkajs' text. */
export function kafkaErrorText(code: number, message: string | null | undefined): string {
  const error = protocolErrorFromCode(code) as Error & { type?: string };
  const name = error.type && error.type !== 'KAFKAJS_UNKNOWN_ERROR_CODE' ? error.type : `error ${code}`;
  return `${name}: ${message || error.message}`;
}

/** Java's String order (UTF-16 code units), as the tool sorts: not the locale's. */
export const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function sortedAssignment(partitions: readonly { topicName: string; partitions: readonly number[] }[]): TopicPartitions[] {
  return partitions
    .map(({ topicName, partitions }) => ({ topic: topicName, partitions: [...partitions].sort((a, b) => a - b) }))
    .sort((a, b) => byName(a.topic, b.topic));
}

/** One group of a ShareGroupDescribe answer. GROUP_ID_NOT_FOUND keeps the group, as "Dead" with the broker's reason: it also answers a group of another type ("is not a share group"), which a caller asking by id should see. */
export function fromShareGroupDescribe(group: WireShareGroup): ShareGroupDescription {
  const failed = group.errorCode !== 0;
  return {
    groupId: group.groupId,
    state: failed && group.errorCode === GROUP_ID_NOT_FOUND ? 'Dead' : group.groupState || 'Unknown',
    groupEpoch: group.groupEpoch,
    assignmentEpoch: group.assignmentEpoch,
    assignor: group.assignorName,
    members: failed
      ? []
      : group.members
          .map((m) => ({
            memberId: m.memberId,
            clientId: m.clientId,
            host: m.clientHost,
            rackId: m.rackId ?? undefined,
            memberEpoch: m.memberEpoch,
            subscribedTopics: [...m.subscribedTopicNames].sort(byName),
            assignment: sortedAssignment(m.assignment.topicPartitions),
          }))
          .sort((a, b) => byName(a.memberId, b.memberId)),
    error: failed ? kafkaErrorText(group.errorCode, group.errorMessage) : undefined,
  };
}

/** One group of a DescribeShareGroupOffsets answer; partitions sorted, -1 start offsets kept (not initialized). */
export function fromShareGroupOffsets(group: DescribeShareGroupOffsetsResponseGroup): ShareGroupOffsets {
  const partitions = group.topics
    .flatMap(({ topicName, partitions }) =>
      partitions.map((p) => ({
        topic: topicName,
        partition: p.partitionIndex,
        startOffset: p.startOffset,
        leaderEpoch: p.leaderEpoch,
        lag: p.lag >= 0n ? p.lag : undefined,
        error: p.errorCode !== 0 ? kafkaErrorText(p.errorCode, p.errorMessage) : undefined,
      })),
    )
    .sort((a, b) => byName(a.topic, b.topic) || a.partition - b.partition);
  return {
    groupId: group.groupId,
    partitions: group.errorCode !== 0 ? [] : partitions,
    error: group.errorCode !== 0 ? kafkaErrorText(group.errorCode, group.errorMessage) : undefined,
  };
}

/**
 * The groups' coordinators, each with its groups: `coordinators` where it knows them, else
 * kafkajs' FindCoordinator (share groups use the group key type, as consumer groups do).
 */
async function coordinatorsOf(
  cluster: InternalCluster,
  groupIds: readonly string[],
  coordinators: Coordinators,
): Promise<Array<{ broker: () => Promise<InternalBroker>; groupIds: string[] }>> {
  const located = [...byCoordinator(groupIds, coordinators)].map(([nodeId, ids]) => ({
    broker: () => cluster.findBroker({ nodeId }),
    groupIds: ids,
  }));
  const rest = groupIds.filter((id) => !coordinators.has(id));
  const found = await Promise.all(
    rest.map(async (groupId) => {
      try {
        const broker = await cluster.findGroupCoordinator({ groupId });
        return { groupId, broker: () => Promise.resolve(broker), key: broker as unknown };
      } catch (error) {
        // A failed lookup fails this group's request, when it is made.
        return { groupId, broker: () => Promise.reject(error as Error), key: { groupId } as unknown };
      }
    }),
  );
  const byBroker = new Map<unknown, { broker: () => Promise<InternalBroker>; groupIds: string[] }>();
  for (const { groupId, broker, key } of found) {
    const entry = byBroker.get(key) ?? { broker, groupIds: [] };
    entry.groupIds.push(groupId);
    byBroker.set(key, entry);
  }
  const unlocated = [...byBroker.values()];
  return [...located, ...unlocated];
}

function failure(error: unknown): string {
  if (error instanceof KafkaExplorerError) {
    return error.message;
  }
  const e = error as { type?: string; message?: string };
  return e.type ? `${e.type}: ${e.message}` : String(e.message ?? error);
}

/**
 * Runs `ask` once per coordinator (all at once) with its groups; a coordinator that cannot be
 * reached or refuses the request gives each of its groups `failed(groupId, reason)`.
 */
async function perCoordinator<T>(
  cluster: InternalCluster,
  groupIds: readonly string[],
  coordinators: Coordinators,
  ask: (broker: InternalBroker, groupIds: string[]) => Promise<T[]>,
  idOf: (answer: T) => string,
  failed: (groupId: string, reason: string) => T,
): Promise<Map<string, T>> {
  const result = new Map<string, T>();
  const wanted = [...new Set(groupIds)];
  await Promise.all(
    (await coordinatorsOf(cluster, wanted, coordinators)).map(async ({ broker, groupIds: ids }) => {
      try {
        for (const answer of await ask(await broker(), ids)) {
          result.set(idOf(answer), answer);
        }
      } catch (error) {
        ids.forEach((id) => result.set(id, failed(id, failure(error))));
      }
      // A group the coordinator left out of its answer would otherwise vanish without a word.
      ids.filter((id) => !result.has(id)).forEach((id) => result.set(id, failed(id, 'the coordinator did not answer for this group')));
    }),
  );
  return result;
}

/** ShareGroupDescribe (v1, Kafka 4.1+) for `groupIds`: every group asked for is in the result, with `error` set when it could not be described. */
export async function describeShareGroups(
  cluster: InternalCluster,
  groupIds: readonly string[],
  coordinators: Coordinators,
): Promise<Map<string, ShareGroupDescription>> {
  return perCoordinator(
    cluster,
    groupIds,
    coordinators,
    async (broker, ids) => {
      const request = { groupIds: ids, includeAuthorizedOperations: false };
      return (await sendRequest(broker, SHARE_GROUP_DESCRIBE, request)).response.groups.map(fromShareGroupDescribe);
    },
    (group) => group.groupId,
    (groupId, reason) => ({ groupId, state: 'Unknown', groupEpoch: -1, assignmentEpoch: -1, assignor: '', members: [], error: reason }),
  );
}

/**
 * DescribeShareGroupOffsets (Kafka 4.1+; lag from v1, 4.2+) for every topic-partition of
 * `groupIds` (topics null: all the group has state for). Every group asked for is in the result.
 */
export async function fetchShareGroupOffsets(
  cluster: InternalCluster,
  groupIds: readonly string[],
  coordinators: Coordinators,
): Promise<Map<string, ShareGroupOffsets>> {
  return perCoordinator(
    cluster,
    groupIds,
    coordinators,
    async (broker, ids) => {
      const request = { groups: ids.map((groupId) => ({ groupId, topics: null })) };
      return (await sendRequest(broker, DESCRIBE_SHARE_GROUP_OFFSETS, request)).response.groups.map(fromShareGroupOffsets);
    },
    (group) => group.groupId,
    (groupId, reason) => ({ groupId, partitions: [], error: reason }),
  );
}

/** The group's coordinator, for the requests that name one group. */
export async function shareGroupCoordinator(
  cluster: InternalCluster,
  groupId: string,
  coordinators: Coordinators,
): Promise<InternalBroker> {
  const [{ broker }] = await coordinatorsOf(cluster, [groupId], coordinators);
  return broker();
}
