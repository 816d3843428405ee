/**
 * What a tail panel holds and shows, without VS Code: the bounded buffer of raw messages,
 * the entries matching the filter, the window of rows in view, counts, rate and status.
 * Pure state and arithmetic: the panel feeds it and posts what it answers.
 */
import { deserialize, DeserializerId, toHex } from '../../../codecs/deserializers';
import { TailMessage, TailState } from '../../../kafka/consume/tailSession';
import { TailBuffer } from './buffer';
import { histogramOf } from './histogram';
import { DETAIL_CHARS, MAX_VIEW_ROWS, TailDetail, TailRow, TailStatus } from '../protocol';
import { isFiltering, matchesFilter, NO_FILTER, TailFilter } from './filter';
import { batchErrorText, decodedHeaders, decodeKey, MessageDecoders, schemaLine, toTailRow } from './rows';

const RAW_HEX_BYTES = 65536;
const HISTOGRAM_MS = 1000;

export interface TailEntry {
  readonly id: number;
  readonly message: TailMessage;
}

/** The rows in the webview's view: from `start`, or the newest `count` while following. */
export interface RowWindow {
  readonly start: number;
  readonly count: number;
  readonly follow: boolean;
}

function cutForDetail(text: string, whole: boolean): Pick<TailDetail, 'valuePretty' | 'valueLength'> {
  return whole || text.length <= DETAIL_CHARS
    ? { valuePretty: text }
    : { valuePretty: text.slice(0, DETAIL_CHARS), valueLength: text.length };
}

export class TailModel {
  private readonly buffer: TailBuffer<TailEntry>;
  /** The buffer's entries that match the filter, while a filter is set. */
  private matching: TailBuffer<TailEntry> | undefined;
  private filter: TailFilter = NO_FILTER;
  private window: RowWindow = { start: 0, count: 60, follow: true };
  /** The consumer's state, and what it said with it (an error, why it stopped). */
  private consumerState: TailStatus['state'] = 'idle';
  private consumerNote: string | undefined;
  /** The user's Pause: the table holds still and no row is dropped (see `room`). */
  private heldByUser = false;
  private total = 0;
  private nextId = 1;
  private lastRateTotal = 0;
  private rate = 0;
  private readonly perPartition = new Map<string, { topic: string; partition: number; count: number }>();
  /** A search keeps only the messages that match the filter: memory goes to matches, not to what was scanned. */
  private keepOnlyMatches = false;
  private histogramCache: { at: number; histogram: TailStatus['histogram'] } | undefined;
  private matched = 0;

  constructor(
    capacity: number,
    /** How keys, values and headers are shown: the start form's choice, read when needed. */
    private readonly decoders: () => MessageDecoders,
  ) {
    this.buffer = new TailBuffer(capacity);
  }

  get state(): TailStatus['state'] {
    return this.consumerState;
  }

  get held(): boolean {
    return this.heldByUser;
  }

  /** Forgets every message and count: a new start. */
  reset(): void {
    this.histogramCache = undefined;
    this.buffer.clear();
    this.matching?.clear();
    this.heldByUser = false;
    this.total = 0;
    this.perPartition.clear();
  }

  /** Empties the buffer (Clear); the counts since the start stay. */
  clear(): void {
    this.histogramCache = undefined;
    this.buffer.clear();
    this.matching?.clear();
  }

  /** A search (see keepOnlyMatches) or a live tail; set at each start. */
  setSearch(search: boolean): void {
    this.keepOnlyMatches = search;
    this.matched = 0;
  }

  add(messages: readonly TailMessage[]): void {
    const decoders = this.decoders();
    const dropMisses = this.keepOnlyMatches && isFiltering(this.filter);
    for (const message of messages) {
      // Evaluated once: an expression may cost a full decode.
      const matches = (this.matching !== undefined || dropMisses) && matchesFilter(message, decoders, this.filter);
      if (dropMisses && !matches) {
        this.count(message);
        continue;
      }
      this.matched++;
      const entry = { id: this.nextId++, message };
      this.buffer.push(entry);
      if (this.matching && matches) {
        this.matching.push(entry);
      }
      this.count(message);
    }
  }

  private count(message: TailMessage): void {
    this.total++;
    const partitionKey = `${message.partition} ${message.topic}`;
    const counted = this.perPartition.get(partitionKey);
    if (counted) {
      counted.count++;
    } else {
      this.perPartition.set(partitionKey, { topic: message.topic, partition: message.partition, count: 1 });
    }
  }

  /** Messages kept by a search (those that matched), including any the buffer has let go. */
  get matches(): number {
    return this.matched;
  }

  /** How many more messages the consumer may hand over: unlimited while running (the oldest make way), the free room while held. */
  room(): number {
    return this.heldByUser ? this.buffer.capacity - this.buffer.size : Infinity;
  }

  hold(held: boolean): void {
    this.heldByUser = held;
  }

  setConsumerState(state: TailState, note?: string): void {
    this.consumerState = state;
    this.consumerNote = note;
  }

  setWindow(window: RowWindow): void {
    this.window = { start: Math.max(0, window.start), count: Math.min(MAX_VIEW_ROWS, Math.max(1, window.count)), follow: window.follow };
  }

