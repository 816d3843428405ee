import { randomUUID } from 'node:crypto';
import { Consumer, EachBatchPayload } from 'kafkajs';
import { ClusterConnection } from '../connection/connection';
import { describeKafkaError } from '../errors';
import { fetchClusterMetadata, isInternalTopic } from '../admin/metadata';
import { planReset, ResetStrategy } from '../groups/offsetReset';
import { fetchOffsetRanges, fetchOffsets } from '../admin/offsets';
import { ScanRange, TailEnd } from './scanRange';
import { lastOffsetOf, TailMessage, tailMessages } from './tailMessages';

export type { TailMessage };

/** Where a tail starts reading (kafka-python's auto_offset_reset, and more). */
export type TailStart =
  | { readonly kind: 'latest' }
  | { readonly kind: 'earliest' }
  | { readonly kind: 'offset'; readonly offset: bigint }
  | { readonly kind: 'timestamp'; readonly timestamp: number }
  | { readonly kind: 'lastN'; readonly count: number };

export type TailGroup =
  /** A throwaway group: commits nothing and is deleted when the tail stops. */
  | { readonly kind: 'ephemeral' }
  /** A real group: partitions are shared with its other members; its committed offsets win over `start`. */
  | { readonly kind: 'named'; readonly groupId: string; readonly autoCommit: boolean };

export interface TailOptions {
  /** Topic names, or one regular expression (also matching topics created later). */
  readonly topics: readonly string[] | { readonly pattern: string };
  /** Only these partitions (of every topic); all when absent. */
  readonly partitions?: readonly number[];
  readonly start: TailStart;
  readonly group: TailGroup;
  /** Stop after this many messages (kafka-python: max_records, roughly). */
  readonly maxMessages?: number;
  /** Stop after this long without a message (kafka-python: consumer_timeout_ms). */
  readonly idleTimeoutMs?: number;
  /** How often a pattern is checked for new topics. */
  readonly topicRefreshMs?: number;
  /** A search: where it ends; it stops by itself once every partition got there. Absent: a live tail. */
  readonly end?: TailEnd;
}

export type TailState = 'starting' | 'running' | 'paused' | 'stopped' | 'error';

export interface TailListener {
  /** May return a promise (the panel fetches the batch's schemas first): the next batch waits for it. */
  onMessages(messages: readonly TailMessage[]): void | Promise<void>;
  onState(state: TailState, detail?: string): void;
  /**
   * How many more messages the listener takes now (unlimited when absent). At 0 the
   * consumer pauses and keeps its place until `resume()`: nothing is dropped.
   */
  room?(): number;
}

/** The detail of the 'paused' state while the listener has no room. */
export const WAITING_FOR_ROOM = 'waiting for room';

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * One live tail: a kafkajs consumer of its own, positioned by `start`, that reports
 * batches of raw messages. It remembers the next offset of every partition, so a rejoin
 * (after a broker restart, or when a pattern picks up a new topic) resumes exactly there:
 * nothing skipped, nothing shown twice.
 */
export class TailSession {
  readonly groupId: string;
  private consumer: Consumer | undefined;
  /** Deletes the ephemeral group once the consumer has left (set with the consumer). */
  private deleteGroup: ((groupId: string) => Promise<void>) | undefined;
  private readonly positions = new Map<string, string>();
  private topics: string[] = [];
  private readonly partitionCounts = new Map<string, number>();
  private count = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;
  private waitingForRoom = false;
  private restarting = false;
  /** A request of the consumer timed out and no fetch has answered since: the status says so. */
  private unanswered = false;
  /** A search's offsets per partition (see TailOptions.end). */
  private scan: ScanRange | undefined;

  constructor(
    private readonly connection: ClusterConnection,
    private readonly options: TailOptions,
    private readonly listener: TailListener,
  ) {
    this.groupId = options.group.kind === 'named' ? options.group.groupId : `kafka-explorer-tail-${randomUUID()}`;
  }

  get messageCount(): number {
    return this.count;
  }

  get subscribedTopics(): readonly string[] {
    return this.topics;
  }

  /** A search's progress: offsets scanned of the total; undefined for a live tail. */
  progress(): { scanned: bigint; total: bigint } | undefined {
    return this.scan?.progress(this.positions);
  }

  async start(): Promise<void> {
    this.listener.onState('starting');
    try {
      this.topics = await this.matchingTopics();
      if (this.topics.length === 0) {
        throw new Error('No topic matches.');
      }
      await this.startConsumer();
      if (!Array.isArray(this.options.topics)) {
        this.refreshTimer = setInterval(() => void this.checkPattern(), this.options.topicRefreshMs ?? 5000);
      }
      this.armIdleTimer();
    } catch (error) {
      this.listener.onState('error', describeKafkaError(error));
      await this.stop();
      throw error;
    }
  }

  /** Reads on after the listener made room (see `TailListener.room`). */
  resume(): void {
    if (!this.waitingForRoom) {
      return;
    }
    this.waitingForRoom = false;
    this.consumer?.resume(this.topics.map((topic) => ({ topic })));
    this.pauseExcludedPartitions();
    this.armIdleTimer();
    this.listener.onState('running');
  }

