import * as vscode from 'vscode';
import { AclBinding, describeAclResource } from '../../kafka/admin/acls';
import { ClusterSnapshot } from '../../kafka/admin/clusterSnapshot';
import { ConnectionPool } from '../../kafka/connection/connectionPool';
import { describeKafkaError, isRetriable } from '../../kafka/errors';
import { Log } from '../../common/log';
import { ClusterRegistry } from '../../state/clusterRegistry';
import { ClusterSnapshots } from '../../state/clusterSnapshots';
import { LiveTrends } from './liveTrends';
import { SchemaRegistries } from '../../state/schemaRegistries';
import { LiveRefreshSettings } from '../../state/settings';
import { summarizeSubjects } from '../../registry/subjects';
import { ClusterTreeNode, clusterNameOf, groupNode, NodeOfKind, nodeId, topicNode, TreeFolder } from '../../workbench/treeNodes';
import { describeFolder, toTreeItem } from './clusterTreeItems';
import { ShownNodes } from './shownNodes';
import { topicFilterMatcher } from './topicFilter';

/**
 * Nodes that carry data read with their folder (a topic's partitions, a group's lag) are
 * redrawn from that folder on refresh: redrawing the node itself would reuse its old data.
 */
const FOLDER_OF: Partial<Record<ClusterTreeNode['kind'], TreeFolder>> = {
  aclGrouping: 'acls',
  aclGroup: 'acls',
  acl: 'acls',
  broker: 'brokers',
  topic: 'topics',
  partition: 'topics',
  group: 'groups',
  groupMember: 'groups',
  groupOffset: 'groups',
  subject: 'schemas',
  schemaVersion: 'schemas',
};

export interface TreeViewOptions {
  /** Whether __consumer_offsets and friends are listed. */
  showInternalTopics(): boolean;
  readonly log: Log;
  readonly schemaRegistries: SchemaRegistries;
  /** Lag growth and message rates, fed by every fetch of groups and offsets. */
  readonly trends: LiveTrends;
  liveRefresh(): LiveRefreshSettings;
}

/** A folder whose load failed with an error that may pass (a timeout, a broker restarting) loads again by itself, this often at most. */
export const AUTO_RETRY_MS = 5000;
const MAX_AUTO_RETRIES = 3;

/**
 * The Clusters view. Each level loads when expanded, from the shared per-cluster snapshot that
 * fetches each kind of data once (ClusterSnapshot) until that cluster is refreshed.
 * A failure becomes an error node; every query is bounded by the request timeout.
 */
