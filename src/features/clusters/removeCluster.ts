import * as vscode from 'vscode';
import { CommandContext } from '../../workbench/commandContext';
import { ClusterTreeNode } from '../../workbench/treeNodes';

/** "Kafka: Remove Cluster": from a cluster node, or picked from a list; asks before removing. */
export async function removeCluster(ctx: CommandContext, node?: ClusterTreeNode): Promise<boolean> {
  const { registry } = ctx;
  let name = node?.kind === 'cluster' ? node.cluster.name : undefined;
  if (name === undefined) {
    const clusters = registry.list();
    if (clusters.length === 0) {
      void vscode.window.showInformationMessage('There are no Kafka clusters to remove.');
      return false;
    }
    const picked = await ctx.prompts.current.pick(
      clusters.map((cluster) => ({ label: cluster.name, description: cluster.bootstrapServers.join(', ') })),
      { title: 'Remove Kafka Cluster', placeHolder: 'Cluster to remove from the Clusters view' },
    );
    name = picked?.label;
  }
  if (name === undefined) {
    return false;
  }
  const confirmed = await ctx.prompts.current.confirm(
    `Remove cluster "${name}" from Kafka Explorer?`,
    'Only the entry in VS Code is removed; nothing changes on the cluster.',
    'Remove',
  );
  if (!confirmed) {
    return false;
  }
  const removed = await registry.remove(name);
  // Now, not when the tree next lists its clusters: the view may be hidden.
  ctx.pool.drop(name);
  await ctx.secrets.delete(name);
  return removed;
}
