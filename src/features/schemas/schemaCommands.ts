/**
 * The Schemas folder's commands: open a version read-only, compare two versions, register a
 * new version from the active editor (the compatibility check's answer shown before and after),
 * delete a version or a subject (with confirmation).
 */
import * as vscode from 'vscode';
import { compileSchema } from '../../codecs/schemas/compile';
import { prettyJson } from '../../codecs/jsonText';
import { protobufSchemaText } from '../../codecs/schemas/protobuf';
import { ClusterConfig } from '../../kafka/connection/clusterConfig';
import { SchemaReference, SchemaRegistryClient, SchemaType, SubjectVersion } from '../../registry/client';
import { ClusterTreeNode, NodeOfKind } from '../../workbench/treeNodes';
import { PreviewDocuments } from '../../workbench/previewDocuments';
import { CommandContext, resolveCluster } from '../../workbench/commandContext';

/** The file extension that gives a schema's text its editor language. */
const EXTENSION: Record<SchemaType, string> = { AVRO: '.avsc.json', PROTOBUF: '.proto', JSON: '.schema.json' };

/** Avro and JSON Schema read better indented; the tokens stay as the registry keeps them. */
function readable(version: SubjectVersion): string {
  if (version.schemaType === 'PROTOBUF') {
    // Confluent's serializers register a serialized descriptor (base64), which Apicurio keeps as is.
    try {
      return protobufSchemaText(version.schema);
    } catch {
      return version.schema;
    }
  }
  try {
    JSON.parse(version.schema);
    return prettyJson(version.schema);
  } catch {
    return version.schema;
  }
}

async function clientFor(ctx: CommandContext, cluster: ClusterConfig | undefined): Promise<SchemaRegistryClient | undefined> {
  if (!cluster) {
    return undefined;
  }
  if (!cluster.schemaRegistry) {
    void vscode.window.showInformationMessage(`${cluster.name} has no Schema Registry: Edit Cluster → Schema Registry sets one.`);
    return undefined;
  }
  return (await ctx.schemaRegistries.forCluster(cluster))?.client;
}

/** Runs a registry request with a progress notification; a failure is shown and logged, and gives undefined. */
async function withRegistry<T>(ctx: CommandContext, title: string, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, work);
  } catch (error) {
    const reason = (error as Error).message;
    ctx.log.error(`${title}: ${reason}`);
    void vscode.window.showErrorMessage(reason);
    return undefined;
  }
}

const title = (version: SubjectVersion) => `${version.subject} v${version.version}`;

export async function openSchema(
  ctx: CommandContext,
  previews: PreviewDocuments,
  node?: ClusterTreeNode,
): Promise<vscode.TextDocument | undefined> {
  if (node?.kind !== 'schemaVersion') {
    return undefined;
  }
  const client = await clientFor(ctx, ctx.registry.get(node.clusterName));
  const version =
    client &&
    (await withRegistry(ctx, `Reading ${node.subject.name} v${node.version}`, () => client.version(node.subject.name, node.version)));
  return version ? previews.show(`${title(version)} (id ${version.id})`, readable(version), EXTENSION[version.schemaType]) : undefined;
}

/** Opens VS Code's diff of this version and another one the user picks (the previous one first). */
export async function compareSchemaVersions(ctx: CommandContext, previews: PreviewDocuments, node?: ClusterTreeNode): Promise<boolean> {
  if (node?.kind !== 'schemaVersion') {
    return false;
  }
  const others = node.subject.versions.filter((v) => v !== node.version).sort((a, b) => b - a);
  if (others.length === 0) {
    void vscode.window.showInformationMessage(`${node.subject.name} has only version ${node.version}.`);
    return false;
  }
  const older = others.find((v) => v < node.version);
  const ordered = older === undefined ? others : [older, ...others.filter((v) => v !== older)];
  const picked = await ctx.prompts.current.pick(
    ordered.map((v) => ({ label: `version ${v}`, description: v === older ? 'the previous version' : undefined, version: v })),
    { title: `Compare ${node.subject.name} v${node.version} with`, placeHolder: 'Which version?' },
  );
  const client = picked && (await clientFor(ctx, ctx.registry.get(node.clusterName)));
  if (!picked || !client) {
    return false;
  }
  const [left, right] = [Math.min(picked.version, node.version), Math.max(picked.version, node.version)];
  const versions = await withRegistry(ctx, `Reading ${node.subject.name}`, () =>
    Promise.all([client.version(node.subject.name, left), client.version(node.subject.name, right)]),
  );
  if (!versions) {
    return false;
  }
  const [a, b] = versions;
  await vscode.commands.executeCommand(
    'vscode.diff',
    previews.add(title(a), readable(a), EXTENSION[a.schemaType]),
    previews.add(title(b), readable(b), EXTENSION[b.schemaType]),
    `${node.subject.name}: v${left} ↔ v${right}`,
  );
  return true;
}

