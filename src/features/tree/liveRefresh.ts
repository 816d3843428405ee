import * as vscode from 'vscode';
import { ClusterSnapshot } from '../../kafka/admin/clusterSnapshot';
import { describeKafkaError } from '../../kafka/errors';
import { Log } from '../../common/log';
import { OffsetRange } from '../../kafka/admin/offsets';
import { describeGrowth, formatRate, groupSignature } from '../../kafka/trends';
import { ClusterSnapshots } from '../../state/clusterSnapshots';
import { LiveTrends } from './liveTrends';
import { LiveRefreshSettings } from '../../state/settings';
import { ClusterTreeNode, groupNode, NodeOfKind, nodeId, topicNode } from '../../workbench/treeNodes';
import { ClusterTreeProvider } from './clusterTreeProvider';
import { topicFilterMatcher } from './topicFilter';

/** What a poll fetches for one cluster: the folders expanded under its expanded node. */
interface Target {
  readonly clusterName: string;
  readonly topics: boolean;
  readonly groups: boolean;
}

/** Backing off a cluster whose poll failed: the wait doubles with each failure in a row, up to this many times. */
const MAX_BACKOFF_DOUBLINGS = 5;

/** What a topic's line shows: two nodes that look the same are not redrawn. */
function topicLooks(node: NodeOfKind<'topic'>): string {
  const rate = node.messagesPerSecond === undefined ? '' : formatRate(node.messagesPerSecond);
  return `${node.messageCount}|${node.size?.leaderBytes}|${node.size?.replicaBytes}|${rate}`;
}

function rangesKey(ranges: ReadonlyMap<number, OffsetRange> | undefined): string {
  return [...(ranges ?? [])].map(([partition, { earliest, latest }]) => `${partition}:${earliest}-${latest}`).join(',');
}

function groupLooks(node: NodeOfKind<'group'>): string {
  return `${groupSignature(node.group)}\u0000${node.growth ? describeGrowth(node.growth) : ''}`;
}

/**
 * Refreshes consumer-group lag and topic message counts, rates and sizes on an interval
 * (`kafkaExplorer.liveRefresh.intervalSeconds`) while the Kafka view is visible, only for the
 * Topics and Consumer Groups folders expanded under an expanded cluster. Only the nodes whose
 * line or rows changed are redrawn, in place: expansion and selection stay. A cluster with more
 * groups than `maxGroups` has its groups left alone (the folder says so).
 */
