import * as vscode from 'vscode';
import { DESERIALIZER_LABELS, DESERIALIZERS, deserialize, DeserializerId, HEADER_FORMAT_LABELS, HEADER_FORMATS, toHex } from '../codecs/deserializers';
import { ProduceMemory } from '../commands/produceTarget';
import { ClusterConfig } from '../kafka/clusterConfig';
import { ConnectionPool } from '../kafka/connectionPool';
import { describeKafkaError } from '../kafka/errors';
import { Log } from '../kafka/log';
import { TailMessage, TailSession, TailState } from '../kafka/tailSession';
import { DETAIL_CHARS } from '../webview/tail/protocol';
import type { HostToWebview, TailDetail, TailForm, TailRow, TailStatus, WebviewToHost } from '../webview/tail/protocol';
import { PreviewDocuments } from './previewDocuments';
import { TailBuffer } from './tailBuffer';
import { webviewHtml } from './webviewHtml';
import { parseTailForm } from './tailForm';
import { copyKcatCommand, exportMessages, openMessage, produceAgain } from './tailActions';
import { batchErrorText, decodedHeaders, isFiltering, matchesFilter, NO_FILTER, TailFilter, toTailRow } from './tailRows';

export { DEFAULT_FORM } from './tailDefaults';

const RAW_HEX_BYTES = 65536;
const FLUSH_MS = 100;

interface Entry {
  readonly id: number;
  readonly message: TailMessage;
}

interface View {
  readonly start: number;
  readonly count: number;
  readonly follow: boolean;
}

export interface TailPanelDeps {
  readonly pool: ConnectionPool;
  readonly previews: PreviewDocuments;
  /** Produce Again leaves the message's topic and key here for Produce Selection to offer. */
  readonly produceMemory: ProduceMemory;
  readonly log: Log;
  readonly extensionUri: vscode.Uri;
  readonly bufferSize: number;
}

function cutForDetail(text: string, whole: boolean): Pick<TailDetail, 'valuePretty' | 'valueLength'> {
  return whole || text.length <= DETAIL_CHARS ? { valuePretty: text } : { valuePretty: text.slice(0, DETAIL_CHARS), valueLength: text.length };
}

/**
 * One tail panel: the start form, then a live, virtualized table of decoded messages.
 * The host keeps the raw messages in a bounded buffer and, every 100 ms, decodes and
 * sends only the rows in the webview's view: a busy topic costs one buffer push per
 * message. The webview keeps no state of its own, so hiding and showing it (no
 * retainContextWhenHidden) just asks for the view again. Closing the panel stops its consumer.
 */
