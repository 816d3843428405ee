/**
 * The committed offsets of many consumer groups. On Kafka 3.0+ brokers: one batched
 * FindCoordinator (v4+, KIP-699) for all groups (shared with DescribeGroups, see
 * lookupCoordinators), then one OffsetFetch v8-v9 (KIP-709) per
 * coordinator and 500 groups, instead of kafkajs' one OffsetFetch per group. Groups the
 * batched path cannot answer (older brokers, a coordinator moving or loading) go through
 * kafkajs' per-group path, which finds the coordinator again with its own retries.
 */
import { Admin } from 'kafkajs';
import { mapWithConcurrency } from '../../common/concurrency';
import { COORDINATOR_ERROR_CODES, describeKafkaError } from '../errors';
import { InternalBroker, InternalCluster, protocolErrorFromCode } from '../kafkajsInternals';
import { sendRequest, versionFor } from '../requests';
import { FIND_COORDINATOR } from '../wire/generated/findCoordinator';
import { OFFSET_FETCH, OffsetFetchResponseGroup } from '../wire/generated/offsetFetch';

/** FindCoordinator with many keys in one request: v4+ (KIP-699, Kafka 3.0). */
const BATCHED_FIND_COORDINATOR = { minVersion: 4 };
/** OffsetFetch with many groups in one request: v8+ (KIP-709, Kafka 3.0); v10 names topics by id only. */
const BATCHED_OFFSET_FETCH = { minVersion: 8, maxVersion: 9 };
/** FindCoordinator's key type of a consumer group. */
const KEY_TYPE_GROUP = 0;

export interface CommittedOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

export interface GroupCommittedOffsets {
  readonly offsets: readonly CommittedOffset[];
  /** Set when the group's offsets could not be read. */
  readonly error: string | undefined;
}

/** How many groups' offsets the per-group path fetches at the same time. */
const OFFSET_FETCH_CONCURRENCY = 16;
/** Groups per batched request: bounds one response's size (a group can have thousands of partitions). */
export const GROUPS_PER_REQUEST = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** kafkajs' admin.fetchOffsets for one group: today's path, and the fallback. */
async function fetchOneGroup(admin: Admin, groupId: string): Promise<GroupCommittedOffsets> {
  try {
    const topics = await admin.fetchOffsets({ groupId });
    const offsets = topics.flatMap(
      ({ topic, partitions }) =>
        partitions.map((p) => ({ topic, partition: p.partition, offset: BigInt(p.offset) })).filter((p) => p.offset >= 0n), // -1: nothing committed for that partition
    );
    return { offsets, error: undefined };
  } catch (error) {
    return { offsets: [], error: describeKafkaError(error) };
  }
}

/**
 * One group of an OffsetFetch v8-v9 response, read as kafkajs reads its v4 response: the
 * group's error, else the first partition's error, fails the whole group.
 */
export function fromFetchedGroup(group: OffsetFetchResponseGroup): GroupCommittedOffsets {
  // One pass, no intermediate arrays: a cluster's groups can have 100,000 partitions between them.
  let errorCode = group.errorCode;
  const offsets: CommittedOffset[] = [];
  for (const { name, partitions } of group.topics) {
    for (const p of partitions) {
      if (p.errorCode !== 0 && errorCode === 0) {
        errorCode = p.errorCode;
      } else if (p.committedOffset >= 0n) {
        offsets.push({ topic: name, partition: p.partitionIndex, offset: p.committedOffset });
      }
    }
  }
  return errorCode !== 0 ? { offsets: [], error: describeKafkaError(protocolErrorFromCode(errorCode)) } : { offsets, error: undefined };
}

/** group id → its coordinator's node id */
export type Coordinators = ReadonlyMap<string, number>;

/**
 * Every group's coordinator node id from batched FindCoordinator v4 requests; empty before
 * Kafka 3.0 or when the lookup fails. Groups whose lookup failed (a coordinator still
 * loading) are left out: callers ask kafkajs for those, with its retries.
 * `brokerIds`: the cluster's brokers, from metadata, to send the lookup to.
 */
