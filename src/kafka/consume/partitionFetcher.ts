/**
 * The own fetch path of tails and searches that need no consumer group: Fetch requests of the
 * generated wire layer, one to each leader for all of its partitions at once, read by our record
 * batch reader, read_committed by the aborted-transaction lists, with the positions kept here.
 * A partition's messages are handed over in offset order, and only what was fetched from its
 * position at the time: nothing skipped, nothing twice (the next fetch is asked for while an
 * answer is handed over, see fetchFrom). A leader that moved refreshes the metadata; an offset
 * out of range asks the handler where to go.
 */
import type { AdminClients } from '../connection/connection';
import { fetchClusterMetadata } from '../admin/metadata';
import { describeKafkaError } from '../errors';
import { protocolErrorFromCode } from '../kafkajsInternals';
import { sendRequest } from '../requests';
import { FETCH, FetchResponse, PartitionData } from '../wire/generated/fetch';
import { endOfWholeBatches, readRecordBatches } from '../wire/recordBatchReader';
import { failureMessage, messageMaker, TailMessage } from './tailMessages';
import { visibleRecords } from './visibleRecords';

export interface FetchHandler {
  /**
   * Takes a partition's messages, in offset order from its position on (a batch that could not be
   * decoded is one message with its error). Returns where the partition is read from next: `next`
   * when all were taken, an earlier offset when some were not.
   */
  take(topic: string, partition: number, messages: TailMessage[], next: bigint): Promise<bigint>;
  /** A fetch failed, or a partition has no leader: said in the status while the fetcher tries again. */
  problem(detail: string): void;
  /** A fetch answered (after a problem, the status can say so). */
  answered(): void;
  /** Where a partition whose position is out of range (deleted by retention, say) reads from. */
  outOfRange(topic: string, partition: number): Promise<bigint>;
}

export interface FetcherOptions {
  /** Skip aborted transactions and markers (kafkajs' consumer and kafka-python do by default). */
  readonly readCommitted: boolean;
  readonly maxWaitMs?: number;
  readonly maxBytes?: number;
  readonly partitionMaxBytes?: number;
}

interface Position {
  readonly topic: string;
  readonly partition: number;
  offset: bigint;
}

/** A partition as a request asked for it. */
type Requested = Readonly<Position>;

interface Answer {
  readonly response: FetchResponse;
  readonly requested: ReadonlyMap<string, Requested>;
}

/** Topic names in Fetch: v13 on use topic ids, which Metadata would have to give first. */
const FETCH_VERSIONS = { maxVersion: 12 };
const READ_COMMITTED = 1;
const READ_UNCOMMITTED = 0;
/** Error codes after which the partition's leader is looked up again. */
const LEADER_ERRORS = new Set([3, 5, 6, 9, 56, 74, 75, 78]);
const OFFSET_OUT_OF_RANGE = 1;
/** kafkajs' consumer's sizes: 10 MB a fetch, 1 MB a partition (Java's 50 MB would hold more in memory at once). */
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_PARTITION_MAX_BYTES = 1024 * 1024;
const FIRST_BACKOFF_MS = 300;
const MAX_BACKOFF_MS = 5000;

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** What a request error says in the status, in the words the kafkajs path used. */
function problemOf(error: unknown): string {
  const failure = error as { name?: string; broker?: string };
  if (failure?.name === 'KafkaJSRequestTimeoutError') {
    return `${failure.broker ?? 'the broker'} did not answer a Fetch request in time; asking again`;
  }
  return `${describeKafkaError(error)}; asking again`;
}

