/**
 * "Send to Topic…" from a tail panel: the selected messages (or all that match the filter)
 * into any topic of the cluster, byte for byte: keys, values and headers exactly as they were
 * read, partitions as they were or by key, timestamps kept or now. A dry run (count per
 * partition, the first messages) is confirmed first; the report says what was acknowledged.
 */
import * as vscode from 'vscode';
import { ClusterConfig } from '../../kafka/connection/clusterConfig';
import { MessageToSend, ProduceReport } from '../../kafka/produce/produce';
import { TailMessage } from '../../kafka/consume/tailSession';
import { ProduceMemory } from '../../state/produceMemory';
import { CommandContext } from '../../workbench/commandContext';
import { askResendChoices, confirmResend, sendAndReport, targetPartition } from './produceOptions';
import { resolveProduceTarget } from './produceTarget';

const PREVIEW = 3;

/** Header values as the bytes they were; a header without a value is sent empty. */
function headersOf(message: TailMessage): Record<string, Buffer> {
  return Object.fromEntries(message.headers.map(([name, value]) => [name, value ?? Buffer.alloc(0)]));
}

export async function sendToTopic(
  ctx: CommandContext,
  memory: ProduceMemory,
  cluster: ClusterConfig,
  messages: readonly TailMessage[],
): Promise<ProduceReport | undefined> {
  const sendable = messages.filter((m) => !m.batchError);
  if (sendable.length === 0) {
    void vscode.window.showInformationMessage('There is nothing to send: select rows, or set a filter that some rows match.');
    return undefined;
  }
  const target = await resolveProduceTarget(ctx, memory, { kind: 'cluster', cluster });
  const choices = target && (await askResendChoices(ctx.prompts.current, target.topic.name));
  if (!target || !choices) {
    return undefined;
  }
  const partitions = target.topic.partitions.length;
  let outgoing: MessageToSend[];
  try {
    outgoing = sendable.map((m) => {
      const partition = targetPartition(choices, m.key, m.partition, partitions, `${m.topic} [${m.partition}] @ ${m.offset}`);
      return {
        key: m.key,
        value: m.value,
        // Headers go out as the bytes they were.
        headers: headersOf(m),
        ...(partition !== undefined ? { partition } : {}),
        ...(choices.keepTimestamps ? { timestamp: m.timestamp } : {}),
      };
    });
  } catch (error) {
    void vscode.window.showErrorMessage(`Nothing was sent: ${(error as Error).message}`);
    return undefined;
  }
  const preview = sendable
    .slice(0, PREVIEW)
    .map(
      (m) =>
        `${m.topic} [${m.partition}] @ ${m.offset}: key ${m.key === null ? 'null' : `${m.key.length} bytes`}, value ${m.value === null ? 'null' : `${m.value.length} bytes`}`,
    );
  const skipped =
    sendable.length < messages.length
      ? `${messages.length - sendable.length} row(s) stand for record batches that could not be decoded: skipped.`
      : '';
  if (!(await confirmResend(ctx.prompts.current, outgoing, target.topic.name, preview, skipped))) {
    return undefined;
  }
  return sendAndReport(ctx, memory, target, outgoing, 'from the tail');
}
