import { CODECS, Compression } from '../../codecs/compression/codecs';
import { partitionForKey } from './murmur2';
import { CODEC_IDS, encodeRecordBatch, encodeRecords, RecordToWrite, timestampRange } from '../wire/recordBatch';
import { describeKafkaError, isRetriable, KafkaExplorerError } from '../errors';
import { InternalCluster, protocolErrorFromCode } from '../kafkajsInternals';
import { initProducerIdentity, ProducerIdentity } from './producerIdentity';
import { sendRequest } from '../requests';
import { PRODUCE, ProduceRequest, ProduceResponse } from '../wire/generated/produce';
import { planChunks, produceVersion, ProduceChunk, RECORD_BATCH_PRODUCE } from './produceChunks';

export interface MessageToSend {
  readonly key: Buffer | null;
  /** Null: a tombstone. */
  readonly value: Buffer | null;
  /** Text, or bytes sent as they are (a message read elsewhere, sent again). */
  readonly headers?: Readonly<Record<string, string | Buffer>>;
  /** An explicit partition; otherwise the key's murmur2 hash, or round-robin without a key. */
  readonly partition?: number;
  /** Epoch milliseconds as text; now when absent. */
  readonly timestamp?: string;
}

export interface Delivery {
  /** The message's index in the batch given to produceMessages. */
  readonly index: number;
  readonly partition: number;
  readonly offset: string;
}

export interface ProduceReport {
  readonly topic: string;
  readonly delivered: readonly Delivery[];
  /** Messages that were not acknowledged: not written, or not known to be. */
  readonly failed: readonly number[];
  /** Why the first failed batch failed. */
  readonly error: string | undefined;
  /** Batches sent again after a retriable error (a leader that moved, say); none were written twice. */
  readonly resent: number;
}

export interface ProduceOptions {
  readonly compression: Compression;
  /** At most this many messages in one partition's batch (they are also bounded by size). */
  readonly chunkSize?: number;
}

/** What produceMessages sends through: a cluster's connections, and how hard to try. */
export interface RecordWriter {
  readonly cluster: InternalCluster;
  /** How many times a partition's batches are sent again after a retriable error. */
  readonly retries: number;
  readonly requestTimeoutMs: number;
}

/** One partition's record batch (see wire/recordBatch.ts). */
export interface PartitionBatch {
  readonly partition: number;
  readonly batch: Buffer;
}

/** A partition's answer to a Produce request. */
export interface ProducedPartition {
  readonly partition: number;
  readonly errorCode: number;
  readonly baseOffset: bigint;
  /** The broker's words for the error (v8+), when it gave any: its message, else the records it refused. */
  readonly errorMessage: string | null;
}

/** The request for one topic's batches, acks from all in-sync replicas, no transactional id. */
export function produceRequest(topic: string, timeoutMs: number, partitions: readonly PartitionBatch[]): ProduceRequest {
  return {
    transactionalId: null,
    acks: ACKS_ALL,
    timeoutMs,
    topicData: [{ name: topic, partitionData: partitions.map(({ partition, batch }) => ({ index: partition, records: batch })) }],
  };
}

/** Every partition's answer, of every topic in the response. */
export function producedPartitions(response: ProduceResponse): ProducedPartition[] {
  return response.responses.flatMap((topic) =>
    topic.partitionResponses.map((p) => {
      const recordErrors = p.recordErrors.map((e) => `record ${e.batchIndex}: ${e.batchIndexErrorMessage ?? 'invalid'}`);
      return {
        partition: p.index,
        errorCode: p.errorCode,
        baseOffset: p.baseOffset,
        errorMessage: p.errorMessage ?? (recordErrors.length > 0 ? recordErrors.join('; ') : null),
      };
    }),
  );
}

/** Idempotence keeps a partition's batches in order with up to 5 requests in flight (KIP-679). */
const MAX_IN_FLIGHT_PER_BROKER = 5;
const ACKS_ALL = -1;
const RETRY_BACKOFF_MS = 100;
const MAX_RETRY_BACKOFF_MS = 2000;

/** Where each message goes: explicit partition, else Java's murmur2 of the key, else round-robin. */
export function assignPartitions(messages: readonly MessageToSend[], partitionCount: number): number[] {
  let next = 0;
  return messages.map((m) => {
    if (m.partition !== undefined) {
      return m.partition;
    }
    if (m.key !== null) {
      return partitionForKey(m.key, partitionCount);
    }
    return next++ % partitionCount;
  });
}

/** One partition's batches and where its sending stands. */
interface PartitionQueue {
  readonly partition: number;
  readonly chunks: ProduceChunk[];
  /** The first chunk not sent in this pass. */
  next: number;
  retriesLeft: number;
  /** A batch got a retriable error: nothing more is sent until leaders are looked up again. */
  recovering: boolean;
}

