import * as vscode from 'vscode';
import { GroupInfo } from '../../kafka/groups/groups';
import {
  applyReset,
  assertGroupInactive,
  formatResetPlan,
  planReset,
  resetCandidates,
  ResetScope,
  ResetStrategy,
} from '../../kafka/groups/offsetReset';
import { ClusterTreeNode } from '../../workbench/treeNodes';
import { PreviewDocuments } from '../../workbench/previewDocuments';
import { CommandContext, runAdminChange } from '../../workbench/commandContext';
import { askBigInteger, Prompter } from '../../workbench/prompter';
import { parseTimestamp } from '../../codecs/timestamps';

function activeMembersMessage(group: GroupInfo, action: string): string | undefined {
  return group.members.length > 0
    ? `Cannot ${action} "${group.groupId}": it has ${group.members.length} active member${group.members.length === 1 ? '' : 's'} (state ${group.state}). Stop its consumers first.`
    : undefined;
}

/** "Delete Consumer Group": only an inactive group, after confirmation. */
export async function deleteGroup(ctx: CommandContext, node?: ClusterTreeNode): Promise<boolean> {
  if (node?.kind !== 'group') {
    void vscode.window.showInformationMessage('Use Delete Consumer Group on a group in the Kafka view.');
    return false;
  }
  const cluster = ctx.registry.get(node.clusterName);
  const refused = activeMembersMessage(node.group, 'delete');
  if (refused) {
    void vscode.window.showErrorMessage(refused);
    return false;
  }
  if (!cluster) {
    return false;
  }
  const confirmed = await ctx.prompts.current.confirm(
    `Delete ${node.group.type === 'classic' || node.group.type === 'consumer' ? 'consumer' : node.group.type} group "${node.group.groupId}" from ${cluster.name}?`,
    'Its committed offsets are deleted; a consumer joining the group again starts from its auto.offset.reset position.',
    'Delete Group',
  );
  if (!confirmed) {
    return false;
  }
  const done = await runAdminChange(ctx, cluster, `Delete consumer group "${node.group.groupId}"`, async ({ admin, cluster: internal }) => {
    await assertGroupInactive(admin, internal, node.group.groupId);
    await admin.deleteGroups([node.group.groupId]);
    return true;
  });
  ctx.tree.refreshFolder(cluster.name, 'groups');
  return done === true;
}

async function askStrategy(prompter: Prompter): Promise<ResetStrategy | undefined> {
  const kinds: Array<{ label: string; description: string; strategy: ResetStrategy['kind'] }> = [
    { label: 'Earliest', description: 'the first message still retained', strategy: 'earliest' },
    { label: 'Latest', description: 'skip everything up to now', strategy: 'latest' },
    { label: 'Timestamp', description: 'the first message at or after a time', strategy: 'timestamp' },
    { label: 'Specific offset', description: 'the same offset in every chosen partition', strategy: 'offset' },
    { label: 'Shift by N', description: 'move each committed offset forward (+N) or back (-N)', strategy: 'shift' },
  ];
  const picked = await prompter.pick(kinds, { title: 'Reset offsets: to where?' });
  switch (picked?.strategy) {
    case undefined:
      return undefined;
    case 'earliest':
    case 'latest':
      return { kind: picked.strategy };
    case 'offset': {
      const offset = await askBigInteger(prompter, {
        title: 'Reset offsets',
        prompt: "Offset (clamped to each partition's earliest..latest)",
        min: 0n,
      });
      return offset === undefined ? undefined : { kind: 'offset', offset };
    }
    case 'shift': {
      const by = await askBigInteger(prompter, {
        title: 'Reset offsets',
        prompt: 'Shift by (negative moves back, to re-read)',
        value: -10n,
        min: -(2n ** 63n),
      });
      return by === undefined ? undefined : { kind: 'shift', by };
    }
    case 'timestamp': {
      const text = await prompter.input({
        title: 'Reset offsets',
        prompt: 'A time: ISO 8601 (2026-01-31T12:00:00Z), epoch milliseconds, or relative ("15 minutes ago")',
        validateInput: (value) => {
          const parsed = parseTimestamp(value, Date.now());
          return parsed.ok ? undefined : parsed.error;
        },
      });
      const parsed = text === undefined ? undefined : parseTimestamp(text, Date.now());
      return parsed?.ok ? { kind: 'timestamp', timestamp: parsed.value } : undefined;
    }
  }
}

