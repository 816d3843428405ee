/**
 * Topic sizes on disk from DescribeLogDirs, which each broker answers for its own log
 * directories only: the request goes to every broker. A broker that cannot answer (before
 * Kafka 2.4, no DESCRIBE permission on the cluster, an error) is left out, and with it the size
 * of every topic that has a replica there: a size is either whole or unknown, never a part.
 */
import { describeKafkaError } from '../errors';
import { InternalCluster, protocolErrorFromCode, sendRawRequest, supportsApi } from '../kafkajsInternals';
import { ClusterMetadata } from './metadata';
import { PerPartition } from './offsets';
import {
  decodeDescribeLogDirs,
  DESCRIBE_LOG_DIRS_KEY,
  DESCRIBE_LOG_DIRS_VERSIONS,
  encodeDescribeLogDirs,
  LogDirsAnswer,
} from '../wire/describeLogDirs';

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
    const version = DESCRIBE_LOG_DIRS_VERSIONS.find((v) => supportsApi(broker, DESCRIBE_LOG_DIRS_KEY, v));
    if (version === undefined) {
      return `broker ${nodeId}: no DescribeLogDirs v2+ (Kafka before 2.4)`;
    }
    const answer = await sendRawRequest(
      broker,
      { apiKey: DESCRIBE_LOG_DIRS_KEY, apiVersion: version, apiName: 'DescribeLogDirs', body: encodeDescribeLogDirs(null) },
      (payload) => decodeDescribeLogDirs(payload, version),
    );
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
