/**
 * The one message protocol between the tail panel's webview and its host. Plain data:
 * every string in it that came from Kafka is untrusted and is rendered as text.
 */
import type { DeserializerId, HeaderFormat } from '../../codecs/deserializerIds';

/** How much of a value the detail pane shows before it offers the rest (megabyte values freeze a pane). */
export const DETAIL_CHARS = 100_000;

export type StartMode = 'latest' | 'earliest' | 'offset' | 'timestamp' | 'lastN';

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
  /** Empty: an ephemeral group that commits nothing and is deleted afterwards. */
  readonly groupId: string;
  readonly autoCommit: boolean;
  readonly keyDeserializer: DeserializerId;
  readonly valueDeserializer: DeserializerId;
  readonly headerFormat: HeaderFormat;
  /** Stop after this many messages (empty: never). */
  readonly maxMessages: string;
  /** Stop after this many seconds without a message (empty: never). */
  readonly idleSeconds: string;
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
  | { readonly type: 'formError'; readonly message: string };

export type WebviewToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'start'; readonly form: TailForm }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'stop' }
  | { readonly type: 'clear' }
  /** The rows in view (index range of the filtered buffer); `follow` keeps it at the end. */
  | { readonly type: 'view'; readonly start: number; readonly count: number; readonly follow: boolean }
  | { readonly type: 'filter'; readonly text: string; readonly partition: string }
  /** Shows a message in the detail pane; `whole`: the full value, however large. */
  | { readonly type: 'select'; readonly id: number; readonly deserializer?: DeserializerId; readonly whole?: boolean }
  | { readonly type: 'openInEditor'; readonly id: number }
  /** The buffer (or only the rows matching the filter) as a new NDJSON or JSON document. */
  | { readonly type: 'export'; readonly format: 'ndjson' | 'json'; readonly filtered: boolean }
  /** Copies a kcat command that reads this one message again. */
  | { readonly type: 'copyKcat'; readonly id: number }
  /** Opens the message's value in an editor, to edit and send with Produce Selection. */
  | { readonly type: 'produceAgain'; readonly id: number };
