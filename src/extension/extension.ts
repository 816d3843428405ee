import * as vscode from 'vscode';
import { addCluster, AddClusterArgs } from '../commands/addCluster';
import { removeCluster } from '../commands/removeCluster';
import { copyName, filterTopics } from '../commands/treeCommands';
import { ConnectionPool } from '../kafka/connectionPool';
import { ClusterTreeNode } from '../views/clusterTreeNodes';
import { ClusterTreeProvider } from '../views/clusterTreeProvider';
import { ClusterRegistry } from './clusterRegistry';
import { affectsTimeouts, readTimeoutSettings, SECTION, setShowInternalTopics, showInternalTopics } from './settings';

/** What activate() returns: the extension's parts, for extension-host tests and other extensions. */
export interface KafkaExplorerApi {
  readonly registry: ClusterRegistry;
  readonly clusterTree: ClusterTreeProvider;
}

let pool: ConnectionPool | undefined;

export function activate(context: vscode.ExtensionContext): KafkaExplorerApi {
  const log = vscode.window.createOutputChannel('Kafka Explorer', { log: true });
  const registry = new ClusterRegistry(log);
  pool = new ConnectionPool(() => ({ ...readTimeoutSettings(), log }));
  const connections = pool;
  const clusterTree = new ClusterTreeProvider(registry, connections, { showInternalTopics });
  const treeView = vscode.window.createTreeView('kafkaExplorer.clusters', {
    treeDataProvider: clusterTree,
    showCollapseAll: true,
  });

  context.subscriptions.push(
    log,
    registry,
    clusterTree,
    treeView,
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsTimeouts(event)) {
        void connections.closeAll().then(() => clusterTree.refresh());
      }
      if (event.affectsConfiguration(`${SECTION}.showInternalTopics`)) {
        clusterTree.redraw();
      }
    }),
    vscode.commands.registerCommand('kafkaExplorer.addCluster', (args?: AddClusterArgs) => addCluster(registry, args)),
    vscode.commands.registerCommand('kafkaExplorer.removeCluster', (node?: ClusterTreeNode) =>
      removeCluster(registry, node),
    ),
    vscode.commands.registerCommand('kafkaExplorer.refresh', (node?: ClusterTreeNode) => clusterTree.refresh(node)),
    vscode.commands.registerCommand('kafkaExplorer.showLog', () => log.show()),
    vscode.commands.registerCommand('kafkaExplorer.copyName', copyName),
    vscode.commands.registerCommand('kafkaExplorer.filterTopics', (node?: ClusterTreeNode) => filterTopics(clusterTree, node)),
    vscode.commands.registerCommand('kafkaExplorer.clearTopicFilter', (node?: ClusterTreeNode) => {
      if (node?.kind === 'topics') {
        clusterTree.setTopicFilter(node.clusterName, '');
      }
    }),
    vscode.commands.registerCommand('kafkaExplorer.showInternalTopics', () => setShowInternalTopics(true)),
    vscode.commands.registerCommand('kafkaExplorer.hideInternalTopics', () => setShowInternalTopics(false)),
  );
  log.info(`Kafka Explorer ${context.extension.packageJSON.version as string} activated`);
  return { registry, clusterTree };
}

export async function deactivate(): Promise<void> {
  await pool?.closeAll();
  pool = undefined;
}
