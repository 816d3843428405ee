import * as vscode from 'vscode';
import { ClusterRegistry } from '../state/clusterRegistry';
import { ClusterSecretStore } from '../state/clusterSecrets';
import { ClusterSnapshots } from '../state/clusterSnapshots';
import { SchemaRegistries } from '../state/schemaRegistries';
import { ClusterConfig } from '../kafka/connection/clusterConfig';
import { AdminClients, ClusterConnection } from '../kafka/connection/connection';
import { ConnectionPool } from '../kafka/connection/connectionPool';
import { describeKafkaError } from '../kafka/errors';
import { Log } from '../common/log';
import { ClusterTreeNode, clusterNameOf, TreeFolder } from './treeNodes';
import { PrompterHolder } from './prompter';

/** What a command may ask of the Kafka view after it changed a cluster: fetch a node or one folder again. */
export interface TreeRefresh {
  refresh(node?: ClusterTreeNode): void;
  refreshFolder(clusterName: string, kind: TreeFolder): void;
}

/** What command handlers share: passed in, never reached through the tree. */
export interface CommandContext {
  readonly registry: ClusterRegistry;
  readonly secrets: ClusterSecretStore;
  readonly pool: ConnectionPool;
  /** What commands read of a cluster: the same snapshots the tree shows. */
  readonly snapshots: ClusterSnapshots;
  /** Each cluster's Schema Registry and its schemas, fetched once. */
  readonly schemaRegistries: SchemaRegistries;
  readonly tree: TreeRefresh;
  readonly prompts: PrompterHolder;
  readonly log: Log;
}

/** The node's cluster, or one picked by the user when the command came from the palette. */
export async function resolveCluster(ctx: CommandContext, node?: ClusterTreeNode): Promise<ClusterConfig | undefined> {
  if (node) {
    return ctx.registry.get(clusterNameOf(node));
  }
  const clusters = ctx.registry.list();
  if (clusters.length <= 1) {
    if (clusters.length === 0) {
      void vscode.window.showInformationMessage('Add a Kafka cluster first (Kafka: Add Cluster).');
    }
    return clusters[0];
  }
  const picked = await ctx.prompts.current.pick(
    clusters.map((cluster) => ({ label: cluster.name, description: cluster.bootstrapServers.join(', '), cluster })),
    { title: 'Kafka cluster', placeHolder: 'Which cluster?' },
  );
  return picked?.cluster;
}

export function connectionFor(ctx: CommandContext, cluster: ClusterConfig): ClusterConnection {
  return ctx.pool.get(cluster);
}

/**
 * Runs a change against the cluster with a progress notification, bounded by the request
 * timeout; reports a failure to the user and the log. Returns undefined on failure.
 */
export async function runAdminChange<T>(
  ctx: CommandContext,
  cluster: ClusterConfig,
  title: string,
  work: (clients: AdminClients) => Promise<T>,
): Promise<T | undefined> {
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: false }, () =>
      connectionFor(ctx, cluster).query(title, work),
    );
    ctx.log.info(`${cluster.name}: ${title}: done`);
    return result;
  } catch (error) {
    const reason = describeKafkaError(error);
    ctx.log.error(`${cluster.name}: ${title}: ${reason}`);
    void vscode.window.showErrorMessage(`${title} failed: ${reason}`);
    return undefined;
  }
}
