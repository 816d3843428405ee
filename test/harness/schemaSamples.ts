/**
 * Demo data in the Confluent wire format, written by Confluent's own Python client (the way a
 * team's services would write it): `payments.avro` (Avro, two schema versions, decimals,
 * timestamps, unions) and `orders.proto` (Protobuf with nested and imported types).
 */
import { Kafka, logLevel } from 'kafkajs';
import { pythonWrite } from '../support/confluentPython';
import { createTopics } from '../support/topics';

export const SCHEMA_TOPICS = { avro: 'payments.avro', protobuf: 'orders.proto' } as const;

const METHODS = [null, { string: 'cash' }, { 'com.acme.Card': { last4: '4242', expires: '2027-12-31' } }];
const STATUSES = ['NEW', 'PAID', 'REFUNDED'];

function payment(i: number, evolved: boolean): string {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 61_000).toISOString();
  const fields = [
    `"id": ${4611686018427387904n + BigInt(i)}`,
    `"amount": "${((1000 + i * 37) / 100).toFixed(2)}"`,
    `"at": "${at}"`,
    `"day": "${at.slice(0, 10)}"`,
    `"ref": "5b0e6c3a-4d2e-4f1a-9b3c-${String(i).padStart(12, '0')}"`,
    `"method": ${JSON.stringify(METHODS[i % METHODS.length])}`,
    `"status": "${STATUSES[i % STATUSES.length]}"`,
    `"tags": ${JSON.stringify(i % 4 === 0 ? ['priority'] : [])}`,
    `"ratio": ${(i % 8) / 8}`,
    ...(evolved ? [`"note": ${i % 2 ? '{"string": "gift"}' : 'null'}`, `"micros": "${at.replace('Z', '123Z')}"`] : []),
  ];
  return `{${fields.join(', ')}}`;
}

function order(i: number): string {
  const line = (n: number) =>
    `{"sku": "SKU-${(i * 7 + n) % 100}", "quantity": ${1 + ((i + n) % 5)}, "price": {"currency": "EUR", "units": ${10 + n}, "nanos": ${(i % 10) * 10_000_000}}}`;
  return `{"id": ${9007199254740993n + BigInt(i)}, "customer": "customer-${i % 7}", "lines": [${line(0)}, ${line(1)}], "state": "${i % 3 ? 'SHIPPED' : 'PLACED'}", "placed_at": "${new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()}", "labels": {"channel": "${i % 2 ? 'web' : 'store'}"}, "card": "**** ${String(1000 + i).slice(-4)}"}`;
}

/** Creates the two topics and fills them; returns the message count per topic. */
export async function seedSchemaSamples(bootstrapServers: string[], registryUrl: string): Promise<Record<string, number>> {
  const kafka = new Kafka({ clientId: 'kafka-explorer-demo', brokers: bootstrapServers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await createTopics(admin, [
      { topic: SCHEMA_TOPICS.avro, numPartitions: 3 },
      { topic: SCHEMA_TOPICS.protobuf, numPartitions: 3 },
    ]);
  } finally {
    await admin.disconnect();
  }
  const avro = { bootstrapServers, registryUrl, topic: SCHEMA_TOPICS.avro };
  pythonWrite(
    avro,
    'avro',
    'payment-v1.avsc',
    Array.from({ length: 60 }, (_, i) => payment(i, false)),
  );
  pythonWrite(
    avro,
    'avro',
    'payment-v2.avsc',
    Array.from({ length: 40 }, (_, i) => payment(60 + i, true)),
  );
  const protobuf = { bootstrapServers, registryUrl, topic: SCHEMA_TOPICS.protobuf };
  pythonWrite(
    protobuf,
    'protobuf',
    'order.proto',
    Array.from({ length: 80 }, (_, i) => order(i)),
    ['--proto-message', 'acme.shop.Order'],
  );
  return { [SCHEMA_TOPICS.avro]: 100, [SCHEMA_TOPICS.protobuf]: 80 };
}
