/**
 * Every codec against clients we did not write: batches compressed by kcat (librdkafka)
 * and by Kafka's Java producer are tailed byte for byte, and what our produce compresses
 * is read back by kcat and by Kafka's Java console consumer. Kafka's own DumpLogSegments
 * shows that the broker holds the batches compressed with that codec.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Codec } from '../../src/codecs/compression/codecs';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { MessageToSend, produceMessages } from '../../src/kafka/produce/produce';
import { TailSession, TailStart } from '../../src/kafka/consume/tailSession';
import { waitFor } from '../harness/processes';
import { testKafka } from '../support/kafkaFixture';
import { KAFKA_TOOLS, runKafkaTool } from '../support/kafkaTools';
import { kcat } from '../support/kcat';
import { ReceivedMessage, readMessages } from '../support/readMessages';
import { spoilFirstBatch } from '../support/segments';
import { withTopic } from '../support/topics';
import { Recorder } from './tail.test';

const CODECS: Codec[] = ['gzip', 'snappy', 'lz4', 'zstd'];

/**
 * Values worth comparing byte for byte: 64-bit ids, decimals as written, non-ASCII text. The
 * repeated text makes even one value shrink under every codec: librdkafka (kcat) sends a batch
 * uncompressed when compressing does not shrink it, and under load kcat's linger can close a batch
 * of one message, which without that text was stored as "none" (1 run in 3 on a busy 2-core machine).
 */
const value = (writer: string, i: number) =>
  `{"writer":"${writer}","id":${2n ** 62n + BigInt(i)},"amount":1.10,"note":"größe ${i}","text":"${'kafka '.repeat(12)}"}`;

/** The codec of every batch of a topic's partitions, as Kafka's DumpLogSegments reads the broker's files. */
function storedCodecs(topic: string, partitions: number): string[] {
  const logDir = testKafka().logDir;
  assert.ok(logDir, 'the test broker is ours, so its log directory is known (KE_KAFKA_LOG_DIR)');
  const files = Array.from({ length: partitions }, (_, p) => path.join(logDir, `${topic}-${p}`, '00000000000000000000.log')).filter((f) =>
    fs.existsSync(f),
  );
  const out = runKafkaTool(KAFKA_TOOLS.dumpLogSegments, ['--files', files.join(',')]);
  return [...out.matchAll(/compresscodec: (\w+)/gi)].map((m) => m[1].toLowerCase());
}

