import * as assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import * as vscode from 'vscode';
import type { KafkaExplorerApi } from '../../../src/extension/extension';
import type { GroupPanel } from '../../../src/features/groupWatch/host/panel';
import { waitFor } from '../../harness/processes';
import { commitOffsets } from '../../support/groupOffsets';
import { uniqueName } from '../../support/names';
import { connectTestProducer } from '../../support/producers';
import { createTopics } from '../../support/topics';
import { readExtHostConfig } from '../config';
import { activateExtension, clearClusters, nodeAt } from './helpers';
import { answerWith } from './scriptedPrompter';

describe('Watch Group: lag over time in a panel, polled only while visible', function () {
  this.timeout(180000);
  const { bootstrapServers } = readExtHostConfig();
  const topic = uniqueName('watch-topic');
  const [groupA, groupB] = [uniqueName('watch-a'), uniqueName('watch-b')];
  const settings = () => vscode.workspace.getConfiguration('kafkaExplorer');
  let api: KafkaExplorerApi;

  before(async () => {
    api = await activateExtension();
    await clearClusters();
    await settings().update('groupView.refreshSeconds', 1, vscode.ConfigurationTarget.Global);
    const kafka = new Kafka({ brokers: bootstrapServers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [{ topic, numPartitions: 2 }]);
    await admin.disconnect();
    const producer = await connectTestProducer(kafka);
    await producer.send({ topic, messages: Array.from({ length: 20 }, (_, i) => ({ partition: i % 2, value: `m${i}` })) });
    await producer.disconnect();
    await commitOffsets(bootstrapServers, groupA, [
      { topic, partition: 0, offset: 4 },
      { topic, partition: 1, offset: 10 },
    ]);
    await commitOffsets(bootstrapServers, groupB, [{ topic, partition: 0, offset: 10 }]);
    await vscode.commands.executeCommand('kafkaExplorer.addCluster', { name: 'watch', bootstrapServers });
  });

  after(async () => {
    api.groupViews.panels.forEach((p) => p.dispose());
    api.setPrompter(undefined);
    await settings().update('groupView.refreshSeconds', undefined, vscode.ConfigurationTarget.Global);
    await clearClusters();
  });

  it("opens from the group node with exact lag per partition, and answers the webview's requests", async () => {
    const node = await nodeAt(api, 'watch', 'Consumer Groups', groupA);
    const panel = (await vscode.commands.executeCommand('kafkaExplorer.watchGroup', node)) as GroupPanel;
    const state = await waitFor(
      'the first poll',
      async () => (panel.lastState?.groups[0]?.partitions.length === 2 ? panel.lastState : undefined),
      { timeoutMs: 30000 },
    );
    assert.equal(panel.panel.title, `Group: ${groupA}`);
    assert.equal(state.groups[0].totalLag, '6', '10 - 4 on partition 0, 10 - 10 on partition 1');
    assert.deepEqual(
      state.groups[0].partitions.map((p) => [p.partition, p.committed, p.latest, p.lag]),
      [
        [0, '4', '10', '6'],
        [1, '10', '10', '0'],
      ],
    );
    assert.equal(state.refreshSeconds, 1);
    assert.equal(state.chart.title, `lag per partition of ${groupA}`);

    assert.deepEqual(await panel.receive({ requestId: 7, request: { type: 'setMode', mode: 'lines' } }), { type: 'done', requestId: 7 });
    assert.equal(panel.lastState?.mode, 'lines');
    const refused = await panel.receive({ requestId: 8, request: { type: 'removeGroup', groupId: groupA } });
    assert.deepEqual(refused, { type: 'failed', requestId: 8, message: 'The panel shows at least one group.' });
    const malformed = await panel.receive({ requestId: 9, request: { type: 'setMode', mode: '<script>' } });
    assert.equal(malformed.type, 'failed');

    // Polls continue while visible: a second sample gives rates and an estimate.
    await waitFor('rates after two polls', async () => (panel.lastState?.groups[0].consumeRate ? true : undefined), { timeoutMs: 30000 });
    assert.equal(panel.lastState?.groups[0].trend, 'stalled', 'lag 6 neither grows nor shrinks');
  });

  it('stops polling while hidden behind another panel and polls again when shown', async () => {
    const first = api.groupViews.panels[0];
    const second = (await vscode.commands.executeCommand('kafkaExplorer.watchGroup', {
      clusterName: 'watch',
      groupIds: [groupB],
    })) as GroupPanel;
    await waitFor('the first panel hidden', async () => (first.visible ? undefined : true), { timeoutMs: 10000 });
    const pollsWhileHidden = first.pollCount;
    const secondStart = second.pollCount;
    // Three refresh intervals of the visible panel pass; the hidden one asks nothing meanwhile.
    await waitFor('three polls of the visible panel', async () => (second.pollCount >= secondStart + 3 ? true : undefined), {
      timeoutMs: 30000,
    });
    assert.equal(first.pollCount, pollsWhileHidden, 'no poll while hidden');

    first.panel.reveal();
    await waitFor('a poll once shown again', async () => (first.pollCount > pollsWhileHidden ? true : undefined), { timeoutMs: 10000 });
    second.dispose();
  });

  it('compares another group in the same chart, one line per group', async () => {
    const panel = api.groupViews.panels[0];
    const prompter = answerWith(api, { pick: groupB });
    await panel.handle({ type: 'addGroup' });
    assert.equal(prompter.remaining, 0);
    assert.deepEqual(panel.groupIds, [groupA, groupB]);
    assert.equal(panel.panel.title, `Group: ${groupA}, ${groupB}`);
    const state = panel.lastState!;
    assert.equal(state.chart.title, 'total lag per group');
    assert.deepEqual(
      state.chart.series.map((s) => s.name),
      [groupA, groupB],
    );
    assert.deepEqual(
      state.groups.map((g) => [g.groupId, g.totalLag]),
      [
        [groupA, '6'],
        [groupB, '0'],
      ],
    );
    await panel.handle({ type: 'removeGroup', groupId: groupB });
    assert.deepEqual(panel.groupIds, [groupA]);
  });
});
