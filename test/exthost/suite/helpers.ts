import * as vscode from 'vscode';
import type { KafkaExplorerApi } from '../../../src/extension/extension';
import type { ClusterTreeNode } from '../../../src/views/clusterTreeNodes';

export const EXTENSION_ID = 'kafka-explorer.kafka-explorer';

export async function activateExtension(): Promise<KafkaExplorerApi> {
  const extension = vscode.extensions.getExtension<KafkaExplorerApi>(EXTENSION_ID);
  if (!extension) {
    throw new Error(`${EXTENSION_ID} is not loaded in this extension host`);
  }
  return extension.activate();
}

/** Removes every configured cluster so each test starts from an empty view. */
export async function clearClusters(): Promise<void> {
  await vscode.workspace
    .getConfiguration('kafkaExplorer')
    .update('clusters', undefined, vscode.ConfigurationTarget.Global);
}

export async function clusterNode(api: KafkaExplorerApi, name: string): Promise<ClusterTreeNode> {
  const roots = await api.clusterTree.getChildren();
  const node = roots.find((n) => n.kind === 'cluster' && n.cluster.name === name);
  if (!node) {
    throw new Error(`no cluster node "${name}" among ${roots.length} roots`);
  }
  return node;
}
