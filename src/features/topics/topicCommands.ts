import * as vscode from 'vscode';
import { describeKafkaError } from '../../kafka/errors';
import { formatConfigValue } from '../../kafka/admin/configFormat';
import {
  addPartitions as addPartitionsOnBroker,
  alterTopicConfig,
  createTopic as createTopicOnBroker,
  deleteTopic as deleteTopicOnBroker,
} from '../../kafka/admin/topicAdmin';
import { collidingTopic, validateTopicName } from '../../kafka/admin/topicNames';
import { ClusterTreeNode, NodeOfKind } from '../../workbench/treeNodes';
import { CommandContext, resolveCluster, runAdminChange } from '../../workbench/commandContext';
import { askInteger } from '../../workbench/prompter';

const RETENTION_CHOICES: Array<{ label: string; ms: string | undefined }> = [
  { label: 'Broker default', ms: undefined },
  { label: '1 hour', ms: String(3600 * 1000) },
  { label: '1 day', ms: String(24 * 3600 * 1000) },
  { label: '7 days', ms: String(7 * 24 * 3600 * 1000) },
  { label: '30 days', ms: String(30 * 24 * 3600 * 1000) },
  { label: 'Forever', ms: '-1' },
];

/** "Kafka: Create Topic": name, partitions, replication factor, retention, cleanup policy. */
export async function createTopic(ctx: CommandContext, node?: ClusterTreeNode): Promise<string | undefined> {
  const cluster = await resolveCluster(ctx, node);
  if (!cluster) {
    return undefined;
  }
  const prompter = ctx.prompts.current;
  const snapshot = ctx.snapshots.get(cluster.name);
  const unknown = (what: string) => (error: unknown) => {
    ctx.log.warn(`create topic on ${cluster.name}: cannot read ${what} (${describeKafkaError(error)}); asking without it`);
    return undefined;
  };
  const metadata = await snapshot?.metadata().catch(unknown('the existing topics'));
  // Shown next to the choices so "default" says what it means; the questions work without them.
  const defaults = await snapshot?.topicDefaults().catch(unknown("the broker's topic defaults"));
  const existing = metadata?.topics.map((t) => t.name) ?? [];
  const name = await prompter.input({
    title: `Create topic on ${cluster.name} (1/5)`,
    prompt: 'Topic name: letters, digits, ".", "_" and "-"',
    validateInput: (value) =>
      validateTopicName(value) ??
      (existing.includes(value) ? `Topic "${value}" already exists.` : undefined) ??
      (collidingTopic(value, existing)
        ? `"${value}" collides with "${collidingTopic(value, existing)}": Kafka treats "." and "_" alike.`
        : undefined),
  });
  if (name === undefined) {
    return undefined;
  }
  const partitions = await askInteger(prompter, {
    title: 'Create topic (2/5)',
    prompt: `Number of partitions${defaults ? ` (broker default ${defaults.partitions})` : ''}: a key always maps to the same one`,
    value: defaults?.partitions ?? 1,
    min: 1,
    max: 100000,
  });
  if (partitions === undefined) {
    return undefined;
  }
  const brokers = metadata?.brokers.length ?? 1;
  const replicationFactor = await askInteger(prompter, {
    title: 'Create topic (3/5)',
    prompt: `Replication factor (the cluster has ${brokers} broker${brokers === 1 ? '' : 's'}${defaults ? `; broker default ${defaults.replicationFactor}` : ''})`,
    value: Math.min(3, brokers),
    min: 1,
    max: brokers,
  });
  if (replicationFactor === undefined) {
    return undefined;
  }
  const retention = await prompter.pick(
    RETENTION_CHOICES.map((choice) => ({
      label: choice.label,
      description:
        choice.ms !== undefined
          ? formatConfigValue('retention.ms', choice.ms)
          : defaults
            ? `${formatConfigValue('retention.ms', defaults.retentionMs)}, the broker's log.retention`
            : 'retention.ms not set on the topic',
      choice,
    })),
    { title: 'Create topic (4/5)', placeHolder: 'How long are messages kept?' },
  );
  if (!retention) {
    return undefined;
  }
  const cleanup = await prompter.pick(
    [
      { label: 'delete', description: 'drop old segments after the retention time (Kafka default)' },
      { label: 'compact', description: 'keep the latest message per key' },
      { label: 'compact,delete', description: 'compact, and drop what is older than the retention time' },
    ],
    { title: 'Create topic (5/5)', placeHolder: 'Cleanup policy' },
  );
  if (!cleanup) {
    return undefined;
  }
  const configs: Record<string, string> = {};
  if (retention.choice.ms !== undefined) {
    configs['retention.ms'] = retention.choice.ms;
  }
  if (cleanup.label !== 'delete') {
    configs['cleanup.policy'] = cleanup.label;
  }
  const done = await runAdminChange(ctx, cluster, `Create topic "${name}"`, ({ admin }) =>
    createTopicOnBroker(admin, { name, partitions, replicationFactor, configs }).then(() => true),
  );
  ctx.tree.refreshFolder(cluster.name, 'topics');
  return done ? name : undefined;
}

