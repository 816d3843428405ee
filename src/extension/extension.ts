import { sendToTopic } from '../features/produce/sendToTopic';
import * as vscode from 'vscode';
import { CommandContext } from '../workbench/commandContext';
import { FilterMemory } from '../features/tail/host/filterMemory';
import { ProduceMemory } from '../state/produceMemory';
import { GroupPanels } from '../features/groupWatch/host/panels';
import { TailPanels } from '../features/tail/host/panels';
import { Prompter, PrompterHolder, vscodePrompter } from '../workbench/prompter';
import { ConnectionPool } from '../kafka/connection/connectionPool';
import { ClusterTreeProvider } from '../features/tree/clusterTreeProvider';
import { ClusterTreeNode } from '../workbench/treeNodes';
import { LiveRefresh } from '../features/tree/liveRefresh';
import { PREVIEW_SCHEME, PreviewDocuments } from '../workbench/previewDocuments';
import { ClusterRegistry } from '../state/clusterRegistry';
import { ClusterSnapshots } from '../state/clusterSnapshots';
import { ClusterSecretStore } from '../state/clusterSecrets';
import { LiveTrends } from '../features/tree/liveTrends';
import { SchemaRegistries } from '../state/schemaRegistries';
import { registerCommands } from './registerCommands';
import { registerWalkthrough } from './walkthrough';
import {
  affectsLiveRefresh,
  affectsTimeouts,
  readLiveRefreshSettings,
  readTimeoutSettings,
  SECTION,
  showInternalTopics,
} from '../state/settings';

/** What activate() returns: the extension's parts, for extension-host tests and other extensions. */
export interface KafkaExplorerApi {
  readonly registry: ClusterRegistry;
  readonly clusterTree: ClusterTreeProvider;
  /** The Clusters view itself (reveal, visibility). */
  readonly clusterView: vscode.TreeView<ClusterTreeNode>;
  /** Polls what is expanded in the Clusters view while it is visible. */
  readonly liveRefresh: LiveRefresh;
  /** Answers the commands' questions instead of the UI (automation, tests); undefined restores the UI. */
  setPrompter(prompter: Prompter | undefined): void;
  /** The open tail panels. */
  readonly tails: TailPanels;
  /** The open Watch Group panels. */
  readonly groupViews: GroupPanels;
}

let pool: ConnectionPool | undefined;

export function activate(context: vscode.ExtensionContext): KafkaExplorerApi {
  const log = vscode.window.createOutputChannel('Kafka Explorer', { log: true });
  const registry = new ClusterRegistry(log);
  const secrets = new ClusterSecretStore(context.secrets);
  pool = new ConnectionPool(
    () => ({ ...readTimeoutSettings(), log }),
    (name) => secrets.get(name),
  );
  const connections = pool;
  const snapshots = new ClusterSnapshots(registry, connections);
  const schemaRegistries = new SchemaRegistries(secrets);
  const trends = new LiveTrends();
  const liveSettings = readLiveRefreshSettings;
  const clusterTree = new ClusterTreeProvider(registry, connections, snapshots, {
    showInternalTopics,
    log,
    schemaRegistries,
    trends,
    liveRefresh: liveSettings,
  });
  const treeView = vscode.window.createTreeView('kafkaExplorer.clusters', {
    treeDataProvider: clusterTree,
    showCollapseAll: true,
  });
  const liveRefresh = new LiveRefresh(treeView, clusterTree, snapshots, trends, liveSettings, log);
  const previews = new PreviewDocuments();
  const prompts = new PrompterHolder();
  const ctx: CommandContext = { registry, secrets, pool: connections, snapshots, schemaRegistries, tree: clusterTree, prompts, log };
  const produceMemory = new ProduceMemory(context.workspaceState);
  const tails = new TailPanels(
    ctx,
    previews,
    produceMemory,
    new FilterMemory(context.workspaceState),
    context.extensionUri,
    (cluster, messages) => sendToTopic(ctx, produceMemory, cluster, messages),
  );
  const groupViews = new GroupPanels(ctx, context.extensionUri);

  context.subscriptions.push(
    log,
    registry,
    clusterTree,
    treeView,
    liveRefresh,
    previews,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
    registry.onDidChange(() => schemaRegistries.forget()),
    registry.onDidChange(() => trends.retain(registry.list().map((c) => c.name))),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsTimeouts(event)) {
        schemaRegistries.forget();
        void connections.closeAll().then(() => clusterTree.refresh());
      }
      if (event.affectsConfiguration(`${SECTION}.showInternalTopics`)) {
        clusterTree.redraw();
      }
      if (affectsLiveRefresh(event)) {
        liveRefresh.restart();
        clusterTree.redraw(); // the Consumer Groups folders say whether they are polled
      }
    }),
    tails,
    groupViews,
    ...registerCommands(ctx, clusterTree, previews, produceMemory, tails, groupViews, () => log.show()),
    ...registerWalkthrough(context.extension.id, registry),
  );
  log.info(`Kafka Explorer ${context.extension.packageJSON.version as string} activated`);
  return {
    registry,
    clusterTree,
    clusterView: treeView,
    liveRefresh,
    tails,
    groupViews,
    setPrompter: (prompter) => {
      prompts.current = prompter ?? vscodePrompter;
    },
  };
}

export async function deactivate(): Promise<void> {
  await pool?.closeAll();
  pool = undefined;
}
