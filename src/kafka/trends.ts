/**
 * What the live refresh learns from one fetch to the next: whether a consumer group's lag keeps
 * growing, and how many messages a second reach each topic. Pure: fed with snapshot parts and
 * the time they arrived, so the tree, the benchmark and the unit tests share it.
 */
import { formatCount } from './admin/configFormat';
import { GroupInfo } from './groups/groups';
import { OffsetRange, PerPartition } from './admin/offsets';

/** A part of a cluster snapshot and when it arrived: trends are measured between two of them. */
export interface Taken<T> {
  readonly value: T;
  readonly atMs: number;
}

/** Lag that rose in this many intervals in a row is "growing" (a consumer falling behind, not a burst). */
export const GROWTH_INTERVALS = 3;
/** A fetch this soon after the last one (a Refresh right after a poll) says nothing about a trend: it is not a sample. */
export const MIN_SAMPLE_SPAN_MS = 500;

export interface LagSample {
  readonly lag: bigint;
  readonly atMs: number;
}

export interface LagGrowth {
  readonly from: bigint;
  readonly to: bigint;
  readonly spanMs: number;
}

/**
 * The growth over the last `intervals` intervals when the lag rose in every one of them
 * (strictly: an interval with no change ends the run), else undefined.
 */
export function lagGrowth(samples: readonly LagSample[], intervals = GROWTH_INTERVALS): LagGrowth | undefined {
  if (intervals < 1 || samples.length < intervals + 1) {
    return undefined;
  }
  const recent = samples.slice(-(intervals + 1));
  for (let i = 1; i < recent.length; i++) {
    if (recent[i].lag <= recent[i - 1].lag) {
      return undefined;
    }
  }
  const first = recent[0];
  const last = recent[recent.length - 1];
  return { from: first.lag, to: last.lag, spanMs: last.atMs - first.atMs };
}

function formatSpan(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

/** "lag growing: 120 → 480 over 30 s" */
export function describeGrowth(growth: LagGrowth): string {
  return `lag growing: ${formatCount(growth.from)} → ${formatCount(growth.to)} over ${formatSpan(growth.spanMs)}`;
}

/** Each group's recent total lag, and how many groups the cluster had when last seen. */
export class LagHistory {
  private samples = new Map<string, readonly LagSample[]>();
  private lastSampleAtMs = -Infinity;
  private countAtMs = -Infinity;
  private count: number | undefined;

  /** The number of groups in the newest list seen; undefined before the first. */
  get groupCount(): number | undefined {
    return this.count;
  }

  /**
   * Adds every group's total lag. The same list seen twice (the tree drawing a folder again
   * from its snapshot) or one too close to the last adds nothing. A group missing from the
   * list (deleted) or with an error (no lag to compare) starts over.
   */
  observe(groups: Taken<readonly GroupInfo[]>): void {
    if (groups.atMs > this.countAtMs) {
      this.countAtMs = groups.atMs;
      this.count = groups.value.length;
    }
    if (groups.atMs < this.lastSampleAtMs + MIN_SAMPLE_SPAN_MS) {
      return;
    }
    this.lastSampleAtMs = groups.atMs;
    const next = new Map<string, readonly LagSample[]>();
    for (const group of groups.value) {
      if (group.error === undefined) {
        const history = [...(this.samples.get(group.groupId) ?? []), { lag: group.totalLag, atMs: groups.atMs }];
        next.set(group.groupId, history.slice(-(GROWTH_INTERVALS + 1)));
      }
    }
    this.samples = next;
  }

  growth(groupId: string): LagGrowth | undefined {
    const samples = this.samples.get(groupId);
    return samples && lagGrowth(samples);
  }
}

/** Messages a second into each topic, from the latest offsets of two fetches. */
export class ThroughputHistory {
  private previous: Taken<PerPartition<OffsetRange>> | undefined;
  private rates = new Map<string, number>();

  /**
   * Compares with the previous fetch, partition by partition (a partition in only one of them
   * counts for nothing). A topic whose latest offset went back (deleted and created again) has
   * no rate until the next fetch.
   */
  observe(offsets: Taken<PerPartition<OffsetRange>>): void {
    const previous = this.previous;
    if (previous && offsets.atMs < previous.atMs + MIN_SAMPLE_SPAN_MS) {
      return;
    }
    this.previous = offsets;
    if (!previous) {
      return;
    }
    const seconds = (offsets.atMs - previous.atMs) / 1000;
    const rates = new Map<string, number>();
    for (const [topic, partitions] of offsets.value) {
      const before = previous.value.get(topic);
      if (!before) {
        continue;
      }
      let delta = 0n;
      let wentBack = false;
      for (const [partition, { latest }] of partitions) {
        const old = before.get(partition);
        if (old !== undefined) {
          wentBack ||= latest < old.latest;
          delta += latest - old.latest;
        }
      }
      if (!wentBack) {
        rates.set(topic, Number(delta) / seconds);
      }
    }
    this.rates = rates;
  }

  perSecond(topic: string): number | undefined {
    return this.rates.get(topic);
  }
}

/** "35 msg/s", "0.4 msg/s" */
export function formatRate(perSecond: number): string {
  const text = perSecond < 10 ? perSecond.toFixed(1).replace(/\.0$/, '') : formatCount(Math.round(perSecond));
  return `${text} msg/s`;
}

/** Everything the tree shows of a group and its rows: two groups with the same signature look the same. */
export function groupSignature(group: GroupInfo): string {
  const members = group.members.map(
    (m) =>
      `${m.memberId} ${m.memberEpoch ?? ''} ${m.clientId} ${m.host} ${m.assignment.map((a) => `${a.topic}:${a.partitions.join(',')}`).join(' ')}`,
  );
  const offsets = group.offsets.map((o) => `${o.topic}:${o.partition}:${o.committed}:${o.latest ?? '?'}:${o.memberIds.join(',')}`);
  return [
    group.state,
    group.type,
    `${group.groupEpoch ?? ''}/${group.assignmentEpoch ?? ''}`,
    group.protocolType,
    group.protocol,
    group.error ?? '',
    members.join('\n'),
    offsets.join('\n'),
  ].join('\u0000');
}

/** The trends of one cluster. */
export class ClusterTrends {
  readonly lag = new LagHistory();
  readonly throughput = new ThroughputHistory();
}