  setFilter(filter: TailFilter): void {
    this.histogramCache = undefined;
    this.filter = {
      text: filter.text.trim(),
      partition: filter.partition.trim(),
      ...(filter.expression ? { expression: filter.expression } : {}),
      ...(filter.time ? { time: filter.time } : {}),
    };
    this.matching = undefined;
    if (isFiltering(this.filter)) {
      const decoders = this.decoders();
      const matching = new TailBuffer<TailEntry>(this.buffer.capacity);
      for (const entry of this.buffer.toArray()) {
        if (matchesFilter(entry.message, decoders, this.filter)) {
          matching.push(entry);
        }
      }
      this.matching = matching;
    }
  }

  /** The rows in view, decoded: only these are decoded, so a busy topic costs one push per message. */
  windowRows(): { total: number; start: number; rows: TailRow[] } {
    const list = this.matching ?? this.buffer;
    const total = list.size;
    const start = this.window.follow ? Math.max(0, total - this.window.count) : Math.min(this.window.start, Math.max(0, total - 1));
    const decoders = this.decoders();
    return { total, start, rows: list.slice(start, start + this.window.count).map((e) => toTailRow(e.id, e.message, decoders)) };
  }

  entry(id: number): TailEntry | undefined {
    return this.buffer.find((e) => e.id === id);
  }

  /** Every buffered entry, or those matching the filter. */
  entries(onlyMatching: boolean): TailEntry[] {
    return (onlyMatching && this.matching ? this.matching : this.buffer).toArray();
  }

  /** Every buffered message as a row (tests; the webview gets windows). */
  allRows(): TailRow[] {
    const decoders = this.decoders();
    return this.buffer.toArray().map((e) => toTailRow(e.id, e.message, decoders));
  }

  /** Once a second: the messages of the last second. */
  tick(): void {
    this.rate = this.total - this.lastRateTotal;
    this.lastRateTotal = this.total;
  }

  status(): TailStatus {
    const live = this.consumerState === 'running' || this.consumerState === 'paused';
    return {
      state: live && this.heldByUser ? 'paused' : this.consumerState,
      ...this.statusNote(live),
      total: this.total,
      buffered: this.buffer.size,
      dropped: this.buffer.droppedCount,
      ratePerSecond: this.rate,
      perPartition: [...this.perPartition.values()]
        .map((counted) => ({ ...counted }))
        .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition),
      ...this.filterFailures(),
      ...this.histogram(),
    };
  }

  /**
   * The histogram of the rows the table shows (a time range dragged on it zooms into that range),
   * counted at most once a second: the status goes out ten times a second while messages pour in.
   */
  private histogram(): Pick<TailStatus, 'histogram'> {
    const now = Date.now();
    if (!this.histogramCache || now - this.histogramCache.at >= HISTOGRAM_MS) {
      this.histogramCache = { at: now, histogram: histogramOf((this.matching ?? this.buffer).toArray().map((e) => e.message)) };
    }
    const histogram = this.histogramCache.histogram;
    return histogram ? { histogram } : {};
  }

  /** How many messages the expression could not evaluate (they count as no match), and the first reason. */
  private filterFailures(): Pick<TailStatus, 'expressionFailures'> {
    const expression = this.filter.expression;
    return expression && expression.failed > 0
      ? { expressionFailures: { count: expression.failed, first: expression.firstFailure ?? '' } }
      : {};
  }

  private statusNote(live: boolean): { detail?: string } {
    // The consumer pauses only to wait for room (its note then is WAITING_FOR_ROOM).
    const waitingForRoom = this.consumerState === 'paused';
    if (live && this.heldByUser) {
      return {
        detail: waitingForRoom
          ? 'buffer full: reading waits for Resume or Clear, nothing is dropped'
          : 'reading on until the buffer is full',
      };
    }
    return this.consumerNote && !waitingForRoom ? { detail: this.consumerNote } : {};
  }

  /** The selected message for the detail pane, decoded with `deserializer`. */
  detail(entry: TailEntry, deserializer: DeserializerId, whole: boolean): TailDetail {
    const { message } = entry;
    if (message.batchError) {
      const text = batchErrorText(message.batchError);
      return { id: entry.id, deserializer, valueFormat: 'error', valuePretty: text, valueError: text, key: '', headers: [], rawHex: '' };
    }
    const decoders = this.decoders();
    const value = deserialize(deserializer, message.value, false, decoders.schemas);
    const raw = message.value ?? Buffer.alloc(0);
    const schema = schemaLine(value, message.topic, 'value');
    return {
      id: entry.id,
      deserializer,
      valueFormat: value.format,
      ...cutForDetail(value.pretty ?? value.text, whole),
      ...(value.error ? { valueError: value.error } : {}),
      ...(schema ? { valueSchema: schema } : {}),
      ...(value.schema && value.schema.notes.length > 0 ? { valueNotes: value.schema.notes } : {}),
      key: decodeKey(message, decoders).text,
      headers: decodedHeaders(message, decoders).map(([name, v]) => [name, v ?? 'null'] as const),
      rawHex: toHex(raw.subarray(0, RAW_HEX_BYTES)),
    };
  }
}
