import { ClusterSnapshot } from '../kafka/admin/clusterSnapshot';
import { ConnectionPool } from '../kafka/connection/connectionPool';
import { ClusterRegistry } from './clusterRegistry';

/**
 * One ClusterSnapshot per cluster, shared by the tree and the commands: what the tree shows
 * is what a command reads (Create Topic's existing names, Produce's topic list), each kind
 * of data fetched once until the cluster is refreshed.
 */
export class ClusterSnapshots {
  private readonly snapshots = new Map<string, ClusterSnapshot>();

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly pool: ConnectionPool,
  ) {}

  /** The cluster's snapshot; undefined when no such cluster is configured. */
  get(clusterName: string): ClusterSnapshot | undefined {
    let snapshot = this.snapshots.get(clusterName);
    if (!snapshot) {
      const config = this.registry.get(clusterName);
      if (!config) {
        return undefined;
      }
      snapshot = new ClusterSnapshot(this.pool.get(config));
      this.snapshots.set(clusterName, snapshot);
    }
    return snapshot;
  }

  /** Forgets what was fetched of one cluster (or of all): the next reader asks the brokers. */
  forget(clusterName?: string): void {
    if (clusterName === undefined) {
      this.snapshots.clear();
    } else {
      this.snapshots.delete(clusterName);
    }
  }
}
