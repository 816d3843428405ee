/**
 * A watched consumer group over time: the offsets of each poll, and what they say: lag, how
 * fast the group consumes and its topics grow (offset deltas), and whether it will catch up.
 * Pure: the panel feeds it polls, tests feed it numbers.
 */
import { partitionLag } from '../../../kafka/groups/groups';
import { formatRate } from '../../../kafka/trends';

export interface PartitionOffsets {
  readonly topic: string;
  readonly partition: number;
  readonly committed: bigint;
  /** The partition's end offset; undefined when it could not be read. */
  readonly latest: bigint | undefined;
}

export interface LagSample {
  /** Epoch ms of the poll. */
  readonly at: number;
  readonly partitions: readonly PartitionOffsets[];
}

export type CatchUp =
  | { readonly kind: 'caught-up' }
  /** Lag shrinks: at this net rate it is gone in `seconds`. */
  | { readonly kind: 'catching-up'; readonly seconds: number }
  /** Lag grows by `perSecond` messages a second. */
  | { readonly kind: 'falling-behind'; readonly perSecond: number }
  /** Lag is there and neither grows nor shrinks (nothing produced, nothing consumed). */
  | { readonly kind: 'stalled' }
  /** One poll so far: no rate yet. */
  | { readonly kind: 'unknown' };

export interface GroupRates {
  readonly totalLag: bigint;
  /** Messages a second the group committed past, over the rate window. */
  readonly consumePerSecond: number | undefined;
  /** Messages a second appended to the group's partitions, over the rate window. */
  readonly producePerSecond: number | undefined;
  readonly catchUp: CatchUp;
}

/** Rates over about this long: one poll's delta is noisy, an hour's is stale. */
export const RATE_WINDOW_MS = 30_000;

const key = (p: { topic: string; partition: number }) => `${p.topic}\u0000${p.partition}`;

export function lagOf(p: PartitionOffsets): bigint {
  return partitionLag(p.committed, p.latest) ?? 0n;
}

export function totalLag(sample: LagSample): bigint {
  return sample.partitions.reduce((sum, p) => sum + lagOf(p), 0n);
}

/** The samples of the last `keepMs` before `sample`, and `sample`, oldest first. */
export function appendSample(samples: readonly LagSample[], sample: LagSample, keepMs: number): LagSample[] {
  return [...samples.filter((s) => s.at >= sample.at - keepMs && s.at < sample.at), sample];
}

/** Sum of the offset increase of the partitions present in both samples (a deleted partition or a reset counts as 0). */
function delta(from: LagSample, to: LagSample, field: 'committed' | 'latest'): number {
  const before = new Map(from.partitions.map((p) => [key(p), p[field]]));
  let sum = 0n;
  for (const p of to.partitions) {
    const then = before.get(key(p));
    const now = p[field];
    if (then !== undefined && now !== undefined && now > then) {
      sum += now - then;
    }
  }
  return Number(sum);
}

/** Lag, rates and the catch-up estimate from the latest sample and the one about RATE_WINDOW_MS before it. */
export function ratesOf(samples: readonly LagSample[]): GroupRates | undefined {
  const last = samples[samples.length - 1];
  if (!last) {
    return undefined;
  }
  const lag = totalLag(last);
  const first = samples.find((s) => s.at >= last.at - RATE_WINDOW_MS && s.at < last.at) ?? samples[samples.length - 2];
  if (!first || first.at >= last.at) {
    return {
      totalLag: lag,
      consumePerSecond: undefined,
      producePerSecond: undefined,
      catchUp: lag === 0n ? { kind: 'caught-up' } : { kind: 'unknown' },
    };
  }
  const seconds = (last.at - first.at) / 1000;
  const consumePerSecond = delta(first, last, 'committed') / seconds;
  const producePerSecond = delta(first, last, 'latest') / seconds;
  return { totalLag: lag, consumePerSecond, producePerSecond, catchUp: catchUpOf(lag, totalLag(first), seconds) };
}

/** What the change of lag over the window says: the lag's own trend, so commits that jump do not mislead. */
function catchUpOf(lag: bigint, lagBefore: bigint, seconds: number): CatchUp {
  if (lag === 0n) {
    return { kind: 'caught-up' };
  }
  const change = Number(lag - lagBefore) / seconds;
  if (change < 0) {
    return { kind: 'catching-up', seconds: Number(lag) / -change };
  }
  if (change > 0) {
    return { kind: 'falling-behind', perSecond: change };
  }
  return { kind: 'stalled' };
}

/** "catching up: about 2 min 30 s", "falling behind by 120 msg/s", … */
export function describeCatchUp(catchUp: CatchUp): string {
  switch (catchUp.kind) {
    case 'caught-up':
      return 'caught up';
    case 'catching-up':
      return `catching up: about ${duration(catchUp.seconds)} to go`;
    case 'falling-behind':
      return `falling behind by ${formatRate(catchUp.perSecond)}`;
    case 'stalled':
      return 'lag neither grows nor shrinks (is the group consuming?)';
    case 'unknown':
      return 'estimate after the next refresh';
  }
}

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds > 30 * 86400) {
    return 'more than 30 days';
  }
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) {
    return `${s} s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  }
  if (s < 86400) {
    return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
  }
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}
