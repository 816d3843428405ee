/** What the tail panel does with its messages in the editor: open, export, copy as kcat, produce again. */
import * as vscode from 'vscode';
import { deserialize, isJsonFormat } from '../../../codecs/deserializers';
import { prettyJson } from '../../../codecs/jsonText';
import { ProduceMemory } from '../../../state/produceMemory';
import { TailMessage } from '../../../kafka/consume/tailSession';
import { PreviewDocuments } from '../../../workbench/previewDocuments';
import { CSV_COLUMNS, decodeValue, exportRecordCsv, exportRecordJson, kcatCommand, MessageDecoders } from './rows';

/** One message as a read-only JSON document. */
export async function openMessage(previews: PreviewDocuments, message: TailMessage, decoders: MessageDecoders): Promise<void> {
  await previews.show(`${message.topic}-${message.partition}-${message.offset}.json`, prettyJson(exportRecordJson(message, decoders)));
}

/** Messages as a new NDJSON, JSON or CSV document (untitled: the user decides where to save it). */
export async function exportMessages(
  messages: readonly TailMessage[],
  format: 'ndjson' | 'json' | 'csv',
  decoders: MessageDecoders,
): Promise<vscode.TextDocument> {
  // Text all the way: values are never parsed and printed again, so no number changes.
  const content =
    format === 'csv'
      ? [CSV_COLUMNS.join(','), ...messages.map((m) => exportRecordCsv(m, decoders))].join('\r\n') + '\r\n'
      : format === 'ndjson'
        ? messages.map((m) => exportRecordJson(m, decoders)).join('\n') + '\n'
        : prettyJson(`[${messages.map((m) => exportRecordJson(m, decoders)).join(',')}]`);
  const language = { ndjson: 'jsonl', json: 'json', csv: 'csv' }[format];
  const document = await vscode.workspace.openTextDocument({ content, language });
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

export async function copyKcatCommand(bootstrapServers: readonly string[], message: TailMessage): Promise<void> {
  await vscode.env.clipboard.writeText(kcatCommand(bootstrapServers, message));
  void vscode.window.setStatusBarMessage('kcat command copied', 3000);
}

/**
 * Opens the message's value in an editor to change and send through Produce Selection,
 * which then offers the message's topic first and its key (another topic is one pick away).
 */
export async function produceAgain(
  memory: ProduceMemory,
  clusterName: string,
  message: TailMessage,
  decoders: MessageDecoders,
): Promise<vscode.TextDocument> {
  const value = decodeValue(message, decoders);
  const isJson = isJsonFormat(value.format);
  await memory.remember(clusterName, message.topic);
  // A key that is not text cannot be typed into Produce Selection's key box.
  const key = message.key === null ? undefined : deserialize('string', message.key);
  const keyText = key && !key.error ? key.text : undefined;
  if (keyText !== undefined) {
    await memory.rememberKey(clusterName, message.topic, keyText);
  }
  const document = await vscode.workspace.openTextDocument({
    content: value.pretty ?? value.text,
    language: isJson ? 'json' : 'plaintext',
  });
  await vscode.window.showTextDocument(document, { preview: false });
  const send = 'Produce Selection…';
  const keyNote = keyText !== undefined ? ` with key "${keyText}"` : '';
  void vscode.window
    .showInformationMessage(`Edit the value, then send it: Produce Selection offers ${message.topic} first${keyNote}.`, send)
    .then((choice) => choice === send && vscode.commands.executeCommand('kafkaExplorer.produceSelection'));
  return document;
}