async function askScope(prompter: Prompter, node: ClusterTreeNode): Promise<ResetScope | undefined> {
  if (node.kind === 'groupOffset') {
    const { topic, partition } = node.offset;
    const picked = await prompter.pick(
      [
        { label: `Partition ${partition} of ${topic}`, scope: { topic, partition } },
        { label: `All partitions of ${topic}`, scope: { topic } },
      ],
      { title: 'Reset offsets: which partitions?' },
    );
    return picked?.scope;
  }
  if (node.kind !== 'group') {
    return undefined;
  }
  const topics = [...new Set(node.group.offsets.map((o) => o.topic))];
  const picked = await prompter.pick(
    [
      { label: 'All committed partitions', description: `${node.group.offsets.length} partitions`, scope: {} as ResetScope },
      ...topics.map((topic) => ({ label: topic, description: 'every partition of this topic', scope: { topic } as ResetScope })),
    ],
    { title: 'Reset offsets: which partitions?' },
  );
  return picked?.scope;
}

/**
 * "Reset Offsets": scope and target, then a dry run shown as a document (old → new per
 * partition), then a confirmation; refused while the group has active members.
 * Returns the applied plan's size, or undefined when nothing was applied.
 */
export async function resetOffsets(ctx: CommandContext, previews: PreviewDocuments, node?: ClusterTreeNode): Promise<number | undefined> {
  if (node?.kind !== 'group' && node?.kind !== 'groupOffset') {
    void vscode.window.showInformationMessage('Use Reset Offsets on a consumer group (or one of its partitions) in the Kafka view.');
    return undefined;
  }
  const type = node.kind === 'group' ? node.group.type : node.groupType;
  if (type !== 'classic' && type !== 'consumer') {
    // Share groups have start offsets, not committed ones (Reset Share Group Offsets); streams groups reset through their application tool.
    void vscode.window.showInformationMessage(
      `Reset Offsets moves the committed offsets of classic and consumer groups; this is a ${type} group.`,
    );
    return undefined;
  }
  const groupId = node.kind === 'group' ? node.group.groupId : node.groupId;
  const cluster = ctx.registry.get(node.clusterName);
  if (!cluster) {
    return undefined;
  }
  if (node.kind === 'group') {
    const refused = activeMembersMessage(node.group, 'reset the offsets of');
    if (refused) {
      void vscode.window.showErrorMessage(refused);
      return undefined;
    }
  }
  const scope = await askScope(ctx.prompts.current, node);
  const strategy = scope && (await askStrategy(ctx.prompts.current));
  if (!scope || !strategy) {
    return undefined;
  }
  const plan = await runAdminChange(ctx, cluster, `Plan offset reset of "${groupId}"`, async ({ admin, cluster: internal }) => {
    await assertGroupInactive(admin, internal, groupId);
    const timestamp = strategy.kind === 'timestamp' ? strategy.timestamp : undefined;
    return planReset(await resetCandidates(admin, internal, groupId, scope, timestamp), strategy);
  });
  if (!plan) {
    return undefined;
  }
  await previews.show(`Reset offsets of ${groupId}`, formatResetPlan(groupId, strategy, plan));
  const changed = plan.filter((p) => p.current !== p.target).length;
  const confirmed = await ctx.prompts.current.confirm(
    `Apply the offset reset of "${groupId}" to ${plan.length} partition${plan.length === 1 ? '' : 's'} (${changed} changed)?`,
    'The dry run is open in the editor. Consumers of this group will resume from the new offsets.',
    'Apply Reset',
  );
  if (!confirmed) {
    return undefined;
  }
  const done = await runAdminChange(ctx, cluster, `Reset offsets of "${groupId}"`, ({ admin, cluster: internal }) =>
    applyReset(admin, internal, groupId, plan).then(() => true),
  );
  ctx.tree.refreshFolder(cluster.name, 'groups');
  if (done) {
    void vscode.window.showInformationMessage(
      `Reset the offsets of "${groupId}" on ${plan.length} partition${plan.length === 1 ? '' : 's'}.`,
    );
  }
  return done ? plan.length : undefined;
}
