/**
 * Send to Topic… from a real tail panel: the picked rows (or every row the filter matches) go
 * into another topic byte for byte (keys, values, headers), to the partitions they came from
 * or by key, after a dry run that is confirmed; cancelled, nothing is sent.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KafkaExplorerApi } from '../../../src/extension/extension';
import type { TailPanel } from '../../../src/features/tail/host/panel';
import { partitionForKey } from '../../../src/kafka/produce/murmur2';
import { waitFor } from '../../harness/processes';
import { readMessages } from '../../support/readMessages';
import { withTopic } from '../../support/topics';
import { readExtHostConfig } from '../config';
import { activateExtension, clearClusters } from './helpers';
import { answerWith } from './scriptedPrompter';

describe('the tail panel: Send to Topic', function () {
  this.timeout(120000);
  const { bootstrapServers } = readExtHostConfig();
  let api: KafkaExplorerApi;

  before(async () => {
    api = await activateExtension();
    await clearClusters();
    await vscode.commands.executeCommand('kafkaExplorer.addCluster', { name: 'send', bootstrapServers });
  });
  after(async () => {
    api.tails.panels.forEach((p) => p.dispose());
    await clearClusters();
  });

  it('sends the picked rows byte for byte after a dry run, and every matching row when none is picked', async () => {
    const binary = Buffer.from([0x00, 0xff, 0x80, 0x7f]);
    const source = await withTopic(bootstrapServers, 'send-src', {
      partitions: 2,
      messages: [
        { key: 'a', value: '{"id": 4611686018427387905, "ok": true}', partition: 1, headers: { trace: 'abc' } },
        { key: Buffer.from([0xfe, 0x01]), value: binary, partition: 0, headers: { raw: Buffer.from([0xc3, 0x28]) } },
        { key: 'c', value: '{"id": 3, "ok": false}', partition: 1 },
        { key: 'd', value: '{"id": 4, "ok": true}', partition: 0 },
      ],
    });
    const target = await withTopic(bootstrapServers, 'send-dst', { partitions: 2 });
    api.clusterTree.refresh();
    const panel = (await vscode.commands.executeCommand('kafkaExplorer.tailTopic', {
      clusterName: 'send',
      form: { topics: source, start: 'earliest' },
      autoStart: true,
    })) as TailPanel;
    await waitFor('4 rows', async () => (panel.rows.length === 4 ? true : undefined), {
      timeoutMs: 30000,
      seen: () => `${panel.currentState} ${panel.rows.length} rows`,
    });
    const byKey = (text: string) => panel.rows.find((r) => r.key === text)!;

    // Cancelled at the dry run: nothing is sent.
    const cancelled = answerWith(api, { pick: target }, { pick: 'As they were' }, { pick: 'Keep their timestamps' }, { confirm: false });
    const binaryRow = panel.rows.find((r) => r.value === '00ff807f')!;
    assert.deepEqual(
      await panel.receive({ requestId: 1, request: { type: 'sendToTopic', ids: [byKey('a').id, binaryRow.id], ranges: [] } }),
      { type: 'done', requestId: 1 },
    );
    assert.match(cancelled.asked.join(' | '), /Send 2 messages to .*send-dst/);
    assert.deepEqual(await readMessages(bootstrapServers, target, 0), []);

    answerWith(api, { pick: target }, { pick: 'As they were' }, { pick: 'Keep their timestamps' }, { confirm: true });
    assert.deepEqual(
      await panel.receive({ requestId: 2, request: { type: 'sendToTopic', ids: [byKey('a').id, binaryRow.id], ranges: [] } }),
      { type: 'done', requestId: 2 },
    );
    const sent = await readMessages(bootstrapServers, target, 2);
    const original = await readMessages(bootstrapServers, source, 4);
    const fields = (m: (typeof sent)[number]) => [m.partition, m.key?.toString('hex'), m.value.toString('hex'), JSON.stringify(m.headers)];
    assert.deepEqual(
      sent.map(fields).sort(),
      original
        .filter((m) => ['61', 'fe01'].includes(m.key!.toString('hex')))
        .map(fields)
        .sort(),
      'the same bytes, partitions and headers',
    );

    // Nothing picked: every row the filter matches.
    assert.deepEqual(
      await panel.receive({ requestId: 3, request: { type: 'filter', text: '', partition: '', expression: 'value.ok == true' } }),
      { type: 'done', requestId: 3 },
    );
    answerWith(api, { pick: target }, { pick: 'By key' }, { pick: 'Now' }, { confirm: true });
    assert.deepEqual(await panel.receive({ requestId: 4, request: { type: 'sendToTopic', ids: [], ranges: [] } }), {
      type: 'done',
      requestId: 4,
    });
    const all = await readMessages(bootstrapServers, target, 4);
    assert.deepEqual(
      all.map((m) => m.key?.toString('hex')).sort(),
      ['61', '61', '64', 'fe01'],
      '"a" and "d" match (the binary row cannot be evaluated, "c" is false)',
    );
    const d = all.find((m) => m.key?.toString() === 'd')!;
    assert.equal(d.partition, partitionForKey(Buffer.from('d'), 2), 'by key: where murmur2 puts it');
    panel.dispose();
  });
});
