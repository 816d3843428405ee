/**
 * Schema Registry values in the extension host, against the run's real broker and registry:
 * Produce JSON Array with a subject's schema (the wire format, and a value that does not fit
 * refused before anything is sent), and a tail panel decoding Avro written by Confluent's
 * Python client, its detail naming the schema.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import * as vscode from 'vscode';
import { deserialize } from '../../../src/codecs/deserializers';
import type { KafkaExplorerApi } from '../../../src/extension/extension';
import type { ProduceReport } from '../../../src/kafka/produce/produce';
import { SchemaRegistryClient } from '../../../src/registry/client';
import { SchemaCache } from '../../../src/registry/schemaCache';
import type { TailPanel } from '../../../src/features/tail/host/panel';
import { waitFor } from '../../harness/processes';
import { pythonWrite, schemaFile } from '../../support/confluentPython';
import { readMessages } from '../../support/readMessages';
import { withTopic } from '../../support/topics';
import { readExtHostConfig } from '../config';
import { activateExtension, clearClusters, recordPosts } from './helpers';
import { answerWith } from './scriptedPrompter';

/** Payments as Confluent's Python client reads its JSON input: unions tagged by branch. */
const PYTHON_IN = [
  '{"id": 4611686018427387905, "amount": "12.10", "at": "2024-01-02T03:04:05.123Z", "day": "2024-01-02", "ref": "5b0e6c3a-4d2e-4f1a-9b3c-4d5e6f708192", "method": {"com.acme.Card": {"last4": "4242", "expires": "2027-12-31"}}, "status": "PAID", "tags": ["a", "b"], "ratio": 0.25}',
  '{"id": -9223372036854775808, "amount": "-0.05", "at": "1969-12-31T23:59:59.999Z", "day": "1970-01-01", "ref": "00000000-0000-4000-8000-000000000000", "method": {"string": "cash"}, "status": "NEW", "tags": [], "ratio": -1.5}',
];
/** The same payments as the extension shows them (and reads them to produce): decimals as text, times ISO, unions as the value. */
const SHOWN = [
  '{"id":4611686018427387905,"amount":"12.10","at":"2024-01-02T03:04:05.123Z","day":"2024-01-02","ref":"5b0e6c3a-4d2e-4f1a-9b3c-4d5e6f708192","method":{"last4":"4242","expires":"2027-12-31"},"status":"PAID","tags":["a","b"],"ratio":0.25}',
  '{"id":-9223372036854775808,"amount":"-0.05","at":"1969-12-31T23:59:59.999Z","day":"1970-01-01","ref":"00000000-0000-4000-8000-000000000000","method":"cash","status":"NEW","tags":[],"ratio":-1.5}',
];
const SCHEMA_PICK = 'Schema Registry (Avro, Protobuf, JSON Schema)…';

