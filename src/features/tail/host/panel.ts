import * as vscode from 'vscode';
import { DESERIALIZER_LABELS, DESERIALIZERS, HEADER_FORMAT_LABELS, HEADER_FORMATS } from '../../../codecs/deserializers';
import { ClusterConfig } from '../../../kafka/connection/clusterConfig';
import { ConnectionPool } from '../../../kafka/connection/connectionPool';
import { describeKafkaError } from '../../../kafka/errors';
import { Log } from '../../../common/log';
import { fetchClusterMetadata } from '../../../kafka/admin/metadata';
import { TailMessage, TailSession, TailState } from '../../../kafka/consume/tailSession';
import { FilterMemory } from './filterMemory';
import { ProduceMemory } from '../../../state/produceMemory';
import { SchemaRegistries } from '../../../state/schemaRegistries';
import { SchemaCache } from '../../../registry/schemaCache';
import { PreviewDocuments } from '../../../workbench/previewDocuments';
import { PanelHost } from '../../../workbench/panelHost/panelHost';
import { copyKcatCommand, exportMessages, openMessage, produceAgain } from './actions';
import { formTopicNames, parseTailForm } from './form';
import { ExpressionFilter } from './filter';
import { TailEntry, TailModel } from './model';
import { MessageDecoders } from './rows';
import { HostToWebview, parseRequest, RequestAnswer, TailForm, TailRequest, TailRow, TailStatus } from '../protocol';

export { DEFAULT_FORM } from './defaults';

const FLUSH_MS = 100;
/** The webview type: VS Code restores panels of this type after a window reload through panels.ts. */
export const TAIL_VIEW_TYPE = 'kafkaExplorer.tail';

const usesRegistry = (form: TailForm): boolean =>
  [form.keyDeserializer, form.valueDeserializer].some((id) => id === 'auto' || id === 'schema-registry');

export interface TailPanelDeps {
  readonly pool: ConnectionPool;
  readonly previews: PreviewDocuments;
  /** Produce Again leaves the message's topic and key here for Produce Selection to offer. */
  readonly produceMemory: ProduceMemory;
  /** Filter expressions saved per topic. */
  readonly filterMemory: FilterMemory;
  /** Send to Topic…: the questions, the dry run and the sending (features/produce/sendToTopic.ts). */
  readonly sendToTopic: (cluster: ClusterConfig, messages: readonly TailMessage[]) => Promise<unknown>;
  /** The cluster's Schema Registry, when it has one: its schemas decode wire-format keys and values. */
  readonly schemaRegistries: SchemaRegistries;
  readonly log: Log;
  readonly extensionUri: vscode.Uri;
  readonly bufferSize: number;
}

/**
 * One tail panel's webview glue: it checks what the webview sends, answers every request
 * with done or failed, runs the tail session and posts what the model (model.ts) says.
 * Every 100 ms it sends only the rows in the webview's view. The webview keeps no state of
 * its own, so hiding and showing it (no retainContextWhenHidden) just asks for the view
 * again. Closing the panel stops its consumer.
 */
