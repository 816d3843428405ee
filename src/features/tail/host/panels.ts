import * as vscode from 'vscode';
import { ClusterTreeNode } from '../../../workbench/treeNodes';
import { PreviewDocuments } from '../../../workbench/previewDocuments';
import { DEFAULT_FORM, TAIL_VIEW_TYPE, TailPanel, TailPanelDeps } from './panel';
import { parseSavedTail, TailForm } from '../protocol';
import { CommandContext, resolveCluster } from '../../../workbench/commandContext';
import { FilterMemory } from './filterMemory';
import { ProduceMemory } from '../../../state/produceMemory';
import { tailSettings } from './settings';

/** Scripted use: which cluster, what to put in the form, and whether to start at once. */
export interface TailArgs {
  readonly clusterName: string;
  readonly form?: Partial<TailForm>;
  readonly autoStart?: boolean;
}

/** The open tail panels (several at once), each closed with its consumer. */
export class TailPanels implements vscode.Disposable {
  private readonly open = new Set<TailPanel>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly ctx: CommandContext,
    private readonly previews: PreviewDocuments,
    private readonly produceMemory: ProduceMemory,
    private readonly filterMemory: FilterMemory,
    private readonly extensionUri: vscode.Uri,
    /** Send to Topic… of the produce feature, wired in by the extension. */
    private readonly sendToTopic: TailPanelDeps['sendToTopic'],
  ) {
    this.subscriptions = [
      // A removed cluster's tails stop (their panels stay open with their rows).
      ctx.registry.onDidChange(() => {
        for (const panel of this.open) {
          if (!ctx.registry.get(panel.clusterName)) {
            void panel.stop('its cluster is no longer in Kafka Explorer (removed or renamed)');
          }
        }
      }),
      // After a window reload: the panel again, with its form, stopped (one click starts it).
      vscode.window.registerWebviewPanelSerializer(TAIL_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => this.revive(panel, state),
      }),
    ];
  }

  private async revive(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const saved = parseSavedTail(state);
    const cluster = saved && this.ctx.registry.get(saved.clusterName);
    if (!saved || !cluster) {
      this.ctx.log.info(
        `tail: a panel from before the reload is closed: ${saved ? `cluster "${saved.clusterName}" is gone` : 'it saved no form'}`,
      );
      webviewPanel.dispose();
      return;
    }
    this.ctx.log.info(`tail ${cluster.name}/${saved.form.topics}: panel restored after a reload (stopped)`);
    this.open.add(new TailPanel(this.deps(), cluster, saved.form, false, (closed) => this.open.delete(closed), webviewPanel));
  }

  get panels(): readonly TailPanel[] {
    return [...this.open];
  }

  /**
   * "Search Topic": a panel that reads the topic (or partition) from its earliest offset to the
   * end it has now and stops; the filter set before Start decides what is kept.
   */
  search(node?: ClusterTreeNode): Promise<TailPanel | undefined> {
    return this.tail(node, { start: 'earliest', end: 'now' });
  }

  /** "Tail Topic": from a topic or partition node, the palette, or a produce result. */
  async tail(target?: ClusterTreeNode | TailArgs, preset: Partial<TailForm> = {}): Promise<TailPanel | undefined> {
    const args = target && 'clusterName' in target && !('kind' in target) ? (target as TailArgs) : undefined;
    const node = args ? undefined : (target as ClusterTreeNode | undefined);
    const cluster = args ? this.ctx.registry.get(args.clusterName) : await resolveCluster(this.ctx, node);
    if (!cluster) {
      return undefined;
    }
    const settings = tailSettings();
    let form: TailForm = { ...DEFAULT_FORM, ...settings.formDefaults, ...preset, ...args?.form };
    if (node?.kind === 'topic') {
      form = { ...form, topics: node.topic.name };
    } else if (node?.kind === 'partition') {
      form = { ...form, topics: node.topicName, partitions: String(node.partition.partition) };
    }
    const panel = new TailPanel(this.deps(), cluster, form, args?.autoStart === true, (closed) => this.open.delete(closed));
    this.open.add(panel);
    return panel;
  }

  private deps(): TailPanelDeps {
    const ctx = this.ctx;
    return {
      pool: ctx.pool,
      previews: this.previews,
      produceMemory: this.produceMemory,
      filterMemory: this.filterMemory,
      sendToTopic: this.sendToTopic,
      schemaRegistries: ctx.schemaRegistries,
      log: ctx.log,
      extensionUri: this.extensionUri,
      bufferSize: tailSettings().bufferSize,
    };
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.open.forEach((panel) => panel.dispose());
  }
}