/** "Delete Topic": after a modal confirmation naming the topic and its message count. */
export async function deleteTopic(ctx: CommandContext, node?: ClusterTreeNode): Promise<boolean> {
  if (node?.kind !== 'topic') {
    void vscode.window.showInformationMessage('Use Delete Topic on a topic in the Kafka view.');
    return false;
  }
  const cluster = ctx.registry.get(node.clusterName);
  if (!cluster) {
    return false;
  }
  const count = node.messageCount === undefined ? 'all its messages' : `its ${node.messageCount.toLocaleString('en-US')} messages`;
  const confirmed = await ctx.prompts.current.confirm(
    `Delete topic "${node.topic.name}" from ${cluster.name}?`,
    `The topic and ${count} are deleted on the broker. This cannot be undone.`,
    'Delete Topic',
  );
  if (!confirmed) {
    return false;
  }
  const done = await runAdminChange(ctx, cluster, `Delete topic "${node.topic.name}"`, ({ admin }) =>
    deleteTopicOnBroker(admin, node.topic.name).then(() => true),
  );
  ctx.tree.refreshFolder(cluster.name, 'topics');
  return done === true;
}

/** "Add Partitions": raises the count; warns that keys will map to other partitions. */
export async function addPartitions(ctx: CommandContext, node?: ClusterTreeNode): Promise<number | undefined> {
  if (node?.kind !== 'topic') {
    void vscode.window.showInformationMessage('Use Add Partitions on a topic in the Kafka view.');
    return undefined;
  }
  const cluster = ctx.registry.get(node.clusterName);
  const current = node.topic.partitions.length;
  const count =
    cluster &&
    (await askInteger(ctx.prompts.current, {
      title: `Add partitions to "${node.topic.name}"`,
      prompt: `New partition count (now ${current}; Kafka cannot remove partitions)`,
      value: current + 1,
      min: current + 1,
      max: 100000,
    }));
  if (!cluster || count === undefined) {
    return undefined;
  }
  const confirmed = await ctx.prompts.current.confirm(
    `Raise "${node.topic.name}" from ${current} to ${count} partitions?`,
    'Keyed messages produced from now on may go to other partitions than before, so per-key ordering across the change is lost. Partitions cannot be removed again.',
    'Add Partitions',
  );
  if (!confirmed) {
    return undefined;
  }
  const done = await runAdminChange(ctx, cluster, `Add partitions to "${node.topic.name}"`, ({ admin }) =>
    addPartitionsOnBroker(admin, node.topic.name, count).then(() => true),
  );
  ctx.tree.refreshFolder(cluster.name, 'topics');
  return done ? count : undefined;
}

/** "Edit Config": a new value for one topic config, or back to the inherited default. */
export async function editTopicConfig(ctx: CommandContext, node?: ClusterTreeNode): Promise<boolean> {
  if (node?.kind !== 'config') {
    void vscode.window.showInformationMessage("Use Edit Config on a config entry under a topic's Configuration.");
    return false;
  }
  const configNode: NodeOfKind<'config'> = node;
  const cluster = ctx.registry.get(configNode.clusterName);
  const { entry, topicName } = configNode;
  if (!cluster || entry.readOnly) {
    return false;
  }
  const resetLabel = '$(discard) Reset to the inherited default';
  const action =
    entry.source === 'TOPIC_CONFIG'
      ? await ctx.prompts.current.pick([{ label: '$(edit) Set a new value' }, { label: resetLabel }], {
          title: `${entry.name} on ${topicName}`,
        })
      : { label: '$(edit) Set a new value' };
  if (!action) {
    return false;
  }
  let value: string | null = null;
  if (action.label !== resetLabel) {
    const numeric = /^-?\d+$/.test(entry.value ?? '');
    const answer = await ctx.prompts.current.input({
      title: `${entry.name} on ${topicName}`,
      prompt: `New value (now ${formatConfigValue(entry.name, entry.value)})`,
      value: entry.value ?? '',
      validateInput: (text) =>
        text.trim() === '' ? 'Enter a value.' : numeric && !/^-?\d+$/.test(text.trim()) ? 'This config takes a whole number.' : undefined,
    });
    if (answer === undefined) {
      return false;
    }
    value = answer.trim();
  }
  const done = await runAdminChange(ctx, cluster, `Set ${entry.name} on "${topicName}"`, ({ admin }) =>
    alterTopicConfig(admin, topicName, entry.name, value).then(() => true),
  );
  ctx.tree.refreshFolder(cluster.name, 'topics');
  return done === true;
}
