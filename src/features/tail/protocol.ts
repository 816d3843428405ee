/**
 * The one message protocol between the tail panel's webview and its host. Plain data:
 * every string in it that came from Kafka is untrusted and is rendered as text. Every
 * request travels in an envelope with an id, and the host answers each id with `done` or
 * `failed`. The host reads nothing the webview sends before `parseRequest` has checked it.
 */
import { DeserializerId, DESERIALIZERS, HEADER_FORMATS, HeaderFormat } from '../../codecs/deserializerIds';
import { isRecord, MAX_TEXT, ParsedEnvelope, parseEnvelope, Reader, RequestAnswer } from '../../workbench/webview/messages';

export { MAX_TEXT };
export type { RequestAnswer };

/** How much of a value the detail pane shows before it offers the rest (megabyte values freeze a pane). */
export const DETAIL_CHARS = 100_000;

export type StartMode = 'latest' | 'earliest' | 'offset' | 'timestamp' | 'lastN';
/** Where a tail ends: never (live), the end offsets at its start (a search), a time, an offset. */
export type EndMode = 'live' | 'now' | 'timestamp' | 'offset';

/** What the start form asks. */
export interface TailForm {
  /** Comma-separated topic names, or a regular expression when `pattern` is set. */
  readonly topics: string;
  readonly pattern: boolean;
  /** Comma-separated partition numbers; empty for all. */
  readonly partitions: string;
  readonly start: StartMode;
  /** Offset, N, or a time ("15 minutes ago", ISO 8601, epoch ms), depending on `start`. */
  readonly startValue: string;
  /** Empty: no group; the tail reads every partition with its own fetches and commits nothing. */
  readonly groupId: string;
  readonly autoCommit: boolean;
  readonly keyDeserializer: DeserializerId;
  readonly valueDeserializer: DeserializerId;
  readonly headerFormat: HeaderFormat;
  /** Stop after this many messages (empty: never). */
  readonly maxMessages: string;
  /** Stop after this many seconds without a message (empty: never). */
  readonly idleSeconds: string;
  /** A search ends: at the end offsets when it starts, a time, or an offset (`endValue`). */
  readonly end: EndMode;
  readonly endValue: string;
}

/** One message as the table shows it (previews are truncated; the detail has the rest). */
export interface TailRow {
  readonly id: number;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** Milliseconds since the epoch (the webview formats the rows it shows). */
  readonly timestamp: number;
  readonly key: string;
  readonly keyFormat: string;
  readonly value: string;
  readonly valueFormat: string;
  readonly headerCount: number;
  readonly size: number;
  /** Set on the one row that stands for a record batch that could not be decoded. */
  readonly batchError?: boolean;
}

export interface TailDetail {
  readonly id: number;
  readonly deserializer: DeserializerId;
  readonly valueFormat: string;
  /** The decoded value, cut at DETAIL_CHARS unless the whole of it was asked for. */
  readonly valuePretty: string;
  /** The full length of the decoded value, when `valuePretty` is cut. */
  readonly valueLength?: number;
  readonly valueError?: string;
  /** A Schema Registry value: its schema ("schema 7 (orders-value v2)") and what else the decoder noted (union branches, message type). */
  readonly valueSchema?: string;
  readonly valueNotes?: readonly string[];
  readonly key: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** Hex of the raw value bytes (the first 64 KiB). */
  readonly rawHex: string;
}

export interface PartitionCount {
  readonly topic: string;
  readonly partition: number;
  readonly count: number;
}

export interface TailStatus {
  readonly state: 'idle' | 'starting' | 'running' | 'paused' | 'stopped' | 'error';
  readonly detail?: string;
  readonly total: number;
  readonly buffered: number;
  readonly dropped: number;
  readonly ratePerSecond: number;
  /** Messages read per partition since the start, by topic then partition. */
  readonly perPartition: readonly PartitionCount[];
  /** The rows held (matching the filter, the time range aside) per time bucket and partition. */
  readonly histogram?: TailHistogram;
  /** A search's progress: offsets scanned of the total (exact, as text) and the matches kept. */
  readonly search?: { readonly scanned: string; readonly total: string; readonly matches: number };
  /** Messages the filter expression could not evaluate (no match for them), and why the first could not. */
  readonly expressionFailures?: { readonly count: number; readonly first: string };
}

