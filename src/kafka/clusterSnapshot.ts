import { AclListing, listAcls } from './acls';
import { ClusterConnection } from './connection';
import { ConsumerGroupInfo, listConsumerGroups } from './groups';
import { ClusterMetadata, fetchClusterMetadata } from './metadata';
import { fetchOffsetRanges, OffsetRange, PerPartition } from './offsets';
import { ConfigEntry, describeTopicConfigs, describeTopicDefaults, TopicDefaults } from './topicConfigs';

/**
 * What the tree knows about one cluster between two refreshes. Each part is fetched once,
 * on first use, and shared by every node that needs it: expanding a topic after listing
 * topics costs no round trip. A failed fetch is forgotten, so asking again retries it.
 */
export class ClusterSnapshot {
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(private readonly connection: ClusterConnection) {}

  get clusterName(): string {
    return this.connection.config.name;
  }

  /** Brokers, controller, topics and partitions: one Metadata request. */
  metadata(): Promise<ClusterMetadata> {
    return this.once('metadata', () => this.connection.query('read the cluster metadata', ({ cluster }) => fetchClusterMetadata(cluster)));
  }

  /** Earliest and latest offsets of every partition of every topic: two ListOffsets per broker. */
  offsets(): Promise<PerPartition<OffsetRange>> {
    return this.once('offsets', async () => {
      const metadata = await this.metadata();
      return this.connection.query('list the offsets of all topics', ({ cluster }) =>
        fetchOffsetRanges(
          cluster,
          metadata,
          metadata.topics.map((t) => ({ topic: t.name, partitions: t.partitions.map((p) => p.partition) })),
        ),
      );
    });
  }

  consumerGroups(): Promise<ConsumerGroupInfo[]> {
    return this.once('groups', async () => {
      const metadata = await this.metadata();
      return this.connection.query('describe the consumer groups', ({ admin, cluster }) => listConsumerGroups(admin, cluster, metadata));
    });
  }

  topicConfigs(topic: string): Promise<ConfigEntry[]> {
    return this.once(`configs\u0000${topic}`, () =>
      this.connection.query(`describe the configs of topic ${topic}`, ({ admin }) => describeTopicConfigs(admin, topic)),
    );
  }

  /** Every ACL, or that the cluster has no authorizer. */
  acls(): Promise<AclListing> {
    return this.once('acls', () => this.connection.query('describe ACLs', ({ admin }) => listAcls(admin)));
  }

  /** What a topic created without settings of its own gets (from the first broker). */
  topicDefaults(): Promise<TopicDefaults> {
    return this.once('topic defaults', async () => {
      const { brokers } = await this.metadata();
      return this.connection.query('describe the topic defaults of the broker', ({ admin }) => describeTopicDefaults(admin, brokers[0].id));
    });
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let pending = this.memo.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = load();
      this.memo.set(key, pending);
      pending.catch(() => {
        if (this.memo.get(key) === pending) {
          this.memo.delete(key);
        }
      });
    }
    return pending;
  }
}
