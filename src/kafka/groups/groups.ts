import { Admin } from 'kafkajs';
import { CommittedOffset, fetchCommittedOffsets } from './committedOffsets';
import { fetchShareGroupOffsets, ShareGroupOffsets } from './shareGroups';
import { DescribedGroup, DescribedMember, describeGroups, describeListedGroups } from './groupDescriptions';
import { listAllGroups } from './groupListing';
import { GroupType, ListedGroup } from './groupTypes';
import { InternalCluster } from '../kafkajsInternals';
import { ClusterMetadata } from '../admin/metadata';
import { fetchOffsets, LATEST, PerPartition } from '../admin/offsets';

export type GroupMember = DescribedMember;

export interface GroupPartitionOffset {
  readonly topic: string;
  readonly partition: number;
  /** The group's committed offset (the next message it will read); a share group's start offset. */
  readonly committed: bigint;
  readonly latest: bigint | undefined;
  /** latest - committed; undefined when the latest offset is unknown. */
  readonly lag: bigint | undefined;
  /** The members the partition is assigned to: one at most, but any number in a share group. */
  readonly memberIds: readonly string[];
}

/** A group of any type with its members, offsets and lag: what the tree and the Watch Group panel show. */
export interface GroupInfo extends DescribedGroup {
  readonly offsets: readonly GroupPartitionOffset[];
  readonly totalLag: bigint;
  /** Set when the group could not be described or its offsets read. */
  readonly error: string | undefined;
}

/** A partition's lag: latest - committed, 0 when the group is at or past the end (a truncated log), undefined when the latest offset is unknown. */
export function partitionLag(committed: bigint, latest: bigint | undefined): bigint | undefined {
  return latest === undefined ? undefined : latest > committed ? latest - committed : 0n;
}

/** partition → the members it is assigned to, by topic; undefined for a group without members. */
function ownersOf(members: readonly DescribedMember[]): Map<string, Map<number, string[]>> | undefined {
  if (members.length === 0) {
    return undefined;
  }
  const owners = new Map<string, Map<number, string[]>>();
  for (const member of members) {
    for (const { topic, partitions } of member.assignment) {
      const byPartition = owners.get(topic) ?? owners.set(topic, new Map()).get(topic)!;
      for (const partition of partitions) {
        byPartition.set(partition, [...(byPartition.get(partition) ?? []), member.memberId]);
      }
    }
  }
  return owners;
}

const NO_MEMBERS: readonly string[] = [];

/**
 * Builds one group's summary from its description, committed offsets and the latest offsets.
 * Plain loops and one object per partition: the Groups folder of a large cluster summarizes
 * 100,000 partitions at once.
 */
export function summarizeGroup(
  description: DescribedGroup,
  committed: readonly PositionOffset[],
  latest: PerPartition<bigint>,
  error?: string,
): GroupInfo {
  const owners = ownersOf(description.members);
  const offsets: GroupPartitionOffset[] = [];
  let totalLag = 0n;
  for (const { topic, partition, offset, lag: brokerLag } of committed) {
    const latestOffset = latest.get(topic)?.get(partition);
    // A share group's lag comes from the broker (records not yet delivered and acknowledged).
    const lag = brokerLag ?? (offset < 0n ? undefined : partitionLag(offset, latestOffset));
    if (lag !== undefined) {
      totalLag += lag;
    }
    const memberIds = owners?.get(topic)?.get(partition) ?? NO_MEMBERS;
    offsets.push({ topic, partition, committed: offset, latest: latestOffset, lag, memberIds });
  }
  return { ...description, offsets: sortByTopicAndPartition(offsets), totalLag, error: description.error ?? error };
}

/**
 * Sorted by topic (as the tree sorts names) and partition. Partitions of one topic share the
 * decoded name, so most comparisons are one identity check and a subtraction.
 */
function sortByTopicAndPartition(offsets: GroupPartitionOffset[]): GroupPartitionOffset[] {
  return offsets.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic.localeCompare(b.topic)));
}

/**
 * Every group of every type with its members, committed offsets and lag. Round trips: one
 * ListGroups per broker (all at once; the broker that lists a group is its coordinator),
 * then per coordinator at the same time: the describe API of each type present and one
 * OffsetFetch per 500 groups (per group before Kafka 3.0, see ./committedOffsets), then a
 * single batched ListOffsets for the latest offsets of every partition any group has
 * committed. `metadata` gives the brokers and the partitions' leaders, and leaves out
 * offsets of deleted topics.
 */
