import * as vscode from 'vscode';
import { ClusterConfig } from '../kafka/clusterConfig';
import { TopicInfo } from '../kafka/metadata';
import { ClusterTreeNode } from '../views/clusterTreeNodes';
import { CommandContext, resolveCluster } from './commandContext';

const RECENT_KEY = 'kafkaExplorer.recentProduceTargets';
const LAST_KEYS = 'kafkaExplorer.lastProduceKeys';
const MAX_RECENT = 10;

export interface ProduceTarget {
  readonly cluster: ClusterConfig;
  readonly topic: TopicInfo;
}

interface RecentTarget {
  readonly cluster: string;
  readonly topic: string;
}

/** Recent targets and last keys, per workspace. */
export class ProduceMemory {
  constructor(private readonly state: vscode.Memento) {}

  recent(): RecentTarget[] {
    return this.state.get<RecentTarget[]>(RECENT_KEY, []);
  }

  async remember(cluster: string, topic: string): Promise<void> {
    const rest = this.recent().filter((t) => !(t.cluster === cluster && t.topic === topic));
    await this.state.update(RECENT_KEY, [{ cluster, topic }, ...rest].slice(0, MAX_RECENT));
  }

  lastKey(cluster: string, topic: string): string | undefined {
    return this.state.get<Record<string, string>>(LAST_KEYS, {})[`${cluster}\u0000${topic}`];
  }

  async rememberKey(cluster: string, topic: string, key: string): Promise<void> {
    const keys = this.state.get<Record<string, string>>(LAST_KEYS, {});
    await this.state.update(LAST_KEYS, { ...keys, [`${cluster}\u0000${topic}`]: key });
  }
}

/**
 * The topic to produce to: the node's topic, or picked from the cluster's topics with the
 * recent targets first; "Create topic…" creates one on the spot.
 */
export async function resolveProduceTarget(ctx: CommandContext, memory: ProduceMemory, node?: ClusterTreeNode): Promise<ProduceTarget | undefined> {
  if (node?.kind === 'topic') {
    const cluster = ctx.registry.get(node.clusterName);
    return cluster ? { cluster, topic: node.topic } : undefined;
  }
  const cluster = await resolveCluster(ctx, node);
  const snapshot = cluster && ctx.tree.snapshot(cluster.name);
  if (!cluster || !snapshot) {
    return undefined;
  }
  let topics: readonly TopicInfo[];
  try {
    topics = (await snapshot.metadata()).topics.filter((t) => !t.internal);
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot list the topics of ${cluster.name}: ${(error as Error).message}`);
    return undefined;
  }
  const recent = memory.recent().filter((t) => t.cluster === cluster.name).map((t) => t.topic);
  const byName = new Map(topics.map((t) => [t.name, t]));
  const ordered = [...recent.filter((name) => byName.has(name)), ...topics.map((t) => t.name).filter((name) => !recent.includes(name))];
  const create = { label: '$(add) Create topic…', topic: undefined as TopicInfo | undefined };
  const picked = await ctx.prompts.current.pick(
    [
      ...ordered.map((name) => {
        const topic = byName.get(name)!;
        return { label: name, description: `${topic.partitions.length} partition${topic.partitions.length === 1 ? '' : 's'}${recent.includes(name) ? ' · recent' : ''}`, topic };
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
  const name = await vscode.commands.executeCommand<string | undefined>('kafkaExplorer.createTopic', { kind: 'topics', clusterName: cluster.name });
  const created = name ? (await ctx.tree.snapshot(cluster.name)?.metadata())?.topics.find((t) => t.name === name) : undefined;
  return created ? { cluster, topic: created } : undefined;
}
