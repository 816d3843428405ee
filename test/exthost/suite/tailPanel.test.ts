import * as assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { pack } from 'msgpackr';
import * as vscode from 'vscode';
import type { KafkaExplorerApi } from '../../../src/extension/extension';
import { DEFAULT_FORM, TailPanel } from '../../../src/features/tail/host/panel';
import { waitFor } from '../../harness/processes';
import { uniqueName } from '../../support/names';
import { createFilledTopic, withTopic } from '../../support/topics';
import { readExtHostConfig } from '../config';
import { activateExtension, clearClusters } from './helpers';
import { answerWith } from './scriptedPrompter';
import { connectTestProducer } from '../../support/producers';
import { writeEndMarkers } from '../../support/endMarkers';

describe('the tail panel', function () {
  this.timeout(120000);
  const { bootstrapServers } = readExtHostConfig();
  const kafka = () => new Kafka({ brokers: bootstrapServers, logLevel: logLevel.NOTHING });
  const topic = uniqueName('tail-panel');
  let api: KafkaExplorerApi;

  before(async () => {
    api = await activateExtension();
    await clearClusters();
    await createFilledTopic(bootstrapServers, topic, {
      partitions: 2,
      messages: [
        { key: 'j', value: '{"kind":"json","n":1}', partition: 0, headers: { trace: 'abc' } },
        { key: 'm', value: Buffer.from(pack({ kind: 'msgpack', n: 2 })), partition: 1 },
        { key: 't', value: 'plain text', partition: 0 },
      ],
    });
    await vscode.commands.executeCommand('kafkaExplorer.addCluster', { name: 'tail', bootstrapServers });
  });
  after(async () => {
    api.tails.panels.forEach((p) => p.dispose());
    await clearClusters();
  });

  async function openTail(form: Record<string, unknown>): Promise<TailPanel> {
    const panel = (await vscode.commands.executeCommand('kafkaExplorer.tailTopic', {
      clusterName: 'tail',
      form: { topics: topic, ...form },
      autoStart: true,
    })) as TailPanel;
    assert.ok(panel, 'a panel opened');
    return panel;
  }

  /** What the panel holds, for a failure message. */
  function seenRows(panel: TailPanel): string {
    const rows = panel.rows.map((r) => `${r.partition}@${r.offset}=${r.key}`).join(' ');
    return `${panel.currentState} ${JSON.stringify(panel.currentStatus)} rows [${rows}]`;
  }

  it('shows every message from the earliest offset, each decoded by auto-detection', async () => {
    const panel = await openTail({ start: 'earliest' });
    await waitFor('3 rows', async () => (panel.rows.length === 3 ? true : undefined), { timeoutMs: 30000, seen: () => seenRows(panel) });
    const byKey = new Map(panel.rows.map((r) => [r.key, r]));
    assert.deepEqual([byKey.get('j')?.valueFormat, byKey.get('j')?.value], ['json', '{"kind":"json","n":1}']);
    assert.deepEqual([byKey.get('m')?.valueFormat, byKey.get('m')?.value], ['msgpack', '{"kind":"msgpack","n":2}']);
    assert.deepEqual([byKey.get('t')?.valueFormat, byKey.get('t')?.value], ['string', 'plain text']);
    assert.equal(panel.currentState, 'running');
    assert.deepEqual(panel.currentStatus.perPartition, [
      { topic, partition: 0, count: 2 },
      { topic, partition: 1, count: 1 },
    ]);
    panel.dispose();
  });

  it('exports the filtered rows as NDJSON and copies a kcat command that reads a message again', async () => {
    const panel = await openTail({ start: 'earliest' });
    await waitFor('3 rows', async () => (panel.rows.length === 3 ? true : undefined), { timeoutMs: 30000, seen: () => seenRows(panel) });
    await panel.handle({ type: 'filter', text: 'msgpack', partition: '' });
    await panel.handle({ type: 'export', format: 'ndjson', filtered: true });
    const lines = panel
      .lastExport!.getText()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(
      lines.map((l) => [l.key, l.valueFormat, l.value]),
      [['m', 'msgpack', { kind: 'msgpack', n: 2 }]],
    );

    const json = panel.rows.find((r) => r.key === 'j')!;
    await panel.handle({ type: 'copyKcat', id: json.id });
    const command = await vscode.env.clipboard.readText();
    assert.match(command, new RegExp(`^kcat -C -b \\S+ -t ${topic} -p 0 -o ${json.offset} -c 1 -e$`));
    const { execSync } = await import('node:child_process');
    assert.equal(execSync(`${command} -q`, { encoding: 'utf8' }).trim(), '{"kind":"json","n":1}');
    panel.dispose();
  });

  it('shows headers as hex when asked, in the export and the filter', async () => {
    const panel = await openTail({ start: 'earliest', headerFormat: 'hex' });
    await waitFor('3 rows', async () => (panel.rows.length === 3 ? true : undefined), { timeoutMs: 30000, seen: () => seenRows(panel) });
    await panel.handle({ type: 'filter', text: '616263', partition: '' });
    await panel.handle({ type: 'export', format: 'ndjson', filtered: true });
    const lines = panel
      .lastExport!.getText()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(
      lines.map((l) => [l.key, l.headers]),
      [['j', { trace: '616263' }]],
    );
    panel.dispose();
  });

  it('starts where the settings say and decodes values with the deserializer they name', async () => {
    const config = vscode.workspace.getConfiguration('kafkaExplorer.tail');
    await config.update('startAt', 'earliest', vscode.ConfigurationTarget.Global);
    await config.update('valueDeserializer', 'hex', vscode.ConfigurationTarget.Global);
    try {
      const panel = (await vscode.commands.executeCommand('kafkaExplorer.tailTopic', {
        clusterName: 'tail',
        form: { topics: topic },
        autoStart: true,
      })) as TailPanel;
      await waitFor('3 rows', async () => (panel.rows.length === 3 ? true : undefined), { timeoutMs: 30000, seen: () => seenRows(panel) });
      const t = panel.rows.find((r) => r.key === 't')!;
      assert.deepEqual([t.valueFormat, t.value], ['hex', Buffer.from('plain text').toString('hex')]);
      panel.dispose();
    } finally {
      await config.update('startAt', undefined, vscode.ConfigurationTarget.Global);
      await config.update('valueDeserializer', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('paused, keeps reading until the buffer is full, then waits instead of dropping', async () => {
    const config = vscode.workspace.getConfiguration('kafkaExplorer.tail');
    await config.update('bufferSize', 1000, vscode.ConfigurationTarget.Global);
    const busy = await withTopic(bootstrapServers, 'tail-pause');
    const producer = await connectTestProducer(kafka());
    const send = (from: number, count: number) =>
      producer.send({ topic: busy, messages: Array.from({ length: count }, (_, i) => ({ value: `p${from + i}` })) });
    try {
      await send(0, 600);
      const panel = await openTail({ topics: busy, start: 'earliest' });
      await waitFor('600 rows', async () => (panel.rows.length === 600 ? true : undefined), { timeoutMs: 30000 });
      await panel.handle({ type: 'pause' });
      assert.equal(panel.currentStatus.state, 'paused');
      await send(600, 900);
      await waitFor('the consumer waits', async () => (panel.currentStatus.detail?.startsWith('buffer full') ? true : undefined), {
        timeoutMs: 30000,
      });
      // The consumer is paused now: what it fetched meanwhile finds no room, so the count holds.
      const held = panel.currentStatus;
      assert.deepEqual([held.total, held.buffered, held.dropped], [1000, 1000, 0], 'the first 1000 kept, none dropped');
      assert.deepEqual([panel.rows[0].value, panel.rows[999].value], ['p0', 'p999']);

      await panel.handle({ type: 'resume' });
      await waitFor('all 1500', async () => (panel.currentStatus.total === 1500 ? true : undefined), { timeoutMs: 30000 });
      const after = panel.currentStatus;
      assert.deepEqual([after.state, after.buffered, after.dropped], ['running', 1000, 500], 'running again, the oldest make way');
      assert.deepEqual([panel.rows[0].value, panel.rows[999].value], ['p500', 'p1499'], 'nothing skipped while it waited');
      panel.dispose();
    } finally {
      await producer.disconnect();
      await config.update('bufferSize', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('produces a message again, edited, to its topic with its key, through Produce Selection', async () => {
    const again = await withTopic(bootstrapServers, 'tail-again', {
      partitions: 3,
      messages: [{ key: 'order-7', value: '{"id":7,"total":12.5}' }],
    });
    const panel = await openTail({ topics: again, start: 'earliest' });
    try {
      await waitFor('the message', async () => (panel.rows.length === 1 ? true : undefined), {
        timeoutMs: 30000,
        seen: () => seenRows(panel),
      });
      await panel.handle({ type: 'produceAgain', id: panel.rows[0].id });
      const editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.getText(), '{\n  "id": 7,\n  "total": 12.5\n}', 'the value, pretty, in an editor');
      await editor.edit((edit) => {
        const at = editor.document.getText().indexOf('12.5');
        edit.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 4)), '13');
      });
      const prompter = answerWith(
        api,
        { firstPick: again },
        { pick: 'JSON (validated, compacted)' },
        { pick: 'UTF-8 string' },
        { firstPick: 'none' },
        { prefilled: 'order-7' },
        { input: '' },
      );
      await vscode.commands.executeCommand('kafkaExplorer.produceSelection');
      assert.equal(prompter.remaining, 0);
      await waitFor('the message again', async () => (panel.rows.length === 2 ? true : undefined), {
        timeoutMs: 30000,
        seen: () => seenRows(panel),
      });
      const [original, sent] = panel.rows;
      assert.deepEqual(
        [sent.key, sent.value, sent.partition],
        ['order-7', '{"id":7,"total":13}', original.partition],
        'same key, same partition, edited value',
      );
    } finally {
      api.setPrompter(undefined);
      panel.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('refuses a bad form with a message and starts nothing', async () => {
    const panel = (await vscode.commands.executeCommand('kafkaExplorer.tailTopic', {
      clusterName: 'tail',
      form: { topics: topic },
    })) as TailPanel;
    await assert.rejects(
      panel.handle({ type: 'start', form: { ...DEFAULT_FORM, topics: topic, start: 'offset', startValue: 'abc' } }),
      /offset must be a whole number/,
    );
    assert.equal(panel.currentState, 'idle');
    assert.equal(panel.groupId, undefined);
    panel.dispose();
  });

  it('answers malformed or stale requests with an error the panel shows, and stays usable', async () => {
    const panel = await openTail({ start: 'earliest' });
    try {
      await waitFor('3 rows', async () => (panel.rows.length === 3 ? true : undefined), { timeoutMs: 30000, seen: () => seenRows(panel) });
      const rowId = panel.rows[0].id;
      const cases: Array<[unknown, number | undefined, RegExp]> = [
        [{ requestId: 1, request: { type: 'explode' } }, 1, /unknown type "explode"/],
        [{ requestId: 2, request: { type: 'select', id: 'one' } }, 2, /select: "id" must be a whole number/],
        [{ requestId: 3, request: { type: 'select', id: rowId, deserializer: 'eval' } }, 3, /"deserializer" must be one of/],
        [
          { requestId: 4, request: { type: 'filter', text: 'x'.repeat(10 * 1024 * 1024), partition: '' } },
          4,
          /"text" is longer than 10,000 characters/,
        ],
        [{ requestId: 5, request: { type: 'select', id: 987654321 } }, 5, /no longer in the buffer/],
        [{ requestId: 6, request: { type: 'openInEditor', id: 987654321 } }, 6, /no longer in the buffer/],
        [
          { requestId: 7, request: { type: 'start', form: { ...DEFAULT_FORM, topics: topic, start: 'offset', startValue: 'x' } } },
          7,
          /offset must be a whole number/,
        ],
        ['not even an object', undefined, /no request id/],
      ];
      for (const [raw, requestId, reason] of cases) {
        const answer = await panel.receive(raw);
        assert.equal(answer.type, 'failed', JSON.stringify(raw).slice(0, 100));
        assert.equal(answer.requestId, requestId);
        assert.match((answer as { message: string }).message, reason);
      }
      // Still usable: a good request is done, and the tail read on.
      assert.deepEqual(await panel.receive({ requestId: 8, request: { type: 'select', id: rowId } }), { type: 'done', requestId: 8 });
      assert.deepEqual(await panel.receive({ requestId: 9, request: { type: 'filter', text: 'json', partition: '' } }), {
        type: 'done',
        requestId: 9,
      });
      assert.equal(panel.currentState, 'running');
      assert.equal(panel.rows.length, 3);
    } finally {
      panel.dispose();
    }
  });

  it('runs one consumer when Start is pressed again while it starts, and leaves no group behind', async () => {
    const admin = kafka().admin();
    await admin.connect();
    const tailGroups = async () =>
      (await admin.listGroups()).groups.map((g) => g.groupId).filter((id) => id.startsWith('kafka-explorer-tail-'));
    const before = new Set(await tailGroups());
    const twice = await withTopic(bootstrapServers, 'tail-twice', {
      partitions: 2,
      messages: [0, 1, 2].map((i) => ({ partition: i % 2, value: `t${i}` })),
    });
    const panel = await openTail({ topics: twice, start: 'earliest' });
    const form = { ...DEFAULT_FORM, topics: twice, start: 'earliest' as const };
    await Promise.all([panel.handle({ type: 'start', form }), panel.handle({ type: 'start', form })]);
    // Markers after the 3 messages: once both arrived, a second consumer would have shown everything twice.
    const markers = await writeEndMarkers(kafka(), twice, [0, 1]);
    await markers.seen(() => panel.rows.map((r) => r.value));
    assert.deepEqual(
      panel.rows
        .map((r) => r.value)
        .filter((v) => !markers.isMarker(v))
        .sort(),
      ['t0', 't1', 't2'],
      `one consumer fills the table: ${seenRows(panel)}`,
    );
    assert.equal(panel.rows.length, 5, 'each marker once');
    panel.dispose();
    let left: string[] = [];
    const allGone = async () => {
      left = (await tailGroups()).filter((id) => !before.has(id));
      return left.length === 0 ? true : undefined;
    };
    await waitFor('every group of this panel gone', allGone, { timeoutMs: 20000, seen: () => left.join(', ') });
    await admin.disconnect();
  });

  it('stops when its cluster is removed, says so, keeps its rows and leaves no group behind', async () => {
    await vscode.commands.executeCommand('kafkaExplorer.addCluster', { name: 'tail-removed', bootstrapServers });
    const panel = (await vscode.commands.executeCommand('kafkaExplorer.tailTopic', {
      clusterName: 'tail-removed',
      form: { topics: topic, start: 'earliest' },
      autoStart: true,
    })) as TailPanel;
    await waitFor('3 rows', async () => (panel.rows.length === 3 ? true : undefined), { timeoutMs: 30000, seen: () => seenRows(panel) });
    const groupId = panel.groupId!;
    await api.registry.remove('tail-removed');
    await waitFor('stopped', async () => (panel.currentStatus.state === 'stopped' ? true : undefined), {
      timeoutMs: 20000,
      seen: () => seenRows(panel),
    });
    assert.match(panel.currentStatus.detail ?? '', /no longer in Kafka Explorer/);
    assert.equal(panel.rows.length, 3, 'the rows stay');
    const admin = kafka().admin();
    await admin.connect();
    const groups = await admin.listGroups();
    await admin.disconnect();
    assert.ok(!groups.groups.some((g) => g.groupId === groupId), `${groupId} was deleted`);
    panel.dispose();
  });

  it('closing the panel stops its tail and leaves no group on the cluster', async () => {
    const panel = await openTail({ start: 'lastN', startValue: '1' });
    await waitFor('rows', async () => (panel.rows.length === 2 ? true : undefined), { timeoutMs: 30000 });
    const groupId = panel.groupId!;
    panel.dispose();
    await waitFor('stopped', async () => (panel.currentStatus.state === 'stopped' ? true : undefined), {
      timeoutMs: 20000,
      seen: () => JSON.stringify(panel.currentStatus),
    });
    // Without a named group the tail reads with its own fetches: it never joined a group.
    const admin = kafka().admin();
    await admin.connect();
    const groups = await admin.listGroups();
    await admin.disconnect();
    assert.ok(!groups.groups.some((g) => g.groupId === groupId), `${groupId} is not on the cluster`);
    assert.equal(api.tails.panels.includes(panel), false);
  });
});
