import * as vscode from 'vscode';
import { addCluster, AddClusterArgs } from '../commands/addCluster';
import { CommandContext } from '../commands/commandContext';
import { editCluster } from '../commands/editCluster';
import { deleteGroup, resetOffsets } from '../commands/groupCommands';
import { removeCluster } from '../commands/removeCluster';
import { addPartitions, createTopic, deleteTopic, editTopicConfig } from '../commands/topicCommands';
import { copyName, filterTopics } from '../commands/treeCommands';
import { ClusterTreeNode } from '../views/clusterTreeNodes';
import { PreviewDocuments } from '../views/previewDocuments';
import { setShowInternalTopics } from './settings';

type Handler = (...args: never[]) => unknown;

/** Every command of package.json's `contributes.commands`, bound to its handler. */
export function registerCommands(ctx: CommandContext, previews: PreviewDocuments, showLog: () => void): vscode.Disposable[] {
  const handlers: Record<string, Handler> = {
    'kafkaExplorer.addCluster': (args?: AddClusterArgs) => addCluster(ctx, args),
    'kafkaExplorer.removeCluster': (node?: ClusterTreeNode) => removeCluster(ctx, node),
    'kafkaExplorer.editCluster': (node?: ClusterTreeNode) => editCluster(ctx, node),
    'kafkaExplorer.refresh': (node?: ClusterTreeNode) => ctx.tree.refresh(node),
    'kafkaExplorer.showLog': showLog,
    'kafkaExplorer.copyName': (node?: ClusterTreeNode) => copyName(node),
    'kafkaExplorer.filterTopics': (node?: ClusterTreeNode) => filterTopics(ctx, node),
    'kafkaExplorer.clearTopicFilter': (node?: ClusterTreeNode) => {
      if (node?.kind === 'topics') {
        ctx.tree.setTopicFilter(node.clusterName, '');
      }
    },
    'kafkaExplorer.showInternalTopics': () => setShowInternalTopics(true),
    'kafkaExplorer.hideInternalTopics': () => setShowInternalTopics(false),
    'kafkaExplorer.createTopic': (node?: ClusterTreeNode) => createTopic(ctx, node),
    'kafkaExplorer.deleteTopic': (node?: ClusterTreeNode) => deleteTopic(ctx, node),
    'kafkaExplorer.addPartitions': (node?: ClusterTreeNode) => addPartitions(ctx, node),
    'kafkaExplorer.editTopicConfig': (node?: ClusterTreeNode) => editTopicConfig(ctx, node),
    'kafkaExplorer.deleteGroup': (node?: ClusterTreeNode) => deleteGroup(ctx, node),
    'kafkaExplorer.resetOffsets': (node?: ClusterTreeNode) => resetOffsets(ctx, previews, node),
  };
  return Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler as (...args: unknown[]) => unknown));
}
