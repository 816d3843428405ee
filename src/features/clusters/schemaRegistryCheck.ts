import * as vscode from 'vscode';
import { ClusterConfig } from '../../kafka/connection/clusterConfig';
import { CommandContext } from '../../workbench/commandContext';

/**
 * After a registry is set: ask it for its subjects once, so a wrong URL or password shows now
 * and not at the first schema'd message. Never blocks the command; says so when it fails.
 */
export async function checkSchemaRegistry(ctx: CommandContext, cluster: ClusterConfig): Promise<boolean> {
  if (!cluster.schemaRegistry) {
    return true;
  }
  try {
    const cache = await ctx.schemaRegistries.forCluster(cluster);
    const subjects = (await cache?.client.subjects()) ?? [];
    ctx.log.info(`${cluster.name}: Schema Registry ${cluster.schemaRegistry.url} answers (${subjects.length} subjects)`);
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    ctx.log.warn(`${cluster.name}: Schema Registry check failed: ${reason}`);
    void vscode.window.showWarningMessage(`${cluster.name}: ${reason}`, 'Edit Cluster').then((pick) => {
      if (pick) {
        void vscode.commands.executeCommand('kafkaExplorer.editCluster');
      }
    });
    return false;
  }
}
