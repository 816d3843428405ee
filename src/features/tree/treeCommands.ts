import * as vscode from 'vscode';
import { ClusterTreeNode } from '../../workbench/treeNodes';
import { CommandContext } from '../../workbench/commandContext';
import { ClusterTreeProvider } from './clusterTreeProvider';

/** The text "Copy Name" puts on the clipboard for a node, if it has a name worth copying. */
export function nameOf(node: ClusterTreeNode): string | undefined {
  switch (node.kind) {
    case 'cluster':
      return node.cluster.name;
    case 'broker':
      return `${node.broker.host}:${node.broker.port}`;
    case 'topic':
      return node.topic.name;
    case 'partition':
      return `${node.topicName}:${node.partition.partition}`;
    case 'group':
      return node.group.groupId;
    case 'groupMember':
      return node.member.memberId;
    case 'config':
      return `${node.entry.name}=${node.entry.value ?? ''}`;
    case 'subject':
      return node.subject.name;
    default:
      return undefined;
  }
}

export async function copyName(node?: ClusterTreeNode): Promise<void> {
  const name = node ? nameOf(node) : undefined;
  if (name !== undefined) {
    await vscode.env.clipboard.writeText(name);
  }
}

function clusterNameOf(node?: ClusterTreeNode): string | undefined {
  return node?.kind === 'cluster' ? node.cluster.name : node && 'clusterName' in node ? node.clusterName : undefined;
}

/** "Filter Topics": asks for a filter for the cluster's Topics folder ('' clears it). */
export async function filterTopics(ctx: CommandContext, tree: ClusterTreeProvider, node?: ClusterTreeNode): Promise<void> {
  const clusterName = clusterNameOf(node);
  if (clusterName === undefined) {
    void vscode.window.showInformationMessage("Use Filter Topics on a cluster's Topics folder.");
    return;
  }
  const filter = await ctx.prompts.current.input({
    title: `Filter topics of ${clusterName}`,
    prompt: 'Part of a topic name, or a pattern with * and ?, for example orders.* (empty shows all)',
    value: tree.topicFilter(clusterName),
  });
  if (filter !== undefined) {
    tree.setTopicFilter(clusterName, filter);
  }
}

/** "Filter Groups": the same for the cluster's Consumer Groups folder, with the same matcher. */
export async function filterGroups(ctx: CommandContext, tree: ClusterTreeProvider, node?: ClusterTreeNode): Promise<void> {
  const clusterName = clusterNameOf(node);
  if (clusterName === undefined) {
    void vscode.window.showInformationMessage("Use Filter Groups on a cluster's Consumer Groups folder.");
    return;
  }
  const filter = await ctx.prompts.current.input({
    title: `Filter consumer groups of ${clusterName}`,
    prompt: 'Part of a group id, or a pattern with * and ?, for example billing-* (empty shows all)',
    value: tree.groupFilter(clusterName),
  });
  if (filter !== undefined) {
    tree.setGroupFilter(clusterName, filter);
  }
}