/** The type of a new subject's schema, guessed from the editor and confirmed by the user. */
async function askSchemaType(ctx: CommandContext, document: vscode.TextDocument): Promise<SchemaType | undefined> {
  const text = document.getText();
  const guess: SchemaType =
    document.languageId === 'proto3' || document.languageId === 'proto' || /^\s*syntax\s*=/m.test(text)
      ? 'PROTOBUF'
      : /"\$schema"|"properties"\s*:/.test(text)
        ? 'JSON'
        : 'AVRO';
  const types: SchemaType[] = [guess, ...(['AVRO', 'PROTOBUF', 'JSON'] as SchemaType[]).filter((t) => t !== guess)];
  const picked = await ctx.prompts.current.pick(
    types.map((type) => ({
      label: type === 'JSON' ? 'JSON Schema' : type === 'AVRO' ? 'Avro' : 'Protobuf',
      description: type === guess ? 'looks like it' : undefined,
      type,
    })),
    { title: 'Schema type', placeHolder: 'What kind of schema is in the editor?' },
  );
  return picked?.type;
}

/** Imports every Protobuf reader resolves without a reference. */
const BUILT_IN_IMPORT = /^(google\/protobuf|confluent)\//;

/**
 * A .proto's imports as schema references: each import names a subject of the same name (as
 * Confluent's serializers register them), at its latest version. Returns the references and
 * the imported texts, or throws naming the import that has no subject yet.
 */
async function protobufReferences(
  client: SchemaRegistryClient,
  text: string,
): Promise<{ references: SchemaReference[]; texts: Map<string, string> }> {
  const imports = [...text.matchAll(/^\s*import\s+(?:public\s+|weak\s+)?"([^"]+)"\s*;/gm)]
    .map((m) => m[1])
    .filter((path) => !BUILT_IN_IMPORT.test(path));
  const references: SchemaReference[] = [];
  const texts = new Map<string, string>();
  for (const path of imports) {
    const latest = await client.version(path, 'latest').catch((error: unknown) => {
      throw new Error(
        `the schema imports "${path}", and the registry has no subject "${path}" to refer to: register that file first, as subject "${path}" (${(error as Error).message})`,
        { cause: error },
      );
    });
    references.push({ name: path, subject: path, version: latest.version });
    texts.set(path, latest.schema);
  }
  return { references, texts };
}

/**
 * Registers the active editor's text as the next version of a subject (or a new subject):
 * checked locally first (it must compile), then against the registry's compatibility rule,
 * whose answer is shown before anything is registered.
 */