export class PartitionFetcher {
  private readonly positions = new Map<string, Position>();
  private readonly paused = new Set<string>();
  /** Partitions in a fetch that has not been handled yet: never fetched twice at once. */
  private readonly inFlight = new Set<string>();
  /** Leaders with a fetch loop running (fetchFrom): one each, so that a partition's messages stay in order. */
  private readonly busyLeaders = new Set<number>();
  private leaders = new Map<string, number>();
  private stale = true;
  private stopped = false;
  /** Bumped when the partitions to fetch change (added, resumed): a leader's loop then ends and is planned again. */
  private generation = 0;
  private backoffMs = 0;
  private wakeUp: (() => void) | undefined;
  private wokenEarly = false;
  /** Handovers to the handler in progress: stop() waits for them. */
  private readonly handovers = new Set<Promise<unknown>>();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly clients: AdminClients,
    private readonly handler: FetchHandler,
    private readonly options: FetcherOptions,
  ) {}

  /** Reads `topic`/`partition` from `offset` on (again, after a restart, or a topic created later). */
  add(topic: string, partition: number, offset: bigint): void {
    this.positions.set(key(topic, partition), { topic, partition, offset });
    this.stale = true;
    this.generation++;
    this.wake();
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops fetching `partitions` (all when absent); a fetch already out is not handed over for them. */
  pause(partitions?: ReadonlyArray<{ topic: string; partition: number }>): void {
    for (const { topic, partition } of partitions ?? [...this.positions.values()]) {
      this.paused.add(key(topic, partition));
    }
  }

  resume(partitions?: ReadonlyArray<{ topic: string; partition: number }>): void {
    if (partitions) {
      partitions.forEach(({ topic, partition }) => this.paused.delete(key(topic, partition)));
    } else {
      this.paused.clear();
    }
    this.generation++;
    this.wake();
  }

  /**
   * Nothing is handed over once this resolves: it waits for a handover in progress, not for the
   * network (a fetch still out is dropped when it answers; the caller closes the connections).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await Promise.allSettled([...this.handovers]);
  }

  /** Ends the loop's sleep; one that comes while the loop is busy ends its next sleep at once. */
  private wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    if (wakeUp) {
      wakeUp();
    } else {
      this.wokenEarly = true;
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.wokenEarly || this.stopped) {
      this.wokenEarly = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = undefined;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private nextBackoff(): number {
    this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs === 0 ? FIRST_BACKOFF_MS : this.backoffMs * 2);
    return this.backoffMs;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (this.stale && !(await this.refreshLeaders())) {
        await this.sleep(this.nextBackoff());
        continue;
      }
      if (this.stopped) {
        break;
      }
      for (const [leader, wanted] of this.idlePartitionsByLeader()) {
        this.busyLeaders.add(leader);
        wanted.forEach((position) => this.inFlight.add(key(position.topic, position.partition)));
        void this.fetchFrom(leader, wanted).finally(() => {
          this.busyLeaders.delete(leader);
          wanted.forEach((position) => this.inFlight.delete(key(position.topic, position.partition)));
          this.wake();
        });
      }
      // Woken by an answer, resume(), add() or stop(); the timer only re-checks the leaders.
      await this.sleep(MAX_BACKOFF_MS);
    }
  }

  /** True when every wanted partition has a leader; says which have none. */
  private async refreshLeaders(): Promise<boolean> {
    const topics = [...new Set([...this.positions.values()].map((p) => p.topic))];
    try {
      const metadata = await fetchClusterMetadata(this.clients.cluster, topics);
      const leaders = new Map<string, number>();
      metadata.topics.forEach((t) => t.partitions.forEach((p) => leaders.set(key(t.name, p.partition), p.leader)));
      this.leaders = leaders;
    } catch (error) {
      this.handler.problem(problemOf(error));
      return false;
    }
    const leaderless = [...this.positions.values()].filter((p) => (this.leaders.get(key(p.topic, p.partition)) ?? -1) < 0);
    this.stale = leaderless.length > 0;
    if (leaderless.length > 0) {
      this.handler.problem(`no leader for ${leaderless.map((p) => `${p.topic}/${p.partition}`).join(', ')}; asking again`);
    }
    return true;
  }

  private idlePartitionsByLeader(): Map<number, Position[]> {
    const byLeader = new Map<number, Position[]>();
    for (const [k, position] of this.positions) {
      const leader = this.leaders.get(k) ?? -1;
      if (leader < 0 || this.paused.has(k) || this.inFlight.has(k) || this.busyLeaders.has(leader)) {
        continue;
      }
      const list = byLeader.get(leader) ?? [];
      list.push(position);
      byLeader.set(leader, list);
    }
    return byLeader;
  }

  /** One Fetch to `leader` for `wanted` partitions, each from the offset given, and what was asked for. */
  private async send(leader: number, wanted: ReadonlyMap<string, Requested>): Promise<Answer> {
    const byTopic = new Map<string, Requested[]>();
    for (const p of wanted.values()) {
      const list = byTopic.get(p.topic) ?? [];
      list.push(p);
      byTopic.set(p.topic, list);
    }
    const broker = await this.clients.cluster.findBroker({ nodeId: leader });
    const { response } = await sendRequest(
      broker,
      FETCH,
      {
        maxWaitMs: this.options.maxWaitMs ?? 500,
        minBytes: 1,
        maxBytes: this.options.maxBytes ?? DEFAULT_MAX_BYTES,
        isolationLevel: this.options.readCommitted ? READ_COMMITTED : READ_UNCOMMITTED,
        sessionId: 0,
        sessionEpoch: -1,
        topics: [...byTopic].map(([topic, partitions]) => ({
          topic,
          partitions: partitions.map((p) => ({
            partition: p.partition,
            fetchOffset: p.offset,
            partitionMaxBytes: this.options.partitionMaxBytes ?? DEFAULT_PARTITION_MAX_BYTES,
          })),
        })),
      },
      FETCH_VERSIONS,
      1,
    );
    if (response.errorCode !== 0) {
      throw protocolErrorFromCode(response.errorCode);
    }
    return { response, requested: wanted };
  }

  /**
   * Fetches from `leader` for as long as its partitions stay the same: as soon as an answer
   * arrives, the next request asks for what follows it (where its last whole batch ends), and only
   * then is the answer handed over, so that the broker works while the tail decodes. A partition's
   * data is handed over only when it was asked for from the partition's position at that time
   * (a partition the tail took only part of is asked for again from where it stopped).
   */
  private async fetchFrom(leader: number, wanted: readonly Position[]): Promise<void> {
    const generation = this.generation;
    let request: Promise<Answer> | undefined = this.send(leader, new Map(wanted.map((p) => [key(p.topic, p.partition), { ...p }])));
    while (request) {
      let answer: Answer;
      try {
        answer = await request;
      } catch (error) {
        if (!this.stopped) {
          this.handler.problem(problemOf(error));
          this.stale = true;
          // The leader stays busy meanwhile: its partitions are asked for again after the pause.
          await new Promise((resolve) => setTimeout(resolve, this.nextBackoff()).unref());
        }
        return;
      }
      if (this.stopped) {
        return;
      }
      this.backoffMs = 0;
      this.handler.answered();
      const following = this.following(answer, generation);
      request = following.size > 0 ? this.send(leader, following) : undefined;
      // Failures of the next request are handled when it is awaited; unawaited (the loop ended), it is dropped.
      request?.catch(() => undefined);
      for (const topic of answer.response.responses) {
        for (const data of topic.partitions) {
          await this.onPartition(topic.topic, data, answer.requested);
        }
      }
      // The next request guessed wrong (the tail took part of a fetch, a position moved) or a
      // partition failed: it is dropped, and the scheduler plans again from the positions.
      const failed = answer.response.responses.some((t) => t.partitions.some((p) => p.errorCode !== 0));
      const misguessed = [...following.values()].some(
        (asked) => this.positions.get(key(asked.topic, asked.partition))?.offset !== asked.offset,
      );
      if (failed || misguessed || this.stale || this.stopped || generation !== this.generation) {
        return;
      }
    }
  }

  /** What the next request of a leader's loop asks for: each partition from where this answer's whole batches end. */
  private following(answer: Answer, generation: number): Map<string, Requested> {
    const next = new Map<string, Requested>();
    if (this.stale || generation !== this.generation) {
      return next;
    }
    for (const topic of answer.response.responses) {
      for (const data of topic.partitions) {
        const k = key(topic.topic, data.partitionIndex);
        const asked = answer.requested.get(k);
        if (!asked || data.errorCode !== 0 || this.paused.has(k)) {
          continue;
        }
        const end = data.records ? endOfWholeBatches(data.records) : undefined;
        next.set(k, {
          topic: topic.topic,
          partition: data.partitionIndex,
          offset: end !== undefined && end > asked.offset ? end : asked.offset,
        });
      }
    }
    return next;
  }

  private async onPartition(topic: string, data: PartitionData, requested: ReadonlyMap<string, Requested>): Promise<void> {
    const k = key(topic, data.partitionIndex);
    const position = this.positions.get(k);
    if (!position || requested.get(k)?.offset !== position.offset || this.paused.has(k) || this.stopped) {
      return;
    }
    if (data.errorCode === OFFSET_OUT_OF_RANGE) {
      position.offset = await this.handler.outOfRange(topic, data.partitionIndex);
      return;
    }
    if (data.errorCode !== 0) {
      if (!LEADER_ERRORS.has(data.errorCode)) {
        this.handler.problem(`${topic}/${data.partitionIndex}: ${describeKafkaError(protocolErrorFromCode(data.errorCode))}; asking again`);
      }
      this.stale = true;
      return;
    }
    const batches = data.records ? await readRecordBatches(data.records, messageMaker(topic, data.partitionIndex)) : [];
    const aborted = this.options.readCommitted ? data.abortedTransactions : null;
    const { items: messages, next } = visibleRecords(batches, position.offset, aborted, (batch) =>
      failureMessage(topic, data.partitionIndex, batch),
    );
    if (next > position.offset && !this.stopped) {
      const handover = this.handler.take(topic, data.partitionIndex, messages, next);
      this.handovers.add(handover);
      try {
        position.offset = await handover;
      } finally {
        this.handovers.delete(handover);
      }
    }
  }
}
