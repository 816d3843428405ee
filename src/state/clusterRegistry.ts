import * as vscode from 'vscode';
import { ClusterConfig, parseClusterConfig } from '../kafka/connection/clusterConfig';
import { Log } from '../common/log';
import { SECTION } from './settings';

const KEY = 'clusters';

/**
 * The configured clusters, kept in the user's settings (`kafkaExplorer.clusters`) so they
 * can be shared and edited; secrets never go there. Invalid entries are skipped with a log line.
 */
export class ClusterRegistry implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly log: Log) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SECTION}.${KEY}`)) {
        this.changed.fire();
      }
    });
  }

  list(): ClusterConfig[] {
    const raw = vscode.workspace.getConfiguration(SECTION).get<unknown[]>(KEY, []);
    const clusters: ClusterConfig[] = [];
    for (const entry of Array.isArray(raw) ? raw : []) {
      const parsed = parseClusterConfig(
        (entry ?? {}) as Record<string, unknown>,
        clusters.map((c) => c.name),
      );
      if (parsed.ok) {
        clusters.push(parsed.value);
      } else {
        this.log.warn(`Ignoring a cluster in settings: ${parsed.error}`);
      }
    }
    return clusters;
  }

  get(name: string): ClusterConfig | undefined {
    return this.list().find((cluster) => cluster.name === name);
  }

  async add(cluster: ClusterConfig): Promise<void> {
    await this.write([...this.list(), cluster]);
    this.log.info(`Added cluster "${cluster.name}" (${cluster.bootstrapServers.join(', ')})`);
  }

  /** Replaces the cluster named `name` (which may be renamed) in place. */
  async update(name: string, cluster: ClusterConfig): Promise<void> {
    const clusters = this.list();
    const index = clusters.findIndex((c) => c.name === name);
    if (index < 0) {
      throw new Error(`There is no cluster named "${name}".`);
    }
    clusters[index] = cluster;
    await this.write(clusters);
    this.log.info(`Updated cluster "${name}"${name === cluster.name ? '' : ` (now "${cluster.name}")`}`);
  }

  async remove(name: string): Promise<boolean> {
    const clusters = this.list();
    const remaining = clusters.filter((cluster) => cluster.name !== name);
    if (remaining.length === clusters.length) {
      return false;
    }
    await this.write(remaining);
    this.log.info(`Removed cluster "${name}"`);
    return true;
  }

  private async write(clusters: readonly ClusterConfig[]): Promise<void> {
    const plain = clusters.map((c) => JSON.parse(JSON.stringify(c)) as Record<string, unknown>);
    // onDidChangeConfiguration then fires, which refreshes whoever listens to onDidChange.
    await vscode.workspace.getConfiguration(SECTION).update(KEY, plain, vscode.ConfigurationTarget.Global);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
