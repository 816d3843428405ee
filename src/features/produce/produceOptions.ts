/**
 * The questions and the dry run shared by Produce File and Send to Topic: where each message
 * goes (as it was, or by key), which timestamps, and a summary (count per partition, the first
 * messages) to confirm before anything is sent.
 */
import * as vscode from 'vscode';
import { partitionForKey } from '../../kafka/produce/murmur2';
import { describeKafkaError } from '../../kafka/errors';
import { MessageToSend, produceMessages, ProduceReport } from '../../kafka/produce/produce';
import { ProduceMemory } from '../../state/produceMemory';
import { produceSettings } from './settings';
import { CommandContext } from '../../workbench/commandContext';
import { ProduceTarget } from './produceTarget';
import { Prompter } from '../../workbench/prompter';

export interface ResendChoices {
  /** Each message to the partition it came from; else by key (murmur2), spread when it has none. */
  readonly asWritten: boolean;
  readonly keepTimestamps: boolean;
}

export async function askResendChoices(prompter: Prompter, topic: string): Promise<ResendChoices | undefined> {
  const placement = await prompter.pick(
    [
      { label: 'By key', description: 'murmur2, as the Java client: the same key lands together', asWritten: false },
      { label: 'As they were', description: 'each message to the partition it was read from', asWritten: true },
    ],
    { title: `Partitions in ${topic}`, placeHolder: 'Where does each message go?' },
  );
  const times =
    placement &&
    (await prompter.pick(
      [
        { label: 'Keep their timestamps', keep: true },
        { label: 'Now', description: 'the time they are sent', keep: false },
      ],
      { title: 'Timestamps', placeHolder: 'Which timestamps?' },
    ));
  return placement && times ? { asWritten: placement.asWritten, keepTimestamps: times.keep } : undefined;
}

/** The partition a message goes to under the choices; throws when the one it came from does not exist there. */
export function targetPartition(
  choices: ResendChoices,
  key: Buffer | null,
  from: number,
  partitions: number,
  what: string,
): number | undefined {
  if (choices.asWritten) {
    if (from >= partitions) {
      throw new Error(`${what}: partition ${from} does not exist in the target (${partitions} partitions)`);
    }
    return from;
  }
  return key ? partitionForKey(key, partitions) : undefined;
}

/** The dry run: how many go to each partition and the first few, confirmed before sending. */
export async function confirmResend(
  prompter: Prompter,
  messages: ReadonlyArray<{ readonly partition?: number }>,
  topic: string,
  preview: readonly string[],
  note = '',
): Promise<boolean> {
  const perPartition = new Map<string, number>();
  for (const m of messages) {
    const where = m.partition === undefined ? 'spread (no key)' : `partition ${m.partition}`;
    perPartition.set(where, (perPartition.get(where) ?? 0) + 1);
  }
  const summary = [...perPartition].map(([where, count]) => `${where}: ${count}`).join(', ');
  return prompter.confirm(
    `Send ${messages.length} message${messages.length === 1 ? '' : 's'} to ${topic}?`,
    [summary, ...preview, ...(note ? [note] : [])].join('\n'),
    'Send',
  );
}

/**
 * Sends confirmed messages with progress, then says how many were acknowledged (and to how many
 * partitions), in a message and the log; `what` names where they came from ("from export.ndjson").
 */
export async function sendAndReport(
  ctx: CommandContext,
  memory: ProduceMemory,
  target: ProduceTarget,
  messages: readonly MessageToSend[],
  what: string,
): Promise<ProduceReport | undefined> {
  const settings = produceSettings();
  const topic = target.topic.name;
  try {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Sending ${messages.length} messages to ${topic}` },
      async () =>
        produceMessages(
          await ctx.pool.get(target.cluster).recordWriter(settings.retries),
          topic,
          target.topic.partitions.length,
          messages,
          { compression: settings.compression },
        ),
    );
    const failed = report.failed.length > 0 ? `; ${report.failed.length} were NOT acknowledged: ${report.error}` : '';
    const where = new Set(report.delivered.map((d) => d.partition)).size;
    const text = `Sent ${report.delivered.length} of ${messages.length} messages ${what} to ${topic} (${where} partition${where === 1 ? '' : 's'})${failed}.`;
    const resent =
      report.resent > 0
        ? ` (${report.resent} batch${report.resent === 1 ? '' : 'es'} sent again after a retriable error, none written twice)`
        : '';
    ctx.log.info(`${target.cluster.name}: ${text}${resent}`);
    void (failed ? vscode.window.showErrorMessage : vscode.window.showInformationMessage)(text);
    await memory.remember(target.cluster.name, topic);
    ctx.tree.refreshFolder(target.cluster.name, 'topics');
    return report;
  } catch (error) {
    void vscode.window.showErrorMessage(`Nothing was sent to ${topic}: ${describeKafkaError(error)}`);
    return undefined;
  }
}
