/**
 * Share groups (KIP-932): what Kafka Explorer reads of them (shareGroupDescriptions.ts,
 * re-exported here) and changes. Resetting the start offsets works as
 * `kafka-share-groups.sh --reset-offsets` does in Kafka 4.4 (ShareGroupCommand with
 * GroupOffsetsResetter): a plan (dry run) of each partition's current and new start offset, then
 * AlterShareGroupOffsets, refused while the group has members. The tool's other scenario,
 * --from-file, takes a CSV plan and is left to the tool. Deleting offsets is DeleteShareGroupOffsets.
 */
import { Coordinators } from './committedOffsets';
import {
  describeShareGroups,
  fetchShareGroupOffsets,
  kafkaErrorText,
  shareGroupCoordinator,
  byName,
  TOPIC_AUTHORIZATION_FAILED,
  UNKNOWN_TOPIC_OR_PARTITION,
} from './shareGroupDescriptions';
import { fetchClusterMetadata } from '../admin/metadata';
import { fetchOffsetRanges, fetchOffsets, TopicPartitions } from '../admin/offsets';
import { KafkaExplorerError } from '../errors';
import { InternalCluster } from '../kafkajsInternals';
import { sendRequest } from '../requests';
import { ALTER_SHARE_GROUP_OFFSETS, AlterShareGroupOffsetsResponse } from '../wire/generated/alterShareGroupOffsets';
import { DELETE_SHARE_GROUP_OFFSETS, DeleteShareGroupOffsetsResponse } from '../wire/generated/deleteShareGroupOffsets';

export * from './shareGroupDescriptions';

/** The tool's reset specifications: --to-earliest, --to-latest, --to-datetime, --to-offset, --to-current. */
export type ShareResetStrategy =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'timestamp'; readonly timestamp: number }
  | { readonly kind: 'offset'; readonly offset: bigint }
  | { readonly kind: 'current' };

/**
 * The tool's scopes: --all-topics (every partition the group has a start offset for) or
 * --topic t (all its partitions) / --topic t:0,1 (those partitions).
 */
export type ShareResetScope = { readonly kind: 'all' } | { readonly kind: 'topics'; readonly topics: readonly ShareResetTopic[] };

export interface ShareResetTopic {
  readonly topic: string;
  /** Undefined: every partition of the topic. */
  readonly partitions?: readonly number[];
}

export interface ShareResetCandidate {
  readonly topic: string;
  readonly partition: number;
  /** The start offset now; undefined when the group has none for this partition (never fetched, or -1: not initialized). */
  readonly current: bigint | undefined;
  readonly earliest: bigint;
  readonly latest: bigint;
  /** For a timestamp reset: the first offset at or after it, -1 when there is none. */
  readonly atTimestamp?: bigint;
}

export interface PlannedShareReset extends ShareResetCandidate {
  readonly target: bigint;
}

const clamp = (value: bigint, low: bigint, high: bigint) => (value < low ? low : value > high ? high : value);

/**
 * The new start offset of each partition, as the tool computes it: earliest and latest are the
 * log's; a specific offset is clamped into [earliest, latest]; a time with no message at or
 * after it falls back to latest; "current" keeps the start offset, or latest where there is none. Pure.
 */
export function planShareGroupOffsetReset(candidates: readonly ShareResetCandidate[], strategy: ShareResetStrategy): PlannedShareReset[] {
  return candidates.map((c) => {
    const target = ((): bigint => {
      switch (strategy.kind) {
        case 'earliest':
          return c.earliest;
        case 'latest':
          return c.latest;
        case 'offset':
          return clamp(strategy.offset, c.earliest, c.latest);
        case 'timestamp':
          return c.atTimestamp === undefined || c.atTimestamp < 0n ? c.latest : c.atTimestamp;
        case 'current':
          return c.current ?? c.latest;
      }
    })();
    return { ...c, target };
  });
}

export function describeShareResetStrategy(strategy: ShareResetStrategy): string {
  switch (strategy.kind) {
    case 'earliest':
      return 'to the earliest offset';
    case 'latest':
      return 'to the latest offset';
    case 'timestamp':
      return `to the first message at or after ${new Date(strategy.timestamp).toISOString()}`;
    case 'offset':
      return `to offset ${strategy.offset}`;
    case 'current':
      return 'to the current start offset';
  }
}

