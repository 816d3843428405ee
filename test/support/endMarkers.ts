import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { waitFor } from '../harness/processes';
import { connectTestProducer } from './producers';

/**
 * "Nothing more arrives" without sleeping: one marker message per partition, written after
 * the test's own messages. Order holds within a partition, so a reader that has seen a
 * partition's marker has seen everything written to it before.
 */
export interface EndMarkers {
  /** Whether a value is one of these markers (tests leave them out of what they compare). */
  isMarker(value: string): boolean;
  /** Waits until `values()` holds the marker of each of `partitions` (default: all that were marked). */
  seen(values: () => readonly string[], partitions?: readonly number[], timeoutMs?: number): Promise<void>;
}

export async function writeEndMarkers(kafka: Kafka, topic: string, partitions: readonly number[]): Promise<EndMarkers> {
  const tag = `__end__${randomUUID()}`;
  const markerOf = (partition: number) => `${tag}-${partition}`;
  const producer = await connectTestProducer(kafka);
  try {
    await producer.send({ topic, messages: partitions.map((partition) => ({ partition, value: markerOf(partition) })) });
  } finally {
    await producer.disconnect();
  }
  return {
    isMarker: (value) => value.startsWith(tag),
    seen: async (values, which = partitions, timeoutMs = 30000) => {
      await waitFor(
        `the end markers of ${topic} [${which.join(', ')}]`,
        async () => {
          const present = new Set(values());
          return which.every((p) => present.has(markerOf(p))) ? true : undefined;
        },
        { timeoutMs },
      );
    },
  };
}
