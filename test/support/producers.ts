import { Kafka, Producer } from 'kafkajs';

/**
 * A connected producer for test data. Idempotent with one request in flight: a plain
 * kafkajs producer retries a send whose reply was lost on a freshly started broker and
 * writes the message twice, which made tests that count messages flaky.
 */
export async function connectTestProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  return producer;
}
