import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KafkaExplorerApi } from '../../../src/extension/extension';
import { KafkaCluster, startKafkaCluster } from '../../harness/kafka';
import { waitFor } from '../../harness/processes';
import { uniqueName } from '../../support/names';
import { createFilledTopic } from '../../support/topics';
import { activateExtension, clearClusters, descriptionOf, nodeAt } from './helpers';

describe('a 3-node cluster with a node stopped', function () {
  this.timeout(240000);
  let cluster: KafkaCluster;
  let api: KafkaExplorerApi;
  const topic = uniqueName('replicated');

  before(async () => {
    api = await activateExtension();
    await clearClusters();
    cluster = await startKafkaCluster({ nodes: 3, racks: true });
    await createFilledTopic(cluster.bootstrapServers, topic, { partitions: 3, replicationFactor: 3 });
    await vscode.commands.executeCommand('kafkaExplorer.addCluster', { name: 'three', bootstrapServers: cluster.bootstrapServers });
  });

  after(async () => {
    await clearClusters();
    await cluster?.stop();
  });

  it('lists three brokers with their racks and one controller', async () => {
    const brokers = await api.clusterTree.getChildren(await nodeAt(api, 'three', 'Brokers'));
    const descriptions = brokers.map((n) => descriptionOf(api, n));
    assert.equal(descriptions.length, 3);
    descriptions.forEach((d, i) => assert.match(d, new RegExp(`^127\\.0\\.0\\.1:${cluster.nodes[i].port} · rack rack-${i + 1}`)));
    assert.equal(descriptions.filter((d) => d.endsWith('· controller')).length, 1);
  });

  it('marks partitions and their topic under-replicated once a replica is down', async () => {
    const before = await nodeAt(api, 'three', 'Topics', topic);
    assert.equal(descriptionOf(api, before), '3 partitions · RF 3 · ~0 msgs · 0 bytes');

    await cluster.stopNode(3);
    const topicNode = await waitFor(
      'under-replicated in the tree',
      async () => {
        await vscode.commands.executeCommand('kafkaExplorer.refresh', await nodeAt(api, 'three'));
        const node = await nodeAt(api, 'three', 'Topics', topic);
        return descriptionOf(api, node).includes('3 under-replicated') ? node : undefined;
      },
      { timeoutMs: 60000, intervalMs: 1000 },
    );
    const item = api.clusterTree.getTreeItem(topicNode);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'warning');
    const partition = await nodeAt(api, 'three', 'Topics', topic, 'partition 0');
    assert.match(descriptionOf(api, partition), /replicas \[[123],[123],[123]\] · isr \[[12],[12]\] · offsets 0–0 · under-replicated$/);
    assert.equal((api.clusterTree.getTreeItem(partition).iconPath as vscode.ThemeIcon).id, 'warning');
  });
});