export class LiveRefresh implements vscode.Disposable {
  /** Expanded nodes by id: VS Code keeps a node's expansion by id across redraws, without telling. */
  private readonly expanded = new Map<string, ClusterTreeNode>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private readonly failures = new Map<string, { readonly count: number; readonly skipUntil: number }>();
  private readonly polled = new vscode.EventEmitter<number>();
  /** After each poll, with the number of polls so far (tests wait on it). */
  readonly onDidPoll = this.polled.event;
  private pollCount = 0;
  private disposed = false;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly view: vscode.TreeView<ClusterTreeNode>,
    private readonly tree: ClusterTreeProvider,
    private readonly snapshots: ClusterSnapshots,
    private readonly trends: LiveTrends,
    private readonly settings: () => LiveRefreshSettings,
    private readonly log: Log,
  ) {
    this.subscriptions = [
      view.onDidExpandElement(({ element }) => {
        this.expanded.set(nodeId(element), element);
        this.schedule();
      }),
      view.onDidCollapseElement(({ element }) => void this.expanded.delete(nodeId(element))),
      // Hidden: the pending poll is dropped; shown again: the next one comes an interval later.
      view.onDidChangeVisibility(() => this.restart()),
    ];
    this.schedule();
  }

  /** Polls made so far. */
  get polls(): number {
    return this.pollCount;
  }

  /** Whether a poll is waiting for its time or under way. */
  get running(): boolean {
    return this.timer !== undefined || this.polling !== undefined;
  }

  /** The view's visibility or the settings changed: the next poll is an interval from now, if any. */
  restart(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.schedule();
  }

  private schedule(): void {
    const { intervalMs } = this.settings();
    if (this.disposed || this.timer || this.polling || intervalMs <= 0 || !this.view.visible || this.targets().length === 0) {
      return; // the next expansion, showing the view or settings change schedules again
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.polling = this.poll().finally(() => {
        this.polling = undefined;
        this.schedule();
      });
    }, intervalMs);
  }

  private targets(): Target[] {
    const targets: Target[] = [];
    for (const node of this.expanded.values()) {
      if (node.kind === 'cluster') {
        const clusterName = node.cluster.name;
        const topics = this.expanded.has(nodeId({ kind: 'topics', clusterName }));
        // Too many groups to poll: the folder says so, and nothing is fetched for it.
        const groups = this.expanded.has(nodeId({ kind: 'groups', clusterName })) && this.tree.groupsNotPolled(clusterName) === undefined;
        if (topics || groups) {
          targets.push({ clusterName, topics, groups });
        }
      }
    }
    return targets;
  }

  /** Never fails: a cluster whose poll fails is logged and waited for longer. */
  private async poll(): Promise<void> {
    const now = Date.now();
    const due = this.targets().filter((t) => (this.failures.get(t.clusterName)?.skipUntil ?? 0) <= now);
    if (due.length === 0) {
      return;
    }
    await Promise.all(
      due.map(async (target) => {
        try {
          await this.pollCluster(target);
          this.failures.delete(target.clusterName);
        } catch (error) {
          const count = (this.failures.get(target.clusterName)?.count ?? 0) + 1;
          const waitMs = this.settings().intervalMs * 2 ** Math.min(count, MAX_BACKOFF_DOUBLINGS);
          this.failures.set(target.clusterName, { count, skipUntil: Date.now() + waitMs });
          this.log.warn(
            `${target.clusterName}: live refresh failed: ${describeKafkaError(error)}; next try in ${Math.round(waitMs / 1000)} s`,
          );
        }
      }),
    );
    this.pollCount++;
    this.polled.fire(this.pollCount);
  }

  private async pollCluster({ clusterName, topics, groups }: Target): Promise<void> {
    const snapshot = this.snapshots.get(clusterName);
    if (!snapshot) {
      return; // removed
    }
    await Promise.all([
      topics ? this.pollTopics(clusterName, snapshot) : undefined,
      groups ? this.pollGroups(clusterName, snapshot) : undefined,
    ]);
  }

  private async pollTopics(clusterName: string, snapshot: ClusterSnapshot): Promise<void> {
    const before = await snapshot.offsetsTaken().catch(() => undefined);
    const [offsets, sizes] = await Promise.all([
      snapshot.reload('offsets'),
      // Sizes are a bonus: the last ones known stay when the brokers cannot say.
      snapshot.reload('sizes').catch(() => snapshot.topicSizes().catch(() => undefined)),
    ]);
    const trends = this.trends.of(clusterName);
    trends.throughput.observe(offsets);
    if (this.snapshots.get(clusterName) !== snapshot) {
      return; // refreshed meanwhile: the tree draws the new snapshot
    }
    const changed = this.tree.shownChildren({ kind: 'topics', clusterName }).flatMap((node) => {
      if (node.kind !== 'topic') {
        return [];
      }
      const name = node.topic.name;
      const fresh = topicNode(clusterName, node.topic, offsets.value, sizes, trends);
      // An expanded topic shows each partition's offsets, which may move while the totals stay.
      const rowsMoved = this.expanded.has(nodeId(node)) && rangesKey(before?.value.get(name)) !== rangesKey(offsets.value.get(name));
      return rowsMoved || topicLooks(fresh) !== topicLooks(node) ? [fresh] : [];
    });
    this.tree.update(changed);
  }

  private async pollGroups(clusterName: string, snapshot: ClusterSnapshot): Promise<void> {
    const taken = await snapshot.reload('groups');
    const trends = this.trends.of(clusterName);
    const notPolled = this.tree.groupsNotPolled(clusterName);
    trends.lag.observe(taken);
    if (this.snapshots.get(clusterName) !== snapshot) {
      return;
    }
    const matches = topicFilterMatcher(this.tree.groupFilter(clusterName));
    const listed = taken.value.filter((g) => matches(g.groupId));
    const shown = this.tree.shownChildren({ kind: 'groups', clusterName }).filter((n): n is NodeOfKind<'group'> => n.kind === 'group');
    const sameGroups = listed.length === shown.length && listed.every((g, i) => g.groupId === shown[i].group.groupId);
    if (!sameGroups || this.tree.groupsNotPolled(clusterName) !== notPolled) {
      // Groups came or went (or grew too many to poll): the folder is drawn again, from this poll's groups.
      this.tree.redrawFolder(clusterName, 'groups');
      return;
    }
    const changed = listed.flatMap((group, i) => {
      const fresh = groupNode(clusterName, group, trends);
      return groupLooks(fresh) !== groupLooks(shown[i]) ? [fresh] : [];
    });
    this.tree.update(changed);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.subscriptions.forEach((s) => s.dispose());
    this.polled.dispose();
  }
}