  private waitForRoom(): void {
    this.waitingForRoom = true;
    clearTimeout(this.idleTimer);
    this.consumer?.pause(this.topics.map((topic) => ({ topic })));
    this.listener.onState('paused', WAITING_FOR_ROOM);
  }

  /** Disconnects; an ephemeral group is deleted so nothing is left on the cluster. */
  stop(detail?: string): Promise<void> {
    this.stopping ??= (async () => {
      clearTimeout(this.idleTimer);
      clearInterval(this.refreshTimer);
      await this.disconnectConsumer();
      this.consumer = undefined;
      if (this.options.group.kind === 'ephemeral') {
        // The tail stops either way; a group left behind expires on the broker, and the log says which.
        await this.deleteGroup?.(this.groupId).catch((error) =>
          this.connection.logger.warn(
            `tail: could not delete its group ${this.groupId} (${describeKafkaError(error)}); the broker removes it when its offsets expire`,
          ),
        );
      }
      this.listener.onState('stopped', detail);
    })();
    return this.stopping;
  }

  /** Leaves the group; a failure (the broker is gone, say) is logged: the consumer is dropped either way. */
  private async disconnectConsumer(): Promise<void> {
    await this.consumer
      ?.disconnect()
      .catch((error) => this.connection.logger.info(`tail ${this.groupId}: disconnecting its consumer: ${describeKafkaError(error)}`));
  }

  private async matchingTopics(): Promise<string[]> {
    const metadata = await this.connection.query('tail topics', ({ cluster }) => fetchClusterMetadata(cluster));
    const names = metadata.topics.map((t) => t.name);
    metadata.topics.forEach((t) => this.partitionCounts.set(t.name, t.partitions.length));
    if (Array.isArray(this.options.topics)) {
      const missing = this.options.topics.filter((t) => !names.includes(t));
      if (missing.length > 0) {
        throw new Error(`No such topic: ${missing.join(', ')}`);
      }
      return [...this.options.topics];
    }
    const pattern = new RegExp((this.options.topics as { pattern: string }).pattern);
    return names.filter((name) => !isInternalTopic(name) && pattern.test(name)).sort();
  }

  private async checkPattern(): Promise<void> {
    if (this.restarting || this.stopping) {
      return;
    }
    try {
      const now = await this.matchingTopics();
      if (now.some((t) => !this.topics.includes(t))) {
        this.restarting = true;
        const added = now.filter((t) => !this.topics.includes(t));
        // A topic created while the tail runs is read from its beginning: all of it is new.
        for (const topic of added) {
          const metadata = await this.connection.query('new topic', ({ cluster }) => fetchClusterMetadata(cluster, [topic]));
          metadata.topics[0]?.partitions.forEach(
            (p) => this.positions.has(key(topic, p.partition)) || this.positions.set(key(topic, p.partition), '0'),
          );
        }
        this.topics = now;
        await this.disconnectConsumer();
        await this.startConsumer();
      }
    } catch (error) {
      this.listener.onState('error', describeKafkaError(error));
    } finally {
      this.restarting = false;
    }
  }

  /**
   * Start offsets for the explicit modes (offset, timestamp, last N) of every partition,
   * planned like an offset reset: clamped to each partition's earliest..latest, and a time
   * with no message after it means the latest offset. The last N is a shift back from latest.
   */
  private async startOffsets(): Promise<Map<string, string>> {
    const start = this.options.start;
    const result = new Map<string, string>();
    if (start.kind === 'latest' || start.kind === 'earliest') {
      return result;
    }
    const strategy: ResetStrategy = start.kind === 'lastN' ? { kind: 'shift', by: -BigInt(start.count) } : start;
    await this.connection.query('tail start offsets', async ({ cluster }) => {
      const metadata = await fetchClusterMetadata(cluster, this.topics);
      const wanted = metadata.topics.map((t) => ({ topic: t.name, partitions: t.partitions.map((p) => p.partition) }));
      const ranges = await fetchOffsetRanges(cluster, metadata, wanted);
      const atTime = start.kind === 'timestamp' ? await fetchOffsets(cluster, metadata, wanted, start.timestamp) : undefined;
      const candidates = [...ranges].flatMap(([topic, byPartition]) =>
        [...byPartition].map(([partition, range]) => ({
          topic,
          partition,
          current: start.kind === 'lastN' ? range.latest : undefined,
          ...range,
          ...(atTime ? { atTimestamp: atTime.get(topic)?.get(partition) ?? -1n } : {}),
        })),
      );
      for (const planned of planReset(candidates, strategy)) {
        result.set(key(planned.topic, planned.partition), String(planned.target));
      }
    });
    return result;
  }

