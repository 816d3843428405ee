/**
 * CEL expression filters in a real tail panel: a broken expression is refused with its column
 * and the filter in force stays; a good one keeps only matching rows (64-bit ids exact) and says
 * how many messages it could not evaluate; saved expressions come back for the topic.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import * as vscode from 'vscode';
import type { KafkaExplorerApi } from '../../../src/extension/extension';
import { DEFAULT_FORM, TailPanel } from '../../../src/features/tail/host/panel';
import { waitFor } from '../../harness/processes';
import { uniqueName } from '../../support/names';
import { createFilledTopic, withTopic } from '../../support/topics';
import { readExtHostConfig } from '../config';
import { activateExtension, clearClusters, nodeAt, recordPosts } from './helpers';
import { answerWith } from './scriptedPrompter';

describe('the tail panel: expression filters', function () {
  this.timeout(120000);
  const { bootstrapServers } = readExtHostConfig();
  const topic = uniqueName('tail-cel');
  let api: KafkaExplorerApi;

  before(async () => {
    api = await activateExtension();
    await clearClusters();
    await createFilledTopic(bootstrapServers, topic, {
      partitions: 1,
      messages: [
        { key: 'a', value: '{"id": 4611686018427387905, "amount": 150.5}', headers: { trace: 'abc-1' } },
        { key: 'b', value: '{"id": 4611686018427387904, "amount": 250}', headers: { trace: 'xyz-2' } },
        { key: 'c', value: '{"id": 3, "amount": 20}', headers: { trace: 'abc-3' } },
        { key: 'd', value: 'not json' },
      ],
    });
    await vscode.commands.executeCommand('kafkaExplorer.addCluster', { name: 'cel', bootstrapServers });
  });
  after(async () => {
    api.tails.panels.forEach((p) => p.dispose());
    await clearClusters();
  });

  /** The keys of the rows the filter keeps, as an export of the filtered rows has them. */
  async function filteredKeys(panel: TailPanel): Promise<string[]> {
    await panel.handle({ type: 'export', format: 'ndjson', filtered: true });
    const text = panel.lastExport!.getText().trim();
    return text === '' ? [] : text.split('\n').map((line) => (JSON.parse(line) as { key: string }).key);
  }

  it('refuses a broken expression with its column, keeps the filter in force, and filters on a good one', async () => {
    const panel = (await vscode.commands.executeCommand('kafkaExplorer.tailTopic', {
      clusterName: 'cel',
      form: { topics: topic, start: 'earliest' },
      autoStart: true,
    })) as TailPanel;
    await waitFor('4 rows', async () => (panel.rows.length === 4 ? true : undefined), {
      timeoutMs: 30000,
      seen: () => `${panel.currentState} ${panel.rows.length} rows`,
    });
    const posted = recordPosts(panel);

    const filter = (requestId: number, expression: string) =>
      panel.receive({ requestId, request: { type: 'filter', text: '', partition: '', expression } });
    assert.deepEqual(await filter(1, 'value.amount > 100 && headers["trace"].startsWith("abc")'), { type: 'done', requestId: 1 });
    assert.deepEqual(await filteredKeys(panel), ['a']);
    const refused = await filter(2, 'value.amount > && true');
    assert.equal(refused.type, 'failed');
    assert.match((refused as { message: string }).message, /^Expression, column 14: unexpected "> && true"/);
    assert.deepEqual(await filteredKeys(panel), ['a'], 'the filter in force stays');

    assert.deepEqual(await filter(3, 'value.id == 4611686018427387904 || record.keyAsText == "c"'), { type: 'done', requestId: 3 });
    assert.deepEqual(await filteredKeys(panel), ['b', 'c'], 'the id is compared in full, not as 2^62');
    // CEL's || absorbs an error only when the other side is true: the text value of "d" fails.
    assert.deepEqual(panel.currentStatus.expressionFailures, { count: 1, first: 'field not found: id' });
    assert.deepEqual(await filter(4, 'value.amount >= 20'), { type: 'done', requestId: 4 });
    assert.deepEqual(await filteredKeys(panel), ['a', 'b', 'c']);
    assert.deepEqual(
      panel.currentStatus.expressionFailures,
      { count: 1, first: 'field not found: amount' },
      'the text value cannot be evaluated: no match, counted',
    );
    assert.deepEqual(await panel.receive({ requestId: 7, request: { type: 'export', format: 'csv', filtered: true } }), {
      type: 'done',
      requestId: 7,
    });
    const csv = panel.lastExport!.getText().split('\r\n');
    assert.equal(csv[0], 'topic,partition,offset,timestamp,key,headers,valueFormat,value');
    assert.match(csv[1], new RegExp(`^${topic},0,0,[^,]+,a,"{""trace"":""abc-1""}",json,"{""id"":4611686018427387905,""amount"":150.5}"$`));
    assert.equal(csv.filter((line) => line !== '').length, 4, 'a header and the three matching rows');

    assert.deepEqual(await panel.receive({ requestId: 5, request: { type: 'saveFilter', expression: 'value.amount >= 20' } }), {
      type: 'done',
      requestId: 5,
    });
    const saved = posted.flatMap((m) => (m.type === 'savedFilters' ? [m.expressions] : [])).pop();
    assert.deepEqual(saved, ['value.amount >= 20']);
    assert.equal(
      (await panel.receive({ requestId: 6, request: { type: 'saveFilter', expression: 'value. >' } })).type,
      'failed',
      'a broken expression is not saved',
    );
    panel.dispose();

    // Another tail of the topic is offered what was saved.
    const again = (await vscode.commands.executeCommand('kafkaExplorer.tailTopic', {
      clusterName: 'cel',
      form: { topics: topic, start: 'earliest' },
      autoStart: false,
    })) as TailPanel;
    const repost = recordPosts(again);
    await again.receive({ requestId: 1, request: { type: 'ready' } });
    assert.deepEqual(repost.flatMap((m) => (m.type === 'savedFilters' ? [m.expressions] : [])).pop(), ['value.amount >= 20']);
    again.dispose();
  });

  it('sends an exported NDJSON file into another topic with Produce File: exported again, the records are the same', async () => {
    const source = await withTopic(bootstrapServers, 'produce-file-src', {
      partitions: 2,
      messages: [
        { key: 'j', value: '{"id": 4611686018427387905, "price": 1.10}', partition: 0, headers: { trace: 'abc' } },
        { key: 'm', value: Buffer.from('82a26964cf4000000000000001a26f6bc3', 'hex'), partition: 1 },
        { key: 'b', value: Buffer.from([0x00, 0xff, 0x10, 0x80]), partition: 1, headers: { kind: 'binary' } },
        { key: 'gone', value: null, partition: 0 },
      ],
    });
    const target = await withTopic(bootstrapServers, 'produce-file-dst', { partitions: 2 });
    const exported = async (topicName: string): Promise<string[]> => {
      const panel = (await vscode.commands.executeCommand('kafkaExplorer.tailTopic', {
        clusterName: 'cel',
        form: { topics: topicName, start: 'earliest' },
        autoStart: true,
      })) as TailPanel;
      await waitFor('4 rows', async () => (panel.rows.length === 4 ? true : undefined), {
        timeoutMs: 30000,
        seen: () => `${panel.currentState} ${panel.rows.length} rows`,
      });
      await panel.handle({ type: 'export', format: 'ndjson', filtered: false });
      const lines = panel.lastExport!.getText().trim().split('\n');
      panel.dispose();
      // The same records in partition-and-offset order, whatever order the partitions arrived in.
      return lines.sort((a, b) => a.localeCompare(b));
    };
    const before = await exported(source);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ke-produce-file-')), 'export.ndjson');
    fs.writeFileSync(file, before.join('\n') + '\n');

    api.clusterTree.refresh();
    const prompter = answerWith(
      api,
      { file },
      { pick: target },
      { pick: 'As they were' },
      { pick: 'Keep their timestamps' },
      { confirm: true },
    );
    const report = (await vscode.commands.executeCommand('kafkaExplorer.produceFile')) as { delivered: unknown[] } | undefined;
    assert.equal(report?.delivered.length, 4, `asked: ${prompter.asked.join(' | ')}`);
    const after = await exported(target);
    assert.deepEqual(
      after.map((line) => line.replace(`"topic":"${target}"`, `"topic":"${source}"`)),
      before,
      'the same partition, offset, time, key, headers and value',
    );
    assert.match(after.join('\n'), /"value":\{"id":4611686018427387905,"price":1.10\}/);
  });

  it('searches a topic from its earliest offset to its end as it was: only matches kept, progress exact, and a cancelled search leaves no consumer or group', async () => {
    const searched = await withTopic(bootstrapServers, 'search-panel', {
      partitions: 3,
      messages: Array.from({ length: 300 }, (_, i) => ({ partition: i % 3, key: `k${i}`, value: `{"n": ${i}, "amount": ${i % 100}}` })),
    });
    api.clusterTree.refresh();
    const topicNode = (await api.clusterTree.getChildren(await nodeAt(api, 'cel', 'Topics'))).find(
      (n) => n.kind === 'topic' && n.topic.name === searched,
    );
    const panel = (await vscode.commands.executeCommand('kafkaExplorer.searchTopic', topicNode)) as TailPanel;
    assert.equal(panel.currentState, 'idle', 'a search waits for its filter and Start');
    assert.deepEqual(
      await panel.receive({ requestId: 1, request: { type: 'filter', text: '', partition: '', expression: 'value.amount >= 97' } }),
      { type: 'done', requestId: 1 },
    );
    const form = { ...DEFAULT_FORM, topics: searched, start: 'earliest' as const, end: 'now' as const };
    assert.deepEqual(await panel.receive({ requestId: 2, request: { type: 'start', form } }), { type: 'done', requestId: 2 });
    await waitFor('the search to end', async () => (panel.currentState === 'stopped' ? true : undefined), {
      timeoutMs: 30000,
      seen: () => JSON.stringify(panel.currentStatus),
    });
    assert.equal(panel.currentStatus.detail, 'search done: 300 offsets scanned');
    assert.deepEqual(panel.currentStatus.search, { scanned: '300', total: '300', matches: 9 });
    assert.deepEqual(
      panel.rows.map((r) => r.key).sort(),
      ['k197', 'k198', 'k199', 'k297', 'k298', 'k299', 'k97', 'k98', 'k99'],
      'only the matches are kept',
    );
    assert.equal(panel.currentStatus.total, 300, 'every message was scanned');

    // A search stopped early (Stop is its Cancel) leaves nothing running on the cluster.
    assert.deepEqual(await panel.receive({ requestId: 3, request: { type: 'start', form: { ...form, end: 'offset', endValue: '99' } } }), {
      type: 'done',
      requestId: 3,
    });
    const groupId = panel.groupId!;
    assert.deepEqual(await panel.receive({ requestId: 4, request: { type: 'stop' } }), { type: 'done', requestId: 4 });
    await waitFor('stopped', async () => (panel.currentState === 'stopped' ? true : undefined), { timeoutMs: 30000 });
    const admin = new Kafka({ brokers: bootstrapServers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await waitFor(
        `group ${groupId} gone`,
        async () => ((await admin.listGroups()).groups.some((g) => g.groupId === groupId) ? undefined : true),
        { timeoutMs: 15000 },
      );
    } finally {
      await admin.disconnect();
    }
    panel.dispose();
  });
});
