/**
 * "Reset Share Group Offsets…" and "Delete Share Group Offsets…" on a share group (KIP-932) of
 * the Kafka view (node kind 'group', contextValue `group.share`): the share-group counterparts of
 * Reset Offsets and of kafka-share-groups.sh --reset-offsets / --delete-offsets.
 */
import * as vscode from 'vscode';
import {
  applyShareGroupOffsetReset,
  assertShareGroupInactive,
  deleteShareGroupOffsets,
  describeShareGroups,
  fetchShareGroupOffsets,
  formatShareResetPlan,
  planShareGroupOffsetReset,
  ShareGroupOffsets,
  shareResetCandidates,
  ShareResetScope,
  ShareResetStrategy,
} from '../../kafka/groups/shareGroups';
import { ClusterConfig } from '../../kafka/connection/clusterConfig';
import { PreviewDocuments } from '../../workbench/previewDocuments';
import { CommandContext, runAdminChange } from '../../workbench/commandContext';
import { askBigInteger, Prompter } from '../../workbench/prompter';
import { parseTimestamp } from '../../codecs/timestamps';

/**
 * What the commands need of a tree node: a group node whose group is a share group. Structural,
 * so it takes the tree's node as it is and as it will be once share groups are listed in it.
 */
export interface ShareGroupNodeLike {
  readonly kind: string;
  readonly clusterName?: string;
  readonly group?: { readonly groupId: string; readonly type?: string };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function shareGroupOf(ctx: CommandContext, node: ShareGroupNodeLike | undefined, command: string) {
  if (node?.kind !== 'group' || node.group?.type !== 'share' || node.clusterName === undefined) {
    void vscode.window.showInformationMessage(`Use ${command} on a share group in the Kafka view.`);
    return undefined;
  }
  const cluster = ctx.registry.get(node.clusterName);
  return cluster ? { cluster, groupId: node.group.groupId } : undefined;
}

/** The group's start offsets and members, read fresh: the node may be minutes old. */
async function readGroup(ctx: CommandContext, cluster: ClusterConfig, groupId: string) {
  return runAdminChange(ctx, cluster, `Read share group "${groupId}"`, async ({ cluster: internal }) => {
    const [offsets, description] = await Promise.all([
      fetchShareGroupOffsets(internal, [groupId], new Map()),
      describeShareGroups(internal, [groupId], new Map()),
    ]);
    const group = description.get(groupId);
    return { offsets: offsets.get(groupId), members: group?.members.length ?? 0, state: group?.state ?? 'Unknown' };
  });
}

function topicsOf(offsets: ShareGroupOffsets | undefined): string[] {
  return [...new Set((offsets?.partitions ?? []).filter((p) => !p.error).map((p) => p.topic))];
}

async function askStrategy(prompter: Prompter): Promise<ShareResetStrategy | undefined> {
  const kinds: Array<{ label: string; description: string; strategy: ShareResetStrategy['kind'] }> = [
    { label: 'Earliest', description: 'the first message still retained', strategy: 'earliest' },
    { label: 'Latest', description: 'skip everything up to now', strategy: 'latest' },
    { label: 'Timestamp', description: 'the first message at or after a time', strategy: 'timestamp' },
    { label: 'Specific offset', description: "clamped to each partition's earliest..latest", strategy: 'offset' },
    { label: 'Current', description: 'keep each start offset (latest where there is none)', strategy: 'current' },
  ];
  const picked = await prompter.pick(kinds, { title: 'Reset share group offsets: to where?' });
  switch (picked?.strategy) {
    case undefined:
      return undefined;
    case 'earliest':
    case 'latest':
    case 'current':
      return { kind: picked.strategy };
    case 'offset': {
      const offset = await askBigInteger(prompter, { title: 'Reset share group offsets', prompt: 'Start offset', min: 0n });
      return offset === undefined ? undefined : { kind: 'offset', offset };
    }
    case 'timestamp': {
      const text = await prompter.input({
        title: 'Reset share group offsets',
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

/** All topics the group has start offsets for (the tool's --all-topics), one of them, or another topic typed in (--topic). */
async function askScope(prompter: Prompter, offsets: ShareGroupOffsets | undefined): Promise<ShareResetScope | undefined> {
  const topics = topicsOf(offsets);
  const items: Array<vscode.QuickPickItem & { scope?: ShareResetScope }> = [
    ...(topics.length > 0
      ? [
          {
            label: 'All topics of the group',
            description: plural(offsets?.partitions.length ?? 0, 'partition'),
            scope: { kind: 'all' } as const,
          },
        ]
      : []),
    ...topics.map((topic) => ({ label: topic, description: 'every partition', scope: { kind: 'topics', topics: [{ topic }] } as const })),
    { label: 'Another topic…', description: 'a topic the group has no start offsets for yet' },
  ];
  const picked = await prompter.pick(items, { title: 'Reset share group offsets: which topics?' });
  if (!picked || picked.scope) {
    return picked?.scope;
  }
  const topic = await prompter.input({
    title: 'Reset share group offsets',
    prompt: 'Topic name',
    validateInput: (value) => (value.trim() === '' ? 'Enter a topic name.' : undefined),
  });
  return topic === undefined ? undefined : { kind: 'topics', topics: [{ topic: topic.trim() }] };
}

/**
 * "Reset Share Group Offsets…": where to, which topics, then the dry run as a document (current
 * → new start offset per partition), then a confirmation; refused while the group has members,
 * as kafka-share-groups.sh refuses. Returns how many partitions were set, or undefined.
 */
export async function resetShareGroupOffsets(
  ctx: CommandContext,
  previews: PreviewDocuments,
  node?: ShareGroupNodeLike,
): Promise<number | undefined> {
  const target = shareGroupOf(ctx, node, 'Reset Share Group Offsets');
  if (!target) {
    return undefined;
  }
  const { cluster, groupId } = target;
  const read = await readGroup(ctx, cluster, groupId);
  if (!read) {
    return undefined;
  }
  if (read.members > 0) {
    void vscode.window.showErrorMessage(
      `Cannot reset the offsets of share group "${groupId}": it has ${plural(read.members, 'active member')} (state ${read.state}). Stop its consumers first.`,
    );
    return undefined;
  }
  const strategy = await askStrategy(ctx.prompts.current);
  const scope = strategy && (await askScope(ctx.prompts.current, read.offsets));
  if (!strategy || !scope) {
    return undefined;
  }
  const plan = await runAdminChange(ctx, cluster, `Plan offset reset of share group "${groupId}"`, async ({ cluster: internal }) => {
    await assertShareGroupInactive(internal, groupId);
    const timestamp = strategy.kind === 'timestamp' ? strategy.timestamp : undefined;
    return planShareGroupOffsetReset(await shareResetCandidates(internal, groupId, scope, new Map(), timestamp), strategy);
  });
  if (!plan) {
    return undefined;
  }
  await previews.show(`Reset share group offsets of ${groupId}`, formatShareResetPlan(groupId, strategy, plan));
  if (plan.length === 0) {
    return undefined;
  }
  const changed = plan.filter((p) => p.current !== p.target).length;
  const confirmed = await ctx.prompts.current.confirm(
    `Apply the start offset reset of share group "${groupId}" to ${plural(plan.length, 'partition')} (${changed} changed)?`,
    'The dry run is open in the editor. Consumers of this share group will be delivered records from the new start offsets.',
    'Apply Reset',
  );
  if (!confirmed) {
    return undefined;
  }
  const outcomes = await runAdminChange(ctx, cluster, `Reset offsets of share group "${groupId}"`, ({ cluster: internal }) =>
    applyShareGroupOffsetReset(internal, groupId, plan),
  );
  ctx.tree.refreshFolder(cluster.name, 'groups');
  if (!outcomes) {
    return undefined;
  }
  const failed = outcomes.filter((o) => o.error !== undefined);
  const set = outcomes.length - failed.length;
  if (failed.length > 0) {
    const list = failed.map((o) => `${o.topic}-${o.partition}: ${o.error}`).join('; ');
    ctx.log.error(`${cluster.name}: reset of share group "${groupId}": ${set} set, ${failed.length} failed: ${list}`);
    void vscode.window.showErrorMessage(
      `Reset the start offsets of "${groupId}" on ${set} of ${plural(outcomes.length, 'partition')}; ${failed.length} failed: ${list}`,
    );
  } else {
    void vscode.window.showInformationMessage(`Reset the start offsets of share group "${groupId}" on ${plural(set, 'partition')}.`);
  }
  return set;
}

/**
 * "Delete Share Group Offsets…": forgets the group's start offsets of one topic or all of them,
 * after confirmation; its consumers then start where share.auto.offset.reset says. Returns the
 * topics whose offsets were deleted, or undefined.
 */
export async function deleteShareGroupOffsetsCommand(ctx: CommandContext, node?: ShareGroupNodeLike): Promise<string[] | undefined> {
  const target = shareGroupOf(ctx, node, 'Delete Share Group Offsets');
  if (!target) {
    return undefined;
  }
  const { cluster, groupId } = target;
  const read = await readGroup(ctx, cluster, groupId);
  if (!read) {
    return undefined;
  }
  if (read.members > 0) {
    void vscode.window.showErrorMessage(
      `Cannot delete the offsets of share group "${groupId}": it has ${plural(read.members, 'active member')} (state ${read.state}). Stop its consumers first.`,
    );
    return undefined;
  }
  const topics = topicsOf(read.offsets);
  if (topics.length === 0) {
    void vscode.window.showInformationMessage(`Share group "${groupId}" has no start offsets to delete.`);
    return undefined;
  }
  const picked = await ctx.prompts.current.pick(
    [
      { label: 'All topics of the group', description: plural(topics.length, 'topic'), topics },
      ...topics.map((topic) => ({ label: topic, description: 'this topic only', topics: [topic] })),
    ],
    { title: 'Delete share group offsets: of which topics?' },
  );
  if (!picked) {
    return undefined;
  }
  const confirmed = await ctx.prompts.current.confirm(
    `Delete the start offsets of share group "${groupId}" for ${picked.topics.length === 1 ? `topic "${picked.topics[0]}"` : plural(picked.topics.length, 'topic')}?`,
    'Its consumers then start from where share.auto.offset.reset says (latest unless configured).',
    'Delete Offsets',
  );
  if (!confirmed) {
    return undefined;
  }
  const outcomes = await runAdminChange(ctx, cluster, `Delete offsets of share group "${groupId}"`, ({ cluster: internal }) =>
    deleteShareGroupOffsets(internal, groupId, picked.topics),
  );
  ctx.tree.refreshFolder(cluster.name, 'groups');
  if (!outcomes) {
    return undefined;
  }
  const failed = outcomes.filter((o) => o.error !== undefined);
  const deleted = outcomes.filter((o) => o.error === undefined).map((o) => o.topic);
  if (failed.length > 0) {
    const list = failed.map((o) => `${o.topic}: ${o.error}`).join('; ');
    ctx.log.error(`${cluster.name}: delete offsets of share group "${groupId}": ${list}`);
    void vscode.window.showErrorMessage(
      `Deleted the offsets of "${groupId}" for ${deleted.length} of ${plural(outcomes.length, 'topic')}; failed: ${list}`,
    );
  } else {
    void vscode.window.showInformationMessage(`Deleted the offsets of share group "${groupId}" for ${plural(deleted.length, 'topic')}.`);
  }
  return deleted;
}