/** Messages per time bucket, stacked by series (a partition): bucket i covers [from + i·bucketMs, from + (i+1)·bucketMs). */
export interface TailHistogram {
  readonly from: number;
  readonly bucketMs: number;
  readonly series: readonly string[];
  /** counts[bucket][series] */
  readonly counts: ReadonlyArray<readonly number[]>;
}

export type HostToWebview =
  | {
      readonly type: 'init';
      readonly form: TailForm;
      readonly clusterName: string;
      readonly deserializers: ReadonlyArray<readonly [DeserializerId, string]>;
      readonly headerFormats: ReadonlyArray<readonly [HeaderFormat, string]>;
    }
  /**
   * A window of the (filtered) buffer: `total` rows exist, these start at index `start`.
   * The host decodes only the rows in view, so a busy topic costs the webview nothing.
   */
  | { readonly type: 'rows'; readonly total: number; readonly start: number; readonly rows: readonly TailRow[] }
  | { readonly type: 'status'; readonly status: TailStatus }
  | { readonly type: 'detail'; readonly detail: TailDetail }
  /** The cluster's topics with their partition counts, suggested in the start form. */
  | { readonly type: 'suggestions'; readonly topics: ReadonlyArray<readonly [string, number]> }
  /** The expressions saved for the tail's topics, newest first. */
  | { readonly type: 'savedFilters'; readonly expressions: readonly string[] }
  | RequestAnswer;

/** What the webview asks of the host. */
export type TailRequest =
  | { readonly type: 'ready' }
  | { readonly type: 'start'; readonly form: TailForm }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'stop' }
  | { readonly type: 'clear' }
  /** The rows in view (index range of the filtered buffer); `follow` keeps it at the end. */
  | { readonly type: 'view'; readonly start: number; readonly count: number; readonly follow: boolean }
  /** `expression`: CEL over key, value, headers, partition, offset, timestamp ('' for none). */
  | {
      readonly type: 'filter';
      readonly text: string;
      readonly partition: string;
      readonly expression?: string;
      /** A time range dragged on the histogram (epoch ms, inclusive); absent: any time. */
      readonly timeFrom?: number;
      readonly timeTo?: number;
    }
  /**
   * Sends rows to a topic: those with these ids and in these inclusive id ranges (shift-click),
   * among the rows matching the filter; none of either: every row that matches.
   */
  | { readonly type: 'sendToTopic'; readonly ids: readonly number[]; readonly ranges: ReadonlyArray<readonly [number, number]> }
  /** Keeps the expression among the topic's saved filters. */
  | { readonly type: 'saveFilter'; readonly expression: string }
  /** Shows a message in the detail pane; `whole`: the full value, however large. */
  | { readonly type: 'select'; readonly id: number; readonly deserializer?: DeserializerId; readonly whole?: boolean }
  | { readonly type: 'openInEditor'; readonly id: number }
  /** The buffer (or only the rows matching the filter) as a new NDJSON, JSON or CSV document. */
  | { readonly type: 'export'; readonly format: 'ndjson' | 'json' | 'csv'; readonly filtered: boolean }
  /** Copies a kcat command that reads this one message again. */
  | { readonly type: 'copyKcat'; readonly id: number }
  /** Opens the message's value in an editor, to edit and send with Produce Selection. */
  | { readonly type: 'produceAgain'; readonly id: number };

/** A request from the webview with the id of its answer. */
export interface RequestEnvelope {
  readonly requestId: number;
  readonly request: TailRequest;
}

export const START_MODES: readonly StartMode[] = ['latest', 'earliest', 'offset', 'timestamp', 'lastN'];
export const END_MODES: readonly EndMode[] = ['live', 'now', 'timestamp', 'offset'];
/** The most row ids one selection may name (a buffer holds far fewer). */
export const MAX_SELECTION = 1_000_000;
/** The most rows one view may ask for. */
export const MAX_VIEW_ROWS = 500;

