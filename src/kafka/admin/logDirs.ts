/**
 * Topic sizes on disk from DescribeLogDirs, which each broker answers for its own log
 * directories only: the request goes to every broker, at the newest version both speak (v1,
 * Kafka 1.0, to v4, which adds each volume's size). A broker that cannot answer (no DESCRIBE
 * permission on the cluster, an error) is left out, and with it the size of every topic that
 * has a replica there: a size is either whole or unknown, never a part.
 */
import { describeKafkaError } from '../errors';
import { InternalCluster, protocolErrorFromCode } from '../kafkajsInternals';
import { sendRequest } from '../requests';
import { WireError } from '../wire/common';
import { DESCRIBE_LOG_DIRS, DescribeLogDirsResponse } from '../wire/generated/describeLogDirs';
import { ClusterMetadata } from './metadata';
import { PerPartition } from './offsets';

export interface LogDirPartition {
  readonly partition: number;
  /** The size of the partition's log segments in this directory, in bytes. */
  readonly sizeBytes: bigint;
  readonly offsetLag: bigint;
  /** A copy being made by AlterReplicaLogDirs, which will replace the current one: not the replica's data (yet). */
  readonly isFuture: boolean;
}

export interface LogDir {
  readonly errorCode: number;
  readonly path: string;
  readonly topics: ReadonlyArray<{ readonly topic: string; readonly partitions: readonly LogDirPartition[] }>;
  /** The volume's size and free space (v4+); undefined before v4 or when the broker does not know (-1). */
  readonly totalBytes: bigint | undefined;
  readonly usableBytes: bigint | undefined;
}

export interface LogDirsAnswer {
  /** The whole request's error (v3+; CLUSTER_AUTHORIZATION_FAILED without DESCRIBE on the cluster), else 0. */
  readonly errorCode: number;
  readonly logDirs: readonly LogDir[];
}

/** A DescribeLogDirs response as sizes: a negative partition size is refused, an unknown volume size (-1, or before v4) is undefined. */
export function logDirsAnswerOf(response: DescribeLogDirsResponse): LogDirsAnswer {
  const volume = (bytes: bigint) => (bytes < 0n ? undefined : bytes);
  return {
    errorCode: response.errorCode,
    logDirs: response.results.map((dir) => ({
      errorCode: dir.errorCode,
      path: dir.logDir,
      topics: dir.topics.map((t) => ({
        topic: t.name,
        partitions: t.partitions.map((p) => {
          if (p.partitionSize < 0n) {
            throw new WireError(`invalid DescribeLogDirs response: ${t.name}-${p.partitionIndex} has partition size ${p.partitionSize}`);
          }
          return { partition: p.partitionIndex, sizeBytes: p.partitionSize, offsetLag: p.offsetLag, isFuture: p.isFutureKey };
        }),
      })),
      totalBytes: volume(dir.totalBytes),
      usableBytes: volume(dir.usableBytes),
    })),
  };
}

export interface TopicSize {
  /** One copy of the data: the leader replicas' log segments, summed over the partitions. */
  readonly leaderBytes: bigint | undefined;
  /** What the cluster's disks hold: every replica's log segments (leaderBytes × about the replication factor). */
  readonly replicaBytes: bigint | undefined;
}

/** broker id → topic → partition → bytes of that broker's current replica. */
export type ReplicaSizes = Map<number, PerPartition<bigint>>;

export interface ReplicaSizesAnswer {
  readonly sizes: ReplicaSizes;
  /** Why brokers were left out ("broker 2: ..."), for the log. */
  readonly skipped: readonly string[];
}

/**
 * The current replicas in one broker's answer. A directory that reports an error (an
 * offline disk) contributes nothing, so its partitions read as unknown; a future replica
 * (a copy being moved between directories) is not the replica's data yet.
 */
export function replicaSizesOf(answer: LogDirsAnswer): PerPartition<bigint> {
  const result: PerPartition<bigint> = new Map();
  for (const dir of answer.logDirs) {
    if (dir.errorCode !== 0) {
      continue;
    }
    for (const { topic, partitions } of dir.topics) {
      for (const p of partitions.filter((q) => !q.isFuture)) {
        let perTopic = result.get(topic);
        if (!perTopic) {
          perTopic = new Map();
          result.set(topic, perTopic);
        }
        perTopic.set(p.partition, p.sizeBytes);
      }
    }
  }
  return result;
}

/**
 * Each topic's size from the brokers' answers. A sum is undefined when one of its replicas
 * is missing (its broker was left out, the replica is offline, the partition has no leader).
 */
export function topicSizes(metadata: ClusterMetadata, replicas: ReplicaSizes): Map<string, TopicSize> {
  const result = new Map<string, TopicSize>();
  const sizeAt = (broker: number, topic: string, partition: number) => replicas.get(broker)?.get(topic)?.get(partition);
  for (const topic of metadata.topics) {
    let leaderBytes: bigint | undefined = 0n;
    let replicaBytes: bigint | undefined = 0n;
    for (const p of topic.partitions) {
      const leader = p.leader < 0 ? undefined : sizeAt(p.leader, topic.name, p.partition);
      leaderBytes = leader === undefined || leaderBytes === undefined ? undefined : leaderBytes + leader;
      for (const replica of p.replicas) {
        const size = sizeAt(replica, topic.name, p.partition);
        replicaBytes = size === undefined || replicaBytes === undefined ? undefined : replicaBytes + size;
      }
    }
    result.set(topic.name, { leaderBytes, replicaBytes });
  }
  return result;
}

async function askBroker(cluster: InternalCluster, nodeId: number): Promise<PerPartition<bigint> | string> {
  try {
    const broker = await cluster.findBroker({ nodeId });
    // Topics null: every topic the broker holds.
    const answer = logDirsAnswerOf((await sendRequest(broker, DESCRIBE_LOG_DIRS, { topics: null })).response);
    if (answer.errorCode !== 0) {
      return `broker ${nodeId}: ${describeKafkaError(protocolErrorFromCode(answer.errorCode))}`;
    }
    return replicaSizesOf(answer);
  } catch (error) {
    return `broker ${nodeId}: ${describeKafkaError(error)}`;
  }
}

/** One DescribeLogDirs (every topic) to each of `brokerIds`, at the same time. Never throws: a failing broker is skipped. */
export async function fetchReplicaSizes(cluster: InternalCluster, brokerIds: readonly number[]): Promise<ReplicaSizesAnswer> {
  const sizes: ReplicaSizes = new Map();
  const skipped: string[] = [];
  const answers = await Promise.all(brokerIds.map(async (id) => [id, await askBroker(cluster, id)] as const));
  for (const [id, answer] of answers) {
    if (typeof answer === 'string') {
      skipped.push(answer);
    } else {
      sizes.set(id, answer);
    }
  }
  return { sizes, skipped };
}