describe('compressed record batches with clients we did not write', function () {
  this.timeout(180000);
  const bootstrap = () => testKafka().bootstrapServers;
  let connection: ClusterConnection;

  before(() => {
    connection = new ClusterConnection(
      { name: 'codecs', bootstrapServers: bootstrap() },
      { connectionTimeoutMs: 3000, requestTimeoutMs: 30000 },
    );
  });
  after(() => connection?.close());

  const newTopic = (prefix: string, partitions: number) => withTopic(bootstrap(), prefix, { partitions });

  async function tailAll(topic: string, count: number, start: TailStart = { kind: 'earliest' }): Promise<Map<string, string>> {
    const recorder = new Recorder();
    const session = new TailSession(connection, { topics: [topic], start, group: { kind: 'ephemeral' } }, recorder);
    try {
      await session.start();
      await waitFor(`${count} messages from ${topic}`, async () => (recorder.messages.length >= count ? true : undefined), {
        timeoutMs: 30000,
      });
    } finally {
      await session.stop();
    }
    assert.equal(recorder.messages.length, count, 'nothing more than was written');
    assert.ok(
      recorder.messages.every((m) => m.batchError === undefined),
      'every batch decoded',
    );
    return new Map(recorder.messages.map((m) => [String(m.key), String(m.value)]));
  }

  it('shows a batch it cannot decompress as one error row and reads on, in that partition and the others', async () => {
    const topic = await newTopic('it-corrupt', 2);
    const send = async (partition: number, values: string[]) => {
      const messages = values.map((v) => ({ key: Buffer.from(v), value: Buffer.from(value(v, 0)), partition }));
      const report = await produceMessages(await connection.recordWriter(3), topic, 2, messages, { compression: 'zstd' });
      assert.equal(report.failed.length, 0, report.error);
    };
    await send(0, ['a0', 'a1', 'a2']);
    await send(0, ['a3', 'a4']);
    await send(1, ['b0', 'b1']);
    spoilFirstBatch(testKafka().logDir!, topic, 0);

    const recorder = new Recorder();
    const session = new TailSession(connection, { topics: [topic], start: { kind: 'earliest' }, group: { kind: 'ephemeral' } }, recorder);
    try {
      await session.start();
      await waitFor('the error row and the 4 good messages', async () => (recorder.messages.length >= 5 ? true : undefined), {
        timeoutMs: 30000,
      });
    } finally {
      await session.stop();
    }
    const rows = recorder.messages.map((m) => [
      m.partition,
      m.offset,
      m.batchError ? `error ${m.batchError.codec} ${m.batchError.firstOffset}-${m.batchError.lastOffset}` : String(m.key),
    ]);
    assert.deepEqual(rows.sort(), [
      [0, '0', 'error zstd 0-2'],
      [0, '3', 'a3'],
      [0, '4', 'a4'],
      [1, '0', 'b0'],
      [1, '1', 'b1'],
    ]);
    assert.ok(recorder.messages.find((m) => m.batchError)!.batchError!.reason.length > 0, 'the reason is kept');
    assert.deepEqual(
      recorder.states.filter(([state]) => state === 'error'),
      [],
      'the tail did not fail',
    );
  });

  /** The keys of the last 3 messages of each partition, as kcat reads them. */
  async function readEnds(topic: string, count: number): Promise<string[]> {
    const byPartition = new Map<number, ReceivedMessage[]>();
    for (const m of await readMessages(bootstrap(), topic, count)) {
      byPartition.set(m.partition, [...(byPartition.get(m.partition) ?? []), m]);
    }
    return [...byPartition.values()].flatMap((list) =>
      list
        .sort((a, b) => (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1))
        .slice(-3)
        .map((m) => String(m.key)),
    );
  }

  for (const codec of CODECS) {
    it(`${codec}: batches written by kcat -z and by Java's producer are tailed byte for byte, and from the last N`, async () => {
      const topic = await newTopic(`it-${codec}-in`, 2);
      const lines = (writer: string) => Array.from({ length: 150 }, (_, i) => `${writer}-${i}\t${value(writer, i)}`);
      kcat(['-P', '-b', bootstrap()[0], '-t', topic, '-z', codec, '-K', '\t', '-X', 'linger.ms=50'], lines('kcat').join('\n') + '\n');
      runKafkaTool(
        KAFKA_TOOLS.consoleProducer,
        [
          '--bootstrap-server',
          bootstrap()[0],
          '--topic',
          topic,
          '--compression-codec',
          codec,
          KAFKA_TOOLS.readerProperty,
          'parse.key=true',
          KAFKA_TOOLS.readerProperty,
          'key.separator=\t',
        ],
        60000,
        lines('java').join('\n') + '\n',
      );
      const stored = storedCodecs(topic, 2);
      assert.ok(stored.length > 0 && stored.every((c) => c === codec), `the broker holds ${codec} batches: ${stored.join(', ')}`);

      const seen = await tailAll(topic, 300);
      for (const line of [...lines('kcat'), ...lines('java')]) {
        const [key, expected] = line.split('\t');
        assert.equal(seen.get(key), expected, key);
      }
      // "Last N" starts inside compressed batches: exactly the last 3 of each partition, nothing before them.
      const ends = await readEnds(topic, 300);
      const lastThree = await tailAll(topic, 6, { kind: 'lastN', count: 3 });
      assert.deepEqual([...lastThree.keys()].sort(), ends.sort());
    });

    it(`${codec}: what we produce is stored as ${codec} and read back by kcat and Java's console consumer`, async () => {
      const topic = await newTopic(`it-${codec}-out`, 3);
      const messages: MessageToSend[] = Array.from({ length: 300 }, (_, i) => ({
        key: Buffer.from(`ours-${i}`),
        value: Buffer.from(value('ours', i)),
      }));
      const report = await produceMessages(await connection.recordWriter(3), topic, 3, messages, { compression: codec, chunkSize: 50 });
      assert.deepEqual([report.delivered.length, report.failed.length], [300, 0], report.error);
      const stored = storedCodecs(topic, 3);
      assert.ok(stored.length > 0 && stored.every((c) => c === codec), `stored as ${codec}: ${stored.join(', ')}`);

      const expected = new Map(messages.map((m) => [String(m.key), String(m.value)]));
      const fromKcat = kcat(['-C', '-b', bootstrap()[0], '-t', topic, '-e', '-q', '-f', '%k\\t%s\\n']).trimEnd().split('\n');
      const fromJava = runKafkaTool(KAFKA_TOOLS.consoleConsumer, [
        '--bootstrap-server',
        bootstrap()[0],
        '--topic',
        topic,
        '--from-beginning',
        '--max-messages',
        '300',
        '--timeout-ms',
        '30000',
        KAFKA_TOOLS.formatterProperty,
        'print.key=true',
        KAFKA_TOOLS.formatterProperty,
        'key.separator=\t',
      ])
        .trimEnd()
        .split('\n');
      for (const [reader, lines] of [
        ['kcat', fromKcat],
        ['Java', fromJava],
      ] as const) {
        assert.equal(lines.length, 300, `${reader} read every message`);
        for (const line of lines) {
          const [key, read] = line.split('\t');
          assert.equal(read, expected.get(key), `${reader}: ${key}`);
        }
      }
    });
  }
});