export type ParsedRequest = ParsedEnvelope<TailRequest>;

function readForm(r: Reader): TailForm {
  return {
    topics: r.text('topics'),
    pattern: r.flag('pattern'),
    partitions: r.text('partitions'),
    start: r.choice('start', START_MODES),
    startValue: r.text('startValue'),
    groupId: r.text('groupId'),
    autoCommit: r.flag('autoCommit'),
    keyDeserializer: r.choice('keyDeserializer', DESERIALIZERS),
    valueDeserializer: r.choice('valueDeserializer', DESERIALIZERS),
    headerFormat: r.choice('headerFormat', HEADER_FORMATS),
    maxMessages: r.text('maxMessages'),
    idleSeconds: r.text('idleSeconds'),
    // Panels saved before searches existed have neither: they tail live.
    end: r.optionalChoice('end', END_MODES) ?? 'live',
    endValue: r.optionalText('endValue') ?? '',
  };
}

/** Each request type's fields, checked and copied (nothing else of the message is kept). */
const READERS: Record<TailRequest['type'], (r: Reader) => TailRequest> = {
  ready: () => ({ type: 'ready' }),
  start: (r) => ({ type: 'start', form: readForm(r.record('form')) }),
  pause: () => ({ type: 'pause' }),
  resume: () => ({ type: 'resume' }),
  stop: () => ({ type: 'stop' }),
  clear: () => ({ type: 'clear' }),
  view: (r) => ({ type: 'view', start: r.whole('start'), count: r.whole('count', MAX_VIEW_ROWS), follow: r.flag('follow') }),
  filter: (r) => {
    const expression = r.optionalText('expression');
    const [timeFrom, timeTo] = [r.optionalWhole('timeFrom'), r.optionalWhole('timeTo')];
    return {
      type: 'filter',
      text: r.text('text'),
      partition: r.text('partition', 100),
      ...(expression !== undefined ? { expression } : {}),
      ...(timeFrom !== undefined && timeTo !== undefined
        ? { timeFrom: Math.min(timeFrom, timeTo), timeTo: Math.max(timeFrom, timeTo) }
        : {}),
    };
  },
  saveFilter: (r) => ({ type: 'saveFilter', expression: r.text('expression') }),
  sendToTopic: (r) => ({ type: 'sendToTopic', ids: r.wholeList('ids', MAX_SELECTION), ranges: r.pairs('ranges', MAX_SELECTION) }),
  select: (r) => {
    const deserializer = r.optionalChoice('deserializer', DESERIALIZERS);
    const whole = r.optionalFlag('whole');
    return { type: 'select', id: r.whole('id'), ...(deserializer ? { deserializer } : {}), ...(whole !== undefined ? { whole } : {}) };
  },
  openInEditor: (r) => ({ type: 'openInEditor', id: r.whole('id') }),
  export: (r) => ({ type: 'export', format: r.choice('format', ['ndjson', 'json', 'csv'] as const), filtered: r.flag('filtered') }),
  copyKcat: (r) => ({ type: 'copyKcat', id: r.whole('id') }),
  produceAgain: (r) => ({ type: 'produceAgain', id: r.whole('id') }),
};

/** What the webview asks VS Code to keep across a window reload, so the panel comes back with its form. */
export interface SavedTail {
  readonly clusterName: string;
  readonly form: TailForm;
}

/** The saved state, checked like any message from the webview; undefined when it is not one. */
export function parseSavedTail(raw: unknown): SavedTail | undefined {
  if (!isRecord(raw)) {
    return undefined;
  }
  try {
    const r = new Reader(raw);
    return { clusterName: r.text('clusterName', 1000), form: readForm(r.record('form')) };
  } catch {
    return undefined;
  }
}

/** Checks a message from the webview: its envelope, its type, and every field the type has. */
export function parseRequest(raw: unknown): ParsedRequest {
  return parseEnvelope(raw, READERS);
}
