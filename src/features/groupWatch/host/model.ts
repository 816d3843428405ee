/**
 * The watched groups of one panel: each poll's GroupInfo goes in, the view state the
 * webview draws comes out (rows with exact offsets, rates, the estimate, the chart series).
 * Pure; the panel owns the timer and the connection.
 */
import { groupTypeLabel } from '../../../kafka/groups/groupTypes';
import type { GroupInfo } from '../../../kafka/groups/groups';
import { formatRate } from '../../../kafka/trends';
import { appendSample, describeCatchUp, LagSample, lagOf, PartitionOffsets, ratesOf } from './history';
import type { ChartMode, GroupViewState, LagChart, WatchedGroupView } from '../protocol';

/** History kept per group: 15 minutes of polls. */
export const HISTORY_MS = 15 * 60_000;
/** More partitions than this share one "other" series: a stack of dozens cannot be read. */
const MAX_SERIES = 8;

export interface WatchedGroup {
  readonly groupId: string;
  samples: LagSample[];
  last: GroupInfo | undefined;
  error: string;
}

export function newWatchedGroup(groupId: string): WatchedGroup {
  return { groupId, samples: [], last: undefined, error: '' };
}

/** Records one poll's answer for the group (or why the poll failed: the figures before stay). */
export function recordPoll(group: WatchedGroup, at: number, info: GroupInfo | undefined, error?: string): void {
  if (!info || info.error) {
    group.error = error ?? info?.error ?? 'no answer for this group';
    return;
  }
  group.error = '';
  group.last = info;
  const partitions = info.offsets.map(({ topic, partition, committed, latest }) => ({ topic, partition, committed, latest }));
  group.samples = appendSample(group.samples, { at, partitions }, HISTORY_MS);
}

const assignmentText = (assignment: GroupInfo['members'][number]['assignment']) =>
  assignment.map(({ topic, partitions }) => `${topic}: ${[...partitions].sort((a, b) => a - b).join(', ')}`).join('; ');

export function viewOfGroup(group: WatchedGroup): WatchedGroupView {
  const info = group.last;
  const rates = ratesOf(group.samples);
  const memberLabel = new Map((info?.members ?? []).map((m) => [m.memberId, `${m.clientId} (${m.host})`]));
  return {
    groupId: group.groupId,
    type: info ? groupTypeLabel(info.type) : '',
    state: info?.state ?? 'unknown',
    positionName: info?.type === 'share' ? 'start' : 'committed',
    totalLag: String(rates?.totalLag ?? ''),
    consumeRate: rates?.consumePerSecond === undefined ? '' : formatRate(rates.consumePerSecond),
    produceRate: rates?.producePerSecond === undefined ? '' : formatRate(rates.producePerSecond),
    estimate: rates ? describeCatchUp(rates.catchUp) : 'waiting for the first refresh',
    trend: rates?.catchUp.kind ?? 'unknown',
    members: (info?.members ?? []).map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      host: m.host,
      assignment: assignmentText(m.assignment),
    })),
    partitions: (info?.offsets ?? []).map((o) => ({
      topic: o.topic,
      partition: o.partition,
      committed: String(o.committed),
      latest: o.latest === undefined ? '' : String(o.latest),
      lag: o.lag === undefined ? '' : String(o.lag),
      member: o.memberIds.map((id) => memberLabel.get(id) ?? id).join(', '),
    })),
    error: group.error,
  };
}

/**
 * One group: its lag per partition over time (the busiest MAX_SERIES, the rest summed as
 * "other"); several groups: each group's total lag, to compare them.
 */
export function chartOf(groups: readonly WatchedGroup[]): LagChart {
  if (groups.length === 1) {
    return partitionChart(groups[0]);
  }
  const times = [...new Set(groups.flatMap((g) => g.samples.map((s) => s.at)))].sort((a, b) => a - b);
  return {
    title: 'total lag per group',
    times,
    series: groups.map((g) => {
      const byTime = new Map(g.samples.map((s) => [s.at, Number(s.partitions.reduce((sum, p) => sum + lagOf(p), 0n))]));
      return { name: g.groupId, values: times.map((t) => byTime.get(t) ?? NaN) };
    }),
  };
}

function partitionChart(group: WatchedGroup): LagChart {
  const samples = group.samples;
  const name = (p: { topic: string; partition: number }) => `${p.topic}[${p.partition}]`;
  const latest = samples[samples.length - 1]?.partitions ?? [];
  // In partition order when all fit, so each keeps its colour from poll to poll; else the busiest.
  const byLag = (a: PartitionOffsets, b: PartitionOffsets) => (lagOf(b) > lagOf(a) ? 1 : lagOf(b) < lagOf(a) ? -1 : 0);
  const byName = (a: PartitionOffsets, b: PartitionOffsets) => a.topic.localeCompare(b.topic) || a.partition - b.partition;
  const ranked = [...latest].sort(latest.length > MAX_SERIES ? byLag : byName).map(name);
  const shown = ranked.slice(0, ranked.length > MAX_SERIES ? MAX_SERIES - 1 : MAX_SERIES);
  const other = ranked.length > shown.length;
  const values = new Map<string, number[]>([...shown, ...(other ? ['other'] : [])].map((n) => [n, []]));
  for (const sample of samples) {
    const row = new Map<string, number>([...values.keys()].map((n) => [n, 0]));
    for (const p of sample.partitions) {
      const series = row.has(name(p)) ? name(p) : 'other';
      if (row.has(series)) {
        row.set(series, (row.get(series) ?? 0) + Number(lagOf(p)));
      }
    }
    row.forEach((value, series) => values.get(series)?.push(value));
  }
  return {
    title: `lag per partition of ${group.groupId}`,
    times: samples.map((s) => s.at),
    series: [...values].map(([n, v]) => ({ name: n, values: v })),
  };
}

export function viewState(
  clusterName: string,
  groups: readonly WatchedGroup[],
  mode: ChartMode,
  refreshSeconds: number,
  polledAt: number,
): GroupViewState {
  return { clusterName, groups: groups.map(viewOfGroup), chart: chartOf(groups), mode, refreshSeconds, polledAt };
}
