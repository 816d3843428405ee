/**
 * The Schema Registry in the extension host, against the run's real registry (Apicurio,
 * Confluent-compatible API): the cluster wizard's registry step, the Schemas folder, and
 * the schema commands (open, compare, register, delete) driven through the scripted prompter.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { KafkaExplorerApi } from '../../../src/extension/extension';
import { SchemaRegistryClient, SubjectVersion } from '../../../src/registry/client';
import { PREVIEW_SCHEME } from '../../../src/workbench/previewDocuments';
import { pythonWrite, schemaFile } from '../../support/confluentPython';
import { uniqueName } from '../../support/names';
import { withTopic } from '../../support/topics';
import { readExtHostConfig } from '../config';
import { activateExtension, clearClusters, descriptionOf, labelOf, nodeAt } from './helpers';
import { Answer, answerWith } from './scriptedPrompter';

const PAYMENT_V1 = fs.readFileSync(schemaFile('payment-v1.avsc'), 'utf8');
const PAYMENT_V2 = fs.readFileSync(schemaFile('payment-v2.avsc'), 'utf8');

/** payment-v1 with its "id" a string instead of a long: not BACKWARD compatible with it. */
function paymentWithStringId(): string {
  const schema = JSON.parse(PAYMENT_V1) as { fields: Array<{ name: string; type: unknown }> };
  schema.fields[0].type = 'string';
  return JSON.stringify(schema, null, 2);
}

