import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { DESERIALIZER_LABELS, DESERIALIZERS, deserialize, DeserializerId, toHex } from '../codecs/deserializers';
import { ClusterConfig } from '../kafka/clusterConfig';
import { ConnectionPool } from '../kafka/connectionPool';
import { describeKafkaError } from '../kafka/errors';
import { Log } from '../kafka/log';
import { TailMessage, TailSession, TailState } from '../kafka/tailSession';
import type { HostToWebview, TailDetail, TailForm, TailRow, TailStatus, WebviewToHost } from '../webview/tail/protocol';
import { PreviewDocuments } from './previewDocuments';
import { TailBuffer } from './tailBuffer';
import { parseTailForm } from './tailForm';

const PREVIEW_CHARS = 300;
const RAW_HEX_BYTES = 65536;
const FLUSH_MS = 100;

export const DEFAULT_FORM: TailForm = {
  topics: '',
  pattern: false,
  partitions: '',
  start: 'latest',
  startValue: '',
  groupId: '',
  autoCommit: false,
  keyDeserializer: 'auto',
  valueDeserializer: 'auto',
  maxMessages: '',
  idleSeconds: '',
};

interface Entry {
  readonly row: TailRow;
  readonly message: TailMessage;
}

export interface TailPanelDeps {
  readonly pool: ConnectionPool;
  readonly previews: PreviewDocuments;
  readonly log: Log;
  readonly extensionUri: vscode.Uri;
  readonly bufferSize: number;
}

function nonce(): string {
  return randomBytes(16).toString('base64');
}