describe("Schema Registry: producing and tailing schema'd values", function () {
  this.timeout(180000);
  const { bootstrapServers, registryUrl } = readExtHostConfig();
  const client = new SchemaRegistryClient({ url: registryUrl, timeoutMs: 10000 });
  let api: KafkaExplorerApi;
  let produceTopic: string;
  let tailTopic: string;

  before(async () => {
    api = await activateExtension();
    await clearClusters();
    produceTopic = await withTopic(bootstrapServers, 'sr-produce');
    await client.register(`${produceTopic}-value`, 'AVRO', fs.readFileSync(schemaFile('payment-v1.avsc'), 'utf8'));
    tailTopic = await withTopic(bootstrapServers, 'sr-tail');
    pythonWrite({ bootstrapServers, registryUrl, topic: tailTopic }, 'avro', 'payment-v1.avsc', PYTHON_IN);
    await vscode.commands.executeCommand('kafkaExplorer.addCluster', {
      name: 'sr-values',
      bootstrapServers,
      schemaRegistry: { url: registryUrl },
    });
  });
  afterEach(() => api.setPrompter(undefined));
  after(async () => {
    api.tails.panels.forEach((p) => p.dispose());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await clearClusters();
  });

  async function editorWith(content: string): Promise<vscode.TextEditor> {
    return vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content, language: 'json' }));
  }

  /** Produce JSON Array to produceTopic with its -value subject's latest version, uncompressed. */
  const produceWithSchema = () => {
    const prompter = answerWith(
      api,
      { pick: produceTopic },
      { firstPick: SCHEMA_PICK },
      { firstPick: `${produceTopic}-value` },
      { firstPick: 'version 1' },
      { pick: 'none' },
    );
    return { prompter, report: vscode.commands.executeCommand('kafkaExplorer.produceJsonArray') as Thenable<ProduceReport | undefined> };
  };

  it("produces a JSON array through the topic's subject: wire format with the schema id, values that decode back exactly", async () => {
    await editorWith(`[\n  ${SHOWN.join(',\n  ')}\n]\n`);
    const { prompter, report } = produceWithSchema();
    const delivered = await report;
    assert.equal(prompter.remaining, 0, `asked: ${prompter.asked.join(' | ')}`);
    assert.equal(
      prompter.offered[1][0],
      `${SCHEMA_PICK}: default: ${produceTopic}-value exists`,
      'offered first: the topic has its subject',
    );
    assert.equal(delivered?.delivered.length, 2);

    const { id } = await client.version(`${produceTopic}-value`, 1);
    const received = await readMessages(bootstrapServers, produceTopic, 2);
    for (const message of received) {
      assert.equal(message.value[0], 0, 'the magic byte');
      assert.equal(message.value.readUInt32BE(1), id, 'the schema id');
    }
    const cache = new SchemaCache(client);
    await cache.prefetch(received);
    const decoded = received.map((m) => deserialize('schema-registry', m.value, false, cache));
    assert.deepEqual(
      decoded.map((d) => [d.format, d.error ?? d.text]),
      SHOWN.map((text) => ['avro', text]),
    );
  });

  it('sends nothing when a value does not fit the schema, and puts the cursor on it', async () => {
    const admin = new Kafka({ brokers: bootstrapServers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const before = await admin.fetchTopicOffsets(produceTopic);
      const misfit = SHOWN[1].replace('"amount":"-0.05"', '"amount": "1.234"');
      const editor = await editorWith(`[\n  ${SHOWN[0]},\n  ${misfit}\n]\n`);
      const { prompter, report } = produceWithSchema();
      assert.equal(await report, undefined);
      assert.equal(prompter.remaining, 0);
      assert.deepEqual(await admin.fetchTopicOffsets(produceTopic), before, 'nothing was sent');
      const line = editor.document.lineAt(2).text;
      assert.deepEqual(
        [editor.selection.active.line, editor.selection.active.character],
        [2, line.indexOf('"1.234"')],
        'the cursor on the amount',
      );
    } finally {
      await admin.disconnect();
    }
  });

  it('tails Avro written by Python: exact rows, and a detail naming the schema and the union branch', async () => {
    const panel = (await vscode.commands.executeCommand('kafkaExplorer.tailTopic', {
      clusterName: 'sr-values',
      form: { topics: tailTopic, start: 'earliest' },
      autoStart: true,
    })) as TailPanel;
    try {
      await waitFor('2 rows', async () => (panel.rows.length === 2 ? true : undefined), {
        timeoutMs: 30000,
        seen: () => `${panel.currentState} ${panel.rows.length} rows`,
      });
      assert.deepEqual(
        panel.rows.map((r) => [r.valueFormat, r.value]),
        SHOWN.map((text) => ['avro', text]),
      );

      // What the webview would be sent: the host posts the detail of a selected row.
      const posted = recordPosts(panel);
      assert.deepEqual(await panel.receive({ requestId: 1, request: { type: 'select', id: panel.rows[0].id } }), {
        type: 'done',
        requestId: 1,
      });
      const detail = posted.flatMap((m) => (m.type === 'detail' ? [m.detail] : []))[0];
      assert.ok(detail, `a detail was posted: ${posted.map((m) => m.type).join(', ')}`);
      const { id } = await client.version(`${tailTopic}-value`, 1);
      assert.equal(detail.valueFormat, 'avro');
      // Other tests register the same text under their topics: the tail names its own topic's subject first.
      assert.match(detail.valueSchema ?? '', new RegExp(`^schema ${id} \\(${tailTopic}-value v1(\\)|; also under)`));
      assert.deepEqual(detail.valueNotes, ['method: union branch "com.acme.Card"']);
      assert.match(detail.valuePretty, /\n {2}"id": 4611686018427387905,\n {2}"amount": "12\.10",\n/);
    } finally {
      panel.dispose();
    }
  });
});
