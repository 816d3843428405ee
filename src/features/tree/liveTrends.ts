import { ClusterTrends } from '../../kafka/trends';

/**
 * Each cluster's lag and throughput trends, shared by the tree (which draws them) and the live
 * refresh (which feeds it). Unlike the snapshots they outlive a Refresh: a trend is measured
 * across fetches. A removed cluster's go with it.
 */
export class LiveTrends {
  private readonly clusters = new Map<string, ClusterTrends>();

  of(clusterName: string): ClusterTrends {
    let trends = this.clusters.get(clusterName);
    if (!trends) {
      trends = new ClusterTrends();
      this.clusters.set(clusterName, trends);
    }
    return trends;
  }

  /** Forgets the clusters not in `names` (removed or renamed). */
  retain(names: readonly string[]): void {
    const kept = new Set(names);
    for (const name of [...this.clusters.keys()]) {
      if (!kept.has(name)) {
        this.clusters.delete(name);
      }
    }
  }
}