export class TailPanel implements vscode.Disposable {
  private readonly host: PanelHost<TailRequest, HostToWebview>;
  private session: TailSession | undefined;
  private readonly model: TailModel;
  /** The cluster's schemas, from the start of a tail (undefined: the cluster has no registry). */
  private schemas: SchemaCache | undefined;
  private changed = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly statusTimer: NodeJS.Timeout;
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
    /** A panel VS Code brought back after a window reload, else a new one is opened. */
    revived?: vscode.WebviewPanel,
  ) {
    this.model = new TailModel(deps.bufferSize, () => this.decoders());
    this.host = new PanelHost({
      viewType: TAIL_VIEW_TYPE,
      feature: 'tail',
      title: `Tail: ${form.topics || 'topics'}`,
      pageTitle: 'Kafka tail',
      extensionUri: deps.extensionUri,
      revived,
      parse: parseRequest,
      handle: (request) => this.handle(request),
      describeError: describeKafkaError,
      warn: (message) => this.deps.log.warn(`tail ${this.cluster.name}/${this.form.topics}: ${message}`),
      onDidDispose: () => this.closed(),
    });
    this.statusTimer = setInterval(() => this.tick(), 1000);
    if (autoStart) {
      this.handle({ type: 'start', form }).catch((error) =>
        this.deps.log.warn(`tail ${cluster.name}/${form.topics}: ${describeKafkaError(error)}`),
      );
    }
  }

  get currentState(): TailStatus['state'] {
    return this.model.state;
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
    return this.model.allRows();
  }

  /** What the status line shows. */
  get currentStatus(): TailStatus {
    const progress = this.session?.progress();
    return progress
      ? {
          ...this.model.status(),
          search: { scanned: String(progress.scanned), total: String(progress.total), matches: this.model.matches },
        }
      : this.model.status();
  }

  /**
   * A message from the webview: checked, carried out, and answered with done or failed;
   * nothing is left unanswered or unhandled. Returns the answer it posted.
   */
  receive(raw: unknown): Promise<RequestAnswer> {
    return this.host.receive(raw);
  }

  get panel(): vscode.WebviewPanel {
    return this.host.panel;
  }

  /** Carries out one checked request (also the way tests drive the panel); throws what the user should read. */
  async handle(request: TailRequest): Promise<void> {
    switch (request.type) {
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
        this.postSavedFilters();
        void this.postSuggestions();
        return;
      case 'view':
        this.model.setWindow(request);
        this.sendWindow();
        return;
      case 'filter':
        this.model.setFilter({
          text: request.text,
          partition: request.partition,
          ...this.expressionFilter(request.expression),
          ...(request.timeFrom !== undefined && request.timeTo !== undefined
            ? { time: { from: request.timeFrom, to: request.timeTo } }
            : {}),
        });
        this.sendWindow();
        this.postStatus();
        return;
      case 'sendToTopic': {
        const ids = new Set(request.ids);
        const everyMatch = ids.size === 0 && request.ranges.length === 0;
        const chosen = this.model
          .entries(true)
          .filter(
            (e) =>
              everyMatch || ids.has(e.id) || request.ranges.some(([from, to]) => e.id >= Math.min(from, to) && e.id <= Math.max(from, to)),
          );
        await this.deps.sendToTopic(
          this.cluster,
          chosen.map((e) => e.message),
        );
        return;
      }
      case 'saveFilter':
        this.expressionFilter(request.expression);
        await this.deps.filterMemory.save(this.cluster.name, this.topicNames(), request.expression.trim());
        this.postSavedFilters();
        return;
      case 'start': {
        const started = this.starting.then(() => this.start(request.form));
        this.starting = started.catch(() => undefined);
        return started;
      }
      case 'pause':
        // The table holds still; the consumer reads on until the buffer is full, then waits.
        this.model.hold(true);
        this.postStatus();
        return;
      case 'resume':
        this.model.hold(false);
        this.session?.resume();
        this.sendWindow();
        this.postStatus();
        return;
      case 'stop':
        await this.stop('stopped by you');
        return;
      case 'clear':
        this.model.clear();
        this.session?.resume();
        this.sendWindow();
        return;
      case 'select': {
        const entry = this.entry(request.id);
        this.post({
          type: 'detail',
          detail: this.model.detail(entry, request.deserializer ?? this.form.valueDeserializer, request.whole === true),
        });
        return;
      }
      case 'openInEditor':
        return openMessage(this.deps.previews, this.entry(request.id).message, this.decoders());
      case 'export':
        this.lastExport = await exportMessages(
          this.model.entries(request.filtered).map((e) => e.message),
          request.format,
          this.decoders(),
        );
        return;
      case 'copyKcat':
        return copyKcatCommand(this.cluster.bootstrapServers, this.entry(request.id).message);
      case 'produceAgain':
        await produceAgain(this.deps.produceMemory, this.cluster.name, this.entry(request.id).message, this.decoders());
        return;
    }
  }

  /** The expression compiled; an expression that does not compile is the request's failure, with where. */
  private expressionFilter(text: string | undefined): { expression?: ExpressionFilter } {
    if (text === undefined || text.trim() === '') {
      return {};
    }
    const compiled = ExpressionFilter.compile(text.trim());
    if (!compiled.ok) {
      throw new Error(`Expression, column ${compiled.problem.offset + 1}: ${compiled.problem.message}`);
    }
    return { expression: compiled.filter };
  }

  /** The form's topics by name (a pattern tail has none: its saved filters go under the pattern). */
  private topicNames(): string[] {
    return this.form.pattern ? [this.form.topics.trim()] : formTopicNames(this.form);
  }

  private postSavedFilters(): void {
    this.post({ type: 'savedFilters', expressions: this.deps.filterMemory.saved(this.cluster.name, this.topicNames()) });
  }

  /** The cluster's topics for the start form, asked afresh (a topic just created is offered); a bonus, so a failure is only logged. */
  private async postSuggestions(): Promise<void> {
    try {
      const metadata = await this.deps.pool.get(this.cluster).query('topic suggestions', ({ cluster }) => fetchClusterMetadata(cluster));
      const topics = metadata.topics.filter((t) => !t.internal).map((t) => [t.name, t.partitions.length] as const);
      this.post({ type: 'suggestions', topics });
    } catch (error) {
      this.deps.log.info(`tail ${this.cluster.name}: no topic suggestions (${describeKafkaError(error)})`);
    }
  }

  /** The buffered message with this row id; a row that has left the buffer is an error the panel shows. */
  private entry(id: number): TailEntry {
    const entry = this.model.entry(id);
    if (!entry) {
      throw new Error('That message is no longer in the buffer (the oldest make way for new ones, or it was cleared).');
    }
    return entry;
  }

  private decoders(): MessageDecoders {
    return this.schemas ? { ...this.form, schemas: this.schemas } : this.form;
  }

  /** The cluster's schema cache; a registry whose TLS files cannot be read is said once, and the tail goes on without it. */
  private async schemaCache(): Promise<SchemaCache | undefined> {
    try {
      return await this.deps.schemaRegistries.forCluster(this.cluster);
    } catch (error) {
      this.deps.log.warn(`tail ${this.cluster.name}: no Schema Registry (${describeKafkaError(error)})`);
      return undefined;
    }
  }

  private async start(form: TailForm): Promise<void> {
    const parsed = parseTailForm(form, Date.now());
    if (!parsed.ok) {
      throw new Error(parsed.error);
    }
    await this.session?.stop();
    this.session = undefined;
    if (this.host.isDisposed) {
      return;
    }
    this.form = form;
    this.postSavedFilters();
    this.schemas = await this.schemaCache();
    this.host.title = `Tail: ${form.topics}`;
    this.model.reset();
    this.model.setSearch(form.end !== 'live');
    this.sendWindow();
    const session = new TailSession(this.deps.pool.get(this.cluster), parsed.value, {
      onMessages: (messages) => this.onMessages(messages),
      onState: (state, detail) => this.onState(state, detail),
      // Running, the oldest rows make way for new ones; held by the user, nothing is dropped.
      room: () => this.model.room(),
    });
    this.session = session;
    const group = parsed.value.group.kind === 'named' ? `group ${session.groupId}` : 'no group';
    this.deps.log.info(`tail ${this.cluster.name}/${form.topics}: starting (${form.start}, ${group})`);
    try {
      await session.start();
    } catch (error) {
      // The session has said so in its state, which the status line shows.
      this.onState('error', describeKafkaError(error));
    }
  }

  private onState(state: TailState, detail?: string): void {
    this.model.setConsumerState(state, detail);
    if (state === 'error' || state === 'stopped') {
      this.deps.log.info(`tail ${this.cluster.name}/${this.form.topics}: ${state}${detail ? ` (${detail})` : ''}`);
    }
    this.postStatus();
  }

  private postStatus(): void {
    this.post({ type: 'status', status: this.currentStatus });
  }

  private async onMessages(messages: readonly TailMessage[]): Promise<void> {
    // Every schema id the batch names is fetched (once) before its rows can be shown: rows decode synchronously.
    if (this.schemas && usesRegistry(this.form)) {
      await this.schemas.prefetch(messages);
    }
    this.model.add(messages);
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
    if (!this.model.held) {
      this.changed = false;
      this.sendWindow();
    }
  }

  /** Decodes and sends the rows in the webview's view (the newest ones while following). */
  private sendWindow(): void {
    this.post({ type: 'rows', ...this.model.windowRows() });
  }

  private tick(): void {
    this.model.tick();
    if (this.model.state === 'running' || this.model.state === 'paused') {
      this.postStatus();
    }
  }

  private post(message: HostToWebview): void {
    this.host.post(message);
  }

  dispose(): void {
    this.host.dispose();
  }

  /** The panel closed: its consumer stops, its timers end, its rows go. */
  private closed(): void {
    clearTimeout(this.flushTimer);
    clearInterval(this.statusTimer);
    this.model.reset();
    void this.session?.stop('panel closed');
    this.onClosed(this);
  }
}
