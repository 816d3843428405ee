import { InternalCluster, RawClusterMetadata } from '../kafkajsInternals';

export interface BrokerInfo {
  readonly id: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | undefined;
  readonly isController: boolean;
}

export interface PartitionInfo {
  readonly partition: number;
  /** -1 when the partition has no leader (offline). */
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly offlineReplicas: readonly number[];
  /** Fewer in-sync replicas than replicas: a replica is down or lagging. */
  readonly underReplicated: boolean;
}

export interface TopicInfo {
  readonly name: string;
  /** Kafka's own bookkeeping topics (__consumer_offsets, __transaction_state, ...). */
  readonly internal: boolean;
  readonly partitions: readonly PartitionInfo[];
  readonly replicationFactor: number;
}

export interface ClusterMetadata {
  readonly clusterId: string | undefined;
  readonly controllerId: number | undefined;
  readonly brokers: readonly BrokerInfo[];
  readonly topics: readonly TopicInfo[];
}

export function isInternalTopic(name: string): boolean {
  return name.startsWith('__');
}

/** Shapes a raw Metadata response; pure, so it is unit-tested on its own. */
export function toClusterMetadata(raw: RawClusterMetadata): ClusterMetadata {
  const brokers = raw.brokers
    .map((b) => ({
      id: b.nodeId,
      host: b.host,
      port: b.port,
      rack: b.rack ?? undefined,
      isController: b.nodeId === raw.controllerId,
    }))
    .sort((a, b) => a.id - b.id);
  const topics = raw.topicMetadata
    .map((t) => {
      const partitions = t.partitionMetadata
        .map((p) => ({
          partition: p.partitionId,
          leader: p.leader,
          replicas: p.replicas,
          isr: p.isr,
          offlineReplicas: p.offlineReplicas ?? [],
          underReplicated: p.isr.length < p.replicas.length,
        }))
        .sort((a, b) => a.partition - b.partition);
      return {
        name: t.topic,
        internal: t.isInternal === true || isInternalTopic(t.topic),
        partitions,
        replicationFactor: partitions[0]?.replicas.length ?? 0,
      };
    })
    .sort((a, b) => Number(a.internal) - Number(b.internal) || a.name.localeCompare(b.name));
  return {
    clusterId: raw.clusterId,
    controllerId: raw.controllerId !== undefined && raw.controllerId >= 0 ? raw.controllerId : undefined,
    brokers,
    topics,
  };
}

/** Brokers, controller and every topic (or only `topics`) with partitions, from one Metadata request. */
export async function fetchClusterMetadata(cluster: InternalCluster, topics: string[] = []): Promise<ClusterMetadata> {
  return toClusterMetadata(await cluster.metadata({ topics }));
}
