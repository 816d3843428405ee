/**
 * "Kafka: Produce File…": sends an NDJSON file as the tail's Export NDJSON writes it, into any
 * topic: keys, headers and (by choice) timestamps kept, partitions as they were or by key, values
 * made into the same bytes again (Schema Registry values through the target cluster's registry).
 * Every line is checked first; a summary (count per partition, the first messages) is confirmed
 * before anything is sent. Export → Produce File → export again gives the same records.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { exportedValueBytes, ExportedRecord, readExportedRecords } from '../codecs/exportedRecords';
import { OutgoingMessage } from '../codecs/messageInput';
import { partitionForKey } from '../codecs/murmur2';
import { isKnownSchema } from '../codecs/schemas/schemaLookup';
import { writeWithSchema } from '../codecs/schemas/schemaWriter';
import { describeKafkaError } from '../kafka/errors';
import { produceMessages, ProduceReport } from '../kafka/produce';
import { SchemaCache } from '../registry/schemaCache';
import { ProduceMemory } from '../state/produceMemory';
import { produceSettings } from '../state/produceSettings';
import { ClusterTreeNode } from '../views/clusterTreeNodes';
import { CommandContext } from './commandContext';
import { resolveProduceTarget } from './produceTarget';

const NDJSON_FILES = { 'NDJSON exports': ['ndjson', 'jsonl', 'json'], 'All files': ['*'] };
/** Messages shown in the summary before sending. */
const PREVIEW = 3;

/** The Schema Registry values of the file, written with the schemas their ids name in the target cluster's registry. */
async function schemaWriter(cache: SchemaCache | undefined, records: readonly ExportedRecord[]): Promise<(id: number, json: string) => Buffer> {
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

export async function produceFile(ctx: CommandContext, memory: ProduceMemory, node?: ClusterTreeNode, file?: string): Promise<ProduceReport | undefined> {
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
    void vscode.window.showErrorMessage(`Nothing was sent. ${first.join('; ')}${read.problems.length > 3 ? ` (and ${read.problems.length - 3} more)` : ''}`);
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
  const placement = await prompter.pick(
    [
      { label: 'By key', description: 'murmur2, as the Java client: the same key lands together', asWritten: false },
      { label: 'As they were', description: 'each message to the partition it was read from', asWritten: true },
    ],
    { title: `Partitions in ${target.topic.name}`, placeHolder: 'Where does each message go?' },
  );
  const times = placement && (await prompter.pick([{ label: 'Keep their timestamps', keep: true }, { label: 'Now', description: 'the time they are sent', keep: false }], { title: 'Timestamps', placeHolder: 'Which timestamps?' }));
  if (!placement || !times) {
    return undefined;
  }
  let messages: OutgoingMessage[];
  try {
    const schemaValue = await schemaWriter(await ctx.schemaRegistries.forCluster(target.cluster), read.records);
    messages = read.records.map((record) => {
      if (placement.asWritten && record.partition >= partitions) {
        throw new Error(`line ${record.line}: partition ${record.partition} does not exist in ${target.topic.name} (${partitions} partitions)`);
      }
      try {
        const key = record.key === null ? null : Buffer.from(record.key, 'utf8');
        const partition = placement.asWritten ? record.partition : key ? partitionForKey(key, partitions) : undefined;
        return {
          key,
          value: exportedValueBytes(record, schemaValue) as Buffer,
          headers: record.headers,
          ...(partition !== undefined ? { partition } : {}),
          ...(times.keep ? { timestamp: record.timestampMs } : {}),
          source: { line: record.line, column: 1 },
        };
      } catch (error) {
        throw new Error(`line ${record.line}: ${(error as Error).message}`, { cause: error });
      }
    });
  } catch (error) {
    void vscode.window.showErrorMessage(`Nothing was sent: ${(error as Error).message}`);
    return undefined;
  }
  const perPartition = new Map<string, number>();
  for (const m of messages) {
    const where = m.partition === undefined ? 'spread (no key)' : `partition ${m.partition}`;
    perPartition.set(where, (perPartition.get(where) ?? 0) + 1);
  }
  const summary = [...perPartition].map(([where, count]) => `${where}: ${count}`).join(', ');
  const preview = read.records.slice(0, PREVIEW).map((r) => `line ${r.line}: key ${r.key ?? 'null'}, ${r.valueFormat} ${r.value.slice(0, 80)}`);
  const skipped = read.skippedErrors > 0 ? `\n${read.skippedErrors} line(s) stand for record batches the tail could not decode: skipped.` : '';
  const sure = await prompter.confirm(
    `Send ${messages.length} message${messages.length === 1 ? '' : 's'} to ${target.topic.name}?`,
    `${summary}\n${preview.join('\n')}${skipped}`,
    'Send',
  );
  if (!sure) {
    return undefined;
  }
  const settings = produceSettings();
  try {
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Sending ${messages.length} messages to ${target.topic.name}` }, async () =>
      produceMessages(await ctx.pool.get(target.cluster).producer(settings.retries), target.topic.name, partitions, messages, { compression: settings.compression }),
    );
    const failed = report.failed.length > 0 ? `; ${report.failed.length} were NOT acknowledged: ${report.error}` : '';
    ctx.log.info(`produce file ${path} → ${target.cluster.name}/${target.topic.name}: ${report.delivered.length} sent${failed}`);
    void (failed ? vscode.window.showErrorMessage : vscode.window.showInformationMessage)(`Sent ${report.delivered.length} of ${messages.length} messages from ${path} to ${target.topic.name}${failed}.`);
    await memory.remember(target.cluster.name, target.topic.name);
    ctx.tree.refreshFolder(target.cluster.name, 'topics');
    return report;
  } catch (error) {
    void vscode.window.showErrorMessage(`Nothing was sent to ${target.topic.name}: ${describeKafkaError(error)}`);
    return undefined;
  }
}