function preview(text: string): string {
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

/**
 * One tail panel: the start form, then a live, virtualized table of decoded messages.
 * The host keeps a bounded buffer and sends rows in batches every 100 ms; the webview
 * keeps no state of its own, so hiding and showing it (no retainContextWhenHidden)
 * only replays the buffer. Closing the panel stops its consumer.
 */
export class TailPanel implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private session: TailSession | undefined;
  private readonly buffer: TailBuffer<Entry>;
  private pending: TailRow[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private state: TailStatus['state'] = 'idle';
  private detail: string | undefined;
  private total = 0;
  private nextId = 1;
  private lastRateTotal = 0;
  private rate = 0;
  private readonly perPartition = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

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
    this.panel.webview.html = this.html(this.panel.webview, media);
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

  get groupId(): string | undefined {
    return this.session?.groupId;
  }

  get rows(): readonly TailRow[] {
    return this.buffer.toArray().map((e) => e.row);
  }

  /** Handles one message from the webview (also the way tests drive the panel). */
  async handle(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.post({ type: 'init', form: this.form, clusterName: this.cluster.name, deserializers: DESERIALIZERS.map((id) => [id, DESERIALIZER_LABELS[id]] as const) });
        this.post({ type: 'rows', rows: this.rows, reset: true });
        this.post({ type: 'status', status: this.status() });
        return;
      case 'start':
        return this.start(message.form);
      case 'pause':
        this.session?.pause();
        return;
      case 'resume':
        this.session?.resume();
        return;
      case 'stop':
        await this.session?.stop('stopped by you');
        return;
      case 'clear':
        this.buffer.clear();
        this.pending = [];
        this.post({ type: 'rows', rows: [], reset: true });
        return;
      case 'select': {
        const entry = this.buffer.find((e) => e.row.id === message.id);
        if (entry) {
          this.post({ type: 'detail', detail: this.detailOf(entry, message.deserializer ?? this.form.valueDeserializer) });
        }
        return;
      }
      case 'openInEditor': {
        const entry = this.buffer.find((e) => e.row.id === message.id);
        if (entry) {
          const d = this.detailOf(entry, this.form.valueDeserializer);
          const document = { topic: entry.row.topic, partition: entry.row.partition, offset: entry.row.offset, timestamp: entry.row.timestamp, key: d.key, headers: Object.fromEntries(d.headers), valueFormat: d.valueFormat, value: d.valueFormat === 'json' || d.valueFormat === 'msgpack' ? JSON.parse(d.valuePretty) : d.valuePretty };
          await this.deps.previews.show(`${entry.row.topic}-${entry.row.partition}-${entry.row.offset}.json`, JSON.stringify(document, null, 2));
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
    this.form = form;
    this.panel.title = `Tail: ${form.topics}`;
    this.buffer.clear();
    this.pending = [];
    this.total = 0;
    this.perPartition.clear();
    this.post({ type: 'rows', rows: [], reset: true });
    const session = new TailSession(this.deps.pool.get(this.cluster), parsed.value, {
      onMessages: (messages) => this.onMessages(messages),
      onState: (state, detail) => this.onState(state, detail),
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
    this.post({ type: 'status', status: this.status() });
  }

  private onMessages(messages: readonly TailMessage[]): void {
    for (const message of messages) {
      const key = deserialize(this.form.keyDeserializer, message.key);
      const value = deserialize(this.form.valueDeserializer, message.value);
      const row: TailRow = {
        id: this.nextId++,
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        timestamp: new Date(Number(message.timestamp)).toISOString(),
        key: preview(key.text),
        keyFormat: key.format,
        value: preview(value.text),
        valueFormat: value.error ? `${value.format} (${value.error})` : value.format,
        headerCount: message.headers.length,
        size: message.value?.length ?? 0,
      };
      this.buffer.push({ row, message });
      this.pending.push(row);
      this.total++;
      const partitionKey = `${message.topic} [${message.partition}]`;
      this.perPartition.set(partitionKey, (this.perPartition.get(partitionKey) ?? 0) + 1);
    }
    if (this.pending.length > this.buffer.capacity) {
      this.pending = this.pending.slice(-this.buffer.capacity);
    }
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.flushTimer = undefined;
    if (this.pending.length > 0) {
      this.post({ type: 'rows', rows: this.pending });
      this.pending = [];
    }
  }

  private tick(): void {
    this.rate = this.total - this.lastRateTotal;
    this.lastRateTotal = this.total;
    if (this.state === 'running' || this.state === 'paused') {
      this.post({ type: 'status', status: this.status() });
    }
  }

  private status(): TailStatus {
    return {
      state: this.state,
      ...(this.detail ? { detail: this.detail } : {}),
      total: this.total,
      buffered: this.buffer.size,
      dropped: this.buffer.droppedCount,
      ratePerSecond: this.rate,
      perPartition: [...this.perPartition].sort(),
    };
  }

  private detailOf(entry: Entry, deserializer: DeserializerId): TailDetail {
    const value = deserialize(deserializer, entry.message.value);
    const raw = entry.message.value ?? Buffer.alloc(0);
    return {
      id: entry.row.id,
      deserializer,
      valueFormat: value.format,
      valuePretty: value.pretty ?? value.text,
      ...(value.error ? { valueError: value.error } : {}),
      key: deserialize(this.form.keyDeserializer, entry.message.key).text,
      headers: entry.message.headers.map(([name, v]) => [name, v === null ? 'null' : deserialize('auto', v).text] as const),
      rawHex: toHex(raw.subarray(0, RAW_HEX_BYTES)),
    };
  }

  private post(message: HostToWebview): void {
    if (!this.disposed) {
      void this.panel.webview.postMessage(message);
    }
  }

  private html(webview: vscode.Webview, media: vscode.Uri): string {
    const n = nonce();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'dist', 'tail.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'tail.css'));
    const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `script-src 'nonce-${n}'`, `img-src ${webview.cspSource}`, `font-src ${webview.cspSource}`].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Kafka tail</title>
</head>
<body>
<div id="app"></div>
<script nonce="${n}" src="${script.toString()}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    clearTimeout(this.flushTimer);
    clearInterval(this.statusTimer);
    void this.session?.stop('panel closed');
    this.disposables.forEach((d) => d.dispose());
    this.panel.dispose();
    this.onClosed(this);
  }
}
