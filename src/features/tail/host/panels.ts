import * as vscode from 'vscode';
import { ClusterTreeNode } from '../../../workbench/treeNodes';
import { PreviewDocuments } from '../../../workbench/previewDocuments';
import { DEFAULT_FORM, TAIL_VIEW_TYPE, TailPanel, TailPanelDeps } from './panel';
import { parseSavedTail, SavedTail, TailForm } from '../protocol';
import { OpenPanels } from '../../../workbench/panelHost/panelHost';
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
  private readonly open: OpenPanels<SavedTail, TailPanel>;

  constructor(
    private readonly ctx: CommandContext,
    private readonly previews: PreviewDocuments,
    private readonly produceMemory: ProduceMemory,
    private readonly filterMemory: FilterMemory,
    private readonly extensionUri: vscode.Uri,
    /** Send to Topic… of the produce feature, wired in by the extension. */
    private readonly sendToTopic: TailPanelDeps['sendToTopic'],
  ) {
    this.open = new OpenPanels(
      {
        viewType: TAIL_VIEW_TYPE,
        what: 'tail',
        parseSaved: parseSavedTail,
        // After a window reload: the panel again, with its form, stopped (one click starts it).
        restore: (webviewPanel, saved, cluster) => {
          ctx.log.info(`tail ${cluster.name}/${saved.form.topics}: panel restored after a reload (stopped)`);
          return new TailPanel(this.deps(), cluster, saved.form, false, (closed) => this.open.delete(closed), webviewPanel);
        },
        // A removed cluster's tails stop (their panels stay open with their rows).
        clusterGone: (panel) => void panel.stop('its cluster is no longer in Kafka Explorer (removed or renamed)'),
      },
      ctx.registry,
      ctx.log,
    );
  }

  get panels(): readonly TailPanel[] {
    return this.open.all;
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
    this.open.dispose();
  }
}
