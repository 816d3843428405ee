import * as vscode from 'vscode';
import { describeKafkaError } from '../kafka/errors';
import { ConnectionPool } from '../kafka/connectionPool';
import { ClusterRegistry } from '../extension/clusterRegistry';
import { ClusterTreeNode, toTreeItem } from './clusterTreeNodes';

type ClusterNode = Extract<ClusterTreeNode, { kind: 'cluster' }>;

/**
 * The Clusters view. Each cluster's topics are fetched when it is expanded and kept
 * until that cluster (or the whole view) is refreshed. A failure becomes an error node;
 * every query is bounded by the request timeout, so the view never spins forever.
 */
export class ClusterTreeProvider implements vscode.TreeDataProvider<ClusterTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ClusterTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly childrenCache = new Map<string, Promise<ClusterTreeNode[]>>();
  private clusterNodes = new Map<string, ClusterNode>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly pool: ConnectionPool,
  ) {
    this.subscription = registry.onDidChange(() => this.refresh());
  }

  getTreeItem(node: ClusterTreeNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  getChildren(node?: ClusterTreeNode): Promise<ClusterTreeNode[]> {
    if (!node) {
      return Promise.resolve(this.rootNodes());
    }
    if (node.kind !== 'cluster') {
      return Promise.resolve([]);
    }
    let children = this.childrenCache.get(node.cluster.name);
    if (!children) {
      children = this.loadClusterChildren(node);
      this.childrenCache.set(node.cluster.name, children);
    }
    return children;
  }

  /** Forgets cached children of the node's cluster (or of every cluster) and redraws. */
  refresh(node?: ClusterTreeNode): void {
    const clusterName = node?.kind === 'cluster' ? node.cluster.name : node?.clusterName;
    if (clusterName === undefined) {
      this.childrenCache.clear();
      this.changed.fire(undefined);
      return;
    }
    this.childrenCache.delete(clusterName);
    this.changed.fire(this.clusterNodes.get(clusterName));
  }

  private rootNodes(): ClusterTreeNode[] {
    const clusters = this.registry.list();
    this.pool.retain(clusters.map((cluster) => cluster.name));
    this.clusterNodes = new Map(clusters.map((cluster) => [cluster.name, { kind: 'cluster', cluster }]));
    return [...this.clusterNodes.values()];
  }

  private async loadClusterChildren(node: ClusterNode): Promise<ClusterTreeNode[]> {
    const clusterName = node.cluster.name;
    try {
      const topics = await this.pool.get(node.cluster).listTopics();
      if (topics.length === 0) {
        return [{ kind: 'info', clusterName, message: 'No topics' }];
      }
      return topics.map((topic) => ({ kind: 'topic', clusterName, topic }));
    } catch (error) {
      // Not cached: expanding again (or "Retry") asks the broker again.
      this.childrenCache.delete(clusterName);
      return [{ kind: 'error', clusterName, message: describeKafkaError(error) }];
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
