import { ClusterConfig } from './clusterConfig';
import { ClusterConnection, ConnectionOptions } from './connection';
import { ClusterSecrets } from './securitySettings';

/**
 * One ClusterConnection per cluster name. A connection is replaced when the cluster's
 * settings change and closed when the cluster goes away or the pool is disposed.
 */
export class ConnectionPool {
  private readonly connections = new Map<string, ClusterConnection>();

  constructor(
    private readonly optionsProvider: () => ConnectionOptions,
    private readonly secretsProvider: (clusterName: string) => Promise<ClusterSecrets> = async () => ({}),
  ) {}

  get(config: ClusterConfig): ClusterConnection {
    const existing = this.connections.get(config.name);
    if (existing && sameConfig(existing.config, config)) {
      return existing;
    }
    void existing?.close();
    const connection = new ClusterConnection(config, { ...this.optionsProvider(), secrets: () => this.secretsProvider(config.name) });
    this.connections.set(config.name, connection);
    return connection;
  }

  /** Closes one cluster's connection (its password changed, say); the next `get` reconnects. */
  drop(name: string): void {
    const connection = this.connections.get(name);
    this.connections.delete(name);
    void connection?.close();
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

function sameConfig(a: ClusterConfig, b: ClusterConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
