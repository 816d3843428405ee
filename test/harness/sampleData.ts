/**
 * Sample topics and data for the demo (and for tests that want a lived-in cluster):
 * keyed JSON orders over 6 partitions, msgpack telemetry, plain text logs, a compacted
 * topic, zstd-compressed payments with 64-bit ids, and a consumer group that has read only
 * part of the orders (so it shows lag).
 */
import { Admin, CompressionTypes, Kafka, logLevel, Producer } from 'kafkajs';
import { registerCompressionCodecs } from '../../src/kafka/connection/compressionCodecs';
import { pack } from 'msgpackr';
import { commitOffsets } from '../support/groupOffsets';
import { createTopics } from '../support/topics';
import { connectTestProducer } from '../support/producers';

export const SAMPLE_TOPICS = {
  orders: 'orders',
  telemetry: 'telemetry.msgpack',
  logs: 'app.logs',
  customers: 'customers.compacted',
  payments: 'payments.zstd',
} as const;

export const LAGGING_GROUP = 'billing-service';

const CUSTOMERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];

export function sampleOrder(i: number) {
  return {
    orderId: `o-${String(i).padStart(5, '0')}`,
    customer: CUSTOMERS[i % CUSTOMERS.length],
    items: [{ sku: `sku-${(i * 7) % 23}`, quantity: 1 + (i % 3) }],
    totalCents: 500 + ((i * 137) % 9000),
    createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60000).toISOString(),
  };
}

async function produceAll(
  producer: Producer,
  topic: string,
  messages: Array<{ key?: string; value: Buffer | string }>,
  compression = CompressionTypes.None,
) {
  for (let start = 0; start < messages.length; start += 500) {
    await producer.send({ topic, acks: -1, compression, messages: messages.slice(start, start + 500) });
  }
}

/** A payment as JSON text: a Snowflake-style 64-bit id (beyond 2^53) and an amount with its trailing zero. */
function samplePayment(i: number): string {
  const id = (1_830_000_000_000_000_000n + BigInt(i) * 4_194_305n).toString();
  const amount = `${10 + (i % 90)}.${String((i * 7) % 10)}0`;
  return `{"paymentId": ${id}, "order": "o-${String(i).padStart(5, '0')}", "amount": ${amount}, "currency": "EUR"}`;
}

async function createSampleTopics(admin: Admin): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const wanted = [
    { topic: SAMPLE_TOPICS.orders, numPartitions: 6 },
    { topic: SAMPLE_TOPICS.telemetry, numPartitions: 3 },
    { topic: SAMPLE_TOPICS.logs, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: String(24 * 3600 * 1000) }] },
    { topic: SAMPLE_TOPICS.customers, numPartitions: 2, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
    { topic: SAMPLE_TOPICS.payments, numPartitions: 3, configEntries: [{ name: 'compression.type', value: 'zstd' }] },
  ].filter((t) => !existing.has(t.topic));
  if (wanted.length > 0) {
    await createTopics(admin, wanted);
  }
}

/** Creates the sample topics and fills them; returns how many messages went to each topic. */
export async function seedSampleData(bootstrapServers: string[]): Promise<Record<string, number>> {
  registerCompressionCodecs();
  const kafka = new Kafka({ clientId: 'kafka-explorer-demo', brokers: bootstrapServers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const [producer] = await Promise.all([connectTestProducer(kafka), admin.connect()]);
  try {
    await createSampleTopics(admin);
    const orders = Array.from({ length: 1200 }, (_, i) => {
      const order = sampleOrder(i);
      return { key: order.customer, value: JSON.stringify(order) };
    });
    const telemetry = Array.from({ length: 300 }, (_, i) => ({
      key: `sensor-${i % 5}`,
      value: pack({
        sensor: `sensor-${i % 5}`,
        temperature: 20 + (i % 10) / 2,
        humidity: 40 + (i % 7),
        ok: i % 11 !== 0,
        at: Date.UTC(2026, 0, 1) + i * 1000,
      }),
    }));
    const logs = Array.from({ length: 200 }, (_, i) => ({
      value: `2026-01-01T00:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z ${i % 13 === 0 ? 'WARN' : 'INFO'} request ${i} served in ${(i * 31) % 250} ms`,
    }));
    const customers = CUSTOMERS.flatMap((name, i) => [
      { key: name, value: JSON.stringify({ name, tier: 'bronze' }) },
      { key: name, value: JSON.stringify({ name, tier: i % 2 ? 'gold' : 'silver' }) },
    ]);
    await produceAll(producer, SAMPLE_TOPICS.orders, orders);
    await produceAll(producer, SAMPLE_TOPICS.telemetry, telemetry);
    await produceAll(producer, SAMPLE_TOPICS.logs, logs);
    await produceAll(producer, SAMPLE_TOPICS.customers, customers);
    const payments = Array.from({ length: 400 }, (_, i) => ({ key: `o-${String(i).padStart(5, '0')}`, value: samplePayment(i) }));
    await produceAll(producer, SAMPLE_TOPICS.payments, payments, CompressionTypes.ZSTD);

    // The lagging group has committed half of each orders partition.
    const ends = await admin.fetchTopicOffsets(SAMPLE_TOPICS.orders);
    await commitOffsets(
      bootstrapServers,
      LAGGING_GROUP,
      ends.map((p) => ({ topic: SAMPLE_TOPICS.orders, partition: p.partition, offset: Math.floor(Number(p.high) / 2) })),
    );
    return {
      [SAMPLE_TOPICS.orders]: orders.length,
      [SAMPLE_TOPICS.telemetry]: telemetry.length,
      [SAMPLE_TOPICS.logs]: logs.length,
      [SAMPLE_TOPICS.customers]: customers.length,
      [SAMPLE_TOPICS.payments]: payments.length,
    };
  } finally {
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  }
}

/** Keeps producing an order every `intervalMs` so tails have live traffic; returns a stopper. */
export async function startOrderTicker(bootstrapServers: string[], intervalMs = 2000): Promise<() => Promise<void>> {
  const kafka = new Kafka({ clientId: 'kafka-explorer-demo-ticker', brokers: bootstrapServers, logLevel: logLevel.NOTHING });
  const producer = await connectTestProducer(kafka);
  let i = 100000;
  const timer = setInterval(() => {
    const order = sampleOrder(i++);
    producer
      .send({ topic: SAMPLE_TOPICS.orders, messages: [{ key: order.customer, value: JSON.stringify(order) }] })
      .catch(() => undefined);
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await producer.disconnect();
  };
}
