import * as vscode from 'vscode';
import { ClusterConfig } from '../../../kafka/connection/clusterConfig';
import { ConnectionPool } from '../../../kafka/connection/connectionPool';
import { describeKafkaError } from '../../../kafka/errors';
import { describeGroupsWithLag } from '../../../kafka/groups/groups';
import { Log } from '../../../common/log';
import { fetchClusterMetadata } from '../../../kafka/admin/metadata';
import { PanelHost } from '../../../workbench/panelHost/panelHost';
import { RequestAnswer } from '../../../workbench/webview/messages';
import { newWatchedGroup, recordPoll, viewState, WatchedGroup } from './model';
import { ChartMode, GroupHostToWebview, GroupRequest, GroupViewState, parseGroupRequest } from '../protocol';

export const GROUP_VIEW_TYPE = 'kafkaExplorer.groupView';

export interface GroupPanelDeps {
  readonly pool: ConnectionPool;
  readonly log: Log;
  readonly extensionUri: vscode.Uri;
  /** Seconds between polls while the panel is visible (read at each poll, so a settings change applies). */
  readonly refreshSeconds: () => number;
  /** Asks which of the cluster's other groups to compare; undefined when cancelled. */
  readonly pickGroup: (cluster: ClusterConfig, watched: readonly string[]) => Promise<string | undefined>;
}

/**
 * One "Watch Group" panel: polls its groups (committed offsets, end offsets, members) every
 * few seconds while it is visible, never while hidden, and posts what the model makes of the
 * history. The webview keeps no state: shown again, it asks for the state and gets it.
 */
export class GroupPanel implements vscode.Disposable {
  private readonly host: PanelHost<GroupRequest, GroupHostToWebview>;
  private readonly groups: WatchedGroup[];
  private mode: ChartMode = 'stacked';
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private polledAt = 0;
  private generation = 0;
  private loopRunning = false;
  /** Polls made so far (tests check none happen while hidden). */
  pollCount = 0;
  /** The last state posted to the webview (tests read it). */
  lastState: GroupViewState | undefined;

  constructor(
    private readonly deps: GroupPanelDeps,
    readonly cluster: ClusterConfig,
    groupIds: readonly string[],
    private readonly onClosed: (panel: GroupPanel) => void,
    /** A panel VS Code brought back after a window reload, with the chart mode it had; else a new one. */
    revived?: { readonly panel: vscode.WebviewPanel; readonly mode: ChartMode },
  ) {
    this.groups = groupIds.map(newWatchedGroup);
    this.mode = revived?.mode ?? this.mode;
    this.host = new PanelHost({
      viewType: GROUP_VIEW_TYPE,
      feature: 'groupWatch',
      title: groupTitle(groupIds),
      pageTitle: 'Kafka consumer group',
      extensionUri: deps.extensionUri,
      revived: revived?.panel,
      parse: parseGroupRequest,
      handle: (request) => this.handle(request),
      describeError: describeKafkaError,
      warn: (message) => this.deps.log.warn(`group view ${this.cluster.name}: ${message}`),
      onDidChangeViewState: () => this.schedule(),
      onDidDispose: () => {
        clearTimeout(this.timer);
        this.onClosed(this);
      },
    });
    this.schedule();
  }

  get clusterName(): string {
    return this.cluster.name;
  }

  get groupIds(): string[] {
    return this.groups.map((g) => g.groupId);
  }

  get panel(): vscode.WebviewPanel {
    return this.host.panel;
  }

  get visible(): boolean {
    return this.host.visible;
  }

  /** A message from the webview: checked, carried out, answered with done or failed. */
  receive(raw: unknown): Promise<RequestAnswer> {
    return this.host.receive(raw);
  }

  /** Carries out one checked request (also how tests drive the panel). */
  async handle(request: GroupRequest): Promise<void> {
    switch (request.type) {
      case 'ready':
        this.postState();
        return;
      case 'refresh':
        await this.poll();
        return;
      case 'setMode':
        this.mode = request.mode;
        this.postState();
        return;
      case 'addGroup': {
        const picked = await this.deps.pickGroup(this.cluster, this.groupIds);
        if (picked) {
          this.addGroup(picked);
          await this.poll();
        }
        return;
      }
      case 'removeGroup': {
        const index = this.groups.findIndex((g) => g.groupId === request.groupId);
        if (index < 0 || this.groups.length === 1) {
          throw new Error(index < 0 ? `"${request.groupId}" is not in this panel.` : 'The panel shows at least one group.');
        }
        this.groups.splice(index, 1);
        this.retitle();
        this.postState();
        return;
      }
    }
  }

  /** Adds a group to compare (no-op when it is already watched). */
  addGroup(groupId: string): void {
    if (!this.groups.some((g) => g.groupId === groupId)) {
      this.groups.push(newWatchedGroup(groupId));
      this.retitle();
    }
  }

  /** One poll of every watched group; a poll already running is awaited instead of doubled. */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    const ids = this.groupIds;
    this.pollCount++;
    const at = Date.now();
    try {
      const infos = await this.deps.pool
        .get(this.cluster)
        .query(`watch groups ${ids.join(', ')}`, async ({ admin, cluster }) =>
          describeGroupsWithLag(admin, cluster, await fetchClusterMetadata(cluster), ids),
        );
      this.groups.forEach((group) =>
        recordPoll(
          group,
          at,
          infos.find((i) => i.groupId === group.groupId),
        ),
      );
    } catch (error) {
      const reason = describeKafkaError(error);
      this.groups.forEach((group) => recordPoll(group, at, undefined, reason));
    }
    this.polledAt = at;
    this.postState();
  }

  /**
   * Shown: polls now, then every few seconds. Hidden: no more polls. Each show starts a new
   * loop and ends the one before (a generation count), so showing and hiding quickly never
   * leaves two loops polling.
   */
  private schedule(): void {
    const visible = this.visible;
    if (visible && this.loopRunning) {
      return; // moved or focused, still visible: the loop goes on
    }
    clearTimeout(this.timer);
    const generation = ++this.generation;
    this.loopRunning = visible;
    if (!visible) {
      return;
    }
    const loop = async () => {
      await this.poll();
      if (generation === this.generation && this.visible) {
        this.timer = setTimeout(() => void loop(), this.deps.refreshSeconds() * 1000);
      }
    };
    void loop();
  }

  private retitle(): void {
    this.host.title = groupTitle(this.groupIds);
  }

  private postState(): void {
    this.lastState = viewState(this.cluster.name, this.groups, this.mode, this.deps.refreshSeconds(), this.polledAt);
    this.post({ type: 'state', state: this.lastState });
  }

  private post(message: GroupHostToWebview): void {
    this.host.post(message);
  }

  dispose(): void {
    this.host.dispose();
  }
}

function groupTitle(groupIds: readonly string[]): string {
  return `Group: ${groupIds.join(', ')}`;
}
