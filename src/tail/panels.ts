import * as vscode from 'vscode';
import { ClusterTreeNode } from '../views/clusterTreeNodes';
import { PreviewDocuments } from '../views/previewDocuments';
import { DEFAULT_FORM, TailPanel } from './panel';
import type { TailForm } from './protocol';
import { CommandContext, resolveCluster } from '../commands/commandContext';
import { ProduceMemory } from '../state/produceMemory';
import { tailSettings } from '../state/tailSettings';

/** Scripted use: which cluster, what to put in the form, and whether to start at once. */
export interface TailArgs {
  readonly clusterName: string;
  readonly form?: Partial<TailForm>;
  readonly autoStart?: boolean;
}

/** The open tail panels (several at once), each closed with its consumer. */
export class TailPanels implements vscode.Disposable {
  private readonly open = new Set<TailPanel>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly ctx: CommandContext,
    private readonly previews: PreviewDocuments,
    private readonly produceMemory: ProduceMemory,
    private readonly extensionUri: vscode.Uri,
  ) {
    // A removed cluster's tails stop (their panels stay open with their rows).
    this.subscription = ctx.registry.onDidChange(() => {
      for (const panel of this.open) {
        if (!ctx.registry.get(panel.clusterName)) {
          void panel.stop('its cluster is no longer in Kafka Explorer (removed or renamed)');
        }
      }
    });
  }

  get panels(): readonly TailPanel[] {
    return [...this.open];
  }

  /** "Tail Topic": from a topic or partition node, the palette, or a produce result. */
  async tail(target?: ClusterTreeNode | TailArgs): Promise<TailPanel | undefined> {
    const args = target && 'clusterName' in target && !('kind' in target) ? (target as TailArgs) : undefined;
    const node = args ? undefined : (target as ClusterTreeNode | undefined);
    const cluster = args ? this.ctx.registry.get(args.clusterName) : await resolveCluster(this.ctx, node);
    if (!cluster) {
      return undefined;
    }
    const settings = tailSettings();
    let form: TailForm = { ...DEFAULT_FORM, ...settings.formDefaults, ...args?.form };
    if (node?.kind === 'topic') {
      form = { ...form, topics: node.topic.name };
    } else if (node?.kind === 'partition') {
      form = { ...form, topics: node.topicName, partitions: String(node.partition.partition) };
    }
    const panel = new TailPanel(
      { pool: this.ctx.pool, previews: this.previews, produceMemory: this.produceMemory, log: this.ctx.log, extensionUri: this.extensionUri, bufferSize: settings.bufferSize },
      cluster,
      form,
      args?.autoStart === true,
      (closed) => this.open.delete(closed),
    );
    this.open.add(panel);
    return panel;
  }

  dispose(): void {
    this.subscription.dispose();
    this.open.forEach((panel) => panel.dispose());
  }
}
