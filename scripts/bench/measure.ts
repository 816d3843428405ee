/** What every benchmark measures with: medians, wall time, and the bare kafkajs consumer the tail pipelines are held against. */
import { Kafka, logLevel } from 'kafkajs';
import { registerCompressionCodecs } from '../../src/kafka/connection/compressionCodecs';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Milliseconds `work` takes. */
export async function timed(work: () => Promise<void> | void): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * Consumes the whole topic (`messages` of them) once with a fresh group, counting only: the
 * reference of the tail benchmarks. With kafkajs' default autoCommit (an offset commit after
 * every batch), or without, as the tail session. The same codecs as the extension's are
 * registered, or kafkajs could not read lz4 and zstd at all.
 */
export async function bareKafkajs(bootstrap: string[], topic: string, messages: number, autoCommit = true): Promise<number> {
  registerCompressionCodecs();
  const kafka = new Kafka({ brokers: bootstrap, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-bare-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let count = 0;
  const ms = await timed(
    () =>
      new Promise<void>((resolve) => {
        void consumer.run({
          autoCommit,
          eachBatch: async ({ batch }) => {
            count += batch.messages.length;
            if (count >= messages) resolve();
          },
        });
      }),
  );
  await consumer.disconnect();
  if (count !== messages) {
    throw new Error(`the bare consumer read ${count} messages of ${topic}, not ${messages}`);
  }
  return ms;
}
