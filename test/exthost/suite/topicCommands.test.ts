import * as assert from 'node:assert/strict';
import { Admin, ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import * as vscode from 'vscode';
import type { KafkaExplorerApi } from '../../../src/extension/extension';
import { uniqueName } from '../../support/names';
import { createTopics } from '../../support/topics';
import { readExtHostConfig } from '../config';
import { activateExtension, clearClusters, labelOf, nodeAt } from './helpers';
import { Answer, answerWith } from './scriptedPrompter';

describe('topic commands change the real broker', function () {
  this.timeout(120000);
  const { bootstrapServers } = readExtHostConfig();
  const topic = uniqueName('cmd-topic');
  let api: KafkaExplorerApi;
  let admin: Admin;

  async function topicConfig(name: string): Promise<Map<string, { value: string; isDefault: boolean }>> {
    const { resources } = await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name }], includeSynonyms: false });
    return new Map(resources[0].configEntries.map((e) => [e.configName, { value: e.configValue, isDefault: e.isDefault }]));
  }

  const answer = (...answers: Answer[]) => answerWith(api, ...answers);

  before(async () => {
    api = await activateExtension();
    await clearClusters();
    admin = new Kafka({ brokers: bootstrapServers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await vscode.commands.executeCommand('kafkaExplorer.addCluster', { name: 'cmds', bootstrapServers });
  });

  afterEach(() => api.setPrompter(undefined));

  after(async () => {
    await admin?.disconnect();
    await clearClusters();
  });

  it('adds a cluster through its two questions, refusing a malformed address first', async () => {
    const prompter = answer(
      { input: 'second' },
      { refused: 'localhost', because: /has no port/ },
      { refused: 'http://localhost:9092', because: /leave out the scheme/ },
      { input: bootstrapServers.join(',') },
      { pick: 'No authentication' },
      { pick: 'No TLS' },
      { pick: 'No Schema Registry' },
    );
    const added = await vscode.commands.executeCommand('kafkaExplorer.addCluster');
    assert.deepEqual(added, { name: 'second', bootstrapServers });
    assert.equal(prompter.remaining, 0);
    assert.equal(await api.registry.remove('second'), true);
  });

  it('creates a topic with partitions, replication factor, retention and cleanup policy', async () => {
    const existing = uniqueName('cmd_existing');
    await createTopics(admin, [{ topic: existing }]);
    const topicsFolder = await nodeAt(api, 'cmds', 'Topics');
    await vscode.commands.executeCommand('kafkaExplorer.refresh', topicsFolder);
    const prompter = answer(
      { refused: 'bad name!', because: /only letters, digits/ },
      { refused: existing, because: /already exists/ },
      { refused: existing.replace('_', '.'), because: /collides with .*Kafka treats "\." and "_" alike/ },
      { input: topic },
      { refused: '0', because: /at least 1/ },
      { input: '3' },
      { refused: '2', because: /at most 1/ },
      { input: '1' },
      { pick: '1 day' },
      { pick: 'compact' },
    );
    const created = await vscode.commands.executeCommand('kafkaExplorer.createTopic', topicsFolder);
    assert.equal(created, topic);
    assert.equal(prompter.remaining, 0);
    assert.ok(
      prompter.prompts.some((p) => p.startsWith('Number of partitions (broker default 1)')),
      prompter.prompts.join(' | '),
    );
    assert.ok(
      prompter.offered[0].includes("Broker default: 604800000 (1 week), the broker's log.retention"),
      prompter.offered[0].join(' | '),
    );

    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    assert.equal(topics[0].partitions.length, 3);
    const configs = await topicConfig(topic);
    assert.equal(configs.get('retention.ms')?.value, '86400000');
    assert.equal(configs.get('cleanup.policy')?.value, 'compact');
    // The tree shows it without a manual refresh.
    const node = await nodeAt(api, 'cmds', 'Topics', topic);
    assert.equal(labelOf(api, node), topic);
  });

  it('adds partitions after a warning about key placement', async () => {
    const node = await nodeAt(api, 'cmds', 'Topics', topic);
    const prompter = answer({ refused: '3', because: /at least 4/ }, { input: '5' }, { confirm: true });
    assert.equal(await vscode.commands.executeCommand('kafkaExplorer.addPartitions', node), 5);
    assert.match(prompter.asked[1], /Raise .* from 3 to 5 partitions/);
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    assert.equal(topics[0].partitions.length, 5);
  });

  it("edits one config and keeps the topic's other settings (AlterConfigs replaces them all)", async () => {
    const retention = await nodeAt(api, 'cmds', 'Topics', topic, 'Configuration', 'retention.ms');
    answer({ pick: 'Set a new value' }, { refused: 'soon', because: /whole number/ }, { input: '3600000' });
    assert.equal(await vscode.commands.executeCommand('kafkaExplorer.editTopicConfig', retention), true);
    let configs = await topicConfig(topic);
    assert.equal(configs.get('retention.ms')?.value, '3600000');
    assert.equal(configs.get('cleanup.policy')?.value, 'compact', 'cleanup.policy survived');
    assert.equal(
      labelOf(api, await nodeAt(api, 'cmds', 'Topics', topic, 'Configuration', 'retention.ms')),
      'retention.ms = 3600000 (1 hour)',
    );

    answer({ pick: 'Reset to the inherited default' });
    const again = await nodeAt(api, 'cmds', 'Topics', topic, 'Configuration', 'retention.ms');
    assert.equal(await vscode.commands.executeCommand('kafkaExplorer.editTopicConfig', again), true);
    configs = await topicConfig(topic);
    assert.equal(configs.get('retention.ms')?.isDefault, true);
    assert.equal(configs.get('cleanup.policy')?.value, 'compact');
  });

  it('deletes a topic only when confirmed', async () => {
    const node = await nodeAt(api, 'cmds', 'Topics', topic);
    answer({ confirm: false });
    assert.equal(await vscode.commands.executeCommand('kafkaExplorer.deleteTopic', node), false);
    assert.ok((await admin.listTopics()).includes(topic));
    const prompter = answer({ confirm: true });
    assert.equal(await vscode.commands.executeCommand('kafkaExplorer.deleteTopic', node), true);
    assert.match(prompter.asked[0], new RegExp(`Delete topic "${topic}" from cmds\\?`));
    assert.ok(!(await admin.listTopics()).includes(topic));
    const names =
      (await vscode.commands.executeCommand('kafkaExplorer.refresh'),
      (await api.clusterTree.getChildren(await nodeAt(api, 'cmds', 'Topics'))).map((n) => labelOf(api, n)));
    assert.ok(!names.includes(topic));
  });

  it('removes a cluster only when confirmed', async () => {
    await vscode.commands.executeCommand('kafkaExplorer.addCluster', { name: 'temporary', bootstrapServers: 'a:1' });
    const node = (await api.clusterTree.getChildren()).find((n) => n.kind === 'cluster' && n.cluster.name === 'temporary');
    answer({ confirm: false });
    assert.equal(await vscode.commands.executeCommand('kafkaExplorer.removeCluster', node), false);
    answer({ confirm: true });
    assert.equal(await vscode.commands.executeCommand('kafkaExplorer.removeCluster', node), true);
    assert.equal(api.registry.get('temporary'), undefined);
  });
});
