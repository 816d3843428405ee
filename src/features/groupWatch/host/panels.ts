import * as vscode from 'vscode';
import { CommandContext, resolveCluster } from '../../../workbench/commandContext';
import { ClusterConfig } from '../../../kafka/connection/clusterConfig';
import { describeKafkaError } from '../../../kafka/errors';
import { groupViewRefreshSeconds } from './settings';
import { ClusterTreeNode } from '../../../workbench/treeNodes';
import { GROUP_VIEW_TYPE, GroupPanel } from './panel';
import { OpenPanels } from '../../../workbench/panelHost/panelHost';
import { ChartMode, parseSavedGroupView, SavedGroupView } from '../protocol';

/** Scripted use: which cluster and which groups to watch. */
export interface WatchGroupArgs {
  readonly clusterName: string;
  readonly groupIds: readonly string[];
}

/** The open group panels; a removed cluster's panels close. */
export class GroupPanels implements vscode.Disposable {
  private readonly open: OpenPanels<SavedGroupView, GroupPanel>;

  constructor(
    private readonly ctx: CommandContext,
    private readonly extensionUri: vscode.Uri,
  ) {
    this.open = new OpenPanels(
      {
        viewType: GROUP_VIEW_TYPE,
        what: 'group view',
        parseSaved: parseSavedGroupView,
        // After a window reload: the panel again, watching the same groups (its history starts afresh).
        restore: (webviewPanel, saved, cluster) => this.create(cluster, saved.groupIds, { panel: webviewPanel, mode: saved.mode }),
        clusterGone: (panel) => panel.dispose(),
      },
      ctx.registry,
      ctx.log,
    );
  }

  get panels(): readonly GroupPanel[] {
    return this.open.all;
  }

  /** "Watch Group": from a group node, the palette (cluster and group asked), or a script. */
  async watch(target?: ClusterTreeNode | WatchGroupArgs): Promise<GroupPanel | undefined> {
    const args = target && 'groupIds' in target ? target : undefined;
    const node = args ? undefined : (target as ClusterTreeNode | undefined);
    const cluster = args ? this.ctx.registry.get(args.clusterName) : await resolveCluster(this.ctx, node);
    if (!cluster) {
      return undefined;
    }
    const groupIds = args
      ? [...args.groupIds]
      : node?.kind === 'group'
        ? [node.group.groupId]
        : [await this.pickGroup(cluster, [])].filter((g): g is string => g !== undefined);
    if (groupIds.length === 0) {
      return undefined;
    }
    const panel = this.create(cluster, groupIds);
    this.open.add(panel);
    this.ctx.log.info(`${cluster.name}: watching group${groupIds.length === 1 ? '' : 's'} ${groupIds.join(', ')}`);
    return panel;
  }

  private create(
    cluster: ClusterConfig,
    groupIds: readonly string[],
    revived?: { panel: vscode.WebviewPanel; mode: ChartMode },
  ): GroupPanel {
    return new GroupPanel(
      {
        pool: this.ctx.pool,
        log: this.ctx.log,
        extensionUri: this.extensionUri,
        refreshSeconds: groupViewRefreshSeconds,
        pickGroup: (c, watched) => this.pickGroup(c, watched),
      },
      cluster,
      groupIds,
      (closed) => this.open.delete(closed),
      revived,
    );
  }

  /** One of the cluster's consumer groups not watched yet, with its state and lag to choose by. */
  private async pickGroup(cluster: ClusterConfig, watched: readonly string[]): Promise<string | undefined> {
    let groups;
    try {
      groups = await this.ctx.snapshots.get(cluster.name)?.consumerGroups();
    } catch (error) {
      void vscode.window.showErrorMessage(`Cannot list the consumer groups of ${cluster.name}: ${describeKafkaError(error)}`);
      return undefined;
    }
    const items = (groups ?? [])
      .filter((g) => !watched.includes(g.groupId))
      .map((g) => ({ label: g.groupId, description: `${g.state} · lag ${g.totalLag.toLocaleString('en-US')}`, groupId: g.groupId }));
    if (items.length === 0) {
      void vscode.window.showInformationMessage(`${cluster.name} has no ${watched.length > 0 ? 'other ' : ''}consumer group to watch.`);
      return undefined;
    }
    const picked = await this.ctx.prompts.current.pick(items, {
      title: watched.length > 0 ? 'Compare with group' : 'Watch consumer group',
      placeHolder: 'Which group?',
      matchOnDescription: true,
    });
    return picked?.groupId;
  }

  dispose(): void {
    this.open.dispose();
  }
}
