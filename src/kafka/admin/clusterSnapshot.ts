import { AclListing, listAcls } from './acls';
import { ClusterConnection } from '../connection/connection';
import { GroupInfo, listGroups } from '../groups/groups';
import { fetchReplicaSizes, TopicSize, topicSizes } from './logDirs';
import { ClusterMetadata, fetchClusterMetadata } from './metadata';
import { fetchOffsetRanges, OffsetRange, PerPartition } from './offsets';
import { ConfigEntry, describeTopicConfigs, describeTopicDefaults, TopicDefaults } from './topicConfigs';
import { Taken } from '../trends';

/** The parts the live refresh fetches again while the rest of the snapshot stays. */
export type LivePart = 'offsets' | 'groups' | 'sizes';

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
  async offsets(): Promise<PerPartition<OffsetRange>> {
    return (await this.offsetsTaken()).value;
  }

  /** The offsets with the time they arrived (message rates are measured between two fetches). */
  offsetsTaken(): Promise<Taken<PerPartition<OffsetRange>>> {
    return this.once('offsets', this.loaders.offsets);
  }

  async consumerGroups(): Promise<GroupInfo[]> {
    return (await this.consumerGroupsTaken()).value;
  }

  /** The groups with the time they arrived (lag trends are measured between two fetches). */
  consumerGroupsTaken(): Promise<Taken<GroupInfo[]>> {
    return this.once('groups', this.loaders.groups);
  }

  /** Every topic's size on disk: one DescribeLogDirs per broker; a size no broker could give is undefined. */
  topicSizes(): Promise<Map<string, TopicSize>> {
    return this.once('sizes', this.loaders.sizes);
  }

  /**
   * Fetches one part again for the live refresh. Readers keep getting the previous value until
   * the new one has arrived, and after a failure (the error goes to the caller only).
   */
  async reload(part: 'offsets'): Promise<Taken<PerPartition<OffsetRange>>>;
  async reload(part: 'groups'): Promise<Taken<GroupInfo[]>>;
  async reload(part: 'sizes'): Promise<Map<string, TopicSize>>;
  async reload(part: LivePart): Promise<unknown> {
    const pending = (this.loaders[part] as () => Promise<unknown>)();
    const value = await pending;
    this.memo.set(part, pending);
    return value;
  }

  private readonly loaders = {
    offsets: async (): Promise<Taken<PerPartition<OffsetRange>>> => {
      const metadata = await this.metadata();
      const value = await this.connection.query('list the offsets of all topics', ({ cluster }) =>
        fetchOffsetRanges(
          cluster,
          metadata,
          metadata.topics.map((t) => ({ topic: t.name, partitions: t.partitions.map((p) => p.partition) })),
        ),
      );
      return { value, atMs: Date.now() };
    },
    groups: async (): Promise<Taken<GroupInfo[]>> => {
      // Not awaited first: the groups' requests go out while the metadata is on its way.
      const metadata = this.metadata();
      const value = await this.connection.query('describe the groups', ({ admin, cluster }) => listGroups(admin, cluster, metadata));
      return { value, atMs: Date.now() };
    },
    sizes: async (): Promise<Map<string, TopicSize>> => {
      const metadata = await this.metadata();
      const { sizes, skipped } = await this.connection.query('describe the log dirs', ({ cluster }) =>
        fetchReplicaSizes(
          cluster,
          metadata.brokers.map((b) => b.id),
        ),
      );
      if (skipped.length > 0) {
        // Expected on old brokers and without DESCRIBE on the cluster: the sizes are left out, quietly.
        this.connection.logger.debug(`${this.clusterName}: topic sizes left out for ${skipped.join('; ')}`);
      }
      return topicSizes(metadata, sizes);
    },
  };

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