export class ClusterTreeProvider implements vscode.TreeDataProvider<ClusterTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ClusterTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The Topics and Consumer Groups folders' filters, by folder and cluster name. */
  private readonly filters = new Map<string, string>();
  /** The nodes last handed to VS Code: lets "Retry" on an error node reload its parent, and the live refresh redraw nodes in place. */
  private readonly shown = new ShownNodes();
  private readonly subscription: vscode.Disposable;
  /** Automatic retries so far of each node whose children failed to load, by the node's id. */
  private readonly autoRetries = new Map<string, number>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly pool: ConnectionPool,
    private readonly snapshots: ClusterSnapshots,
    private readonly options: TreeViewOptions,
  ) {
    this.subscription = registry.onDidChange(() => this.refresh());
  }

  getTreeItem(node: ClusterTreeNode): vscode.TreeItem {
    const item = toTreeItem(this.shown.latestOf(node));
    if (node.kind === 'topics' || node.kind === 'groups') {
      const notPolled = node.kind === 'groups' ? this.groupsNotPolled(node.clusterName) : undefined;
      describeFolder(
        item,
        node.kind,
        this.filterOf(node.kind, node.clusterName),
        notPolled === undefined ? undefined : { groups: notPolled, maxGroups: this.options.liveRefresh().maxGroups },
      );
    }
    return item;
  }

  /** VS Code asks for parents to reveal a node: the node it was listed under. */
  getParent(node: ClusterTreeNode): ClusterTreeNode | undefined {
    return this.shown.parentOf(node);
  }

  async getChildren(node?: ClusterTreeNode): Promise<ClusterTreeNode[]> {
    const children = await this.loadChildren(node && this.shown.latestOf(node));
    this.shown.record(node, children);
    return children;
  }

  /** The newest data of a node handed to VS Code (a command's argument, say); anything else as it is. */
  latestOf<T>(value: T): T {
    return this.shown.latestOf(value);
  }

  /** The children last handed out under `parent`, with their newest data. */
  shownChildren(parent: ClusterTreeNode): ClusterTreeNode[] {
    return this.shown.childrenOf(parent);
  }

  /** Redraws shown nodes in place with newer data (same ids: expansion and selection stay); their children too when expanded. */
  update(nodes: readonly ClusterTreeNode[]): void {
    for (const node of nodes) {
      const shown = this.shown.update(node);
      if (shown) {
        this.changed.fire(shown);
      }
    }
  }

  /** Draws a folder's children again from the snapshot as it is (no new fetch): groups came or went. */
  redrawFolder(clusterName: string, kind: TreeFolder): void {
    const folder = this.shown.get(nodeId({ kind, clusterName }));
    if (folder) {
      this.changed.fire(folder);
    }
  }

  /** The cluster's number of groups when it has too many to poll (see LiveRefreshSettings.maxGroups), else undefined. */
  groupsNotPolled(clusterName: string): number | undefined {
    const count = this.options.trends.of(clusterName).lag.groupCount;
    const { intervalMs, maxGroups } = this.options.liveRefresh();
    return intervalMs > 0 && count !== undefined && count > maxGroups ? count : undefined;
  }

  /** Fetches the node's cluster afresh (or every cluster) and redraws the node. A user's refresh starts the automatic retries afresh. */
  refresh(node?: ClusterTreeNode): void {
    if (node?.kind === 'error') {
      this.autoRetries.delete(node.parentId);
    }
    this.reload(node);
  }

  private reload(node?: ClusterTreeNode): void {
    if (!node) {
      this.snapshots.forget();
      this.shown.clear();
      this.changed.fire(undefined);
      return;
    }
    const clusterName = clusterNameOf(node);
    this.snapshots.forget(clusterName);
    const folder = FOLDER_OF[node.kind];
    const target =
      node.kind === 'error' || node.kind === 'info'
        ? this.shown.get(node.parentId)
        : node.kind === 'config'
          ? this.shown.get(nodeId({ kind: 'topicConfigs', clusterName, topicName: node.topicName }))
          : folder
            ? this.shown.get(nodeId({ kind: folder, clusterName }))
            : node;
    // Not shown (yet): redraw everything rather than nothing.
    this.changed.fire(target);
  }

  /** After a change made by a command: fetches the cluster afresh and redraws one folder. */
  refreshFolder(clusterName: string, kind: TreeFolder): void {
    this.snapshots.forget(clusterName);
    this.changed.fire(this.shown.get(nodeId({ kind, clusterName })));
  }

  /** Redraws from what is already loaded (a display setting changed). */
  redraw(): void {
    this.changed.fire(undefined);
  }

  /** Sets (or clears, with '') the Topics filter of a cluster. */
  setTopicFilter(clusterName: string, filter: string): void {
    this.setFilter('topics', clusterName, filter);
  }

  topicFilter(clusterName: string): string {
    return this.filterOf('topics', clusterName);
  }

  /** Sets (or clears, with '') the Consumer Groups filter of a cluster: the same matcher as topics'. */
  setGroupFilter(clusterName: string, filter: string): void {
    this.setFilter('groups', clusterName, filter);
  }

  groupFilter(clusterName: string): string {
    return this.filterOf('groups', clusterName);
  }

  private setFilter(folder: 'topics' | 'groups', clusterName: string, filter: string): void {
    const key = `${folder}\u0000${clusterName}`;
    if (filter.trim() === '') {
      this.filters.delete(key);
    } else {
      this.filters.set(key, filter.trim());
    }
    this.changed.fire(this.shown.get(nodeId({ kind: folder, clusterName })));
  }

  private filterOf(folder: 'topics' | 'groups', clusterName: string): string {
    return this.filters.get(`${folder}\u0000${clusterName}`) ?? '';
  }

  private async loadChildren(node?: ClusterTreeNode): Promise<ClusterTreeNode[]> {
    if (!node) {
      const clusters = this.registry.list();
      this.pool.retain(clusters.map((cluster) => cluster.name));
      return clusters.map((cluster) => ({ kind: 'cluster', cluster }));
    }
    const clusterName = clusterNameOf(node);
    const snapshot = this.snapshots.get(clusterName);
    if (!snapshot) {
      return [];
    }
    const parentId = nodeId(node);
    try {
      const children = await this.childrenFrom(snapshot, node);
      this.autoRetries.delete(parentId);
      return children;
    } catch (error) {
      const message = describeKafkaError(error);
      const attempts = this.autoRetries.get(parentId) ?? 0;
      // A wrong password or an untrusted certificate stays wrong: only an error that may pass is retried.
      const retry = isRetriable(error) && attempts < MAX_AUTO_RETRIES;
      this.options.log.warn(
        `${clusterName}: loading ${parentId} failed: ${message}${retry ? ` (retrying in ${AUTO_RETRY_MS / 1000} s)` : ''}`,
      );
      const errorNode: ClusterTreeNode = {
        kind: 'error',
        clusterName,
        parentId,
        message,
        retryInSeconds: retry ? AUTO_RETRY_MS / 1000 : undefined,
      };
      if (retry) {
        this.autoRetries.set(parentId, attempts + 1);
        const timer = setTimeout(() => {
          this.retryTimers.delete(timer);
          this.reload(errorNode);
        }, AUTO_RETRY_MS);
        this.retryTimers.add(timer);
      }
      return [errorNode];
    }
  }

  private async childrenFrom(snapshot: ClusterSnapshot, node: ClusterTreeNode): Promise<ClusterTreeNode[]> {
    const clusterName = snapshot.clusterName;
    switch (node.kind) {
      case 'cluster':
        // Metadata first: an unreachable cluster shows its error here, not three times below.
        await snapshot.metadata();
        return [
          { kind: 'brokers', clusterName },
          { kind: 'topics', clusterName },
          { kind: 'groups', clusterName },
          { kind: 'acls', clusterName },
          ...(node.cluster.schemaRegistry ? [{ kind: 'schemas' as const, clusterName }] : []),
        ];
      case 'schemas':
        return this.subjectNodes(node);
      case 'subject':
        // Newest first: the version people open most.
        return [...node.subject.versions]
          .reverse()
          .map((version) => ({ kind: 'schemaVersion', clusterName, subject: node.subject, version }));
      case 'acls':
      case 'aclGrouping':
        return this.aclNodes(snapshot, node);
      case 'aclGroup':
        return node.acls.map((acl) => ({ kind: 'acl', clusterName, by: node.by, acl }));
      case 'brokers':
        return (await snapshot.metadata()).brokers.map((broker) => ({ kind: 'broker', clusterName, broker }));
      case 'topics':
        return this.topicNodes(snapshot, node);
      case 'topic': {
        const offsets = await this.optionalOffsets(snapshot);
        return [
          { kind: 'topicConfigs', clusterName, topicName: node.topic.name },
          ...node.topic.partitions.map((partition) => ({
            kind: 'partition' as const,
            clusterName,
            topicName: node.topic.name,
            partition,
            offsets: offsets?.get(node.topic.name)?.get(partition.partition),
          })),
        ];
      }
      case 'topicConfigs':
        return (await snapshot.topicConfigs(node.topicName)).map((entry) => ({
          kind: 'config',
          clusterName,
          topicName: node.topicName,
          entry,
        }));
      case 'groups': {
        const filter = this.groupFilter(clusterName);
        const matches = topicFilterMatcher(filter);
        const taken = await snapshot.consumerGroupsTaken();
        const trends = this.options.trends.of(clusterName);
        const notPolled = this.groupsNotPolled(clusterName);
        trends.lag.observe(taken);
        if (this.groupsNotPolled(clusterName) !== notPolled) {
          // The folder's own line says whether its groups are polled: draw it again (its children come from the snapshot).
          setImmediate(() => this.redrawFolder(clusterName, 'groups'));
        }
        const groups = taken.value.filter((g) => matches(g.groupId));
        const none = filter ? `No group matches "${filter}"` : 'No consumer groups';
        return groups.length > 0
          ? groups.map((group) => groupNode(clusterName, group, trends))
          : [{ kind: 'info', clusterName, parentId: nodeId(node), message: none }];
      }
      case 'group':
        return [
          ...node.group.members.map((member) => ({ kind: 'groupMember' as const, clusterName, groupId: node.group.groupId, member })),
          ...node.group.offsets.map((offset) => ({
            kind: 'groupOffset' as const,
            clusterName,
            groupId: node.group.groupId,
            groupType: node.group.type,
            offset,
          })),
        ];
      default:
        return [];
    }
  }

  /** Offsets when they can be read (the tree shows "unknown" otherwise, and the log says why). */
  private async optionalOffsets(snapshot: ClusterSnapshot): Promise<Awaited<ReturnType<ClusterSnapshot['offsets']>> | undefined> {
    try {
      const taken = await snapshot.offsetsTaken();
      this.options.trends.of(snapshot.clusterName).throughput.observe(taken);
      return taken.value;
    } catch (error) {
      this.options.log.warn(`${snapshot.clusterName}: offsets: ${describeKafkaError(error)}; counts show as unknown`);
      return undefined;
    }
  }

  /** Sizes are a bonus too: left out when the brokers cannot tell (fetchReplicaSizes never fails for that). */
  private async optionalSizes(snapshot: ClusterSnapshot): Promise<Awaited<ReturnType<ClusterSnapshot['topicSizes']>> | undefined> {
    try {
      return await snapshot.topicSizes();
    } catch (error) {
      this.options.log.warn(`${snapshot.clusterName}: topic sizes: ${describeKafkaError(error)}; sizes left out`);
      return undefined;
    }
  }

  /** The ACLs folder: two groupings, or one info node when the cluster has no authorizer (or no ACL). */
  private async aclNodes(snapshot: ClusterSnapshot, node: NodeOfKind<'acls'> | NodeOfKind<'aclGrouping'>): Promise<ClusterTreeNode[]> {
    const clusterName = snapshot.clusterName;
    const listing = await snapshot.acls();
    const info = (message: string): ClusterTreeNode[] => [{ kind: 'info', clusterName, parentId: nodeId(node), message }];
    if (!listing.authorizer) {
      return info('No authorizer on this cluster (ACLs are off)');
    }
    if (listing.acls.length === 0) {
      return info('No ACLs');
    }
    if (node.kind === 'acls') {
      return [
        { kind: 'aclGrouping', clusterName, by: 'principal' },
        { kind: 'aclGrouping', clusterName, by: 'resource' },
      ];
    }
    const groups = new Map<string, AclBinding[]>();
    for (const acl of listing.acls) {
      const label = node.by === 'principal' ? acl.principal : describeAclResource(acl);
      groups.set(label, [...(groups.get(label) ?? []), acl]);
    }
    return [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([label, acls]) => ({ kind: 'aclGroup', clusterName, by: node.by, label, acls }));
  }

  private async subjectNodes(node: NodeOfKind<'schemas'>): Promise<ClusterTreeNode[]> {
    const cluster = this.registry.get(node.clusterName);
    const cache = cluster && (await this.options.schemaRegistries.forCluster(cluster));
    if (!cache) {
      return [];
    }
    const subjects = await summarizeSubjects(cache.client);
    return subjects.length > 0
      ? subjects.map((subject) => ({ kind: 'subject', clusterName: node.clusterName, subject }))
      : [{ kind: 'info', clusterName: node.clusterName, parentId: nodeId(node), message: 'No subjects yet' }];
  }

  private async topicNodes(snapshot: ClusterSnapshot, node: NodeOfKind<'topics'>): Promise<ClusterTreeNode[]> {
    const clusterName = snapshot.clusterName;
    const { topics } = await snapshot.metadata();
    // Counts are a bonus: topics still list when offsets cannot be read.
    const [offsets, sizes] = await Promise.all([this.optionalOffsets(snapshot), this.optionalSizes(snapshot)]);
    const showInternal = this.options.showInternalTopics();
    const matches = topicFilterMatcher(this.topicFilter(clusterName));
    const visible = topics.filter((t) => (showInternal || !t.internal) && matches(t.name));
    const trends = this.options.trends.of(clusterName);
    const nodes: ClusterTreeNode[] = visible.map((topic) => topicNode(clusterName, topic, offsets, sizes, trends));
    if (nodes.length === 0) {
      const filter = this.topicFilter(clusterName);
      const message = filter ? `No topic matches "${filter}"` : 'No topics';
      return [{ kind: 'info', clusterName, parentId: nodeId(node), message }];
    }
    return nodes;
  }

  dispose(): void {
    this.retryTimers.forEach((timer) => clearTimeout(timer));
    this.subscription.dispose();
    this.changed.dispose();
  }
}