/** The plan as a text table, what the user reads before applying it; "-" where the group has no start offset. Pure. */
export function formatShareResetPlan(groupId: string, strategy: ShareResetStrategy, plan: readonly PlannedShareReset[]): string {
  const rows = plan.map((p) => [
    p.topic,
    String(p.partition),
    p.current === undefined ? '-' : String(p.current),
    String(p.target),
    String(p.earliest),
    String(p.latest),
  ]);
  const header = ['TOPIC', 'PARTITION', 'CURRENT-START-OFFSET', 'NEW-START-OFFSET', 'EARLIEST', 'LATEST'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const changed = plan.filter((p) => p.current !== p.target).length;
  return [
    `Dry run: reset start offsets of share group "${groupId}" ${describeShareResetStrategy(strategy)}`,
    `${plan.length} partition${plan.length === 1 ? '' : 's'}, ${changed} changed. Nothing has been applied yet.`,
    ...(plan.length === 0
      ? ['The group has no start offsets in this scope: there is nothing to reset.']
      : ['', line(header), ...rows.map(line)]),
    '',
  ].join('\n');
}

/**
 * Refuses a group with members, as the tool does ("Share group 'g' is not empty"): only an
 * Empty or Dead group, or one that does not exist yet (its offsets can still be set), is changed.
 */
export async function assertShareGroupInactive(
  cluster: InternalCluster,
  groupId: string,
  coordinators: Coordinators = new Map(),
): Promise<void> {
  const group = (await describeShareGroups(cluster, [groupId], coordinators)).get(groupId);
  if (!group) {
    return;
  }
  const notFound = group.error !== undefined && /^GROUP_ID_NOT_FOUND: /.test(group.error);
  if (group.error && (!notFound || /not a share group/i.test(group.error))) {
    throw new KafkaExplorerError(`Share group "${groupId}" could not be described: ${group.error}`, false);
  }
  if (group.members.length > 0 || !['Empty', 'Dead'].includes(group.state)) {
    throw new KafkaExplorerError(
      `Share group "${groupId}" has ${group.members.length} active member${group.members.length === 1 ? '' : 's'} (state ${group.state}). Stop its consumers first.`,
      false,
    );
  }
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** The partitions a reset of `scope` touches, with their start, earliest and latest offsets (and the offsets at `timestamp`). */
export async function shareResetCandidates(
  cluster: InternalCluster,
  groupId: string,
  scope: ShareResetScope,
  coordinators: Coordinators = new Map(),
  timestamp?: number,
): Promise<ShareResetCandidate[]> {
  const offsets = (await fetchShareGroupOffsets(cluster, [groupId], coordinators)).get(groupId);
  if (offsets?.error && !/^GROUP_ID_NOT_FOUND: /.test(offsets.error)) {
    throw new KafkaExplorerError(`The start offsets of share group "${groupId}" could not be read: ${offsets.error}`, false);
  }
  const current = new Map<string, bigint>();
  for (const p of offsets?.partitions ?? []) {
    if (!p.error && p.startOffset >= 0n) {
      current.set(key(p.topic, p.partition), p.startOffset);
    }
  }
  const metadata = await fetchClusterMetadata(cluster);
  const byTopic = new Map(metadata.topics.map((t) => [t.name, t.partitions.map((p) => p.partition)]));
  let targets: TopicPartitions[];
  if (scope.kind === 'all') {
    // The tool's --all-topics: every partition the group has state for, errors left out as the admin client leaves them out.
    const grouped = new Map<string, number[]>();
    for (const p of offsets?.partitions ?? []) {
      if (!p.error && byTopic.has(p.topic)) {
        grouped.set(p.topic, [...(grouped.get(p.topic) ?? []), p.partition]);
      }
    }
    targets = [...grouped].map(([topic, partitions]) => ({ topic, partitions }));
  } else {
    targets = scope.topics.map(({ topic, partitions }) => {
      const existing = byTopic.get(topic);
      const missing =
        existing === undefined ? [topic] : (partitions ?? []).filter((p) => !existing.includes(p)).map((p) => `${topic}-${p}`);
      if (missing.length > 0) {
        throw new KafkaExplorerError(`The partitions "${missing.join(',')}" do not exist.`, false);
      }
      return { topic, partitions: partitions ?? existing ?? [] };
    });
  }
  const ranges = await fetchOffsetRanges(cluster, metadata, targets);
  const atTimestamp = timestamp === undefined ? undefined : await fetchOffsets(cluster, metadata, targets, timestamp);
  return targets
    .flatMap(({ topic, partitions }) =>
      [...new Set(partitions)].map((partition) => {
        const range = ranges.get(topic)?.get(partition);
        if (!range) {
          throw new KafkaExplorerError(`The partition ${topic}-${partition} has no leader: its offsets are unknown.`, false);
        }
        return {
          topic,
          partition,
          current: current.get(key(topic, partition)),
          earliest: range.earliest,
          latest: range.latest,
          ...(atTimestamp ? { atTimestamp: atTimestamp.get(topic)?.get(partition) ?? -1n } : {}),
        };
      }),
    )
    .sort((a, b) => byName(a.topic, b.topic) || a.partition - b.partition);
}

export interface PartitionOutcome {
  readonly topic: string;
  readonly partition: number;
  /** Undefined when the new start offset was set. */
  readonly error: string | undefined;
}

/**
 * An AlterShareGroupOffsets answer, one outcome per planned partition. A top-level error throws
 * (the request was refused as a whole: NON_EMPTY_GROUP, not authorized, ...); a partition the
 * answer leaves out is a failure, never counted as done.
 */
export function alterOutcomes(
  groupId: string,
  plan: readonly PlannedShareReset[],
  response: AlterShareGroupOffsetsResponse,
): PartitionOutcome[] {
  if (response.errorCode !== 0) {
    throw new KafkaExplorerError(
      `Resetting the start offsets of share group "${groupId}" failed: ${kafkaErrorText(response.errorCode, response.errorMessage)}`,
      false,
    );
  }
  const answered = new Map(
    response.responses.flatMap(({ topicName, partitions }) => partitions.map((p) => [key(topicName, p.partitionIndex), p] as const)),
  );
  return plan.map(({ topic, partition }) => {
    const answer = answered.get(key(topic, partition));
    const error = !answer
      ? 'the coordinator did not answer for this partition'
      : answer.errorCode !== 0
        ? kafkaErrorText(answer.errorCode, answer.errorMessage)
        : undefined;
    return { topic, partition, error };
  });
}

/**
 * Sets the planned start offsets in one AlterShareGroupOffsets request to the group's
 * coordinator, after checking again that the group has no members. Returns every partition's
 * outcome: the caller reports the failed ones (the broker may set some and refuse others).
 */
export async function applyShareGroupOffsetReset(
  cluster: InternalCluster,
  groupId: string,
  plan: readonly PlannedShareReset[],
  coordinators: Coordinators = new Map(),
): Promise<PartitionOutcome[]> {
  if (plan.length === 0) {
    return [];
  }
  await assertShareGroupInactive(cluster, groupId, coordinators);
  const topics = new Map<string, { partitionIndex: number; startOffset: bigint }[]>();
  for (const p of plan) {
    topics.set(p.topic, [...(topics.get(p.topic) ?? []), { partitionIndex: p.partition, startOffset: p.target }]);
  }
  const request = { groupId, topics: [...topics].map(([topicName, partitions]) => ({ topicName, partitions })) };
  const { response } = await sendRequest(await shareGroupCoordinator(cluster, groupId, coordinators), ALTER_SHARE_GROUP_OFFSETS, request);
  return alterOutcomes(groupId, plan, response);
}

export interface TopicOutcome {
  readonly topic: string;
  /** Undefined when the topic's offsets were deleted. */
  readonly error: string | undefined;
}

/**
 * A DeleteShareGroupOffsets answer, one outcome per topic asked for. A group-level error throws
 * (nothing was deleted), except the two the tool also reads as per-topic (an unknown or
 * unauthorized topic); a topic missing from the answer is reported as failed, not as deleted.
 */
export function deleteOutcomes(groupId: string, topics: readonly string[], response: DeleteShareGroupOffsetsResponse): TopicOutcome[] {
  const { errorCode, errorMessage } = response;
  if (errorCode !== 0 && errorCode !== UNKNOWN_TOPIC_OR_PARTITION && errorCode !== TOPIC_AUTHORIZATION_FAILED) {
    throw new KafkaExplorerError(
      `Deleting the offsets of share group "${groupId}" failed: ${kafkaErrorText(errorCode, errorMessage)}`,
      false,
    );
  }
  const answered = new Map(response.responses.map((t) => [t.topicName, t]));
  return [...new Set(topics)].sort(byName).map((topic) => {
    const answer = answered.get(topic);
    if (!answer) {
      return { topic, error: errorCode !== 0 ? kafkaErrorText(errorCode, errorMessage) : 'the coordinator did not answer for this topic' };
    }
    return { topic, error: answer.errorCode !== 0 ? kafkaErrorText(answer.errorCode, answer.errorMessage) : undefined };
  });
}

/**
 * DeleteShareGroupOffsets (Kafka 4.1+): forgets the group's share-partition state of `topics`,
 * so its consumers start again where share.auto.offset.reset says. The broker refuses
 * (NON_EMPTY_GROUP) while the group has members. Returns each topic's outcome.
 */
export async function deleteShareGroupOffsets(
  cluster: InternalCluster,
  groupId: string,
  topics: readonly string[],
  coordinators: Coordinators = new Map(),
): Promise<TopicOutcome[]> {
  if (topics.length === 0) {
    return [];
  }
  const request = { groupId, topics: [...new Set(topics)].map((topicName) => ({ topicName })) };
  const { response } = await sendRequest(await shareGroupCoordinator(cluster, groupId, coordinators), DELETE_SHARE_GROUP_OFFSETS, request);
  return deleteOutcomes(groupId, topics, response);
}