  private async startConsumer(): Promise<void> {
    const group = this.options.group;
    const own = await this.connection.ownConsumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 10000,
      heartbeatInterval: 3000,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 5000 },
    });
    const consumer = own.consumer;
    this.consumer = consumer;
    this.deleteGroup = own.deleteGroup;
    const initial = this.positions.size === 0 ? await this.startOffsets() : new Map<string, string>();
    initial.forEach((offset, k) => this.positions.set(k, offset));
    if (this.options.end && !this.scan) {
      this.scan = await ScanRange.plan(
        this.connection,
        this.topics,
        this.options.partitions,
        this.options.start.kind === 'latest',
        this.positions,
        this.options.end,
      );
    }
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      // Put every assigned partition where this tail left it (or where it should start).
      for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
        for (const partition of partitions) {
          const position = this.positions.get(key(topic, partition));
          if (position !== undefined && group.kind === 'ephemeral') {
            consumer.seek({ topic, partition, offset: position });
          }
        }
      }
      this.pauseExcludedPartitions();
      this.pauseFinishedPartitions();
      if (this.waitingForRoom) {
        consumer.pause(this.topics.map((topic) => ({ topic })));
      }
      this.listener.onState(this.waitingForRoom ? 'paused' : 'running', this.waitingForRoom ? WAITING_FOR_ROOM : undefined);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.listener.onState('error', describeKafkaError(payload.error));
    });
    // A network that stops answering is no crash: kafkajs asks again for ever and the tail would
    // look "running". Its request timeouts are said in the status until a fetch answers again.
    consumer.on(consumer.events.REQUEST_TIMEOUT, ({ payload }) => {
      this.unanswered = true;
      this.listener.onState('error', `${payload.broker} did not answer a ${payload.apiName} request in time; asking again`);
    });
    consumer.on(consumer.events.FETCH, () => {
      if (this.unanswered) {
        this.unanswered = false;
        this.listener.onState(this.waitingForRoom ? 'paused' : 'running', this.waitingForRoom ? WAITING_FOR_ROOM : undefined);
      }
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: this.options.start.kind !== 'latest' });
    await consumer.run({
      autoCommit: group.kind === 'named' && group.autoCommit,
      // Only what the listener took is resolved: the rest of a batch is fetched again.
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.onBatch(payload),
    });
    // A search over empty ranges has nothing to wait for.
    this.stopWhenScanned();
  }

  /** A search's partitions that have reached their end read nothing more. */
  private pauseFinishedPartitions(): void {
    const done = this.scan?.finished(this.positions) ?? [];
    done.forEach(({ topic, partition }) => this.consumer?.pause([{ topic, partitions: [partition] }]));
  }

  private stopWhenScanned(): void {
    const scan = this.scan;
    if (scan && scan.finished(this.positions).length === scan.partitionCount && !this.stopping) {
      const { total } = scan.progress(this.positions);
      void this.stop(`search done: ${total.toLocaleString('en-US')} offsets scanned`);
    }
  }

  private pauseExcludedPartitions(): void {
    const only = this.options.partitions;
    if (!only || !this.consumer) {
      return;
    }
    // kafkajs cannot assign a subset of partitions within a group; pausing the rest works.
    this.consumer.pause(
      this.topics.map((topic) => ({
        topic,
        partitions: Array.from({ length: this.partitionCounts.get(topic) ?? 0 }, (_, p) => p).filter((p) => !only.includes(p)),
      })),
    );
  }

  private async onBatch({ batch, resolveOffset, heartbeat }: EachBatchPayload): Promise<void> {
    const left = this.options.maxMessages === undefined ? Infinity : this.options.maxMessages - this.count;
    const room = this.waitingForRoom ? 0 : (this.listener.room?.() ?? Infinity);
    const all = tailMessages(batch.topic, batch.partition, batch.messages);
    // A search takes nothing past its end.
    const available = this.scan ? this.scan.within(batch.topic, batch.partition, all) : all;
    const take = Math.max(0, Math.min(left, room, available.length));
    const messages = take === available.length ? available : available.slice(0, take);
    if (messages.length > 0) {
      // Hand over first: if the listener throws, nothing is resolved and kafkajs fetches the batch again.
      await this.listener.onMessages(messages);
      this.count += messages.length;
      const last = lastOffsetOf(messages[messages.length - 1]);
      this.positions.set(key(batch.topic, batch.partition), (BigInt(last) + 1n).toString());
      resolveOffset(last);
      this.armIdleTimer();
    }
    if (this.scan && take === available.length) {
      // Past the end: the first message after it, or the batch's last offset (control records and
      // compacted-away offsets included), so that a partition whose end is no message finishes too.
      const next = available.length < all.length ? BigInt(all[available.length].offset) : BigInt(batch.lastOffset()) + 1n;
      if (this.scan.reached(batch.topic, batch.partition, next)) {
        this.positions.set(key(batch.topic, batch.partition), String(next));
      }
      this.pauseFinishedPartitions();
      this.stopWhenScanned();
    }
    await heartbeat();
    if (this.count === this.options.maxMessages) {
      void this.stop(`stopped after ${this.count} messages`);
    } else if (take < available.length && !this.waitingForRoom) {
      this.waitForRoom();
    }
  }

  private armIdleTimer(): void {
    const idle = this.options.idleTimeoutMs;
    if (idle === undefined || this.waitingForRoom) {
      return;
    }
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.stop(`stopped after ${idle / 1000} s without a message`), idle);
  }
}