export class TailPanel implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private session: TailSession | undefined;
  private readonly buffer: TailBuffer<Entry>;
  /** The buffer's entries that match the filter, while a filter is set. */
  private matching: TailBuffer<Entry> | undefined;
  private filter: TailFilter = NO_FILTER;
  private view: View = { start: 0, count: 60, follow: true };
  private changed = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly statusTimer: NodeJS.Timeout;
  private state: TailStatus['state'] = 'idle';
  /** Paused by the user: no new rows in view, and no row dropped (see `room`). */
  private viewPaused = false;
  private detail: string | undefined;
  private total = 0;
  private nextId = 1;
  private lastRateTotal = 0;
  private rate = 0;
  private readonly perPartition = new Map<string, { topic: string; partition: number; count: number }>();
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  /** Starts run one after another: two at once would both see no session and leave one consumer running unowned. */
  private starting: Promise<void> = Promise.resolve();
  /** The document the last export opened (tests read it). */
  lastExport: vscode.TextDocument | undefined;

  constructor(
    private readonly deps: TailPanelDeps,
    private readonly cluster: ClusterConfig,
    private form: TailForm,
    autoStart: boolean,
    private readonly onClosed: (panel: TailPanel) => void,
  ) {
    this.buffer = new TailBuffer(deps.bufferSize);
    const media = vscode.Uri.joinPath(deps.extensionUri, 'media');
    this.panel = vscode.window.createWebviewPanel('kafkaExplorer.tail', `Tail: ${form.topics || 'topics'}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [media],
    });
    this.panel.iconPath = vscode.Uri.joinPath(media, 'kafka.svg');
    this.panel.webview.html = webviewHtml(this.panel.webview, media, 'tail', 'Kafka tail');
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((message: WebviewToHost) => void this.handle(message)),
      this.panel.onDidDispose(() => this.dispose()),
    );
    this.statusTimer = setInterval(() => this.tick(), 1000);
    if (autoStart) {
      void this.handle({ type: 'start', form });
    }
  }

  get currentState(): TailStatus['state'] {
    return this.state;
  }

  get clusterName(): string {
    return this.cluster.name;
  }

  /** Stops the tail and says why in the status; the rows stay. */
  async stop(reason: string): Promise<void> {
    await this.session?.stop(reason);
  }

  get groupId(): string | undefined {
    return this.session?.groupId;
  }

  /** Every buffered message as a row (tests and exports; the webview gets windows). */
  get rows(): readonly TailRow[] {
    return this.buffer.toArray().map((e) => this.rowOf(e));
  }

  /** Handles one message from the webview (also the way tests drive the panel). */
  async handle(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.post({
          type: 'init',
          form: this.form,
          clusterName: this.cluster.name,
          deserializers: DESERIALIZERS.map((id) => [id, DESERIALIZER_LABELS[id]] as const),
          headerFormats: HEADER_FORMATS.map((id) => [id, HEADER_FORMAT_LABELS[id]] as const),
        });
        this.sendWindow();
        this.postStatus();
        return;
      case 'view':
        this.view = { start: Math.max(0, message.start), count: Math.min(500, Math.max(1, message.count)), follow: message.follow };
        this.sendWindow();
        return;
      case 'filter':
        this.filter = { text: message.text.trim(), partition: message.partition.trim() };
        this.rebuildMatching();
        this.sendWindow();
        return;
      case 'start': {
        const started = this.starting.then(() => this.start(message.form));
        this.starting = started.catch(() => undefined);
        return started;
      }
      case 'pause':
        // The table holds still; the consumer reads on until the buffer is full, then waits.
        this.viewPaused = true;
        this.postStatus();
        return;
      case 'resume':
        this.viewPaused = false;
        this.session?.resume();
        this.sendWindow();
        this.postStatus();
        return;
      case 'stop':
        await this.stop('stopped by you');
        return;
      case 'clear':
        this.buffer.clear();
        this.matching?.clear();
        this.session?.resume();
        this.sendWindow();
        return;
      case 'select': {
        const entry = this.entry(message.id);
        if (entry) {
          this.post({ type: 'detail', detail: this.detailOf(entry, message.deserializer ?? this.form.valueDeserializer, message.whole === true) });
        }
        return;
      }
      case 'openInEditor': {
        const entry = this.entry(message.id);
        return entry && openMessage(this.deps.previews, entry.message, this.form);
      }
      case 'export': {
        const entries = message.filtered && this.matching ? this.matching.toArray() : this.buffer.toArray();
        this.lastExport = await exportMessages(entries.map((e) => e.message), message.format, this.form);
        return;
      }
      case 'copyKcat': {
        const entry = this.entry(message.id);
        return entry && copyKcatCommand(this.cluster.bootstrapServers, entry.message);
      }
      case 'produceAgain': {
        const entry = this.entry(message.id);
        if (entry) {
          await produceAgain(this.deps.produceMemory, this.cluster.name, entry.message, this.form);
        }
        return;
      }
    }
  }

  private async start(form: TailForm): Promise<void> {
    const parsed = parseTailForm(form, Date.now());
    if (!parsed.ok) {
      this.post({ type: 'formError', message: parsed.error });
      return;
    }
    await this.session?.stop();
    this.session = undefined;
    if (this.disposed) {
      return;
    }
    this.form = form;
    this.panel.title = `Tail: ${form.topics}`;
    this.buffer.clear();
    this.matching?.clear();
    this.viewPaused = false;
    this.total = 0;
    this.perPartition.clear();
    this.sendWindow();
    const session = new TailSession(this.deps.pool.get(this.cluster), parsed.value, {
      onMessages: (messages) => this.onMessages(messages),
      onState: (state, detail) => this.onState(state, detail),
      // Running, the oldest rows make way for new ones; paused, nothing is dropped.
      room: () => (this.viewPaused ? this.buffer.capacity - this.buffer.size : Infinity),
    });
    this.session = session;
    this.deps.log.info(`tail ${this.cluster.name}/${form.topics}: starting (${form.start}, group ${session.groupId})`);
    try {
      await session.start();
    } catch (error) {
      this.onState('error', describeKafkaError(error));
    }
  }

  private onState(state: TailState, detail?: string): void {
    this.state = state;
    this.detail = detail;
    if (state === 'error' || state === 'stopped') {
      this.deps.log.info(`tail ${this.cluster.name}/${this.form.topics}: ${state}${detail ? ` (${detail})` : ''}`);
    }
    this.postStatus();
  }

  private postStatus(): void {
    this.post({ type: 'status', status: this.currentStatus });
  }

  private onMessages(messages: readonly TailMessage[]): void {
    for (const message of messages) {
      const entry = { id: this.nextId++, message };
      this.buffer.push(entry);
      if (this.matching && matchesFilter(message, this.form, this.filter)) {
        this.matching.push(entry);
      }
      this.total++;
      const partitionKey = `${message.partition} ${message.topic}`;
      const counted = this.perPartition.get(partitionKey);
      if (counted) {
        counted.count++;
      } else {
        this.perPartition.set(partitionKey, { topic: message.topic, partition: message.partition, count: 1 });
      }
    }
    this.changed = true;
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.flushTimer = undefined;
    if (!this.changed) {
      return;
    }
    // The counts move with the rows, not up to a second later.
    this.postStatus();
    if (!this.viewPaused) {
      this.changed = false;
      this.sendWindow();
    }
  }

  private rebuildMatching(): void {
    this.matching = undefined;
    if (isFiltering(this.filter)) {
      const matching = new TailBuffer<Entry>(this.buffer.capacity);
      for (const entry of this.buffer.toArray()) {
        if (matchesFilter(entry.message, this.form, this.filter)) {
          matching.push(entry);
        }
      }
      this.matching = matching;
    }
  }

  /** Decodes and sends the rows in the webview's view (the newest ones while following). */
  private sendWindow(): void {
    const list = this.matching ?? this.buffer;
    const total = list.size;
    const start = this.view.follow ? Math.max(0, total - this.view.count) : Math.min(this.view.start, Math.max(0, total - 1));
    const rows = list.slice(start, start + this.view.count).map((e) => this.rowOf(e));
    this.post({ type: 'rows', total, start, rows });
  }

  private entry(id: number): Entry | undefined {
    return this.buffer.find((e) => e.id === id);
  }

  private rowOf(entry: Entry): TailRow {
    return toTailRow(entry.id, entry.message, this.form);
  }

  private tick(): void {
    this.rate = this.total - this.lastRateTotal;
    this.lastRateTotal = this.total;
    if (this.state === 'running' || this.state === 'paused') {
      this.postStatus();
    }
  }

  /** What the status line shows. */
  get currentStatus(): TailStatus {
    const live = this.state === 'running' || this.state === 'paused';
    const waiting = this.state === 'paused';
    return {
      state: live && this.viewPaused ? 'paused' : this.state,
      ...this.statusDetail(live, waiting),
      total: this.total,
      buffered: this.buffer.size,
      dropped: this.buffer.droppedCount,
      ratePerSecond: this.rate,
      perPartition: [...this.perPartition.values()]
        .map((counted) => ({ ...counted }))
        .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition),
    };
  }

  private statusDetail(live: boolean, waiting: boolean): { detail?: string } {
    if (live && this.viewPaused) {
      return { detail: waiting ? 'buffer full: reading waits for Resume or Clear, nothing is dropped' : 'reading on until the buffer is full' };
    }
    return this.detail && !waiting ? { detail: this.detail } : {};
  }

  private detailOf(entry: Entry, deserializer: DeserializerId, whole: boolean): TailDetail {
    if (entry.message.batchError) {
      const text = batchErrorText(entry.message.batchError);
      return { id: entry.id, deserializer, valueFormat: 'error', valuePretty: text, valueError: text, key: '', headers: [], rawHex: '' };
    }
    const value = deserialize(deserializer, entry.message.value);
    const raw = entry.message.value ?? Buffer.alloc(0);
    return {
      id: entry.id,
      deserializer,
      valueFormat: value.format,
      ...cutForDetail(value.pretty ?? value.text, whole),
      ...(value.error ? { valueError: value.error } : {}),
      key: deserialize(this.form.keyDeserializer, entry.message.key).text,
      headers: decodedHeaders(entry.message, this.form).map(([name, v]) => [name, v ?? 'null'] as const),
      rawHex: toHex(raw.subarray(0, RAW_HEX_BYTES)),
    };
  }

  private post(message: HostToWebview): void {
    if (!this.disposed) {
      void this.panel.webview.postMessage(message);
    }
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    clearTimeout(this.flushTimer);
    clearInterval(this.statusTimer);
    this.buffer.clear();
    void this.session?.stop('panel closed');
    this.disposables.forEach((d) => d.dispose());
    this.panel.dispose();
    this.onClosed(this);
  }
}
