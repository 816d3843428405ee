import * as assert from 'node:assert/strict';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import * as vscode from 'vscode';
import type { KafkaExplorerApi } from '../../../src/extension/extension';
import { waitFor } from '../../harness/processes';
import { commitOffsets } from '../../support/groupOffsets';
import { uniqueName } from '../../support/names';
import { createFilledTopic, createTopics } from '../../support/topics';
import { readExtHostConfig } from '../config';
import type { ClusterTreeNode } from '../../../src/workbench/treeNodes';
import { activateExtension, clearClusters, descriptionOf, labelOf, nodeAt } from './helpers';

describe('the Clusters tree against the real broker', function () {
  this.timeout(120000);
  const { bootstrapServers } = readExtHostConfig();
  const kafka = () => new Kafka({ brokers: bootstrapServers, logLevel: logLevel.NOTHING });
  const topic = uniqueName('tree-orders');
  const groupId = uniqueName('tree-group');
  const counts = [4, 6];
  let api: KafkaExplorerApi;
  let consumer: Consumer | undefined;

  before(async () => {
    api = await activateExtension();
    await clearClusters();
    await createFilledTopic(bootstrapServers, topic, {
      partitions: 2,
      configs: { 'retention.ms': '604800000' },
      messages: counts.flatMap((count, partition) => Array.from({ length: count }, (_, i) => ({ partition, value: `m${i}` }))),
    });
    await vscode.commands.executeCommand('kafkaExplorer.addCluster', { name: 'tree', bootstrapServers });
  });

  after(async () => {
    await consumer?.disconnect();
    await clearClusters();
    await vscode.workspace.getConfiguration('kafkaExplorer').update('showInternalTopics', undefined, vscode.ConfigurationTarget.Global);
  });

  it('lists the broker with its address and the controller marker', async () => {
    const broker = await nodeAt(api, 'tree', 'Brokers', 'broker 1');
    assert.equal(descriptionOf(api, broker), `${bootstrapServers[0]} · controller`);
    assert.equal(api.clusterTree.getTreeItem(broker).contextValue, 'broker');
  });

  it('shows a topic with partitions, replication factor, message count and size on disk', async () => {
    const node = await nodeAt(api, 'tree', 'Topics', topic);
    // The size is the log segments' bytes (DescribeLogDirs; test/integration/logDirs.test.ts checks it against Kafka's tool).
    assert.match(descriptionOf(api, node), /^2 partitions · RF 1 · ~10 msgs · [1-9]\d* bytes$/);
    const item = api.clusterTree.getTreeItem(node);
    // The tooltip's values are escaped text: their spaces are &nbsp;.
    assert.match(
      (item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' '),
      /Size \(leader replicas\): [1-9]\d* bytes {2}\nOn disk \(all replicas\): [1-9]\d* bytes/,
    );
    assert.equal(item.contextValue, 'topic');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'symbol-event');
  });

  it("shows each partition's leader, replicas, in-sync replicas and offsets", async () => {
    const p0 = await nodeAt(api, 'tree', 'Topics', topic, 'partition 0');
    const p1 = await nodeAt(api, 'tree', 'Topics', topic, 'partition 1');
    assert.equal(descriptionOf(api, p0), 'leader 1 · replicas [1] · isr [1] · offsets 0–4');
    assert.equal(descriptionOf(api, p1), 'leader 1 · replicas [1] · isr [1] · offsets 0–6');
  });

  it("shows the topic's configuration, its own settings first and in human units", async () => {
    const configs = await api.clusterTree.getChildren(await nodeAt(api, 'tree', 'Topics', topic, 'Configuration'));
    assert.equal(labelOf(api, configs[0]), 'retention.ms = 604800000 (1 week)');
    assert.equal(descriptionOf(api, configs[0]), 'set on topic');
    const cleanup = configs.find((n) => labelOf(api, n).startsWith('cleanup.policy'));
    assert.ok(cleanup);
    assert.equal(labelOf(api, cleanup), 'cleanup.policy = delete');
    assert.equal(descriptionOf(api, cleanup), 'default');
  });

  it('hides internal topics until asked, and filters topics by name', async () => {
    const topics = await nodeAt(api, 'tree', 'Topics');
    const names = async () => (await api.clusterTree.getChildren(topics)).map((n) => labelOf(api, n));
    // A group commit makes sure __consumer_offsets exists.
    await commitOffsets(bootstrapServers, uniqueName('tree-touch'), [{ topic, partition: 0, offset: 0 }]);
    await vscode.commands.executeCommand('kafkaExplorer.refresh', topics);
    assert.ok(!(await names()).includes('__consumer_offsets'));
    await vscode.commands.executeCommand('kafkaExplorer.showInternalTopics');
    assert.ok((await names()).includes('__consumer_offsets'));
    await vscode.commands.executeCommand('kafkaExplorer.hideInternalTopics');
    assert.ok(!(await names()).includes('__consumer_offsets'));

    api.clusterTree.setTopicFilter('tree', 'tree-orders*');
    assert.ok((await names()).every((name) => name.startsWith('tree-orders')));
    assert.equal(descriptionOf(api, topics), 'filter: tree-orders*');
    api.clusterTree.setTopicFilter('tree', 'no-such-topic-xyz');
    assert.deepEqual(await names(), ['No topic matches "no-such-topic-xyz"']);
    await vscode.commands.executeCommand('kafkaExplorer.clearTopicFilter', topics);
    assert.ok((await names()).includes(topic));
  });

  it("filters consumer groups by id with the topic filter's matcher", async () => {
    const filtered = uniqueName('tree-filtered');
    await commitOffsets(bootstrapServers, filtered, [{ topic, partition: 0, offset: 1 }]);
    const groups = await nodeAt(api, 'tree', 'Consumer Groups');
    const names = async () => (await api.clusterTree.getChildren(groups)).map((n) => labelOf(api, n));
    await vscode.commands.executeCommand('kafkaExplorer.refresh', groups);
    api.clusterTree.setGroupFilter('tree', 'TREE-FILTERED*');
    assert.deepEqual(await names(), [filtered]);
    assert.equal(descriptionOf(api, groups), 'filter: TREE-FILTERED*');
    api.clusterTree.setGroupFilter('tree', 'no-such-group-xyz');
    assert.deepEqual(await names(), ['No group matches "no-such-group-xyz"']);
    await vscode.commands.executeCommand('kafkaExplorer.clearGroupFilter', groups);
    assert.ok((await names()).includes(filtered));
  });

  it('shows a consumer group with its member, committed offsets and lag', async () => {
    consumer = kafka().consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let seen = 0;
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        seen++;
        if (Number(message.offset) < 2) {
          await consumer!.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
        }
      },
    });
    await waitFor('consumed', async () => (seen === 10 ? true : undefined), { timeoutMs: 30000 });

    const groups = await nodeAt(api, 'tree', 'Consumer Groups');
    await vscode.commands.executeCommand('kafkaExplorer.refresh', groups);
    const group = await nodeAt(api, 'tree', 'Consumer Groups', groupId);
    assert.equal(descriptionOf(api, group), 'Stable · 1 member · lag 6');
    const rows = await api.clusterTree.getChildren(group);
    assert.equal(rows[0].kind, 'groupMember');
    assert.match(descriptionOf(api, rows[0]), /· 2 partitions$/);
    assert.deepEqual(
      rows.slice(1).map((n) => [labelOf(api, n), descriptionOf(api, n)]),
      [
        [`${topic} [0]`, 'committed 2 · latest 4 · lag 2'],
        [`${topic} [1]`, 'committed 2 · latest 6 · lag 4'],
      ],
    );
  });

  it('refreshing a group node shows its new committed offsets and lag, not the ones it was drawn with', async () => {
    const refreshed = uniqueName('tree-refresh');
    await commitOffsets(bootstrapServers, refreshed, [{ topic, partition: 0, offset: 1 }]);
    await vscode.commands.executeCommand('kafkaExplorer.refresh', await nodeAt(api, 'tree', 'Consumer Groups'));
    const before = await nodeAt(api, 'tree', 'Consumer Groups', refreshed);
    assert.match(descriptionOf(api, before), /lag 3$/);
    await commitOffsets(bootstrapServers, refreshed, [{ topic, partition: 0, offset: 3 }]);
    const fired = new Promise<ClusterTreeNode | undefined>((resolve) => {
      const subscription = api.clusterTree.onDidChangeTreeData((node) => {
        subscription.dispose();
        resolve(node ?? undefined);
      });
    });
    await vscode.commands.executeCommand('kafkaExplorer.refresh', before);
    const redrawn = await fired;
    assert.ok(redrawn, 'one node is redrawn, not the whole tree');
    // What VS Code does next: it asks the redrawn node for its children again.
    const again = (await api.clusterTree.getChildren(redrawn)).find((node) => labelOf(api, node) === refreshed);
    assert.ok(again, `the group is drawn again under ${labelOf(api, redrawn)}`);
    assert.match(descriptionOf(api, again), /lag 1$/);
    const offsets = await api.clusterTree.getChildren(again);
    assert.deepEqual(
      offsets.map((node) => descriptionOf(api, node)),
      ['committed 3 · latest 4 · lag 1'],
    );
  });

  it('serves expanded levels from the cache until the cluster is refreshed', async () => {
    const topics = await nodeAt(api, 'tree', 'Topics');
    const first = await api.clusterTree.getChildren(topics);
    const later = uniqueName('tree-later');
    const admin = kafka().admin();
    await admin.connect();
    await createTopics(admin, [{ topic: later }]);
    await admin.disconnect();
    const cached = await api.clusterTree.getChildren(topics);
    assert.deepEqual(
      cached.map((n) => labelOf(api, n)),
      first.map((n) => labelOf(api, n)),
    );
    await vscode.commands.executeCommand('kafkaExplorer.refresh', topics);
    const refreshed = await api.clusterTree.getChildren(topics);
    assert.ok(refreshed.some((n) => labelOf(api, n) === later));
  });

  it('copies a topic name to the clipboard', async () => {
    await vscode.commands.executeCommand('kafkaExplorer.copyName', await nodeAt(api, 'tree', 'Topics', topic));
    assert.equal(await vscode.env.clipboard.readText(), topic);
  });
});
