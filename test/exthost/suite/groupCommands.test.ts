import * as assert from 'node:assert/strict';
import { Admin, Consumer, Kafka, logLevel } from 'kafkajs';
import * as vscode from 'vscode';
import type { KafkaExplorerApi } from '../../../src/extension/extension';
import { waitFor } from '../../harness/processes';
import { describeGroupWithKafkaTool } from '../../support/kafkaTools';
import { commitOffsets } from '../../support/groupOffsets';
import { uniqueName } from '../../support/names';
import { createTopics } from '../../support/topics';
import { readExtHostConfig } from '../config';
import { activateExtension, clearClusters, nodeAt } from './helpers';
import { Answer, answerWith } from './scriptedPrompter';
import { connectTestProducer } from '../../support/producers';

describe('consumer group commands change the real broker', function () {
  this.timeout(180000);
  const { bootstrapServers } = readExtHostConfig();
  const kafka = () => new Kafka({ brokers: bootstrapServers, logLevel: logLevel.NOTHING });
  const topic = uniqueName('grp-topic');
  const groupId = uniqueName('grp-reset');
  let api: KafkaExplorerApi;
  let admin: Admin;

  const answer = (...answers: Answer[]) => answerWith(api, ...answers);

  async function groupNode(id: string) {
    await vscode.commands.executeCommand('kafkaExplorer.refresh', await nodeAt(api, 'groups', 'Consumer Groups'));
    return nodeAt(api, 'groups', 'Consumer Groups', id);
  }

  /** Joins the group, reads until `until` messages arrived, and stays connected. */
  async function activeConsumer(id: string, until: number): Promise<Consumer> {
    const consumer = kafka().consumer({ groupId: id });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let seen = 0;
    await consumer.run({ eachMessage: async () => void seen++ });
    await waitFor('consumer read', async () => (seen >= until ? true : undefined), { timeoutMs: 30000 });
    return consumer;
  }

  before(async () => {
    api = await activateExtension();
    await clearClusters();
    admin = kafka().admin();
    await admin.connect();
    await createTopics(admin, [{ topic, numPartitions: 2 }]);
    const producer = await connectTestProducer(kafka());
    for (const partition of [0, 1]) {
      await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ partition, value: `m${i}` })) });
    }
    await producer.disconnect();
    await commitOffsets(bootstrapServers, groupId, [
      { topic, partition: 0, offset: 8 },
      { topic, partition: 1, offset: 9 },
    ]);
    await vscode.commands.executeCommand('kafkaExplorer.addCluster', { name: 'groups', bootstrapServers });
  });

  afterEach(() => api.setPrompter(undefined));

  after(async () => {
    await admin?.disconnect();
    await clearClusters();
  });

  it('shows a dry run of a reset, applies it, and the group resumes where it was reset to', async () => {
    const prompter = answer(
      { pick: 'All committed partitions' },
      { pick: 'Shift by N' },
      { refused: 'x', because: /whole number/ },
      { input: '-5' },
      { confirm: true },
    );
    const applied = await vscode.commands.executeCommand('kafkaExplorer.resetOffsets', await groupNode(groupId));
    assert.equal(applied, 2);
    assert.equal(prompter.remaining, 0);

    const preview = vscode.window.activeTextEditor?.document;
    assert.equal(preview?.uri.scheme, 'kafka-explorer-preview');
    const text = preview!.getText();
    assert.match(text, new RegExp(`Dry run: reset offsets of consumer group "${groupId}" shifted by -5`));
    assert.match(text, /2 partitions, 2 changed\. Nothing has been applied yet\./);
    assert.match(text, new RegExp(`${topic}\\s+0\\s+8\\s+3\\s+0\\s+10`));
    assert.match(text, new RegExp(`${topic}\\s+1\\s+9\\s+4\\s+0\\s+10`));

    // Kafka's own tool sees the new offsets ...
    const rows = describeGroupWithKafkaTool(bootstrapServers[0], groupId);
    assert.deepEqual(rows.map((r) => [r.partition, r.currentOffset, r.lag]).sort(), [
      [0, 3n, 7n],
      [1, 4n, 6n],
    ]);
    // ... and a consumer joining the group reads from there: 7 + 6 messages.
    const consumer = kafka().consumer({ groupId });
    const firstOffsets = new Map<number, number>();
    let seen = 0;
    await consumer.connect();
    await consumer.subscribe({ topics: [topic] });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        seen++;
        if (!firstOffsets.has(partition)) {
          firstOffsets.set(partition, Number(message.offset));
        }
      },
    });
    await waitFor('resumed consumer', async () => (seen === 13 ? true : undefined), { timeoutMs: 30000 });
    await consumer.disconnect();
    assert.deepEqual([...firstOffsets].sort(), [
      [0, 3],
      [1, 4],
    ]);
  });

  it('resets one partition to a timestamp, to the earliest and to a specific offset', async () => {
    const offsets = async () =>
      (await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions.map((p) => [p.partition, Number(p.offset)]).sort();
    answer({ pick: 'Partition 1 of' }, { pick: 'Earliest' }, { confirm: true });
    const partition1 =
      (await vscode.commands.executeCommand('kafkaExplorer.refresh'),
      await nodeAt(api, 'groups', 'Consumer Groups', groupId, `${topic} [1]`));
    assert.equal(await vscode.commands.executeCommand('kafkaExplorer.resetOffsets', partition1), 1);
    assert.deepEqual(await offsets(), [
      [0, 10],
      [1, 0],
    ]);

    answer({ pick: `All partitions of ${topic}` }, { pick: 'Specific offset' }, { input: '99' }, { confirm: true });
    assert.equal(
      await vscode.commands.executeCommand(
        'kafkaExplorer.resetOffsets',
        await nodeAt(api, 'groups', 'Consumer Groups', groupId, `${topic} [0]`),
      ),
      2,
    );
    assert.deepEqual(
      await offsets(),
      [
        [0, 10],
        [1, 10],
      ],
      'clamped to the latest offset',
    );

    answer(
      { pick: 'All committed' },
      { pick: 'Timestamp' },
      { refused: 'yesterday-ish', because: /is not a time/ },
      { input: '1 hour ago' },
      { confirm: true },
    );
    assert.equal(await vscode.commands.executeCommand('kafkaExplorer.resetOffsets', await groupNode(groupId)), 2);
    assert.deepEqual(
      await offsets(),
      [
        [0, 0],
        [1, 0],
      ],
      'every message is younger than an hour',
    );
  });

  it('applies nothing when the dry run is not confirmed', async () => {
    const before = await admin.fetchOffsets({ groupId, topics: [topic] });
    answer({ pick: 'All committed' }, { pick: 'Latest' }, { confirm: false });
    assert.equal(await vscode.commands.executeCommand('kafkaExplorer.resetOffsets', await groupNode(groupId)), undefined);
    assert.deepEqual(await admin.fetchOffsets({ groupId, topics: [topic] }), before);
  });

  it('refuses to reset or delete a group that has active members', async () => {
    const active = uniqueName('grp-active');
    const consumer = await activeConsumer(active, 20);
    try {
      const node = await groupNode(active);
      const prompter = answer();
      assert.equal(await vscode.commands.executeCommand('kafkaExplorer.resetOffsets', node), undefined);
      assert.equal(await vscode.commands.executeCommand('kafkaExplorer.deleteGroup', node), false);
      assert.equal(prompter.asked.length, 0, 'refused before asking anything');
      assert.ok((await admin.listGroups()).groups.some((g) => g.groupId === active));
    } finally {
      await consumer.disconnect();
    }
  });

  it('deletes an inactive group after confirmation', async () => {
    answer({ confirm: true });
    assert.equal(await vscode.commands.executeCommand('kafkaExplorer.deleteGroup', await groupNode(groupId)), true);
    assert.ok(!(await admin.listGroups()).groups.some((g) => g.groupId === groupId));
  });
});
