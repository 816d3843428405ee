import * as assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { unpack } from 'msgpackr';
import * as vscode from 'vscode';
import type { KafkaExplorerApi } from '../../../src/extension/extension';
import type { ProduceReport } from '../../../src/kafka/produce/produce';
import { uniqueName } from '../../support/names';
import { readMessages } from '../../support/readMessages';
import { createFilledTopic, withTopic } from '../../support/topics';
import { readExtHostConfig } from '../config';
import { activateExtension, clearClusters, nodeAt } from './helpers';
import { Answer, answerWith } from './scriptedPrompter';

describe('produce commands on a real editor', function () {
  this.timeout(120000);
  const { bootstrapServers } = readExtHostConfig();
  const kafka = () => new Kafka({ brokers: bootstrapServers, logLevel: logLevel.NOTHING });
  const topic = uniqueName('produce-cmd');
  let api: KafkaExplorerApi;

  const answer = (...answers: Answer[]) => answerWith(api, ...answers);

  async function editorWith(content: string, language = 'plaintext'): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument({ content, language });
    return vscode.window.showTextDocument(document);
  }

  /** The topic's messages, keys as text. */
  const read = async (count: number) =>
    (await readMessages(bootstrapServers, topic, count)).map((m) => ({ ...m, key: m.key?.toString() ?? null }));

  before(async () => {
    api = await activateExtension();
    await clearClusters();
    await createFilledTopic(bootstrapServers, topic, { partitions: 3 });
    await vscode.commands.executeCommand('kafkaExplorer.addCluster', { name: 'produce', bootstrapServers });
  });
  afterEach(() => api.setPrompter(undefined));
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await clearClusters();
  });

  it("produces each of several selections as one keyed message, and shows the key's partition", async () => {
    const editor = await editorWith('{"order": 1}\nignored line\n{"order": 2}\n');
    editor.selections = [new vscode.Selection(0, 0, 0, 12), new vscode.Selection(2, 0, 2, 12)];
    const prompter = answer(
      { pick: topic },
      { pick: 'JSON (validated, compacted)' },
      { pick: 'UTF-8 string' },
      { firstPick: 'none' },
      { input: 'alice' },
      { refused: 'oops', because: /is not a header/ },
      { input: 'source: editor' },
    );
    const report = (await vscode.commands.executeCommand('kafkaExplorer.produceSelection')) as ProduceReport;
    assert.equal(prompter.remaining, 0);
    assert.equal(report.delivered.length, 2);
    assert.deepEqual(
      report.delivered.map((d) => d.partition),
      [report.delivered[0].partition, report.delivered[0].partition],
      'one key, one partition',
    );
    assert.ok(
      prompter.notes.includes(`→ partition ${report.delivered[0].partition} of 3 (murmur2, as the Java client)`),
      prompter.notes.join(' | '),
    );
    const received = await read(2);
    assert.deepEqual(received.map((m) => [m.key, m.value.toString(), m.headers]).sort(), [
      ['alice', '{"order":1}', { source: 'editor' }],
      ['alice', '{"order":2}', { source: 'editor' }],
    ]);
  });

  it('produces lines as key<TAB>value messages from a topic node', async () => {
    await editorWith('bob\t{"n":1}\ncarol\t{"n":2}\n{"n":3}\n');
    answer({ pick: 'Lines' }, { pick: 'msgpack' }, { pick: 'UTF-8 string' }, { pick: 'lz4' });
    const report = (await vscode.commands.executeCommand(
      'kafkaExplorer.produceToTopic',
      await nodeAt(api, 'produce', 'Topics', topic),
    )) as ProduceReport;
    assert.equal(report.delivered.length, 3);
    const received = await read(5);
    const byKey = new Map(received.filter((m) => m.key !== 'alice').map((m) => [m.key, unpack(m.value)]));
    assert.deepEqual(byKey.get('bob'), { n: 1 });
    assert.deepEqual(byKey.get('carol'), { n: 2 });
    assert.deepEqual(byKey.get(null), { n: 3 });
  });

  it('sends nothing when one line is invalid, and puts the cursor on it', async () => {
    const admin = kafka().admin();
    await admin.connect();
    const offsetsBefore = await admin.fetchTopicOffsets(topic);
    const editor = await editorWith('dave\t{"n":1}\nerin\t{"n":}\nfrank\t{"n":3}\n');
    answer({ pick: topic }, { pick: 'JSON (validated, sent as written)' }, { pick: 'UTF-8 string' }, { firstPick: 'none' });
    const report = await vscode.commands.executeCommand('kafkaExplorer.produceLines');
    assert.equal(report, undefined);
    assert.deepEqual(await admin.fetchTopicOffsets(topic), offsetsBefore, 'nothing was sent');
    await admin.disconnect();
    assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [1, 10]);
  });

  it('produces a JSON array with explicit partitions, its keys serialized as chosen, compressed as the topic says', async () => {
    const keyed = await withTopic(bootstrapServers, 'produce-json-keys', { partitions: 3, configs: { 'compression.type': 'zstd' } });
    api.clusterTree.refresh();
    await editorWith(
      JSON.stringify(
        [
          { key: 'a1', value: { x: 1 }, partition: 2 },
          { key: 'b2', value: { x: 2 }, partition: 0 },
        ],
        null,
        2,
      ),
      'json',
    );
    // zstd is written by WASM: this also shows that dist/zstd.wasm is where the bundle looks for it.
    const prompter = answer({ pick: keyed }, { pick: 'JSON (validated, compacted)' }, { pick: 'hex → bytes' }, { firstPick: 'zstd' });
    const report = (await vscode.commands.executeCommand('kafkaExplorer.produceJsonArray')) as ProduceReport;
    assert.equal(prompter.remaining, 0, 'the key serializer was asked for');
    assert.ok(prompter.offered[3].includes("zstd: default: the topic's compression.type"), prompter.offered[3].join(' | '));
    assert.deepEqual(
      report.delivered.map((d) => d.partition),
      [2, 0],
    );
    const received = await readMessages(bootstrapServers, keyed, 2);
    assert.deepEqual(received.map((m) => [m.partition, m.key?.toString('hex'), m.value.toString()]).sort(), [
      [0, 'b2', '{"x":2}'],
      [2, 'a1', '{"x":1}'],
    ]);
  });
});
