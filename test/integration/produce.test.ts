import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Packr, unpack } from 'msgpackr';
import { messagesFromJsonArray, messagesFromLines, messagesFromPieces } from '../../src/codecs/messageInput';
import { SerializerId } from '../../src/codecs/serializers';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { MessageToSend, produceMessages, ProduceReport } from '../../src/kafka/produce/produce';
import { testKafka } from '../support/kafkaFixture';
import { KAFKA_TOOLS, runKafkaTool } from '../support/kafkaTools';
import { kcat } from '../support/kcat';
import { ReceivedMessage, readMessages } from '../support/readMessages';
import { withTopic } from '../support/topics';

describe('producing from editor text to a real broker', function () {
  this.timeout(120000);
  const bootstrap = () => testKafka().bootstrapServers;
  let connection: ClusterConnection;

  before(() => {
    connection = new ClusterConnection(
      { name: 'it', bootstrapServers: bootstrap() },
      { connectionTimeoutMs: 3000, requestTimeoutMs: 30000 },
    );
  });
  after(() => connection?.close());

  const newTopic = (prefix: string, partitions: number, configs: Record<string, string> = {}) =>
    withTopic(bootstrap(), prefix, { partitions, configs });

  async function send(
    topic: string,
    partitions: number,
    messages: readonly MessageToSend[],
    compression: 'none' | 'gzip' = 'none',
  ): Promise<ProduceReport> {
    return produceMessages(await connection.recordWriter(3), topic, partitions, messages, { compression, chunkSize: 7 });
  }

  const consume = (topic: string, count: number) => readMessages(bootstrap(), topic, count);

  const at = { line: 1, column: 1 };

  it('sends every line of key<TAB>value text, reports offsets that a consumer and kcat confirm', async () => {
    const topic = await newTopic('it-lines', 3);
    const lines = Array.from({ length: 40 }, (_, i) => (i % 5 === 4 ? `{"n":${i}}` : `user-${i % 7}\t{"n":${i}}`)).join('\n');
    const input = messagesFromLines({ text: lines, start: at }, '\t', { key: 'string', value: 'json' });
    assert.ok(input.ok);
    const report = await send(topic, 3, input.messages, 'gzip');
    assert.equal(report.failed.length, 0);
    assert.equal(report.delivered.length, 40);

    const received = await consume(topic, 40);
    const byPlace = new Map(received.map((m) => [`${m.partition}@${m.offset}`, m]));
    for (const d of report.delivered) {
      const m = byPlace.get(`${d.partition}@${d.offset}`);
      assert.ok(m, `message ${d.index} at ${d.partition}@${d.offset}`);
      assert.equal(m.value.toString(), input.messages[d.index].value.toString());
      assert.equal(m.key?.toString() ?? null, input.messages[d.index].key?.toString() ?? null);
    }
    const fromKcat = kcat(['-C', '-b', bootstrap().join(','), '-t', topic, '-e', '-q', '-f', '%k\\t%p\\t%o\\t%s\\n'])
      .trimEnd()
      .split('\n');
    assert.equal(fromKcat.length, 40);
    for (const line of fromKcat) {
      const [key, partition, offset, value] = line.split('\t');
      const d = report.delivered.find((x) => String(x.partition) === partition && x.offset === offset);
      assert.ok(
        d,
        `kcat saw ${partition}@${offset}; the report has ${JSON.stringify(report.delivered.map((x) => `${x.partition}@${x.offset}`))}`,
      );
      assert.equal(value, input.messages[d.index].value.toString());
      assert.equal(key, input.messages[d.index].key?.toString() ?? '');
    }
  });

  const serializerCases: Array<[SerializerId, string, (value: Buffer) => unknown, unknown]> = [
    ['string', 'plain text ✓', (v) => v.toString('utf8'), 'plain text ✓'],
    ['json', '{ "a": [1, 2] }', (v) => v.toString('utf8'), '{ "a": [1, 2] }'],
    ['json-compact', '{ "a": [1, 2] }', (v) => v.toString('utf8'), '{"a":[1,2]}'],
    [
      'msgpack',
      '{"id": 7, "tags": ["x"], "ok": true, "n": null, "f": 1.5}',
      (v) => unpack(v),
      { id: 7, tags: ['x'], ok: true, n: null, f: 1.5 },
    ],
    ['base64', 'AAEC/w==', (v) => [...v], [0, 1, 2, 255]],
    ['hex', 'deadBEEF', (v) => [...v], [0xde, 0xad, 0xbe, 0xef]],
  ];
  for (const [serializer, text, decode, expected] of serializerCases) {
    it(`sends a ${serializer} value that reads back as written`, async () => {
      const topic = await newTopic(`it-ser-${serializer}`, 1);
      const input = messagesFromPieces([{ text, start: at }], 'the-key', { origin: 'test' }, { key: 'string', value: serializer });
      assert.ok(input.ok);
      const report = await send(topic, 1, input.messages);
      assert.deepEqual(
        report.delivered.map((d) => [d.partition, d.offset]),
        [[0, '0']],
      );
      const [m] = await consume(topic, 1);
      assert.deepEqual(decode(m.value), expected);
      assert.equal(m.key?.toString(), 'the-key');
      assert.deepEqual(m.headers, { origin: 'test' });
      // The same bytes through kcat, an independent (librdkafka) consumer.
      const raw = spawnSync('kcat', ['-C', '-b', bootstrap().join(','), '-t', topic, '-e', '-q', '-c', '1', '-f', '%s'], {
        encoding: 'buffer',
      });
      assert.equal(raw.status, 0, String(raw.stderr));
      assert.deepEqual(decode(raw.stdout), expected);
    });
  }

  it('decodes msgpack values with another msgpack decoder configuration too', async () => {
    const topic = await newTopic('it-msgpack', 1);
    const input = messagesFromJsonArray(
      { text: '[{"value": {"nested": {"deep": [1, {"x": "y"}]}}}]', start: at },
      { key: 'string', value: 'msgpack' },
    );
    assert.ok(input.ok);
    await send(topic, 1, input.messages);
    const [m] = await consume(topic, 1);
    // A plain decoder (no records, no structured clone): what other msgpack clients read.
    assert.deepEqual(new Packr({ useRecords: false, mapsAsObjects: true }).unpack(m.value), { nested: { deep: [1, { x: 'y' }] } });
  });

  it('sends a JSON array with keys, headers, explicit partitions and timestamps', async () => {
    const topic = await newTopic('it-array', 4);
    const text = JSON.stringify([
      { key: 'a', value: { n: 1 }, headers: { h: '1' }, partition: 3, timestamp: 1700000000000 },
      { value: 'just a string' },
      { key: 'b', value: [1, 2, 3] },
    ]);
    const input = messagesFromJsonArray({ text, start: at }, { key: 'string', value: 'json-compact' });
    assert.ok(input.ok);
    const report = await send(topic, 4, input.messages);
    assert.equal(report.delivered[0].partition, 3);
    const received = await consume(topic, 3);
    const first = received.find((m) => m.key?.toString() === 'a')!;
    assert.equal(first.partition, 3);
    assert.deepEqual(first.headers, { h: '1' });
    assert.equal(first.value.toString(), '{"n":1}');
    const tsLine = kcat(['-C', '-b', bootstrap().join(','), '-t', topic, '-p', '3', '-e', '-q', '-f', '%T\\n']).trim();
    assert.equal(tsLine, '1700000000000');
  });

  it('puts each key on the partition the Java producer and kcat (murmur2_random) choose', async () => {
    const keys = Array.from({ length: 60 }, (_, i) => `customer-${i}-${'x'.repeat(i % 9)}`);
    const ours = await newTopic('it-part-ours', 6);
    const java = await newTopic('it-part-java', 6);
    const librdkafka = await newTopic('it-part-kcat', 6);
    const lines = keys.map((k) => `${k}\tv`).join('\n');
    const input = messagesFromLines({ text: lines, start: at }, '\t', { key: 'string', value: 'string' });
    assert.ok(input.ok);
    await send(ours, 6, input.messages);
    runKafkaTool(
      KAFKA_TOOLS.consoleProducer,
      [
        '--bootstrap-server',
        bootstrap()[0],
        '--topic',
        java,
        KAFKA_TOOLS.readerProperty,
        'parse.key=true',
        KAFKA_TOOLS.readerProperty,
        'key.separator=\t',
      ],
      60000,
      lines + '\n',
    );
    kcat(['-P', '-b', bootstrap().join(','), '-t', librdkafka, '-K', '\t', '-X', 'partitioner=murmur2_random'], lines + '\n');
    const placement = (topic: string) =>
      new Map(
        kcat(['-C', '-b', bootstrap().join(','), '-t', topic, '-e', '-q', '-f', '%k %p\\n'])
          .trim()
          .split('\n')
          .map((l) => l.split(' ') as [string, string]),
      );
    const oursPlaced = placement(ours);
    assert.equal(oursPlaced.size, keys.length);
    assert.deepEqual(placement(java), oursPlaced, 'Java console producer');
    assert.deepEqual(placement(librdkafka), oursPlaced, 'kcat with murmur2_random');
    assert.ok(new Set(oursPlaced.values()).size === 6, 'keys spread over all partitions');
  });

  it('tells exactly which messages were acknowledged when the broker refuses part of a batch', async () => {
    // The broker refuses any message over 2 KiB: the big one fails its chunk, nothing after it is sent.
    const topic = await newTopic('it-refuse', 2, { 'max.message.bytes': '2048' });
    const messages: MessageToSend[] = Array.from({ length: 30 }, (_, i) => ({
      key: null,
      partition: i % 2,
      value: Buffer.from(i === 17 ? 'x'.repeat(100000) : `small ${i}`),
    }));
    const report = await send(topic, 2, messages);
    assert.ok(report.error && /too large|MESSAGE_TOO_LARGE|larger than/i.test(report.error), report.error);
    assert.ok(report.failed.includes(17));
    assert.equal(report.delivered.length + report.failed.length, 30);
    const received = await consume(topic, report.delivered.length).catch(() => [] as ReceivedMessage[]);
    assert.deepEqual(
      received.map((m) => m.value.toString()).sort(),
      report.delivered.map((d) => String(messages[d.index].value)).sort(),
      'exactly the acknowledged messages are on the topic',
    );
  });
});
