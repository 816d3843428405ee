import { Admin } from 'kafkajs';
import { CommittedOffset, fetchCommittedOffsets, lookupCoordinators } from './committedOffsets';
import { DescribedGroup, DescribedMember, describeGroups } from './groupDescriptions';
import { InternalCluster, protocolErrorFromCode } from '../kafkajsInternals';
import { sendRequest } from '../requests';
import { LIST_GROUPS } from '../wire/generated/listGroups';
import { ClusterMetadata } from '../admin/metadata';
import { fetchOffsets, LATEST, PerPartition } from '../admin/offsets';

export type GroupMember = DescribedMember;

export interface GroupPartitionOffset {
  readonly topic: string;
  readonly partition: number;
  /** The group's committed offset: the next message it will read. */
  readonly committed: bigint;
  readonly latest: bigint | undefined;
  /** latest - committed; undefined when the latest offset is unknown. */
  readonly lag: bigint | undefined;
  /** The member the partition is assigned to, if any. */
  readonly memberId: string | undefined;
}

export interface ConsumerGroupInfo {
  readonly groupId: string;
  /** Stable, Empty, PreparingRebalance, CompletingRebalance, Dead, ... */
  readonly state: string;
  /** "consumer": Kafka 4's consumer rebalance protocol (KIP-848), described with ConsumerGroupDescribe. */
  readonly rebalanceProtocol: 'classic' | 'consumer';
  readonly protocolType: string;
  /** The assignor in use (range, roundrobin, cooperative-sticky, uniform, ...). */
  readonly protocol: string;
  readonly members: readonly GroupMember[];
  readonly offsets: readonly GroupPartitionOffset[];
  readonly totalLag: bigint;
  /** Set when the group could not be described or its offsets read. */
  readonly error: string | undefined;
}

/** A partition's lag: latest - committed, 0 when the group is at or past the end (a truncated log), undefined when the latest offset is unknown. */
export function partitionLag(committed: bigint, latest: bigint | undefined): bigint | undefined {
  return latest === undefined ? undefined : latest > committed ? latest - committed : 0n;
}

/** Builds one group's summary from its description, committed offsets and the latest offsets. */
export function summarizeGroup(
  description: DescribedGroup,
  committed: readonly CommittedOffset[],
  latest: PerPartition<bigint>,
  error?: string,
): ConsumerGroupInfo {
  const members = description.members;
  const owner = new Map<string, string>();
  for (const member of members) {
    for (const { topic, partitions } of member.assignment) {
      partitions.forEach((partition) => owner.set(`${topic}\u0000${partition}`, member.memberId));
    }
  }
  const offsets = committed
    .map(({ topic, partition, offset }) => {
      const latestOffset = latest.get(topic)?.get(partition);
      return {
        topic,
        partition,
        committed: offset,
        latest: latestOffset,
        lag: partitionLag(offset, latestOffset),
        memberId: owner.get(`${topic}\u0000${partition}`),
      };
    })
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  return {
    groupId: description.groupId,
    state: description.state,
    rebalanceProtocol: description.rebalanceProtocol,
    protocolType: description.protocolType,
    protocol: description.protocol,
    members,
    offsets,
    totalLag: offsets.reduce((sum, o) => sum + (o.lag ?? 0n), 0n),
    error: description.error ?? error,
  };
}

/**
 * Every consumer group with its members, committed offsets and lag. Round trips: one
 * ListGroups per broker (all at once), one batched FindCoordinator for every group (Kafka 3.0+; kafkajs
 * asks per group otherwise), DescribeGroups batched per coordinator (and
 * ConsumerGroupDescribe for consumer-protocol groups), one OffsetFetch v8 per coordinator
 * and 500 groups (per group before Kafka 3.0, see ./committedOffsets), and a single
 * batched ListOffsets for the latest offsets of every partition any group has committed.
 * `metadata` gives the partitions' leaders and leaves out offsets of deleted topics.
 */
export async function listConsumerGroups(admin: Admin, cluster: InternalCluster, metadata: ClusterMetadata): Promise<ConsumerGroupInfo[]> {
  // Every broker at once, from the metadata we have: admin.listGroups() would fetch metadata
  // for every topic again and ask the brokers one after another.
  const answers = await Promise.all(
    metadata.brokers.map(async (b) => {
      // No state or type filter: every group the broker coordinates.
      const { response } = await sendRequest(await cluster.findBroker({ nodeId: b.id }), LIST_GROUPS, {});
      if (response.errorCode !== 0) {
        throw protocolErrorFromCode(response.errorCode);
      }
      return response;
    }),
  );
  const ids = [...new Set(answers.flatMap((a) => a.groups.map((g) => g.groupId)))].sort((a, b) => a.localeCompare(b));
  return describeConsumerGroups(admin, cluster, metadata, ids);
}

/**
 * The groups in `ids` (in that order), each with members, committed offsets and lag: what
 * listConsumerGroups does after listing, for a few groups watched over time.
 */
export async function describeConsumerGroups(
  admin: Admin,
  cluster: InternalCluster,
  metadata: ClusterMetadata,
  ids: readonly string[],
): Promise<ConsumerGroupInfo[]> {
  if (ids.length === 0) {
    return [];
  }
  const existingTopics = new Set(metadata.topics.map((t) => t.name));
  const coordinators = await lookupCoordinators(
    cluster,
    ids,
    metadata.brokers.map((b) => b.id),
  );
  // Independent of each other: one round trip for both.
  const [descriptions, committed] = await Promise.all([
    describeGroups(admin, cluster, ids, coordinators),
    fetchCommittedOffsets(admin, cluster, ids, coordinators),
  ]);
  const partitionsByTopic = new Map<string, Set<number>>();
  for (const { offsets } of committed) {
    // Offsets committed for a since-deleted topic stay until they expire; they have no latest offset.
    for (const { topic, partition } of offsets.filter((o) => existingTopics.has(o.topic))) {
      partitionsByTopic.set(topic, (partitionsByTopic.get(topic) ?? new Set()).add(partition));
    }
  }
  const latest = await fetchOffsets(
    cluster,
    metadata,
    [...partitionsByTopic].map(([topic, partitions]) => ({ topic, partitions: [...partitions] })),
    LATEST,
  );
  return descriptions.map((description, i) => summarizeGroup(description, committed[i].offsets, latest, committed[i].error));
}
