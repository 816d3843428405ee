import { Kafka, logLevel } from 'kafkajs';
import { registerCompressionCodecs } from '../../src/kafka/compressionCodecs';
import { waitFor } from '../harness/processes';
import { uniqueName } from './names';

export interface ReceivedMessage {
  readonly key: Buffer | null;
  readonly value: Buffer;
  readonly partition: number;
  readonly offset: string;
  readonly headers: Record<string, string>;
}

/** Reads `count` messages of a topic from the start with a plain kafkajs consumer in a fresh group (any codec). */
export async function readMessages(bootstrapServers: string[], topic: string, count: number): Promise<ReceivedMessage[]> {
  // This kafkajs is the tests' copy, not the one bundled into the extension: teach it the codecs too.
  registerCompressionCodecs();
  const consumer = new Kafka({ brokers: bootstrapServers, logLevel: logLevel.NOTHING }).consumer({ groupId: uniqueName('test-read') });
  const received: ReceivedMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      received.push({
        key: message.key,
        value: message.value ?? Buffer.alloc(0),
        partition,
        offset: message.offset,
        headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
      });
    },
  });
  try {
    await waitFor(`${count} messages from ${topic}`, async () => (received.length >= count ? true : undefined), { timeoutMs: 30000 });
  } finally {
    await consumer.disconnect();
  }
  return received;
}
