import { Kafka, logLevel } from 'kafkajs';
import { commitGroupOffsets } from '../../src/kafka/groups/groupOffsets';
import { createAdminWithCluster } from '../../src/kafka/kafkajsInternals';

/** Commits offsets for a group with no members, as the extension does (one request). Small offsets may be plain numbers. */
export async function commitOffsets(
  bootstrapServers: string[],
  groupId: string,
  offsets: ReadonlyArray<{ readonly topic: string; readonly partition: number; readonly offset: number | bigint }>,
): Promise<void> {
  const kafka = new Kafka({ clientId: 'test-commit', brokers: bootstrapServers, logLevel: logLevel.NOTHING });
  const { admin, cluster } = createAdminWithCluster(kafka, { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 });
  await admin.connect();
  try {
    await commitGroupOffsets(
      cluster,
      groupId,
      offsets.map((o) => ({ ...o, offset: BigInt(o.offset) })),
    );
  } finally {
    await admin.disconnect();
  }
}
