import * as vscode from 'vscode';
import { ClusterConfig } from '../kafka/clusterConfig';
import { TopicSummary } from '../kafka/topics';

/**
 * The kinds of node in the Clusters tree. Every node carries its cluster's name, so a
 * handler never walks up the tree to find the cluster it belongs to.
 */
export type ClusterTreeNode =
  | { readonly kind: 'cluster'; readonly cluster: ClusterConfig }
  | { readonly kind: 'topic'; readonly clusterName: string; readonly topic: TopicSummary }
  | { readonly kind: 'error'; readonly clusterName: string; readonly message: string }
  | { readonly kind: 'info'; readonly clusterName: string; readonly message: string };

/** `contextValue`s used by `when` clauses in package.json menus. */
export const CONTEXT_VALUES = {
  cluster: 'cluster',
  topic: 'topic',
  error: 'error',
  info: 'info',
} as const satisfies Record<ClusterTreeNode['kind'], string>;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function toTreeItem(node: ClusterTreeNode): vscode.TreeItem {
  switch (node.kind) {
    case 'cluster': {
      const item = new vscode.TreeItem(node.cluster.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `cluster/${node.cluster.name}`;
      item.description = node.cluster.bootstrapServers.join(', ');
      item.tooltip = new vscode.MarkdownString(undefined, false);
      item.tooltip.appendMarkdown('**Cluster** ').appendText(node.cluster.name);
      item.tooltip.appendMarkdown('\n\nBootstrap servers: ').appendText(node.cluster.bootstrapServers.join(', '));
      item.iconPath = new vscode.ThemeIcon('server-environment');
      item.contextValue = CONTEXT_VALUES.cluster;
      return item;
    }
    case 'topic': {
      const { topic } = node;
      const item = new vscode.TreeItem(topic.name, vscode.TreeItemCollapsibleState.None);
      item.id = `topic/${node.clusterName}/${topic.name}`;
      item.description = `${plural(topic.partitionCount, 'partition')}${topic.internal ? ' · internal' : ''}`;
      item.tooltip = new vscode.MarkdownString(undefined, false);
      item.tooltip.appendMarkdown('**Topic** ').appendText(topic.name);
      item.tooltip.appendMarkdown(`\n\nPartitions: ${topic.partitionCount}  \nReplication factor: ${topic.replicationFactor}`);
      item.iconPath = new vscode.ThemeIcon(topic.internal ? 'gear' : 'symbol-event');
      item.contextValue = CONTEXT_VALUES.topic;
      return item;
    }
    case 'error': {
      const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
      item.id = `error/${node.clusterName}`;
      item.tooltip = `${node.message}\n\nClick to retry.`;
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.contextValue = CONTEXT_VALUES.error;
      item.command = { command: 'kafkaExplorer.refresh', title: 'Retry', arguments: [node] };
      return item;
    }
    case 'info': {
      const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
      item.id = `info/${node.clusterName}`;
      item.iconPath = new vscode.ThemeIcon('info');
      item.contextValue = CONTEXT_VALUES.info;
      return item;
    }
  }
}
