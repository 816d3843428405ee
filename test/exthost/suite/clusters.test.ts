import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KafkaExplorerApi } from '../../../src/extension/extension';
import { AUTO_RETRY_MS } from '../../../src/features/tree/clusterTreeProvider';
import type { NodeOfKind } from '../../../src/workbench/treeNodes';
import { freePort } from '../../harness/ports';
import { readExtHostConfig } from '../config';
import { activateExtension, clearClusters, clusterNode, EXTENSION_ID } from './helpers';

describe('Kafka Explorer in the VS Code extension host', () => {
  const { bootstrapServers } = readExtHostConfig();
  let api: KafkaExplorerApi;

  before(async () => {
    api = await activateExtension();
  });
  beforeEach(clearClusters);
  after(clearClusters);

  it('registers every command it contributes, all under the Kafka category', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = extension.packageJSON.contributes.commands as Array<{ command: string; category: string }>;
    const registered = await vscode.commands.getCommands(true);
    for (const command of contributed) {
      assert.ok(command.command.startsWith('kafkaExplorer.'), command.command);
      assert.equal(command.category, 'Kafka');
      assert.ok(registered.includes(command.command), `${command.command} is not registered`);
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(extension.extensionPath, 'package.json'), 'utf8'));
    assert.ok(Object.keys(manifest.contributes.configuration.properties).every((key) => key.startsWith('kafkaExplorer.')));
  });

  it('adds the test broker; the cluster node holds Brokers, Topics and Consumer Groups', async () => {
    const added = await vscode.commands.executeCommand('kafkaExplorer.addCluster', {
      name: 'test broker',
      bootstrapServers: bootstrapServers.join(','),
    });
    assert.deepEqual(added, { name: 'test broker', bootstrapServers });
    assert.deepEqual(vscode.workspace.getConfiguration('kafkaExplorer').get('clusters'), [{ name: 'test broker', bootstrapServers }]);

    const cluster = await clusterNode(api, 'test broker');
    const clusterItem = api.clusterTree.getTreeItem(cluster);
    assert.equal(clusterItem.contextValue, 'cluster');
    assert.equal(clusterItem.description, bootstrapServers.join(', '));
    assert.equal(clusterItem.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const folders = await api.clusterTree.getChildren(cluster);
    assert.deepEqual(
      folders.map((n) => api.clusterTree.getTreeItem(n).label),
      ['Brokers', 'Topics', 'Consumer Groups', 'ACLs'],
    );
  });

  it('refuses a malformed bootstrap address and stores nothing', async () => {
    const added = await vscode.commands.executeCommand('kafkaExplorer.addCluster', {
      name: 'typo',
      bootstrapServers: 'localhost',
    });
    assert.equal(added, undefined);
    assert.deepEqual(vscode.workspace.getConfiguration('kafkaExplorer').get('clusters'), []);
    assert.deepEqual(await api.clusterTree.getChildren(), []);
  });

  it('refuses a second cluster with the same name', async () => {
    await vscode.commands.executeCommand('kafkaExplorer.addCluster', { name: 'one', bootstrapServers: 'a:1' });
    const again = await vscode.commands.executeCommand('kafkaExplorer.addCluster', { name: 'ONE', bootstrapServers: 'b:2' });
    assert.equal(again, undefined);
    assert.equal((await api.clusterTree.getChildren()).length, 1);
  });

  it('shows an unreachable cluster as an error node within the request timeout, retries by itself, and on refresh', async () => {
    const config = vscode.workspace.getConfiguration('kafkaExplorer');
    await config.update('requestTimeoutMs', 3000, vscode.ConfigurationTarget.Global);
    try {
      const port = await freePort();
      await vscode.commands.executeCommand('kafkaExplorer.addCluster', {
        name: 'down',
        bootstrapServers: `127.0.0.1:${port}`,
      });
      const cluster = await clusterNode(api, 'down');
      const started = Date.now();
      const children = await api.clusterTree.getChildren(cluster);
      const elapsed = Date.now() - started;
      // One error node instead of the three folders: nothing below can load either.
      assert.ok(elapsed < 5000, `the error took ${elapsed} ms`);
      assert.equal(children.length, 1);
      const error = children[0];
      assert.equal(error.kind, 'error');
      assert.match(error.kind === 'error' ? error.message : '', new RegExp(`127\\.0\\.0\\.1:${port}.*connection refused|did not answer`));
      const item = api.clusterTree.getTreeItem(error);
      assert.equal(item.contextValue, 'error');
      assert.equal(item.command?.command, 'kafkaExplorer.refresh');
      assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');
      // A refused connection may pass (a broker restarting): the tree loads it again by itself.
      assert.equal(item.description, `retrying in ${AUTO_RETRY_MS / 1000} s`);
      const redrawn = await new Promise<NodeOfKind<'cluster'>>((resolve, reject) => {
        const timer = setTimeout(() => {
          subscription.dispose();
          reject(new Error(`the tree did not load the cluster again within ${AUTO_RETRY_MS + 5000} ms`));
        }, AUTO_RETRY_MS + 5000);
        const subscription = api.clusterTree.onDidChangeTreeData((node) => {
          if (node?.kind === 'cluster' && node.cluster.name === 'down') {
            clearTimeout(timer);
            subscription.dispose();
            resolve(node);
          }
        });
      });
      assert.equal(redrawn.cluster.name, 'down', 'the cluster node is loaded again');

      // The failure is not cached: the next expansion asks the broker again.
      const again = await api.clusterTree.getChildren(cluster);
      assert.notEqual(again, children);
      assert.equal(again[0].kind, 'error');
    } finally {
      await config.update('requestTimeoutMs', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('removes a cluster from settings and the tree', async () => {
    await vscode.commands.executeCommand('kafkaExplorer.addCluster', { name: 'keep', bootstrapServers: 'a:1' });
    await vscode.commands.executeCommand('kafkaExplorer.addCluster', { name: 'drop', bootstrapServers: 'b:2' });
    assert.equal(await api.registry.remove('drop'), true);
    const names = (await api.clusterTree.getChildren()).map((n) => (n.kind === 'cluster' ? n.cluster.name : n.kind));
    assert.deepEqual(names, ['keep']);
    assert.equal(await api.registry.remove('drop'), false);
  });
});