/** The shared state of one produceMessages call. */
interface Run {
  readonly writer: RecordWriter;
  readonly topic: string;
  readonly records: readonly RecordToWrite[];
  readonly identity: ProducerIdentity;
  readonly compression: Compression;
  readonly delivered: Delivery[];
  error: string | undefined;
  resent: number;
}

/**
 * Sends messages with acks from all in-sync replicas through an idempotent producer id.
 * Messages are grouped per partition, keeping their order, into batches bounded by count
 * and size; each request to a leader carries the next batch of every partition it leads,
 * with up to five requests in flight per leader. Every partition's answer is read on its
 * own, so the report says exactly which messages were acknowledged (with their offsets)
 * and which were not. A retriable error (a leader moved, too few replicas) sends the
 * partition's unacknowledged batches again with their sequence numbers, so the broker
 * writes none twice; any other error stops sending new batches.
 */
export async function produceMessages(
  writer: RecordWriter,
  topic: string,
  partitionCount: number,
  messages: readonly MessageToSend[],
  options: ProduceOptions,
): Promise<ProduceReport> {
  const partitions = assignPartitions(messages, partitionCount);
  const bad = partitions.findIndex((p) => p < 0 || p >= partitionCount);
  if (bad >= 0) {
    throw new Error(`Message ${bad + 1} asks for partition ${partitions[bad]}, but "${topic}" has partitions 0 to ${partitionCount - 1}.`);
  }
  const records = recordsToWrite(messages);
  const leaders = await leadersOf(writer.cluster, topic);
  const someLeader = [...leaders.values()].find((id) => id >= 0);
  if (someLeader === undefined) {
    throw new KafkaExplorerError(
      `No partition of "${topic}" has a leader right now (brokers down or restarting?); nothing was sent.`,
      true,
    );
  }
  const anyLeader = await writer.cluster.findBroker({ nodeId: someLeader });
  // Fails at once, with a clear reason, against a broker without record batches (before Kafka 0.11).
  produceVersion(anyLeader);
  const run: Run = {
    writer,
    topic,
    records,
    identity: await initProducerIdentity(anyLeader),
    compression: options.compression,
    delivered: [],
    error: undefined,
    resent: 0,
  };
  const queues = planChunks(partitions, records, options.chunkSize).map(({ partition, chunks }): PartitionQueue => ({
    partition,
    chunks,
    next: 0,
    retriesLeft: writer.retries,
    recovering: false,
  }));
  await sendAll(run, queues, leaders);
  const failed = queues.flatMap((q) => q.chunks.filter((c) => c.state !== 'acked').flatMap((c) => c.indexes));
  return {
    topic,
    delivered: run.delivered.sort((a, b) => a.index - b.index),
    failed: failed.sort((a, b) => a - b),
    error: run.error ?? (failed.length > 0 ? 'not sent' : undefined),
    resent: run.resent,
  };
}

function recordsToWrite(messages: readonly MessageToSend[]): RecordToWrite[] {
  const now = Date.now();
  return messages.map((m, i) => {
    const timestamp = m.timestamp === undefined ? now : Number(m.timestamp);
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
      throw new KafkaExplorerError(`Message ${i + 1} has timestamp "${m.timestamp}", which is not epoch milliseconds.`, false);
    }
    return { key: m.key, value: m.value, headers: m.headers, timestamp };
  });
}

/** Each partition's leader broker id (-1 while it has none). */
async function leadersOf(cluster: InternalCluster, topic: string): Promise<Map<number, number>> {
  const metadata = await cluster.metadata({ topics: [topic] });
  const found = metadata.topicMetadata.find((t) => t.topic === topic);
  if (!found || found.topicErrorCode !== 0) {
    throw found ? protocolErrorFromCode(found.topicErrorCode) : new KafkaExplorerError(`Topic "${topic}" does not exist.`, false);
  }
  return new Map(found.partitionMetadata.map((p) => [p.partitionId, p.leader]));
}

async function sendAll(run: Run, queues: PartitionQueue[], initialLeaders: Map<number, number>): Promise<void> {
  let leaders = initialLeaders;
  const inFlight = new Map<number, number>();
  const pending = new Set<Promise<void>>();
  let passes = 0;
  for (;;) {
    if (run.error === undefined) {
      for (const [leader, batch] of nextRequests(run, queues, leaders, inFlight)) {
        inFlight.set(leader, (inFlight.get(leader) ?? 0) + 1);
        const request = sendProduceRequest(run, leader, batch).finally(() => {
          inFlight.set(leader, (inFlight.get(leader) ?? 1) - 1);
          pending.delete(request);
        });
        pending.add(request);
      }
    }
    if (pending.size > 0) {
      await Promise.race(pending);
      continue;
    }
    const recovering = queues.filter((q) => q.recovering);
    if (recovering.length === 0 || run.error !== undefined) {
      return;
    }
    passes++;
    // Kafka's retry.backoff.ms idea: give a leader election a moment before asking again.
    await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_BACKOFF_MS * 2 ** (passes - 1), MAX_RETRY_BACKOFF_MS)));
    try {
      leaders = await leadersOf(run.writer.cluster, run.topic);
    } catch (error) {
      run.error = describeKafkaError(error);
      return;
    }
    for (const queue of recovering) {
      queue.recovering = false;
      queue.next = queue.chunks.findIndex((c) => c.state !== 'acked');
    }
  }
}

