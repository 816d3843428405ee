import { randomUUID } from 'node:crypto';
import { Consumer, EachBatchPayload } from 'kafkajs';
import { ClusterConnection } from '../connection/connection';
import { describeKafkaError } from '../errors';
import { fetchClusterMetadata, isInternalTopic } from '../admin/metadata';
import { OwnFetch, startOwnFetch } from './ownFetch';
import { ScanRange } from './scanRange';
import { planStartOffsets } from './startOffsets';
import type { FetchPath, TailListener, TailOptions } from './tailOptions';
import { WAITING_FOR_ROOM } from './tailOptions';
import { lastOffsetOf, TailMessage, tailMessages } from './tailMessages';

export type { TailMessage };

export type { FetchPath, TailGroup, TailListener, TailOptions, TailStart, TailState } from './tailOptions';
export { WAITING_FOR_ROOM } from './tailOptions';

let defaultFetchPath: FetchPath = 'own';

/** How tails that do not say read without a named group (the tests run every tail test both ways). */
export function useFetchPathByDefault(path: FetchPath): void {
  defaultFetchPath = path;
}

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
  /** The own fetch path's reader and its connections (see usesOwnFetch). */
  private fetching: OwnFetch | undefined;
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
    this.fetching?.fetcher.resume();
    this.pauseExcludedPartitions();
    this.pauseFinishedPartitions();
    this.armIdleTimer();
    this.listener.onState('running');
  }

  private waitForRoom(): void {
    this.waitingForRoom = true;
    clearTimeout(this.idleTimer);
    this.consumer?.pause(this.topics.map((topic) => ({ topic })));
    this.fetching?.fetcher.pause();
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
    const fetching = this.fetching;
    this.fetching = undefined;
    await fetching?.stop();
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

  /** Reading, or paused while the listener has no room: what the status says once reading (re)starts. */
  private reportReading(): void {
    this.listener.onState(this.waitingForRoom ? 'paused' : 'running', this.waitingForRoom ? WAITING_FOR_ROOM : undefined);
  }

  /**
   * Where each partition starts, on the first start only (a restart resumes at the positions),
   * and a search's range from there, planned once.
   */
  private async planPositions(): Promise<void> {
    if (this.positions.size === 0) {
      const start = await planStartOffsets(this.connection, this.topics, this.options.start);
      start.forEach((offset, k) => this.positions.set(k, offset));
    }
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
  }

  /** A tail without a named group reads with its own fetches unless told otherwise. */
  private usesOwnFetch(): boolean {
    return this.options.group.kind === 'ephemeral' && (this.options.fetchPath ?? defaultFetchPath) === 'own';
  }

  private async startConsumer(): Promise<void> {
    if (!this.usesOwnFetch()) {
      return this.startKafkajsConsumer();
    }
    await this.planPositions();
    this.fetching = await startOwnFetch(this.connection, {
      topics: this.topics,
      partitions: this.options.partitions,
      fromLatest: this.options.start.kind === 'latest',
      positions: this.positions,
      handler: {
        take: (topic, partition, messages, next) => this.takeFetched(topic, partition, messages, next),
        problem: (detail) => {
          this.unanswered = true;
          this.listener.onState('error', detail);
        },
        answered: () => this.answeredAgain(),
      },
    });
    this.pauseFinishedPartitions();
    if (this.waitingForRoom) {
      this.fetching.fetcher.pause();
    }
    this.fetching.fetcher.start();
    this.reportReading();
    this.stopWhenScanned();
  }

  /** The own path's messages of one partition: as many as there is room for; returns where to read on. */
  private async takeFetched(topic: string, partition: number, messages: TailMessage[], next: bigint): Promise<bigint> {
    const { taken, last } = await this.deliver(topic, partition, messages, next);
    if (taken === messages.length) {
      // Past every record of the fetch, control records and compacted-away offsets included.
      this.positions.set(key(topic, partition), String(next));
      return next;
    }
    return last !== undefined ? BigInt(last) + 1n : BigInt(messages[0].offset);
  }

  /** After a request timed out or failed, the first answer puts the status back. */
  private answeredAgain(): void {
    if (this.unanswered) {
      this.unanswered = false;
      this.reportReading();
    }
  }

  private async startKafkajsConsumer(): Promise<void> {
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
    await this.planPositions();
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
      this.reportReading();
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
    consumer.on(consumer.events.FETCH, () => this.answeredAgain());
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
    this.fetching?.fetcher.pause(done);
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
    const { last } = await this.deliver(
      batch.topic,
      batch.partition,
      tailMessages(batch.topic, batch.partition, batch.messages),
      BigInt(batch.lastOffset()) + 1n,
    );
    if (last !== undefined) {
      resolveOffset(last);
    }
    await heartbeat();
  }

  /**
   * Hands one partition's messages (offset order) to the listener, as many as the listener has
   * room for, a search's end and maxMessages allow; `batchNext` is the offset after all of them.
   * Returns how many were taken and the last offset taken. Whatever is not taken is read again.
   */
  private async deliver(
    topic: string,
    partition: number,
    all: TailMessage[],
    batchNext: bigint,
  ): Promise<{ taken: number; last?: string }> {
    const left = this.options.maxMessages === undefined ? Infinity : this.options.maxMessages - this.count;
    const room = this.waitingForRoom ? 0 : (this.listener.room?.() ?? Infinity);
    // A search takes nothing past its end.
    const available = this.scan ? this.scan.within(topic, partition, all) : all;
    const take = Math.max(0, Math.min(left, room, available.length));
    const messages = take === available.length ? available : available.slice(0, take);
    let last: string | undefined;
    if (messages.length > 0) {
      // Hand over first: if the listener throws, nothing is resolved and the batch is read again.
      await this.listener.onMessages(messages);
      this.count += messages.length;
      last = lastOffsetOf(messages[messages.length - 1]);
      this.positions.set(key(topic, partition), (BigInt(last) + 1n).toString());
      this.armIdleTimer();
    }
    if (this.scan && take === available.length) {
      // Past the end: the first message after it, or the batch's end (control records and
      // compacted-away offsets included), so that a partition whose end is no message finishes too.
      const next = available.length < all.length ? BigInt(all[available.length].offset) : batchNext;
      if (this.scan.reached(topic, partition, next)) {
        this.positions.set(key(topic, partition), String(next));
      }
      this.pauseFinishedPartitions();
      this.stopWhenScanned();
    }
    if (this.count === this.options.maxMessages) {
      void this.stop(`stopped after ${this.count} messages`);
    } else if (take < available.length && !this.waitingForRoom) {
      this.waitForRoom();
    }
    return { taken: take === available.length ? all.length : take, ...(last !== undefined ? { last } : {}) };
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
