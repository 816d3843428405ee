import * as vscode from 'vscode';
import {
  InputResult,
  messagesFromJsonArray,
  messagesFromLines,
  messagesFromPieces,
  parseHeaders,
  Serializers,
  TextPiece,
} from '../../codecs/messageInput';
import { partitionForKey } from '../../kafka/produce/murmur2';
import { serialize, SERIALIZER_LABELS, SERIALIZERS, SerializerId } from '../../codecs/serializers';
import { Codec, codecOfTopicConfig, Compression, COMPRESSION_DESCRIPTIONS, COMPRESSIONS } from '../../codecs/compression/codecs';
import { describeKafkaError } from '../../kafka/errors';
import { describeTopicCompression } from '../../kafka/admin/topicConfigs';
import { produceMessages, ProduceReport } from '../../kafka/produce/produce';
import { ClusterTreeNode } from '../../workbench/treeNodes';
import { CommandContext } from '../../workbench/commandContext';
import { ProduceTarget, resolveProduceTarget } from './produceTarget';
import { ProduceMemory } from '../../state/produceMemory';
import { produceSettings } from './settings';
import { SchemaWriter, writeWithSchema } from '../../codecs/schemas/schemaWriter';
import { askSchemaWriter, ProduceRegistry, registryForProduce, topicSubject } from './produceSchema';

export type ProduceMode = 'selection' | 'lines' | 'jsonArray';

/** What the editor holds: each non-empty selection, or the whole document when none. */
function piecesOf(editor: vscode.TextEditor): TextPiece[] {
  const selections = editor.selections.filter((s) => !s.isEmpty);
  const ranges =
    selections.length > 0
      ? [...selections].sort((a, b) => a.start.compareTo(b.start))
      : [new vscode.Range(0, 0, editor.document.lineCount, 0)];
  return ranges.map((range) => ({
    text: editor.document.getText(range),
    start: { line: range.start.line + 1, column: range.start.character + 1 },
  }));
}

interface SerializerChoice {
  readonly id: SerializerId;
  /** Set when the user chose the Schema Registry: the key or value is JSON written with this schema. */
  readonly schema?: SchemaWriter;
}

const SCHEMA_REGISTRY_LABEL = 'Schema Registry (Avro, Protobuf, JSON Schema)…';

/**
 * The serializer for keys or values. With a registry, "Schema Registry…" is offered too, and
 * comes first when the topic has its own subject (`<topic>-value`): that is how the topic is written.
 */
async function askSerializer(
  ctx: CommandContext,
  what: 'key' | 'value',
  preferred: SerializerId,
  topic: string,
  registry?: ProduceRegistry,
): Promise<SerializerChoice | undefined> {
  const ordered = [preferred, ...SERIALIZERS.filter((id) => id !== preferred)];
  const topicHasSubject = registry?.subjects.includes(topicSubject(topic, what)) === true;
  const plain = ordered.map((id) => ({
    label: SERIALIZER_LABELS[id],
    description: id === preferred && !topicHasSubject ? 'default' : undefined,
    id: id as SerializerId | 'schema',
  }));
  const schemaItem = {
    label: SCHEMA_REGISTRY_LABEL,
    description: topicHasSubject ? `default: ${topicSubject(topic, what)} exists` : undefined,
    id: 'schema' as const,
  };
  const picked = await ctx.prompts.current.pick(registry ? (topicHasSubject ? [schemaItem, ...plain] : [...plain, schemaItem]) : plain, {
    title: `Serialize the ${what} as`,
    placeHolder: `${what} serializer (default from kafkaExplorer.produce.${what}Serializer)`,
  });
  if (!picked) {
    return undefined;
  }
  if (picked.id !== 'schema') {
    return { id: picked.id };
  }
  const schema = registry ? await askSchemaWriter(ctx, registry, topic, what) : undefined;
  return schema ? { id: 'json', schema } : undefined;
}

/** The topic's compression.type when it names a codec; undefined when it does not or cannot be read (the setting decides then). */
async function topicCodec(ctx: CommandContext, target: ProduceTarget): Promise<Codec | undefined> {
  try {
    return codecOfTopicConfig(
      await ctx.pool
        .get(target.cluster)
        .query(`compression.type of ${target.topic.name}`, ({ admin }) => describeTopicCompression(admin, target.topic.name)),
    );
  } catch (error) {
    ctx.log.warn(
      `produce: cannot read compression.type of ${target.topic.name} (${describeKafkaError(error)}); offering kafkaExplorer.produce.compression first`,
    );
    return undefined;
  }
}