/** Per leader that may take another request: the next batch of each partition it leads. */
function nextRequests(
  run: Run,
  queues: PartitionQueue[],
  leaders: Map<number, number>,
  inFlight: Map<number, number>,
): Map<number, Array<[PartitionQueue, ProduceChunk]>> {
  const requests = new Map<number, Array<[PartitionQueue, ProduceChunk]>>();
  for (const queue of queues) {
    while (queue.next >= 0 && queue.next < queue.chunks.length && queue.chunks[queue.next].state === 'acked') {
      queue.next++;
    }
    if (queue.recovering || queue.next < 0 || queue.next >= queue.chunks.length) {
      continue;
    }
    const leader = leaders.get(queue.partition) ?? -1;
    if (leader < 0) {
      if (!retryLater(queue)) {
        run.error ??= `partition ${queue.partition} has no leader`;
      }
      continue;
    }
    if ((inFlight.get(leader) ?? 0) + (requests.has(leader) ? 1 : 0) >= MAX_IN_FLIGHT_PER_BROKER) {
      continue;
    }
    const chunk = queue.chunks[queue.next++];
    chunk.state = 'inflight';
    requests.set(leader, [...(requests.get(leader) ?? []), [queue, chunk]]);
  }
  return requests;
}

/** Marks a partition for another pass after a retriable error; false when it has none left. */
function retryLater(queue: PartitionQueue): boolean {
  if (queue.recovering) {
    return true;
  }
  if (queue.retriesLeft <= 0) {
    return false;
  }
  queue.retriesLeft--;
  queue.recovering = true;
  return true;
}

async function sendProduceRequest(run: Run, leader: number, items: Array<[PartitionQueue, ProduceChunk]>): Promise<void> {
  let answers: Map<number, ProducedPartition>;
  try {
    const batches = await Promise.all(items.map(([queue, chunk]) => encodeChunk(run, queue.partition, chunk)));
    const broker = await run.writer.cluster.findBroker({ nodeId: leader });
    const request = produceRequest(run.topic, run.writer.requestTimeoutMs, batches);
    // Each leader's newest version: a cluster being upgraded may have leaders of two Kafka versions.
    const produced = producedPartitions((await sendRequest(broker, PRODUCE, request, RECORD_BATCH_PRODUCE)).response);
    answers = new Map(produced.map((p) => [p.partition, p]));
  } catch (error) {
    // Not known to be written: sent again with the same sequence numbers, which the broker
    // acknowledges without writing twice if the first request did arrive.
    for (const [queue, chunk] of items) {
      settleFailure(run, queue, chunk, isRetriable(error), describeKafkaError(error));
    }
    return;
  }
  for (const [queue, chunk] of items) {
    const answer = answers.get(queue.partition);
    if (!answer) {
      settleFailure(run, queue, chunk, true, `the broker did not answer for partition ${queue.partition}`);
    } else if (answer.errorCode !== 0) {
      const error = protocolErrorFromCode(answer.errorCode);
      const detail = answer.errorMessage ? `: ${answer.errorMessage}` : '';
      settleFailure(run, queue, chunk, isRetriable(error), `partition ${queue.partition}: ${describeKafkaError(error)}${detail}`);
    } else {
      chunk.state = 'acked';
      chunk.indexes.forEach((index, i) =>
        run.delivered.push({ index, partition: queue.partition, offset: String(answer.baseOffset + BigInt(i)) }),
      );
    }
  }
}

function settleFailure(run: Run, queue: PartitionQueue, chunk: ProduceChunk, retriable: boolean, why: string): void {
  // After an earlier batch of this partition failed, later ones are refused as out of order:
  // they are sent again with it.
  if (queue.recovering || (retriable && run.error === undefined && retryLater(queue))) {
    chunk.state = 'waiting';
    run.resent++;
    return;
  }
  chunk.state = 'failed';
  run.error ??= why;
}

async function encodeChunk(run: Run, partition: number, chunk: ProduceChunk): Promise<PartitionBatch> {
  const records = chunk.indexes.map((i) => run.records[i]);
  const timestamps = timestampRange(records);
  const plain = encodeRecords(records, timestamps.base);
  const compressed = run.compression === 'none' ? plain : await CODECS[run.compression].compress(plain);
  const identity = { producerId: run.identity.producerId, producerEpoch: run.identity.producerEpoch, firstSequence: chunk.firstSequence };
  return { partition, batch: encodeRecordBatch(compressed, records.length, timestamps, CODEC_IDS[run.compression], identity) };
}