export async function registerSchema(ctx: CommandContext, node?: ClusterTreeNode): Promise<SubjectVersion | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Open the schema in an editor first: its text is registered.');
    return undefined;
  }
  const cluster = node ? ctx.registry.get(node.kind === 'cluster' ? node.cluster.name : node.clusterName) : await resolveCluster(ctx);
  const client = await clientFor(ctx, cluster);
  if (!client || !cluster) {
    return undefined;
  }
  const existing = node?.kind === 'subject' ? node.subject : node?.kind === 'schemaVersion' ? node.subject : undefined;
  const subject =
    existing?.name ??
    (await ctx.prompts.current.input({
      title: 'Register a schema',
      prompt: 'Subject: <topic>-value or <topic>-key for a topic (TopicNameStrategy), or a record name',
      validateInput: (text) => (text.trim() === '' ? 'Enter a subject name.' : undefined),
    }));
  const schemaType = existing?.schemaType ?? (subject === undefined ? undefined : await askSchemaType(ctx, editor.document));
  if (subject === undefined || schemaType === undefined) {
    return undefined;
  }
  const text = editor.document.getText();
  const imported =
    schemaType === 'PROTOBUF'
      ? await withRegistry(ctx, 'Reading the imported schemas', () => protobufReferences(client, text))
      : { references: [], texts: new Map<string, string>() };
  if (!imported) {
    return undefined;
  }
  const { references } = imported;
  try {
    compileSchema(schemaType, text, imported.texts);
  } catch (error) {
    void vscode.window.showErrorMessage(`Not registered: the ${schemaType} schema does not compile: ${(error as Error).message}`);
    return undefined;
  }
  const name = subject.trim();
  if (existing) {
    const check = await withRegistry(ctx, `Checking compatibility with ${name}`, () =>
      client.checkCompatibility(name, schemaType, text, references),
    );
    if (!check) {
      return undefined;
    }
    if (!check.compatible) {
      const why = check.messages.length > 0 ? check.messages.slice(0, 3).join('; ') : 'the registry gave no reason';
      void vscode.window.showErrorMessage(
        `Not registered: the schema is not compatible with ${name} v${existing.latestVersion} (${existing.compatibility}): ${why}`,
      );
      return undefined;
    }
    const sure = await ctx.prompts.current.confirm(
      `Register a new version of ${name}?`,
      `The registry says it is compatible with version ${existing.latestVersion} (${existing.compatibility}).`,
      'Register',
    );
    if (!sure) {
      return undefined;
    }
  }
  const registered = await withRegistry(ctx, `Registering ${name}`, async () => {
    const id = await client.register(name, schemaType, text, references);
    // The same text as an existing version is that version again, not a new one.
    const found = (await client.subjectsOf(id)).find((entry) => entry.subject === name);
    return client.version(name, found?.version ?? 'latest');
  });
  if (registered) {
    const isNew = existing?.versions.includes(registered.version) !== true;
    ctx.log.info(`${cluster.name}: ${isNew ? 'registered' : 'already had'} ${name} v${registered.version} (id ${registered.id})`);
    const compatibility = await client.compatibility(name).catch(() => 'unknown');
    void vscode.window.showInformationMessage(
      isNew
        ? `Registered ${name} version ${registered.version} (schema id ${registered.id}); compatibility ${compatibility}.`
        : `${name} already has this schema as version ${registered.version} (schema id ${registered.id}): nothing new was registered.`,
    );
    ctx.tree.refreshFolder(cluster.name, 'schemas');
  }
  return registered;
}

export async function deleteSchema(ctx: CommandContext, node?: ClusterTreeNode): Promise<boolean> {
  if (node?.kind !== 'schemaVersion' && node?.kind !== 'subject') {
    return false;
  }
  const client = await clientFor(ctx, ctx.registry.get(node.clusterName));
  if (!client) {
    return false;
  }
  const subject = node.subject.name;
  const what =
    node.kind === 'subject'
      ? `subject ${subject} and all its ${node.subject.versions.length} version(s)`
      : `version ${(node as NodeOfKind<'schemaVersion'>).version} of ${subject}`;
  const sure = await ctx.prompts.current.confirm(
    `Delete ${what}?`,
    'Producers that use it can no longer register against it, and messages written with it can only be read while its id is kept (the registry deletes softly unless asked otherwise).',
    'Delete',
  );
  if (!sure) {
    return false;
  }
  const done = await withRegistry(ctx, `Deleting ${what}`, async () => {
    if (node.kind === 'subject') {
      await client.deleteSubject(subject);
    } else {
      await client.deleteVersion(subject, node.version);
    }
    return true;
  });
  if (done) {
    ctx.log.info(`${node.clusterName}: deleted ${what}`);
    ctx.tree.refreshFolder(node.clusterName, 'schemas');
  }
  return done === true;
}
