import { Admin } from 'kafkajs';
import { KafkaExplorerError } from '../errors';
import { describeGroups } from './groupDescriptions';
import { commitGroupOffsets } from './groupOffsets';
import { InternalCluster } from '../kafkajsInternals';
import { fetchClusterMetadata } from '../admin/metadata';
import { fetchOffsetRanges, fetchOffsets, TopicPartitions } from '../admin/offsets';

/** Where to move a group's committed offsets (like kafka-consumer-groups --reset-offsets). */
export type ResetStrategy =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'timestamp'; readonly timestamp: number }
  | { readonly kind: 'offset'; readonly offset: bigint }
  | { readonly kind: 'shift'; readonly by: bigint };

/** No topic: every partition the group has committed; a topic: all its partitions; or one partition. */
export interface ResetScope {
  readonly topic?: string;
  readonly partition?: number;
}

export interface ResetCandidate {
  readonly topic: string;
  readonly partition: number;
  /** The committed offset; undefined when the group has none for this partition. */
  readonly current: bigint | undefined;
  readonly earliest: bigint;
  readonly latest: bigint;
  /** For a timestamp reset: the first offset at or after it, -1 when there is none. */
  readonly atTimestamp?: bigint;
}

export interface PlannedReset extends ResetCandidate {
  readonly target: bigint;
}

const clamp = (value: bigint, low: bigint, high: bigint) => (value < low ? low : value > high ? high : value);

/** New offsets for each partition; always within [earliest, latest], as Kafka's tool does. Pure. */
export function planReset(candidates: readonly ResetCandidate[], strategy: ResetStrategy): PlannedReset[] {
  return candidates.map((c) => {
    let target: bigint;
    switch (strategy.kind) {
      case 'earliest':
        target = c.earliest;
        break;
      case 'latest':
        target = c.latest;
        break;
      case 'offset':
        target = strategy.offset;
        break;
      case 'shift':
        target = (c.current ?? c.earliest) + strategy.by;
        break;
      case 'timestamp':
        target = c.atTimestamp === undefined || c.atTimestamp < 0n ? c.latest : c.atTimestamp;
        break;
    }
    return { ...c, target: clamp(target, c.earliest, c.latest) };
  });
}

/** The plan as a text table: what the user reads before applying it. Pure. */
export function formatResetPlan(groupId: string, strategy: ResetStrategy, plan: readonly PlannedReset[]): string {
  const describe: Record<ResetStrategy['kind'], string> = {
    earliest: 'to the earliest offset',
    latest: 'to the latest offset',
    timestamp: strategy.kind === 'timestamp' ? `to the first message at or after ${new Date(strategy.timestamp).toISOString()}` : '',
    offset: strategy.kind === 'offset' ? `to offset ${strategy.offset}` : '',
    shift: strategy.kind === 'shift' ? `shifted by ${strategy.by > 0n ? '+' : ''}${strategy.by}` : '',
  };
  const rows = plan.map((p) => [
    p.topic,
    String(p.partition),
    p.current === undefined ? '-' : String(p.current),
    String(p.target),
    String(p.earliest),
    String(p.latest),
  ]);
  const header = ['TOPIC', 'PARTITION', 'CURRENT', 'NEW', 'EARLIEST', 'LATEST'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const changed = plan.filter((p) => p.current !== p.target).length;
  return [
    `Dry run: reset offsets of consumer group "${groupId}" ${describe[strategy.kind]}`,
    `${plan.length} partition${plan.length === 1 ? '' : 's'}, ${changed} changed. Nothing has been applied yet.`,
    '',
    line(header),
    ...rows.map(line),
    '',
  ].join('\n');
}

/** Refuses to touch a group that has members: Kafka rejects such commits, and they would race the consumers. */
export async function assertGroupInactive(admin: Admin, cluster: InternalCluster, groupId: string): Promise<void> {
  const [group] = await describeGroups(admin, cluster, [groupId]);
  if (group && group.members.length > 0) {
    throw new KafkaExplorerError(
      `Consumer group "${groupId}" has ${group.members.length} active member${group.members.length === 1 ? '' : 's'} (state ${group.state}). Stop its consumers first, then reset its offsets.`,
      false,
    );
  }
}

/** The partitions a reset would touch, with their committed, earliest and latest offsets. */
export async function resetCandidates(
  admin: Admin,
  cluster: InternalCluster,
  groupId: string,
  scope: ResetScope,
  timestamp?: number,
): Promise<ResetCandidate[]> {
  const committed = new Map<string, bigint>();
  for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
    for (const p of partitions) {
      if (BigInt(p.offset) >= 0n) {
        committed.set(`${topic}\u0000${p.partition}`, BigInt(p.offset));
      }
    }
  }
  const metadata = await fetchClusterMetadata(cluster);
  const { topics } = metadata;
  const byTopic = new Map(topics.map((t) => [t.name, t.partitions.map((p) => p.partition)]));
  let targets: TopicPartitions[];
  if (scope.topic === undefined) {
    const grouped = new Map<string, number[]>();
    for (const key of committed.keys()) {
      const [topic, partition] = key.split('\u0000');
      if (byTopic.has(topic)) {
        grouped.set(topic, [...(grouped.get(topic) ?? []), Number(partition)]);
      }
    }
    targets = [...grouped].map(([topic, partitions]) => ({ topic, partitions }));
  } else {
    const partitions = byTopic.get(scope.topic);
    if (!partitions) {
      throw new KafkaExplorerError(`Topic "${scope.topic}" does not exist.`, false);
    }
    if (scope.partition !== undefined && !partitions.includes(scope.partition)) {
      throw new KafkaExplorerError(`Topic "${scope.topic}" has no partition ${scope.partition}.`, false);
    }
    targets = [{ topic: scope.topic, partitions: scope.partition === undefined ? partitions : [scope.partition] }];
  }
  if (targets.length === 0) {
    throw new KafkaExplorerError(`Consumer group "${groupId}" has no committed offsets to reset; choose a topic.`, false);
  }
  const ranges = await fetchOffsetRanges(cluster, metadata, targets);
  const atTimestamp = timestamp === undefined ? undefined : await fetchOffsets(cluster, metadata, targets, timestamp);
  return targets
    .flatMap(({ topic, partitions }) =>
      partitions.map((partition) => {
        const range = ranges.get(topic)?.get(partition) ?? { earliest: 0n, latest: 0n };
        return {
          topic,
          partition,
          current: committed.get(`${topic}\u0000${partition}`),
          earliest: range.earliest,
          latest: range.latest,
          ...(atTimestamp ? { atTimestamp: atTimestamp.get(topic)?.get(partition) ?? -1n } : {}),
        };
      }),
    )
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

/** Commits the planned offsets for the group in one request. */
export async function applyReset(admin: Admin, cluster: InternalCluster, groupId: string, plan: readonly PlannedReset[]): Promise<void> {
  await assertGroupInactive(admin, cluster, groupId);
  await commitGroupOffsets(
    cluster,
    groupId,
    plan.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.target })),
  );
}
