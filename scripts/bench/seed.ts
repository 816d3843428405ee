/** Seeds benchmark topics with JSON orders through Kafka's own ProducerPerformance tool. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, ChildProcess } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaLibs } from '../../test/harness/kafka';
import { runKafkaTool } from '../../test/support/kafkaTools';
import { createTopics } from '../../test/support/topics';

const PRODUCER_PERFORMANCE = 'org.apache.kafka.tools.ProducerPerformance';

/** 1,000 JSON orders of about 100 bytes, one per line: ProducerPerformance cycles through them. */
function payloadFile(): string {
  const file = path.join(os.tmpdir(), 'kafka-explorer-bench-payloads.txt');
  fs.writeFileSync(
    file,
    Array.from({ length: 1000 }, (_, i) =>
      JSON.stringify({ order: i, customer: `c-${i % 97}`, items: [{ sku: `s-${i % 13}`, qty: 1 + (i % 4) }], total: (i * 37) % 10000 }),
    ).join('\n'),
  );
  return file;
}

function producerArgs(bootstrap: string, topic: string, count: number, perSecond: number, compression = 'none'): string[] {
  return [
    '--topic',
    topic,
    '--num-records',
    String(count),
    '--throughput',
    String(perSecond),
    '--payload-file',
    payloadFile(),
    '--producer-props',
    `bootstrap.servers=${bootstrap}`,
    'acks=1',
    'linger.ms=20',
    'batch.size=262144',
    `compression.type=${compression}`,
  ];
}

export async function createBenchTopic(bootstrap: string[], topic: string, partitions = 6): Promise<void> {
  const admin = new Kafka({ brokers: bootstrap, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await createTopics(admin, [{ topic, numPartitions: partitions }]);
  await admin.disconnect();
}

/** Writes `count` JSON messages as fast as the broker takes them, in batches of the Java client's `compression.type`. */
export function seedJsonMessages(bootstrap: string[], topic: string, count: number, compression = 'none'): void {
  runKafkaTool(PRODUCER_PERFORMANCE, producerArgs(bootstrap[0], topic, count, -1, compression), 600000);
}

/** Starts writing `count` JSON messages at `perSecond` (ProducerPerformance paces itself); resolves with its summary line. */
export function feedJsonMessages(
  bootstrap: string[],
  topic: string,
  count: number,
  perSecond: number,
): { process: ChildProcess; done: Promise<string> } {
  const child = spawn(
    'java',
    ['-Xmx512m', '-cp', `${kafkaLibs()}/*`, PRODUCER_PERFORMANCE, ...producerArgs(bootstrap[0], topic, count, perSecond)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const done = new Promise<string>((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve(out.trim().split('\n').pop() ?? '') : reject(new Error(`ProducerPerformance exited with ${code}:\n${out}`)),
    ),
  );
  return { process: child, done };
}

/**
 * Writes `count` messages of the given JSON texts (one per line, no newline inside) through
 * ProducerPerformance, as `seedJsonMessages` does: it picks one of the lines for each message.
 */
export function seedJsonLines(bootstrap: string[], topic: string, count: number, lines: readonly string[], compression = 'none'): void {
  if (lines.some((line) => line.includes('\n'))) {
    throw new Error('a payload line may not hold a newline');
  }
  const file = path.join(os.tmpdir(), `kafka-explorer-bench-${topic}.txt`);
  fs.writeFileSync(file, lines.join('\n'));
  runKafkaTool(
    PRODUCER_PERFORMANCE,
    [
      '--topic',
      topic,
      '--num-records',
      String(count),
      '--throughput',
      '-1',
      '--payload-file',
      file,
      '--producer-props',
      `bootstrap.servers=${bootstrap[0]}`,
      'acks=1',
      'linger.ms=20',
      'batch.size=262144',
      `compression.type=${compression}`,
    ],
    600000,
  );
}

/**
 * Writes `count` keyless messages with kafkajs in big batches: message i is `values[i % values.length]`
 * on partition i % `partitions`, in order, so partition p's offset o holds message o × partitions + p.
 */
export async function seedValues(
  bootstrap: string[],
  topic: string,
  count: number,
  values: readonly Buffer[],
  partitions = 6,
): Promise<void> {
  const producer = new Kafka({ brokers: bootstrap, logLevel: logLevel.NOTHING }).producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    // 30,000 small messages a request: 5,000 a partition batch, well under the broker's 1 MB batch limit.
    const perRequest = partitions * 5000;
    for (let first = 0; first < count; first += perRequest) {
      const messages: Array<{ partition: number; value: Buffer }> = [];
      for (let i = first; i < Math.min(count, first + perRequest); i++) {
        messages.push({ partition: i % partitions, value: values[i % values.length] });
      }
      await producer.send({ topic, acks: 1, messages });
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * As `seedValues`, but message i is `valueOf(i)`, made as it is sent (no list of every value is
 * held): partition p's offset o holds message o × partitions + p.
 */
export async function seedGeneratedValues(
  bootstrap: string[],
  topic: string,
  count: number,
  valueOf: (i: number) => Buffer,
  partitions = 6,
): Promise<void> {
  const producer = new Kafka({ brokers: bootstrap, logLevel: logLevel.NOTHING }).producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    // 3,000 messages of a few hundred bytes a partition batch: well under the broker's 1 MB batch limit.
    const perRequest = partitions * 3000;
    for (let first = 0; first < count; first += perRequest) {
      const messages: Array<{ partition: number; value: Buffer }> = [];
      for (let i = first; i < Math.min(count, first + perRequest); i++) {
        messages.push({ partition: i % partitions, value: valueOf(i) });
      }
      await producer.send({ topic, acks: 1, messages });
    }
  } finally {
    await producer.disconnect();
  }
}
