import * as vscode from 'vscode';
import { ClusterConfig } from '../../kafka/connection/clusterConfig';
import { describeKafkaError } from '../../kafka/errors';
import { TopicInfo } from '../../kafka/admin/metadata';
import { ClusterTreeNode } from '../../workbench/treeNodes';
import { ProduceMemory } from '../../state/produceMemory';
import { CommandContext, resolveCluster } from '../../workbench/commandContext';

export interface ProduceTarget {
  readonly cluster: ClusterConfig;
  readonly topic: TopicInfo;
}

/**
 * The topic to produce to: the node's topic, or picked from the cluster's topics with the
 * recent targets first; "Create topic…" creates one on the spot.
 */
export async function resolveProduceTarget(
  ctx: CommandContext,
  memory: ProduceMemory,
  node?: ClusterTreeNode,
): Promise<ProduceTarget | undefined> {
  if (node?.kind === 'topic') {
    const cluster = ctx.registry.get(node.clusterName);
    return cluster ? { cluster, topic: node.topic } : undefined;
  }
  const cluster = await resolveCluster(ctx, node);
  const snapshot = cluster && ctx.snapshots.get(cluster.name);
  if (!cluster || !snapshot) {
    return undefined;
  }
  let topics: readonly TopicInfo[];
  try {
    topics = (await snapshot.metadata()).topics.filter((t) => !t.internal);
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot list the topics of ${cluster.name}: ${describeKafkaError(error)}`);
    return undefined;
  }
  const recent = memory
    .recent()
    .filter((t) => t.cluster === cluster.name)
    .map((t) => t.topic);
  const byName = new Map(topics.map((t) => [t.name, t]));
  const ordered = [...recent.filter((name) => byName.has(name)), ...topics.map((t) => t.name).filter((name) => !recent.includes(name))];
  const create = { label: '$(add) Create topic…', topic: undefined as TopicInfo | undefined };
  const picked = await ctx.prompts.current.pick(
    [
      ...ordered.map((name) => {
        const topic = byName.get(name)!;
        return {
          label: name,
          description: `${topic.partitions.length} partition${topic.partitions.length === 1 ? '' : 's'}${recent.includes(name) ? ' · recent' : ''}`,
          topic,
        };
      }),
      create,
    ],
    { title: `Produce to a topic of ${cluster.name}`, placeHolder: 'Topic' },
  );
  if (!picked) {
    return undefined;
  }
  if (picked.topic) {
    return { cluster, topic: picked.topic };
  }
  const name = await vscode.commands.executeCommand<string | undefined>('kafkaExplorer.createTopic', {
    kind: 'topics',
    clusterName: cluster.name,
  });
  const created = name ? (await ctx.snapshots.get(cluster.name)?.metadata())?.topics.find((t) => t.name === name) : undefined;
  return created ? { cluster, topic: created } : undefined;
}
