/**
 * What the group panel's host and webview say to each other. Offsets and lag travel as text
 * (exact 64-bit values); chart values are numbers (a chart cannot draw past 2^53 anyway).
 */
import { isRecord, parseEnvelope, ParsedEnvelope, Reader, RequestAnswer } from '../../workbench/webview/messages';

export type ChartMode = 'stacked' | 'lines';
export const CHART_MODES: readonly ChartMode[] = ['stacked', 'lines'];

export interface GroupPartitionRow {
  readonly topic: string;
  readonly partition: number;
  readonly committed: string;
  /** '' when the end offset is unknown. */
  readonly latest: string;
  readonly lag: string;
  /** The member's client id and host, '' when unassigned. */
  readonly member: string;
}

export interface GroupMemberRow {
  readonly memberId: string;
  readonly clientId: string;
  readonly host: string;
  /** "orders: 0, 1, 2; payments: 4". */
  readonly assignment: string;
}

export interface WatchedGroupView {
  readonly groupId: string;
  /** "classic", "consumer (KIP-848)", "share (KIP-932)", ...; '' before the first answer. */
  readonly type: string;
  readonly state: string;
  /** What a partition's position is: "committed" or, for a share group, "start". */
  readonly positionName: string;
  readonly totalLag: string;
  /** "120.5 msg/s", '' before the second poll. */
  readonly consumeRate: string;
  readonly produceRate: string;
  /** "catching up: about 2 min to go", "falling behind by 30 msg/s", … */
  readonly estimate: string;
  readonly trend: 'caught-up' | 'catching-up' | 'falling-behind' | 'stalled' | 'unknown';
  readonly members: readonly GroupMemberRow[];
  readonly partitions: readonly GroupPartitionRow[];
  /** Why the last poll failed; the figures are from the poll before. */
  readonly error: string;
}

/** One chart: shared times (epoch ms) and a value per time for each series (NaN: no value then). */
export interface LagChart {
  readonly times: readonly number[];
  readonly series: ReadonlyArray<{ readonly name: string; readonly values: readonly number[] }>;
  /** "lag per partition of orders-app" or "total lag per group". */
  readonly title: string;
}

export interface GroupViewState {
  readonly clusterName: string;
  readonly groups: readonly WatchedGroupView[];
  readonly chart: LagChart;
  readonly mode: ChartMode;
  readonly refreshSeconds: number;
  /** Epoch ms of the last poll, 0 before the first. */
  readonly polledAt: number;
}

export type GroupHostToWebview = { readonly type: 'state'; readonly state: GroupViewState } | RequestAnswer;

export type GroupRequest =
  | { readonly type: 'ready' }
  | { readonly type: 'refresh' }
  | { readonly type: 'setMode'; readonly mode: ChartMode }
  /** Asks the host to pick another group of the cluster to compare. */
  | { readonly type: 'addGroup' }
  | { readonly type: 'removeGroup'; readonly groupId: string };

export interface GroupRequestEnvelope {
  readonly requestId: number;
  readonly request: GroupRequest;
}

const READERS: Record<GroupRequest['type'], (r: Reader) => GroupRequest> = {
  ready: () => ({ type: 'ready' }),
  refresh: () => ({ type: 'refresh' }),
  setMode: (r) => ({ type: 'setMode', mode: r.choice('mode', CHART_MODES) }),
  addGroup: () => ({ type: 'addGroup' }),
  removeGroup: (r) => ({ type: 'removeGroup', groupId: r.text('groupId', 1000) }),
};

export function parseGroupRequest(raw: unknown): ParsedEnvelope<GroupRequest> {
  return parseEnvelope(raw, READERS);
}

/** What the webview asks VS Code to keep across a window reload: the panel comes back watching the same groups. */
export interface SavedGroupView {
  readonly clusterName: string;
  readonly groupIds: readonly string[];
  readonly mode: ChartMode;
}

/** The saved state, checked like any message from the webview; undefined when it is not one. */
export function parseSavedGroupView(raw: unknown): SavedGroupView | undefined {
  const groupIds: unknown = isRecord(raw) ? raw.groupIds : undefined;
  const isGroupId = (id: unknown): id is string => typeof id === 'string' && id.length > 0 && id.length <= 1000;
  if (!isRecord(raw) || !Array.isArray(groupIds) || groupIds.length === 0 || groupIds.length > 100 || !groupIds.every(isGroupId)) {
    return undefined;
  }
  try {
    const r = new Reader(raw);
    return { clusterName: r.text('clusterName', 1000), groupIds: [...groupIds], mode: r.choice('mode', CHART_MODES) };
  } catch {
    return undefined;
  }
}
