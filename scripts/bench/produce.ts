/**
 * `npm run bench` (produce part): 10,000- and 100,000-line key<TAB>value selections produced
 * through the extension's path (parse + serialize + idempotent acks=all send) next to `kcat -P`
 * on the same lines (also acks=all and idempotent), in the same run.
 */
import { spawnSync } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { messagesFromLines } from '../../src/codecs/messageInput';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { produceMessages } from '../../src/kafka/produce/produce';
import { KafkaCluster } from '../../test/harness/kafka';
import { createTopics } from '../../test/support/topics';
import { BenchRow } from './explorer';
import { median } from './measure';

const SIZES = (process.env.BENCH_PRODUCE_LINES || '10000,100000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS || 5);

export async function benchProduce(kafka: KafkaCluster): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const lines of SIZES) {
    rows.push(...(await benchLines(kafka, lines)));
  }
  return rows;
}

async function benchLines(kafka: KafkaCluster, LINES: number): Promise<BenchRow[]> {
  const bootstrap = kafka.bootstrapServers;
  const text = Array.from(
    { length: LINES },
    (_, i) => `customer-${i % 97}\t{"order":${i},"items":[{"sku":"sku-${i % 13}","qty":${1 + (i % 4)}}],"total":${(i * 37) % 10000}}`,
  ).join('\n');
  const admin = new Kafka({ brokers: bootstrap, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const topics = Array.from({ length: RUNS * 2 }, (_, i) => `bench.produce.${LINES}.${i}`);
  await createTopics(
    admin,
    topics.map((topic) => ({ topic, numPartitions: 6 })),
  );
  await admin.disconnect();

  const connection = new ClusterConnection(
    { name: 'bench', bootstrapServers: bootstrap },
    { connectionTimeoutMs: 5000, requestTimeoutMs: 120000 },
  );
  const producer = await connection.recordWriter(5);
  const ours: number[] = [];
  const reference: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      let started = process.hrtime.bigint();
      const input = messagesFromLines({ text, start: { line: 1, column: 1 } }, '\t', { key: 'string', value: 'json' });
      if (!input.ok) {
        throw new Error('bench input did not parse');
      }
      const report = await produceMessages(producer, topics[run], 6, input.messages, { compression: 'none' });
      ours.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (report.delivered.length !== LINES) {
        throw new Error(`only ${report.delivered.length} of ${LINES} delivered: ${report.error}`);
      }
      started = process.hrtime.bigint();
      const kcat = spawnSync(
        'kcat',
        [
          '-P',
          '-b',
          bootstrap.join(','),
          '-t',
          topics[RUNS + run],
          '-K',
          '\t',
          '-X',
          'partitioner=murmur2_random',
          '-X',
          'enable.idempotence=true',
          '-X',
          'acks=all',
        ],
        { input: text + '\n', encoding: 'utf8' },
      );
      reference.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (kcat.status !== 0) {
        throw new Error(`kcat -P failed: ${kcat.stderr}`);
      }
    }
  } finally {
    await connection.close();
  }
  const rate = (ms: number) => Math.round(LINES / (ms / 1000));
  return [
    {
      name: `kcat -P: ${LINES} lines (reference)`,
      medianMs: median(reference),
      note: `${rate(median(reference)).toLocaleString('en-US')} msg/s`,
    },
    {
      name: `Produce Lines: ${LINES} lines, parse + JSON check + send`,
      medianMs: median(ours),
      note: `${rate(median(ours)).toLocaleString('en-US')} msg/s`,
    },
  ];
}
