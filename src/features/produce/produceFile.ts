/**
 * "Kafka: Produce File…": sends an NDJSON file as the tail's Export NDJSON writes it, into any
 * topic: keys, headers and (by choice) timestamps kept, partitions as they were or by key, values
 * made into the same bytes again (Schema Registry values through the target cluster's registry).
 * Every line is checked first; a summary (count per partition, the first messages) is confirmed
 * before anything is sent. Export → Produce File → export again gives the same records.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { exportedValueBytes, ExportedRecord, readExportedRecords } from '../../codecs/exportedRecords';
import { isKnownSchema } from '../../codecs/schemas/schemaLookup';
import { writeWithSchema } from '../../codecs/schemas/schemaWriter';
import { MessageToSend, ProduceReport } from '../../kafka/produce/produce';
import { SchemaCache } from '../../registry/schemaCache';
import { ProduceMemory } from '../../state/produceMemory';
import { ClusterTreeNode } from '../../workbench/treeNodes';
import { CommandContext } from '../../workbench/commandContext';
import { askResendChoices, confirmResend, sendAndReport, targetPartition } from './produceOptions';
import { resolveProduceTarget } from './produceTarget';

const NDJSON_FILES = { 'NDJSON exports': ['ndjson', 'jsonl', 'json'], 'All files': ['*'] };
/** Messages shown in the summary before sending. */
const PREVIEW = 3;

/** The Schema Registry values of the file, written with the schemas their ids name in the target cluster's registry. */
async function schemaWriter(
  cache: SchemaCache | undefined,
  records: readonly ExportedRecord[],
): Promise<(id: number, json: string) => Buffer> {
  const ids = [...new Set(records.flatMap((r) => (r.valueSchemaId !== undefined ? [r.valueSchemaId] : [])))];
  if (ids.length > 0 && !cache) {
    throw new Error(`the file has Schema Registry values (schema ${ids.join(', ')}), and the target cluster has no Schema Registry`);
  }
  const known = new Map<number, Parameters<typeof writeWithSchema>[0]>();
  for (const id of ids) {
    const found = await cache!.load(id);
    if (!isKnownSchema(found)) {
      throw new Error(`schema ${id}: ${found.error}`);
    }
    known.set(id, { schemaId: id, schema: found.schema, label: `schema ${id}` });
  }
  return (id, json) => writeWithSchema(known.get(id)!, json);
}

export async function produceFile(
  ctx: CommandContext,
  memory: ProduceMemory,
  node?: ClusterTreeNode,
  file?: string,
): Promise<ProduceReport | undefined> {
  const prompter = ctx.prompts.current;
  const path = file ?? (await prompter.pickFile('An NDJSON file written by Export NDJSON', NDJSON_FILES));
  if (!path) {
    return undefined;
  }
  let read;
  try {
    read = readExportedRecords(fs.readFileSync(path, 'utf8'));
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot read ${path}: ${(error as Error).message}`);
    return undefined;
  }
  if (read.problems.length > 0) {
    const first = read.problems.slice(0, 3).map((p) => `line ${p.position.line}: ${p.message}`);
    void vscode.window.showErrorMessage(
      `Nothing was sent. ${first.join('; ')}${read.problems.length > 3 ? ` (and ${read.problems.length - 3} more)` : ''}`,
    );
    return undefined;
  }
  if (read.records.length === 0) {
    void vscode.window.showInformationMessage(`There is nothing to send in ${path}.`);
    return undefined;
  }
  const target = await resolveProduceTarget(ctx, memory, node);
  if (!target) {
    return undefined;
  }
  const partitions = target.topic.partitions.length;
  const choices = await askResendChoices(prompter, target.topic.name);
  if (!choices) {
    return undefined;
  }
  let messages: MessageToSend[];
  try {
    const schemaValue = await schemaWriter(await ctx.schemaRegistries.forCluster(target.cluster), read.records);
    messages = read.records.map((record) => {
      try {
        const key = record.key === null ? null : Buffer.from(record.key, 'utf8');
        const partition = targetPartition(choices, key, record.partition, partitions, `line ${record.line}`);
        return {
          key,
          value: exportedValueBytes(record, schemaValue),
          headers: record.headers,
          ...(partition !== undefined ? { partition } : {}),
          ...(choices.keepTimestamps ? { timestamp: record.timestampMs } : {}),
        };
      } catch (error) {
        const message = (error as Error).message;
        throw new Error(message.startsWith('line ') ? message : `line ${record.line}: ${message}`, { cause: error });
      }
    });
  } catch (error) {
    void vscode.window.showErrorMessage(`Nothing was sent: ${(error as Error).message}`);
    return undefined;
  }
  const preview = read.records
    .slice(0, PREVIEW)
    .map((r) => `line ${r.line}: key ${r.key ?? 'null'}, ${r.valueFormat} ${r.value.slice(0, 80)}`);
  const skipped =
    read.skippedErrors > 0 ? `${read.skippedErrors} line(s) stand for record batches the tail could not decode: skipped.` : '';
  if (!(await confirmResend(prompter, messages, target.topic.name, preview, skipped))) {
    return undefined;
  }
  return sendAndReport(ctx, memory, target, messages, `from ${path}`);
}
