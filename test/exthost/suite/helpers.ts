import * as vscode from 'vscode';
import type { KafkaExplorerApi } from '../../../src/extension/extension';
import type { ClusterTreeNode } from '../../../src/workbench/treeNodes';
import type { HostToWebview } from '../../../src/features/tail/protocol';

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
  await vscode.workspace.getConfiguration('kafkaExplorer').update('clusters', undefined, vscode.ConfigurationTarget.Global);
}

export async function clusterNode(api: KafkaExplorerApi, name: string): Promise<ClusterTreeNode> {
  const roots = await api.clusterTree.getChildren();
  const node = roots.find((n) => n.kind === 'cluster' && n.cluster.name === name);
  if (!node) {
    throw new Error(`no cluster node "${name}" among ${roots.length} roots`);
  }
  return node;
}

/** The label of a node's tree item as a plain string. */
export function labelOf(api: KafkaExplorerApi, node: ClusterTreeNode): string {
  const label = api.clusterTree.getTreeItem(node).label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

/** The child of `node` whose label is `label` (or starts with it, for config rows). */
export async function child(api: KafkaExplorerApi, node: ClusterTreeNode, label: string): Promise<ClusterTreeNode> {
  const children = await api.clusterTree.getChildren(node);
  const found = children.find((n) => labelOf(api, n) === label) ?? children.find((n) => labelOf(api, n).startsWith(label));
  if (!found) {
    throw new Error(`no child "${label}" under ${labelOf(api, node)}: ${children.map((n) => labelOf(api, n)).join(' | ')}`);
  }
  return found;
}

/** Follows a path of labels from a cluster node down the tree. */
export async function nodeAt(api: KafkaExplorerApi, clusterName: string, ...path: string[]): Promise<ClusterTreeNode> {
  let node = await clusterNode(api, clusterName);
  for (const label of path) {
    node = await child(api, node, label);
  }
  return node;
}

export function descriptionOf(api: KafkaExplorerApi, node: ClusterTreeNode): string {
  const description = api.clusterTree.getTreeItem(node).description;
  return typeof description === 'string' ? description : '';
}

/** Everything the host posts to a panel's webview from now on (the requests' effects a user would see). */
export function recordPosts(panel: { readonly panel: vscode.WebviewPanel }): HostToWebview[] {
  const posted: HostToWebview[] = [];
  const webview = panel.panel.webview;
  const post = webview.postMessage.bind(webview);
  webview.postMessage = (message: HostToWebview) => {
    posted.push(message);
    return post(message);
  };
  return posted;
}