export async function lookupCoordinators(
  cluster: InternalCluster,
  groupIds: readonly string[],
  brokerIds: readonly number[],
): Promise<Coordinators> {
  try {
    if (brokerIds.length === 0 || groupIds.length === 0) {
      return new Map();
    }
    const broker = await cluster.findBroker({ nodeId: brokerIds[0] });
    if (versionFor(broker, FIND_COORDINATOR, BATCHED_FIND_COORDINATOR) === undefined) {
      return new Map(); // before Kafka 3.0
    }
    return await findCoordinators(broker, groupIds);
  } catch {
    return new Map();
  }
}

async function findCoordinators(broker: InternalBroker, groupIds: readonly string[]): Promise<Map<string, number>> {
  const coordinators = new Map<string, number>();
  const answers = await Promise.all(
    chunks(groupIds, GROUPS_PER_REQUEST).map((ids) =>
      sendRequest(broker, FIND_COORDINATOR, { keyType: KEY_TYPE_GROUP, coordinatorKeys: ids }, BATCHED_FIND_COORDINATOR),
    ),
  );
  for (const found of answers.flatMap((a) => a.response.coordinators)) {
    if (found.errorCode === 0 && found.nodeId >= 0) {
      coordinators.set(found.key, found.nodeId);
    }
  }
  return coordinators;
}

/** `groupIds` by coordinator node id; groups without a known coordinator are left out. */
export function byCoordinator(groupIds: readonly string[], coordinators: Coordinators): Map<number, string[]> {
  const result = new Map<number, string[]>();
  for (const groupId of groupIds) {
    const nodeId = coordinators.get(groupId);
    if (nodeId !== undefined) {
      const ids = result.get(nodeId);
      if (ids) {
        ids.push(groupId);
      } else {
        result.set(nodeId, [groupId]);
      }
    }
  }
  return result;
}

/** The batched path; groups it could not answer are absent from the result. */
async function fetchBatched(
  cluster: InternalCluster,
  groupIds: readonly string[],
  coordinators: Coordinators,
): Promise<Map<string, GroupCommittedOffsets>> {
  const result = new Map<string, GroupCommittedOffsets>();
  const wanted = new Set(groupIds);
  await Promise.all(
    [...byCoordinator(groupIds, coordinators)].map(async ([nodeId, ids]) => {
      try {
        const coordinator = await cluster.findBroker({ nodeId });
        if (versionFor(coordinator, OFFSET_FETCH, BATCHED_OFFSET_FETCH) === undefined) {
          return; // before Kafka 3.0, or a cluster being upgraded
        }
        // All batches in flight at once, over both of the broker's connections: it answers
        // two at a time while the earlier answers are decoded.
        await Promise.all(
          chunks(ids, GROUPS_PER_REQUEST).map(async (batch, i) => {
            // RequireStable false, as kafkajs' v4 behaves (offsets of open transactions are not waited for).
            const request = { groups: batch.map((groupId) => ({ groupId, topics: null })), requireStable: false };
            const lane = i % 2 === 0 ? 0 : 1;
            const { groups } = (await sendRequest(coordinator, OFFSET_FETCH, request, BATCHED_OFFSET_FETCH, lane)).response;
            for (const group of groups) {
              if (wanted.has(group.groupId) && !COORDINATOR_ERROR_CODES.has(group.errorCode)) {
                result.set(group.groupId, fromFetchedGroup(group));
              }
            }
          }),
        );
      } catch {
        // This coordinator's remaining groups take the per-group path, which reports their errors.
      }
    }),
  );
  return result;
}

/**
 * The committed offsets of `groupIds` (in that order); partitions with nothing committed
 * are left out. Groups not in `coordinators` (from lookupCoordinators) take kafkajs'
 * per-group path.
 */
export async function fetchCommittedOffsets(
  admin: Admin,
  cluster: InternalCluster,
  groupIds: readonly string[],
  coordinators: Coordinators,
): Promise<GroupCommittedOffsets[]> {
  const batched = await fetchBatched(cluster, groupIds, coordinators);
  const rest = groupIds.filter((id) => !batched.has(id));
  const perGroup = new Map(
    await mapWithConcurrency(rest, OFFSET_FETCH_CONCURRENCY, async (id) => [id, await fetchOneGroup(admin, id)] as const),
  );
  return groupIds.map((id) => batched.get(id) ?? perGroup.get(id) ?? { offsets: [], error: undefined });
}
