import * as vscode from 'vscode';
import { createAcl, deleteAcl } from '../features/acls/aclCommands';
import { addCluster, AddClusterArgs } from '../features/clusters/addCluster';
import { CommandContext } from '../workbench/commandContext';
import { editCluster } from '../features/clusters/editCluster';
import { produce, ProduceMode } from '../features/produce/produce';
import { produceFile } from '../features/produce/produceFile';
import { ProduceMemory } from '../state/produceMemory';
import { GroupPanels, WatchGroupArgs } from '../features/groupWatch/host/panels';
import { TailArgs, TailPanels } from '../features/tail/host/panels';
import { deleteGroup, resetOffsets } from '../features/groups/groupCommands';
import { deleteShareGroupOffsetsCommand, resetShareGroupOffsets } from '../features/groups/shareGroupCommands';
import { removeCluster } from '../features/clusters/removeCluster';
import { addPartitions, createTopic, deleteTopic, editTopicConfig } from '../features/topics/topicCommands';
import { copyName, filterGroups, filterTopics } from '../features/tree/treeCommands';
import { compareSchemaVersions, deleteSchema, openSchema, registerSchema } from '../features/schemas/schemaCommands';
import { ClusterTreeNode } from '../workbench/treeNodes';
import { ClusterTreeProvider } from '../features/tree/clusterTreeProvider';
import { PreviewDocuments } from '../workbench/previewDocuments';
import { setShowInternalTopics } from '../state/settings';

type Handler = (...args: never[]) => unknown;

/** Every command of package.json's `contributes.commands` but the walkthrough's (walkthrough.ts), bound to its handler. */
export function registerCommands(
  ctx: CommandContext,
  tree: ClusterTreeProvider,
  previews: PreviewDocuments,
  memory: ProduceMemory,
  tails: TailPanels,
  groupViews: GroupPanels,
  showLog: () => void,
): vscode.Disposable[] {
  const produceToTopic = async (node?: ClusterTreeNode) => {
    const picked = await ctx.prompts.current.pick(
      [
        { label: 'Selection', description: 'the selection (or the document) is one message', mode: 'selection' as ProduceMode },
        { label: 'Lines', description: 'each line is a message: key<TAB>value', mode: 'lines' as ProduceMode },
        {
          label: 'JSON Array',
          description: 'each item is a message (or { key, value, headers, partition })',
          mode: 'jsonArray' as ProduceMode,
        },
      ],
      { title: 'Produce from the active editor', placeHolder: 'What is a message?' },
    );
    return picked ? produce(ctx, memory, picked.mode, node) : undefined;
  };
  const handlers: Record<string, Handler> = {
    'kafkaExplorer.addCluster': (args?: AddClusterArgs) => addCluster(ctx, args),
    'kafkaExplorer.removeCluster': (node?: ClusterTreeNode) => removeCluster(ctx, node),
    'kafkaExplorer.editCluster': (node?: ClusterTreeNode) => editCluster(ctx, node),
    'kafkaExplorer.refresh': (node?: ClusterTreeNode) => ctx.tree.refresh(node),
    'kafkaExplorer.showLog': showLog,
    'kafkaExplorer.copyName': (node?: ClusterTreeNode) => copyName(node),
    'kafkaExplorer.filterTopics': (node?: ClusterTreeNode) => filterTopics(ctx, tree, node),
    'kafkaExplorer.clearTopicFilter': (node?: ClusterTreeNode) => {
      if (node?.kind === 'topics') {
        tree.setTopicFilter(node.clusterName, '');
      }
    },
    'kafkaExplorer.filterGroups': (node?: ClusterTreeNode) => filterGroups(ctx, tree, node),
    'kafkaExplorer.clearGroupFilter': (node?: ClusterTreeNode) => {
      if (node?.kind === 'groups') {
        tree.setGroupFilter(node.clusterName, '');
      }
    },
    'kafkaExplorer.showInternalTopics': () => setShowInternalTopics(true),
    'kafkaExplorer.hideInternalTopics': () => setShowInternalTopics(false),
    'kafkaExplorer.createTopic': (node?: ClusterTreeNode) => createTopic(ctx, node),
    'kafkaExplorer.deleteTopic': (node?: ClusterTreeNode) => deleteTopic(ctx, node),
    'kafkaExplorer.addPartitions': (node?: ClusterTreeNode) => addPartitions(ctx, node),
    'kafkaExplorer.editTopicConfig': (node?: ClusterTreeNode) => editTopicConfig(ctx, node),
    'kafkaExplorer.createAcl': (node?: ClusterTreeNode) => createAcl(ctx, node),
    'kafkaExplorer.deleteAcl': (node?: ClusterTreeNode) => deleteAcl(ctx, node),
    'kafkaExplorer.deleteGroup': (node?: ClusterTreeNode) => deleteGroup(ctx, node),
    'kafkaExplorer.resetOffsets': (node?: ClusterTreeNode) => resetOffsets(ctx, previews, node),
    'kafkaExplorer.resetShareGroupOffsets': (node?: ClusterTreeNode) => resetShareGroupOffsets(ctx, previews, node),
    'kafkaExplorer.deleteShareGroupOffsets': (node?: ClusterTreeNode) => deleteShareGroupOffsetsCommand(ctx, node),
    'kafkaExplorer.watchGroup': (target?: ClusterTreeNode | WatchGroupArgs) => groupViews.watch(target),
    // From an editor's context menu the argument is the document's URI, not a tree node.
    'kafkaExplorer.produceSelection': () => produce(ctx, memory, 'selection'),
    'kafkaExplorer.produceLines': () => produce(ctx, memory, 'lines'),
    'kafkaExplorer.produceJsonArray': () => produce(ctx, memory, 'jsonArray'),
    'kafkaExplorer.produceToTopic': produceToTopic,
    'kafkaExplorer.produceFile': (node?: ClusterTreeNode) => produceFile(ctx, memory, node),
    'kafkaExplorer.tailTopic': (target?: ClusterTreeNode | TailArgs) => tails.tail(target),
    'kafkaExplorer.searchTopic': (node?: ClusterTreeNode) => tails.search(node),
    'kafkaExplorer.openSchema': (node?: ClusterTreeNode) => openSchema(ctx, previews, node),
    'kafkaExplorer.compareSchemaVersions': (node?: ClusterTreeNode) => compareSchemaVersions(ctx, previews, node),
    'kafkaExplorer.registerSchema': (node?: ClusterTreeNode) => registerSchema(ctx, node),
    'kafkaExplorer.deleteSchema': (node?: ClusterTreeNode) => deleteSchema(ctx, node),
  };
  // A tree node the live refresh redrew in place is still the object VS Code was first given: pass on its newest data.
  return Object.entries(handlers).map(([id, handler]) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) =>
      (handler as (...args: unknown[]) => unknown)(...args.map((arg) => tree.latestOf(arg))),
    ),
  );
}
