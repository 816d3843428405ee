/**
 * Produce with a schema: which subject (the topic's `<topic>-value` / `-key` by default, any
 * other subject for the record-name strategies) and which version (latest by default), compiled
 * for writing. Every message is then checked against it before anything is sent.
 */
import * as vscode from 'vscode';
import { SchemaWriter } from '../../codecs/schemas/schemaWriter';
import { ClusterConfig } from '../../kafka/connection/clusterConfig';
import { SchemaCache } from '../../registry/schemaCache';
import { CommandContext } from '../../workbench/commandContext';

export interface ProduceRegistry {
  readonly cache: SchemaCache;
  readonly subjects: readonly string[];
}

/** The cluster's registry and its subjects, or undefined when it has none or it cannot be reached (said in the log). */
export async function registryForProduce(ctx: CommandContext, cluster: ClusterConfig): Promise<ProduceRegistry | undefined> {
  if (!cluster.schemaRegistry) {
    return undefined;
  }
  try {
    const cache = await ctx.schemaRegistries.forCluster(cluster);
    return cache ? { cache, subjects: await cache.client.subjects() } : undefined;
  } catch (error) {
    const reason = (error as Error).message;
    ctx.log.warn(`produce: the Schema Registry is not available (${reason})`);
    void vscode.window.showWarningMessage(`Schema Registry serializers are not offered: ${reason}`);
    return undefined;
  }
}

/** The subject a topic's keys or values use under the default (TopicNameStrategy). */
export const topicSubject = (topic: string, what: 'key' | 'value'): string => `${topic}-${what}`;

export async function askSchemaWriter(
  ctx: CommandContext,
  registry: ProduceRegistry,
  topic: string,
  what: 'key' | 'value',
): Promise<SchemaWriter | undefined> {
  const prompter = ctx.prompts.current;
  const preferred = topicSubject(topic, what);
  const others = registry.subjects.filter((s) => s !== preferred).sort();
  const subject = await prompter.pick(
    [
      ...(registry.subjects.includes(preferred)
        ? [{ label: preferred, description: 'TopicNameStrategy (default)', subject: preferred }]
        : []),
      ...others.map((s) => ({ label: s, description: s.startsWith(`${topic}-`) ? 'TopicRecordNameStrategy' : undefined, subject: s })),
    ],
    { title: `Schema for the ${what}s of ${topic}`, placeHolder: `Which subject? (${preferred} is the default subject for this topic)` },
  );
  if (!subject) {
    return undefined;
  }
  try {
    const versions = await registry.cache.client.versions(subject.subject);
    const newestFirst = [...versions].sort((a, b) => b - a);
    const version = await prompter.pick(
      newestFirst.map((v, i) => ({ label: `version ${v}`, description: i === 0 ? 'latest' : undefined, version: v })),
      { title: `Version of ${subject.subject}`, placeHolder: 'Which version? (the latest by default)' },
    );
    if (!version) {
      return undefined;
    }
    const { registered, schema } = await registry.cache.forWriting(subject.subject, version.version);
    const label = `${subject.subject} v${registered.version} (${registered.schemaType}, id ${registered.id})`;
    const types = schema.messageTypes ?? [];
    if (types.length <= 1) {
      return { schemaId: registered.id, schema, label };
    }
    // A .proto file may declare several messages: the message indexes in each record say which one.
    const messageType = await prompter.pick(
      types.map((name, i) => ({ label: name, description: i === 0 ? 'the first message (default)' : undefined, name })),
      { title: `Message type in ${subject.subject} v${registered.version}`, placeHolder: 'Which message does each record hold?' },
    );
    if (!messageType) {
      return undefined;
    }
    const chosen = await registry.cache.forWriting(subject.subject, registered.version, messageType.name);
    return { schemaId: registered.id, schema: chosen.schema, label: `${label} ${messageType.name}` };
  } catch (error) {
    const reason = (error as Error).message;
    ctx.log.error(`produce: ${reason}`);
    void vscode.window.showErrorMessage(`Nothing was sent: ${reason}`);
    return undefined;
  }
}
