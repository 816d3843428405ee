/**
 * The committed offsets of many consumer groups. On Kafka 3.0+ brokers: one batched
 * FindCoordinator (v4, KIP-699) for all groups (shared with DescribeGroups, see
 * lookupCoordinators), then one OffsetFetch v8 (KIP-709) per
 * coordinator and 500 groups, instead of kafkajs' one OffsetFetch per group. Groups the
 * batched path cannot answer (older brokers, a coordinator moving or loading) go through
 * kafkajs' per-group path, which finds the coordinator again with its own retries.
 */
import { Admin } from 'kafkajs';
import { mapWithConcurrency } from '../../common/concurrency';
import { COORDINATOR_ERROR_CODES, describeKafkaError } from '../errors';
import { InternalBroker, InternalCluster, protocolErrorFromCode, sendRawRequest, supportsApi } from '../kafkajsInternals';
import {
  decodeFindCoordinators,
  encodeFindGroupCoordinators,
  FIND_COORDINATOR_BATCH_VERSION,
  FIND_COORDINATOR_KEY,
} from '../wire/findCoordinator';
import {
  decodeOffsetFetch,
  encodeOffsetFetch,
  FetchedGroupOffsets,
  OFFSET_FETCH_BATCH_VERSION,
  OFFSET_FETCH_KEY,
} from '../wire/offsetFetch';

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
 * One group of an OffsetFetch v8 response, read as kafkajs reads its v4 response: the
 * group's error, else the first partition's error, fails the whole group.
 */
export function fromFetchedGroup(group: FetchedGroupOffsets): GroupCommittedOffsets {
  const partitionError = group.topics.flatMap((t) => t.partitions).find((p) => p.errorCode !== 0)?.errorCode;
  const errorCode = group.errorCode !== 0 ? group.errorCode : partitionError;
  if (errorCode !== undefined) {
    return { offsets: [], error: describeKafkaError(protocolErrorFromCode(errorCode)) };
  }
  return {
    offsets: group.topics.flatMap(({ topic, partitions }) =>
      partitions.filter((p) => p.committedOffset >= 0n).map((p) => ({ topic, partition: p.partition, offset: p.committedOffset })),
    ),
    error: undefined,
  };
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
    if (!supportsApi(broker, FIND_COORDINATOR_KEY, FIND_COORDINATOR_BATCH_VERSION)) {
      return new Map(); // before Kafka 3.0
    }
    return await findCoordinators(broker, groupIds);
  } catch {
    return new Map();
  }
}

async function findCoordinators(broker: InternalBroker, groupIds: readonly string[]): Promise<Map<string, number>> {
  const coordinators = new Map<string, number>();
  const responses = await Promise.all(
    chunks(groupIds, GROUPS_PER_REQUEST).map((ids) =>
      sendRawRequest(
        broker,
        {
          apiKey: FIND_COORDINATOR_KEY,
          apiVersion: FIND_COORDINATOR_BATCH_VERSION,
          apiName: 'FindCoordinator',
          body: encodeFindGroupCoordinators(ids),
        },
        decodeFindCoordinators,
      ),
    ),
  );
  for (const found of responses.flat()) {
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
        if (!supportsApi(coordinator, OFFSET_FETCH_KEY, OFFSET_FETCH_BATCH_VERSION)) {
          return; // before Kafka 3.0, or a cluster being upgraded
        }
        for (const batch of chunks(ids, GROUPS_PER_REQUEST)) {
          const groups = await sendRawRequest(
            coordinator,
            {
              apiKey: OFFSET_FETCH_KEY,
              apiVersion: OFFSET_FETCH_BATCH_VERSION,
              apiName: 'OffsetFetch',
              body: encodeOffsetFetch(batch.map((groupId) => ({ groupId, topics: null }))),
            },
            decodeOffsetFetch,
          );
          for (const group of groups) {
            if (wanted.has(group.groupId) && !COORDINATOR_ERROR_CODES.has(group.errorCode)) {
              result.set(group.groupId, fromFetchedGroup(group));
            }
          }
        }
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