export async function listGroups(
  admin: Admin,
  cluster: InternalCluster,
  metadata: ClusterMetadata | Promise<ClusterMetadata>,
): Promise<GroupInfo[]> {
  // Listing, describing and fetching committed offsets need only the brokers kafkajs learned
  // when it connected: they go out while the full metadata (thousands of topics) is on its
  // way, which is needed only for the latest offsets (the partitions' leaders).
  const known = cluster.getNodeIds().map(Number);
  const early = describeAndFetch(admin, cluster, listAllGroups(cluster, known));
  early.catch(() => undefined); // awaited below; its failure is thrown there
  const { brokers } = await metadata;
  const missed = brokers.map((b) => b.id).filter((id) => !known.includes(id));
  // A broker that joined since kafkajs connected: its groups are listed now.
  const late = missed.length > 0 ? await describeAndFetch(admin, cluster, listAllGroups(cluster, missed)) : undefined;
  const first = await early;
  const described = late ? [...first.described, ...late.described].sort((a, b) => a.groupId.localeCompare(b.groupId)) : first.described;
  late?.committed.forEach((v, k) => first.committed.set(k, v));
  return withOffsets(admin, cluster, await metadata, described, first.committed);
}

/**
 * The groups in `ids` (in that order), each with members, committed offsets and lag: what
 * listGroups does after listing, for a few groups watched over time.
 */
export async function describeGroupsWithLag(
  admin: Admin,
  cluster: InternalCluster,
  metadata: ClusterMetadata,
  ids: readonly string[],
): Promise<GroupInfo[]> {
  if (ids.length === 0) {
    return [];
  }
  const brokerIds = metadata.brokers.map((b) => b.id);
  const described = await describeGroups(admin, cluster, ids, brokerIds);
  return withOffsets(admin, cluster, metadata, described, new Map());
}

/** Describes the listed groups and fetches their committed offsets: independent, so one round trip for both. */
async function describeAndFetch(
  admin: Admin,
  cluster: InternalCluster,
  listing: Promise<readonly ListedGroup[]>,
): Promise<{ described: DescribedGroup[]; committed: CommittedByGroup }> {
  const listed = await listing;
  const coordinators = new Map(listed.map((g) => [g.groupId, g.coordinator]));
  const [described, committed] = await Promise.all([
    describeListedGroups(admin, cluster, listed),
    committedOffsetsByGroup(admin, cluster, listed, coordinators),
  ]);
  return { described, committed };
}

/** A group's position in a partition: its committed offset, or a share group's start offset with the broker's lag. */
export type PositionOffset = CommittedOffset & { readonly lag?: bigint };

type CommittedByGroup = Map<string, { offsets: readonly PositionOffset[]; error: string | undefined }>;

/**
 * OffsetFetch for the groups whose offsets are committed ones (classic, consumer, streams),
 * and DescribeShareGroupOffsets for share groups, at the same time.
 */
async function committedOffsetsByGroup(
  admin: Admin,
  cluster: InternalCluster,
  groups: ReadonlyArray<{ groupId: string; type: GroupType }>,
  coordinators: ReadonlyMap<string, number>,
): Promise<CommittedByGroup> {
  const ids = groups.filter((g) => g.type !== 'share').map((g) => g.groupId);
  const shareIds = groups.filter((g) => g.type === 'share').map((g) => g.groupId);
  const [fetched, share] = await Promise.all([
    fetchCommittedOffsets(admin, cluster, ids, coordinators),
    shareIds.length > 0 ? fetchShareGroupOffsets(cluster, shareIds, coordinators) : new Map<string, ShareGroupOffsets>(),
  ]);
  const result: CommittedByGroup = new Map(ids.map((id, i) => [id, fetched[i]]));
  share.forEach(({ partitions, error }, id) => {
    const failed = partitions.find((p) => p.error !== undefined)?.error;
    result.set(id, {
      offsets: partitions
        .filter((p) => p.error === undefined)
        .map((p) => ({ topic: p.topic, partition: p.partition, offset: p.startOffset, ...(p.lag === undefined ? {} : { lag: p.lag }) })),
      error: error ?? failed,
    });
  });
  return result;
}

/** Adds the latest offsets and lag to described groups; offsets not given in `committed` are fetched. */
async function withOffsets(
  admin: Admin,
  cluster: InternalCluster,
  metadata: ClusterMetadata,
  described: readonly DescribedGroup[],
  committed: CommittedByGroup,
): Promise<GroupInfo[]> {
  const missing = described.filter((g) => !committed.has(g.groupId));
  if (missing.length > 0) {
    const coordinators = new Map<string, number>();
    (await committedOffsetsByGroup(admin, cluster, missing, coordinators)).forEach((v, k) => committed.set(k, v));
  }
  const existingTopics = new Set(metadata.topics.map((t) => t.name));
  const partitionsByTopic = new Map<string, Set<number>>();
  for (const { offsets } of committed.values()) {
    for (const { topic, partition } of offsets) {
      // Offsets committed for a since-deleted topic stay until they expire; they have no latest offset.
      if (existingTopics.has(topic)) {
        (partitionsByTopic.get(topic) ?? partitionsByTopic.set(topic, new Set()).get(topic)!).add(partition);
      }
    }
  }
  const latest = await fetchOffsets(
    cluster,
    metadata,
    [...partitionsByTopic].map(([topic, partitions]) => ({ topic, partitions: [...partitions] })),
    LATEST,
  );
  return described.map((description) => {
    const own = committed.get(description.groupId);
    return summarizeGroup(description, own?.offsets ?? [], latest, own?.error);
  });
}
