import { ClusterConfig } from './clusterConfig';
import { ClusterConnection, ConnectionOptions } from './connection';

/**
 * One ClusterConnection per cluster name. A connection is replaced when the cluster's
 * settings change and closed when the cluster goes away or the pool is disposed.
 */
export class ConnectionPool {
  private readonly connections = new Map<string, ClusterConnection>();

  constructor(private readonly optionsProvider: () => ConnectionOptions) {}

  get(config: ClusterConfig): ClusterConnection {
    const existing = this.connections.get(config.name);
    if (existing && sameServers(existing.config, config)) {
      return existing;
    }
    void existing?.close();
    const connection = new ClusterConnection(config, this.optionsProvider());
    this.connections.set(config.name, connection);
    return connection;
  }

  /** Closes the connections of clusters that are no longer configured. */
  retain(names: readonly string[]): void {
    for (const [name, connection] of this.connections) {
      if (!names.includes(name)) {
        this.connections.delete(name);
        void connection.close();
      }
    }
  }

  /** Closes everything; the next `get` opens fresh connections (for changed timeouts, say). */
  async closeAll(): Promise<void> {
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(all.map((connection) => connection.close()));
  }
}

function sameServers(a: ClusterConfig, b: ClusterConfig): boolean {
  return a.bootstrapServers.join(',') === b.bootstrapServers.join(',');
}