async function askCompression(ctx: CommandContext, target: ProduceTarget, setting: Compression): Promise<Compression | undefined> {
  const fromTopic = await topicCodec(ctx, target);
  const preferred = fromTopic ?? setting;
  const why = fromTopic ? `the topic's compression.type` : 'kafkaExplorer.produce.compression';
  const ordered = [preferred, ...COMPRESSIONS.filter((c) => c !== preferred)];
  const picked = await ctx.prompts.current.pick(
    ordered.map((id) => ({
      label: id,
      description: id === preferred ? `default: ${why}` : undefined,
      detail: COMPRESSION_DESCRIPTIONS[id],
      id,
    })),
    { title: `Compress the batches to ${target.topic.name} with`, placeHolder: 'compression (like kcat -z)' },
  );
  return picked?.id;
}

async function askKey(
  ctx: CommandContext,
  memory: ProduceMemory,
  target: ProduceTarget,
  serializers: Serializers,
): Promise<string | undefined> {
  const partitions = target.topic.partitions.length;
  return ctx.prompts.current.input({
    title: `Key for ${target.topic.name}`,
    prompt: serializers.keySchema
      ? `Message key as JSON, written with ${serializers.keySchema.label} (empty for none): the key decides the partition`
      : 'Message key (empty for none): the key decides the partition',
    value: memory.lastKey(target.cluster.name, target.topic.name) ?? '',
    validateInput: (text) => {
      if (text === '') {
        return { message: 'No key: messages are spread over the partitions.', severity: vscode.InputBoxValidationSeverity.Info };
      }
      try {
        const bytes = serializers.keySchema ? writeWithSchema(serializers.keySchema, text) : serialize(serializers.key, text);
        const partition = partitionForKey(bytes, partitions);
        return {
          message: `→ partition ${partition} of ${partitions} (murmur2, as the Java client)`,
          severity: vscode.InputBoxValidationSeverity.Info,
        };
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
}

function describeProblems(result: Extract<InputResult, { ok: false }>): string {
  const first = result.problems
    .slice(0, 3)
    .map((p) => (p.position.line > 0 ? `line ${p.position.line}, column ${p.position.column}: ${p.message}` : p.message));
  const more = result.problems.length > 3 ? ` (and ${result.problems.length - 3} more)` : '';
  return `Nothing was sent. ${first.join('; ')}${more}`;
}

function reportDelivery(ctx: CommandContext, target: ProduceTarget, report: ProduceReport, sources: Array<{ line: number }>): void {
  const where = `${target.cluster.name}/${report.topic}`;
  for (const d of report.delivered) {
    ctx.log.info(`produced to ${where} [${d.partition}] @ ${d.offset} (from line ${sources[d.index].line})`);
  }
  if (report.resent > 0) {
    ctx.log.info(
      `${where}: ${report.resent} batch${report.resent === 1 ? ' was' : 'es were'} sent again after a retriable error (idempotent: none written twice)`,
    );
  }
  if (report.failed.length > 0) {
    const lines = report.failed.map((i) => sources[i].line);
    const message = `Sent ${report.delivered.length} of ${report.delivered.length + report.failed.length} messages to ${report.topic}; ${report.failed.length} were NOT acknowledged (from line${lines.length === 1 ? '' : 's'} ${lines.slice(0, 10).join(', ')}${lines.length > 10 ? ', …' : ''}): ${report.error}`;
    ctx.log.error(message);
    void vscode.window
      .showErrorMessage(message, 'Show Log')
      .then((choice) => choice && vscode.commands.executeCommand('kafkaExplorer.showLog'));
    return;
  }
  if (report.delivered.length === 1) {
    const d = report.delivered[0];
    const tail = 'Tail This Topic';
    void vscode.window
      .showInformationMessage(`Sent to ${report.topic} partition ${d.partition} at offset ${d.offset}.`, tail)
      .then((choice) => {
        if (choice === tail) {
          void vscode.commands.executeCommand('kafkaExplorer.tailTopic', {
            clusterName: target.cluster.name,
            form: { topics: report.topic, start: 'lastN', startValue: '10' },
            autoStart: true,
          });
        }
      });
  } else {
    const partitions = new Set(report.delivered.map((d) => d.partition)).size;
    void vscode.window.showInformationMessage(
      `Sent ${report.delivered.length} messages to ${report.topic} (${partitions} partition${partitions === 1 ? '' : 's'}); offsets are in the Kafka Explorer log.`,
    );
  }
}

/**
 * Produce Selection / Lines / JSON Array. Everything is parsed and serialized before the
 * first message goes out; a problem names its line and column and nothing is sent.
 * Returns the delivery report, or undefined when nothing was sent.
 */
export async function produce(
  ctx: CommandContext,
  memory: ProduceMemory,
  mode: ProduceMode,
  node?: ClusterTreeNode,
): Promise<ProduceReport | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Open a document (and select text) to produce from it.');
    return undefined;
  }
  const pieces = piecesOf(editor);
  const settings = produceSettings();
  const target = await resolveProduceTarget(ctx, memory, node);
  if (!target) {
    return undefined;
  }
  const registry = await registryForProduce(ctx, target.cluster);
  const value = await askSerializer(ctx, 'value', settings.valueSerializer, target.topic.name, registry);
  if (!value) {
    return undefined;
  }
  // Ask for the key serializer only when there are keys: Lines with a separator, array items with "key".
  const needsKey =
    mode === 'selection' ||
    (mode === 'lines' && pieces.some((p) => p.text.includes(settings.lineSeparator))) ||
    (mode === 'jsonArray' && pieces.some((p) => /"key"\s*:/.test(p.text)));
  const key = needsKey
    ? await askSerializer(ctx, 'key', settings.keySerializer, target.topic.name, registry)
    : { id: settings.keySerializer };
  if (!key) {
    return undefined;
  }
  const compression = await askCompression(ctx, target, settings.compression);
  if (!compression) {
    return undefined;
  }
  const serializers: Serializers = {
    key: key.id,
    value: value.id,
    ...(key.schema ? { keySchema: key.schema } : {}),
    ...(value.schema ? { valueSchema: value.schema } : {}),
  };
  let result: InputResult;
  if (mode === 'selection') {
    const keyText = await askKey(ctx, memory, target, serializers);
    const headersText =
      keyText === undefined
        ? undefined
        : await ctx.prompts.current.input({
            title: `Headers for ${target.topic.name}`,
            prompt: 'Headers as name: value, separated by commas (empty for none)',
            validateInput: (text) => {
              try {
                parseHeaders(text);
                return undefined;
              } catch (error) {
                return (error as Error).message;
              }
            },
          });
    if (keyText === undefined || headersText === undefined) {
      return undefined;
    }
    result = messagesFromPieces(pieces, keyText, parseHeaders(headersText), serializers);
    if (keyText !== '') {
      await memory.rememberKey(target.cluster.name, target.topic.name, keyText);
    }
  } else {
    const results = pieces.map((piece) =>
      mode === 'lines' ? messagesFromLines(piece, settings.lineSeparator, serializers) : messagesFromJsonArray(piece, serializers),
    );
    const problems = results.flatMap((r) => (r.ok ? [] : r.problems));
    result = problems.length > 0 ? { ok: false, problems } : { ok: true, messages: results.flatMap((r) => (r.ok ? r.messages : [])) };
  }
  if (!result.ok) {
    const first = result.problems[0].position;
    if (first.line > 0) {
      const position = new vscode.Position(first.line - 1, Math.max(0, first.column - 1));
      editor.selection = new vscode.Selection(position, position);
      editor.revealRange(new vscode.Range(position, position));
    }
    void vscode.window.showErrorMessage(describeProblems(result));
    return undefined;
  }
  if (result.messages.length === 0) {
    void vscode.window.showInformationMessage('There is nothing to send: the text is empty.');
    return undefined;
  }
  const messages = result.messages;
  const schemas = [value.schema && `values as ${value.schema.label}`, key.schema && `keys as ${key.schema.label}`]
    .filter(Boolean)
    .join(', ');
  ctx.log.info(
    `produce: ${messages.length} message${messages.length === 1 ? '' : 's'} to ${target.cluster.name}/${target.topic.name}, ${compression} batches${schemas ? `, ${schemas}` : ''}`,
  );
  const connection = ctx.pool.get(target.cluster);
  let report: ProduceReport;
  try {
    report = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Sending ${messages.length} message${messages.length === 1 ? '' : 's'} to ${target.topic.name} (${compression})`,
      },
      async () =>
        produceMessages(await connection.recordWriter(settings.retries), target.topic.name, target.topic.partitions.length, messages, {
          compression,
        }),
    );
  } catch (error) {
    const reason = describeKafkaError(error);
    ctx.log.error(`produce to ${target.topic.name}: ${reason}`);
    void vscode.window.showErrorMessage(`Nothing was sent to ${target.topic.name}: ${reason}`);
    return undefined;
  }
  await memory.remember(target.cluster.name, target.topic.name);
  reportDelivery(
    ctx,
    target,
    report,
    messages.map((m) => m.source),
  );
  ctx.tree.refreshFolder(target.cluster.name, 'topics');
  return report;
}
