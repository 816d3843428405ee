import * as vscode from 'vscode';
import { CommandContext } from '../commands/commandContext';
import { FilterMemory } from '../state/filterMemory';
import { ProduceMemory } from '../state/produceMemory';
import { GroupPanels } from '../groupView/panels';
import { TailPanels } from '../tail/panels';
import { Prompter, PrompterHolder, vscodePrompter } from '../commands/prompter';
import { ConnectionPool } from '../kafka/connectionPool';
import { ClusterTreeProvider } from '../views/clusterTreeProvider';
import { PREVIEW_SCHEME, PreviewDocuments } from '../views/previewDocuments';
import { ClusterRegistry } from '../state/clusterRegistry';
import { ClusterSnapshots } from '../state/clusterSnapshots';
import { ClusterSecretStore } from '../state/clusterSecrets';
import { SchemaRegistries } from '../state/schemaRegistries';
import { registerCommands } from './registerCommands';
import { affectsTimeouts, readTimeoutSettings, SECTION, showInternalTopics } from '../state/settings';

/** What activate() returns: the extension's parts, for extension-host tests and other extensions. */
export interface KafkaExplorerApi {
  readonly registry: ClusterRegistry;
  readonly clusterTree: ClusterTreeProvider;
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
  pool = new ConnectionPool(() => ({ ...readTimeoutSettings(), log }), (name) => secrets.get(name));
  const connections = pool;
  const snapshots = new ClusterSnapshots(registry, connections);
  const schemaRegistries = new SchemaRegistries(secrets);
  const clusterTree = new ClusterTreeProvider(registry, connections, snapshots, { showInternalTopics, log, schemaRegistries });
  const treeView = vscode.window.createTreeView('kafkaExplorer.clusters', {
    treeDataProvider: clusterTree,
    showCollapseAll: true,
  });
  const previews = new PreviewDocuments();
  const prompts = new PrompterHolder();
  const ctx: CommandContext = { registry, secrets, pool: connections, snapshots, schemaRegistries, tree: clusterTree, prompts, log };
  const produceMemory = new ProduceMemory(context.workspaceState);
  const tails = new TailPanels(ctx, previews, produceMemory, new FilterMemory(context.workspaceState), context.extensionUri);
  const groupViews = new GroupPanels(ctx, context.extensionUri);

  context.subscriptions.push(
    log,
    registry,
    clusterTree,
    treeView,
    previews,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
    registry.onDidChange(() => schemaRegistries.forget()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsTimeouts(event)) {
        schemaRegistries.forget();
        void connections.closeAll().then(() => clusterTree.refresh());
      }
      if (event.affectsConfiguration(`${SECTION}.showInternalTopics`)) {
        clusterTree.redraw();
      }
    }),
    tails,
    groupViews,
    ...registerCommands(ctx, previews, produceMemory, tails, groupViews, () => log.show()),
  );
  log.info(`Kafka Explorer ${context.extension.packageJSON.version as string} activated`);
  return {
    registry,
    clusterTree,
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
