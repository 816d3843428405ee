import * as vscode from 'vscode';
import { ClusterRegistry } from '../extension/clusterRegistry';
import { ClusterTreeNode } from '../views/clusterTreeNodes';

/** "Kafka: Remove Cluster": from a cluster node, or picked from a list; asks before removing. */
export async function removeCluster(registry: ClusterRegistry, node?: ClusterTreeNode): Promise<boolean> {
  let name = node?.kind === 'cluster' ? node.cluster.name : undefined;
  if (name === undefined) {
    const clusters = registry.list();
    if (clusters.length === 0) {
      void vscode.window.showInformationMessage('There are no Kafka clusters to remove.');
      return false;
    }
    const picked = await vscode.window.showQuickPick(
      clusters.map((cluster) => ({ label: cluster.name, description: cluster.bootstrapServers.join(', ') })),
      { title: 'Remove Kafka Cluster', placeHolder: 'Cluster to remove from the Clusters view' },
    );
    name = picked?.label;
  }
  if (name === undefined) {
    return false;
  }
  const confirm = 'Remove';
  const answer = await vscode.window.showWarningMessage(
    `Remove cluster "${name}" from Kafka Explorer?`,
    { modal: true, detail: 'Only the entry in VS Code is removed; nothing changes on the cluster.' },
    confirm,
  );
  if (answer !== confirm) {
    return false;
  }
  return registry.remove(name);
}
