import * as assert from 'node:assert/strict';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import * as vscode from 'vscode';
import type { KafkaExplorerApi } from '../../../src/extension/extension';
import { nodeId, type ClusterTreeNode } from '../../../src/workbench/treeNodes';
import { waitFor } from '../../harness/processes';
import { commitOffsets } from '../../support/groupOffsets';
import { describeGroupWithKafkaTool } from '../../support/kafkaTools';
import { uniqueName } from '../../support/names';
import { connectTestProducer } from '../../support/producers';
import { createFilledTopic } from '../../support/topics';
import { readExtHostConfig } from '../config';
import { activateExtension, clearClusters, descriptionOf, nodeAt } from './helpers';

describe('the live tree: lag, counts and rates refresh while the Kafka view is visible', function () {
  this.timeout(180000);
  const { bootstrapServers } = readExtHostConfig();
  const kafka = () => new Kafka({ brokers: bootstrapServers, logLevel: logLevel.NOTHING });
  const settings = () => vscode.workspace.getConfiguration('kafkaExplorer');
  const topic = uniqueName('live-topic');
  const groupId = uniqueName('live-group');
  let api: KafkaExplorerApi;
  let producer: Producer;
  let consumer: Consumer | undefined;
  /** The ids of the nodes the tree asked VS Code to redraw (undefined: the whole tree). */
  const redrawn: Array<string | undefined> = [];
  let subscription: vscode.Disposable | undefined;

  /** The group as VS Code holds it, with its newest data: the test never lists the tree itself, so what it reads is what the view was given. */
  function shownGroup(): ClusterTreeNode | undefined {
    return api.clusterTree
      .shownChildren({ kind: 'groups', clusterName: 'live' })
      .find((n) => n.kind === 'group' && n.group.groupId === groupId);
  }

  function shownTopic(): ClusterTreeNode | undefined {
    return api.clusterTree.shownChildren({ kind: 'topics', clusterName: 'live' }).find((n) => n.kind === 'topic' && n.topic.name === topic);
  }

  function warned(node: ClusterTreeNode | undefined): boolean {
    const icon = node && (api.clusterTree.getTreeItem(node).iconPath as vscode.ThemeIcon);
    return icon?.color?.id === 'list.warningForeground';
  }

  const groupLine = () => {
    const node = shownGroup();
    return node ? `${descriptionOf(api, node)} (${warned(node) ? 'warning' : 'no warning'})` : 'not shown';
  };

  before(async () => {
    api = await activateExtension();
    await clearClusters();
    await createFilledTopic(bootstrapServers, topic, { messages: Array.from({ length: 5 }, (_, i) => ({ value: `m${i}` })) });
    await commitOffsets(bootstrapServers, groupId, [{ topic, partition: 0, offset: 0 }]);
    // A second between polls instead of ten; other suites' groups on the shared broker must not switch polling off.
    await settings().update('liveRefresh.intervalSeconds', 1, vscode.ConfigurationTarget.Global);
    await settings().update('liveRefresh.maxGroups', 100000, vscode.ConfigurationTarget.Global);
    producer = await connectTestProducer(kafka());
    await vscode.commands.executeCommand('kafkaExplorer.addCluster', { name: 'live', bootstrapServers });
    subscription = api.clusterTree.onDidChangeTreeData((node) => void redrawn.push(node ? nodeId(node) : undefined));
    // Expanded by VS Code itself (reveal), so the view reports the expansions as a user's clicks would.
    for (const folder of ['Consumer Groups', 'Topics']) {
      await api.clusterView.reveal(await nodeAt(api, 'live', folder), { expand: true, select: false, focus: false });
    }
    await waitFor(
      'the view shown with both folders listed',
      async () => (api.clusterView.visible && shownGroup() && shownTopic() ? true : undefined),
      {
        timeoutMs: 30000,
        seen: () => `visible ${api.clusterView.visible}, group ${groupLine()}`,
      },
    );
  });

  after(async () => {
    subscription?.dispose();
    await consumer?.disconnect();
    await producer?.disconnect();
    await vscode.commands.executeCommand('workbench.view.explorer');
    await settings().update('liveRefresh.intervalSeconds', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('liveRefresh.maxGroups', undefined, vscode.ConfigurationTarget.Global);
    await clearClusters();
  });

  it('marks a group whose lag keeps growing, redraws only that node, and unmarks it once the group catches up', async () => {
    assert.match(groupLine(), /lag 5 \(no warning\)$/);
    // Falling behind: a message more after every poll, so each poll sees more lag than the one before.
    const falling = api.liveRefresh.onDidPoll(() => void producer.send({ topic, messages: [{ value: 'more' }] }));
    let node: ClusterTreeNode;
    try {
      node = await waitFor('the lag-growing warning', async () => (warned(shownGroup()) ? shownGroup() : undefined), {
        timeoutMs: 60000,
        seen: groupLine,
      });
    } finally {
      falling.dispose();
    }
    assert.match(descriptionOf(api, node), /^Empty · 0 members · lag \d+, growing$/);
    assert.match((api.clusterTree.getTreeItem(node).tooltip as vscode.MarkdownString).value, /lag growing: \d+ → \d+ over [1-9]\d* s/);
    assert.ok(redrawn.includes(nodeId(node)), 'the group node itself was redrawn');
    assert.ok(!redrawn.includes(undefined), 'never the whole tree');
    // The topic's line got its rate from the end offsets between two polls.
    const topicLine = await waitFor(
      'a message rate on the topic',
      async () => {
        const shown = shownTopic();
        const line = shown ? descriptionOf(api, shown) : '';
        return /msg\/s$/.test(line) ? line : undefined;
      },
      { timeoutMs: 30000 },
    );
    assert.match(topicLine, /^1 partition · RF 1 · ~\d+ msgs · [\d.]+ (bytes|KiB) · [\d.]+ msg\/s$/);

    // Catching up: a consumer of the group reads everything and commits.
    consumer = kafka().consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async () => undefined });
    await waitFor('the warning gone once the lag is 0', async () => (/lag 0 \(no warning\)$/.test(groupLine()) ? true : undefined), {
      timeoutMs: 60000,
      seen: groupLine,
    });
  });

  /** Each test starts with the view visible, whatever the one before left. */
  async function showView(): Promise<void> {
    await vscode.commands.executeCommand('workbench.view.extension.kafkaExplorer');
    await waitFor('the view visible', async () => (api.clusterView.visible ? true : undefined), { timeoutMs: 30000 });
  }

  it('does not poll while the view is hidden, and shows what changed once it is visible again', async () => {
    await showView();
    await consumer?.disconnect();
    consumer = undefined;
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor(
      'the view hidden and no poll pending',
      async () => (!api.clusterView.visible && !api.liveRefresh.running ? true : undefined),
      { timeoutMs: 30000 },
    );
    const polls = api.liveRefresh.polls;
    const line = groupLine();
    assert.match(line, /lag 0 \(no warning\)$/);

    await producer.send({ topic, messages: Array.from({ length: 7 }, (_, i) => ({ value: `hidden ${i}` })) });
    // Kafka's own tool sees the new lag (its JVM alone takes longer than several poll intervals) ...
    assert.deepEqual(
      describeGroupWithKafkaTool(bootstrapServers[0], groupId).map((row) => row.lag),
      [7n],
    );
    // ... while the hidden view did not ask.
    assert.equal(api.liveRefresh.polls, polls, 'no poll while hidden');
    assert.equal(api.liveRefresh.running, false);
    assert.equal(groupLine(), line);

    await vscode.commands.executeCommand('workbench.view.extension.kafkaExplorer');
    await waitFor(
      'the new lag once the view is visible again',
      async () => (/lag 7 \(no warning\)$/.test(groupLine()) ? true : undefined),
      { timeoutMs: 30000, seen: groupLine },
    );
    assert.ok(api.liveRefresh.polls > polls);
  });

  it('leaves the groups of a cluster with more of them than maxGroups alone, and says so on the folder', async () => {
    await showView();
    const folder: ClusterTreeNode = { kind: 'groups', clusterName: 'live' };
    const messages = () => {
      const shown = shownTopic();
      return Number(/~([\d,]+) msgs/.exec(shown ? descriptionOf(api, shown) : '')?.[1].replace(/,/g, '') ?? NaN);
    };
    await settings().update('liveRefresh.maxGroups', 0, vscode.ConfigurationTarget.Global);
    const description = await waitFor(
      'the folder saying live refresh is off',
      async () => {
        const text = api.clusterTree.getTreeItem(folder).description;
        return typeof text === 'string' && text.startsWith('live refresh off: ') ? text : undefined;
      },
      { timeoutMs: 30000 },
    );
    assert.match(description, /^live refresh off: [1-9][\d,]* groups$/);

    const before = messages();
    const line = groupLine();
    await producer.send({ topic, messages: Array.from({ length: 3 }, (_, i) => ({ value: `unpolled ${i}` })) });
    // The topics are still polled: once the topic shows the 3 messages, a poll has run since ...
    await waitFor('the topic count after a poll', async () => (messages() === before + 3 ? true : undefined), {
      timeoutMs: 30000,
      seen: () => String(messages()),
    });
    // ... and it left the group's lag as it was.
    assert.equal(groupLine(), line);

    await settings().update('liveRefresh.maxGroups', 100000, vscode.ConfigurationTarget.Global);
    await waitFor('the group polled again', async () => (/lag 10 \(no warning\)$/.test(groupLine()) ? true : undefined), {
      timeoutMs: 30000,
      seen: groupLine,
    });
    assert.equal(api.clusterTree.getTreeItem(folder).description, undefined);
  });
});