describe('Schema Registry: clusters, the Schemas folder and the schema commands', function () {
  this.timeout(180000);
  const { bootstrapServers, registryUrl } = readExtHostConfig();
  const client = new SchemaRegistryClient({ url: registryUrl, timeoutMs: 10000 });
  /** Two versions of an Avro subject, compatibility BACKWARD. */
  const avroSubject = `${uniqueName('sr-payment')}-value`;
  /** For register and delete: starts with version 1 only. */
  const editedSubject = `${uniqueName('sr-edited')}-value`;
  /** Registered by Confluent's Python serializer: a base64 descriptor with a reference to common.proto. */
  let protoSubject: string;
  let api: KafkaExplorerApi;

  const answer = (...answers: Answer[]) => answerWith(api, ...answers);

  /** What the tree shows under a cluster's Schemas folder (every subject of the shared registry). */
  const subjectLabels = async (cluster: string) =>
    (await api.clusterTree.getChildren(await nodeAt(api, cluster, 'Schemas'))).map((n) => labelOf(api, n));

  async function setCompatibility(subject: string, level: string): Promise<void> {
    const answered = await fetch(`${registryUrl}/config/${encodeURIComponent(subject)}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ compatibility: level }),
    });
    assert.ok(answered.ok, `PUT /config/${subject}: ${answered.status} ${await answered.text()}`);
  }

  async function editorWith(content: string): Promise<vscode.TextEditor> {
    return vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content, language: 'json' }));
  }

  before(async () => {
    api = await activateExtension();
    await clearClusters();
    await client.register(avroSubject, 'AVRO', PAYMENT_V1);
    await setCompatibility(avroSubject, 'BACKWARD');
    await client.register(avroSubject, 'AVRO', PAYMENT_V2);
    await client.register(editedSubject, 'AVRO', PAYMENT_V1);
    await setCompatibility(editedSubject, 'BACKWARD');
    const protoTopic = await withTopic(bootstrapServers, 'sr-order');
    pythonWrite(
      { bootstrapServers, registryUrl, topic: protoTopic },
      'protobuf',
      'order.proto',
      ['{"id": "7", "customer": "ann", "state": "SHIPPED"}'],
      ['--proto-message', 'acme.shop.Order'],
    );
    protoSubject = `${protoTopic}-value`;
    await vscode.commands.executeCommand('kafkaExplorer.addCluster', {
      name: 'sr',
      bootstrapServers,
      schemaRegistry: { url: registryUrl },
    });
    await vscode.commands.executeCommand('kafkaExplorer.addCluster', { name: 'plain', bootstrapServers });
  });
  afterEach(() => api.setPrompter(undefined));
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await clearClusters();
  });

  it('adds a cluster with a basic-auth registry whose password stays out of settings, then edits it to no authentication', async () => {
    const password = 'r3gistry-s3cret-pw';
    const prompter = answer(
      { input: 'sr-basic' },
      { input: bootstrapServers.join(',') },
      { pick: 'No authentication' },
      { pick: 'No TLS' },
      { pick: 'Schema Registry…' },
      { refused: 'not a url', because: /Write the registry as a URL/ },
      { refused: 'ftp://registry.example', because: /starts with http:\/\/ or https:\/\// },
      { refused: 'http://me:pw@registry.example', because: /Leave credentials out of the URL/ },
      { input: registryUrl },
      { pick: 'Basic' },
      { input: 'alice' },
      { refused: '', because: /Enter it/ },
      { input: password },
    );
    const added = (await vscode.commands.executeCommand('kafkaExplorer.addCluster')) as { schemaRegistry?: unknown };
    assert.equal(prompter.remaining, 0);
    assert.deepEqual(added?.schemaRegistry, { url: registryUrl, auth: 'basic', username: 'alice' });
    const stored = () =>
      (vscode.workspace.getConfiguration('kafkaExplorer').get('clusters') as Array<{ name: string; schemaRegistry?: unknown }>).find(
        (c) => c.name === 'sr-basic',
      );
    assert.deepEqual(stored()?.schemaRegistry, { url: registryUrl, auth: 'basic', username: 'alice' });
    assert.ok(
      !JSON.stringify(vscode.workspace.getConfiguration('kafkaExplorer').get('clusters')).includes(password),
      'no password in settings',
    );

    answer({ pick: 'Schema Registry' }, { pick: 'Schema Registry…' }, { prefilled: registryUrl }, { pick: 'No authentication' });
    const edited = (await vscode.commands.executeCommand('kafkaExplorer.editCluster', await nodeAt(api, 'sr-basic'))) as {
      schemaRegistry?: unknown;
    };
    assert.deepEqual(edited?.schemaRegistry, { url: registryUrl });
    assert.deepEqual(stored()?.schemaRegistry, { url: registryUrl });
    assert.ok((await subjectLabels('sr-basic')).includes(avroSubject), 'the registry answers without authentication');
  });

  it('shows a Schemas folder only for a cluster with a registry: subjects with type, latest version and compatibility, versions newest first', async () => {
    assert.deepEqual(
      (await api.clusterTree.getChildren(await nodeAt(api, 'plain'))).map((n) => labelOf(api, n)),
      ['Brokers', 'Topics', 'Consumer Groups', 'ACLs'],
    );
    assert.deepEqual(
      (await api.clusterTree.getChildren(await nodeAt(api, 'sr'))).map((n) => labelOf(api, n)),
      ['Brokers', 'Topics', 'Consumer Groups', 'ACLs', 'Schemas'],
    );

    const labels = await subjectLabels('sr');
    assert.ok(labels.includes(avroSubject) && labels.includes(protoSubject), labels.join(' | '));
    assert.deepEqual(
      labels,
      [...labels].sort((a, b) => a.localeCompare(b)),
      'sorted by name',
    );
    const avro = await nodeAt(api, 'sr', 'Schemas', avroSubject);
    assert.equal(descriptionOf(api, avro), 'AVRO · v2 · BACKWARD');
    assert.match(descriptionOf(api, await nodeAt(api, 'sr', 'Schemas', protoSubject)), /^PROTOBUF · v1 · [A-Z_]+$/);

    const versions = await api.clusterTree.getChildren(avro);
    const latestId = (await client.version(avroSubject, 'latest')).id;
    assert.deepEqual(
      versions.map((n) => [labelOf(api, n), descriptionOf(api, n)]),
      [
        ['version 2', `latest · id ${latestId}`],
        ['version 1', ''],
      ],
    );
    assert.equal(api.clusterTree.getTreeItem(versions[0]).command?.command, 'kafkaExplorer.openSchema');
  });

  it('opens an Avro version as read-only pretty JSON, and a Protobuf descriptor as .proto text', async () => {
    const avro = (await vscode.commands.executeCommand(
      'kafkaExplorer.openSchema',
      await nodeAt(api, 'sr', 'Schemas', avroSubject, 'version 1'),
    )) as vscode.TextDocument;
    assert.equal(avro.getText(), JSON.stringify(JSON.parse(PAYMENT_V1), null, 2));
    assert.equal(avro.uri.scheme, PREVIEW_SCHEME);
    assert.equal(avro.languageId, 'json');
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document, avro, 'shown in the active editor');
    const applied = await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'x'));
    assert.equal(
      avro.getText(),
      JSON.stringify(JSON.parse(PAYMENT_V1), null, 2),
      `the editor refuses edits (edit() said ${applied}, dirty ${avro.isDirty}, fs writable ${vscode.workspace.fs.isWritableFileSystem(PREVIEW_SCHEME)})`,
    );

    const proto = (await vscode.commands.executeCommand(
      'kafkaExplorer.openSchema',
      await nodeAt(api, 'sr', 'Schemas', protoSubject, 'version 1'),
    )) as vscode.TextDocument;
    const text = proto.getText();
    assert.match(text, /^syntax = "proto3";\npackage acme\.shop;\nimport "common\.proto";/);
    assert.match(text, /\nmessage Order \{\n/);
    assert.match(text, /\n {4}uint64 quantity = 2;\n/);
    assert.ok(proto.uri.path.endsWith('.proto'), proto.uri.path);
  });

  it('compares two versions in a diff editor, the older one on the left', async () => {
    const prompter = answer({ firstPick: 'version 1' });
    assert.equal(
      await vscode.commands.executeCommand(
        'kafkaExplorer.compareSchemaVersions',
        await nodeAt(api, 'sr', 'Schemas', avroSubject, 'version 2'),
      ),
      true,
    );
    assert.deepEqual(prompter.offered, [['version 1: the previous version']]);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, `the active tab is a diff: ${tab?.label}`);
    assert.equal(tab.label, `${avroSubject}: v1 ↔ v2`);
    const fieldsOf = async (uri: vscode.Uri) =>
      (JSON.parse((await vscode.workspace.openTextDocument(uri)).getText()) as { fields: Array<{ name: string }> }).fields.map(
        (f) => f.name,
      );
    assert.deepEqual((await fieldsOf(tab.input.modified)).slice(-2), ['note', 'micros']);
    assert.equal((await fieldsOf(tab.input.original)).includes('note'), false);

    // A single version has nothing to compare with: nothing is asked.
    const none = answer();
    assert.equal(
      await vscode.commands.executeCommand(
        'kafkaExplorer.compareSchemaVersions',
        await nodeAt(api, 'sr', 'Schemas', protoSubject, 'version 1'),
      ),
      false,
    );
    assert.deepEqual(none.asked, []);
  });

  it("registers the editor's schema as a new version after the compatibility check, and refuses an incompatible or broken one", async () => {
    await editorWith(PAYMENT_V2);
    const prompter = answer({ confirm: true });
    const registered = (await vscode.commands.executeCommand(
      'kafkaExplorer.registerSchema',
      await nodeAt(api, 'sr', 'Schemas', editedSubject),
    )) as SubjectVersion;
    assert.deepEqual(prompter.asked, [`Register a new version of ${editedSubject}?`]);
    assert.equal(registered?.version, 2);
    assert.deepEqual(await client.versions(editedSubject), [1, 2]);
    const latest = await client.version(editedSubject, 'latest');
    assert.deepEqual([latest.id, JSON.parse(latest.schema)], [registered.id, JSON.parse(PAYMENT_V2)]);
    assert.equal(descriptionOf(api, await nodeAt(api, 'sr', 'Schemas', editedSubject)), 'AVRO · v2 · BACKWARD', 'the tree shows it');

    for (const [why, text] of [
      ['incompatible (id: long → string)', paymentWithStringId()],
      ['does not compile', '{"type": "record", "name": "Broken", "fields": [{"name": "x", "type": "no.such.Type"}]}'],
      ['not even JSON', '{"type": "record", "name": '],
    ]) {
      await editorWith(text);
      const refused = answer();
      const result = await vscode.commands.executeCommand(
        'kafkaExplorer.registerSchema',
        await nodeAt(api, 'sr', 'Schemas', editedSubject),
      );
      assert.equal(result, undefined, why);
      assert.deepEqual(refused.asked, [], `${why}: no confirmation asked`);
      assert.deepEqual(await client.versions(editedSubject), [1, 2], `${why}: nothing registered`);
    }
    const check = await client.checkCompatibility(editedSubject, 'AVRO', paymentWithStringId());
    assert.equal(check.compatible, false, 'the registry itself calls it incompatible');
  });

  it("registers a new Protobuf subject whose .proto imports another file, as a reference to that file's subject", async () => {
    const common = `${uniqueName('sr-common')}.proto`;
    const subject = `${uniqueName('sr-order')}-value`;
    // The import has no subject yet: refused, nothing registered.
    const order = fs.readFileSync(schemaFile('order.proto'), 'utf8').replace('import "common.proto";', `import "${common}";`);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: order }));
    answer({ input: subject }, { pick: 'Protobuf' });
    assert.equal(await vscode.commands.executeCommand('kafkaExplorer.registerSchema', await nodeAt(api, 'sr', 'Schemas')), undefined);
    assert.ok(!(await client.subjects()).includes(subject), 'nothing registered while the import has no subject');

    await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument({ content: fs.readFileSync(schemaFile('common.proto'), 'utf8') }),
    );
    answer({ input: common }, { pick: 'Protobuf' });
    assert.ok(await vscode.commands.executeCommand('kafkaExplorer.registerSchema', await nodeAt(api, 'sr', 'Schemas')));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: order }));
    answer({ input: subject }, { pick: 'Protobuf' });
    const registered = (await vscode.commands.executeCommand(
      'kafkaExplorer.registerSchema',
      await nodeAt(api, 'sr', 'Schemas'),
    )) as SubjectVersion;
    assert.equal(registered?.schemaType, 'PROTOBUF');
    assert.deepEqual(registered.references, [{ name: common, subject: common, version: 1 }]);
  });

  it('deletes a version, then the subject, each only once confirmed', async () => {
    assert.deepEqual(await client.versions(editedSubject), [1, 2], 'the previous test registered version 2');
    const version1 = await nodeAt(api, 'sr', 'Schemas', editedSubject, 'version 1');
    let prompter = answer({ confirm: false });
    assert.equal(await vscode.commands.executeCommand('kafkaExplorer.deleteSchema', version1), false);
    assert.deepEqual(prompter.asked, [`Delete version 1 of ${editedSubject}?`]);
    assert.deepEqual(await client.versions(editedSubject), [1, 2], 'kept when not confirmed');
    answer({ confirm: true });
    assert.equal(await vscode.commands.executeCommand('kafkaExplorer.deleteSchema', version1), true);
    assert.deepEqual(await client.versions(editedSubject), [2]);
    const subject = await nodeAt(api, 'sr', 'Schemas', editedSubject);
    assert.deepEqual(
      (await api.clusterTree.getChildren(subject)).map((n) => labelOf(api, n)),
      ['version 2'],
    );

    prompter = answer({ confirm: false });
    assert.equal(await vscode.commands.executeCommand('kafkaExplorer.deleteSchema', subject), false);
    assert.deepEqual(prompter.asked, [`Delete subject ${editedSubject} and all its 1 version(s)?`]);
    assert.ok((await client.subjects()).includes(editedSubject), 'kept when not confirmed');
    answer({ confirm: true });
    assert.equal(await vscode.commands.executeCommand('kafkaExplorer.deleteSchema', subject), true);
    assert.equal((await client.subjects()).includes(editedSubject), false);
    assert.equal((await subjectLabels('sr')).includes(editedSubject), false, 'gone from the tree');
    assert.ok((await subjectLabels('sr')).includes(avroSubject), 'the other subjects stay');
  });
});
