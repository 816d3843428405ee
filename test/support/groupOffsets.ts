import { Kafka, logLevel } from 'kafkajs';
import { commitGroupOffsets, OffsetToCommit } from '../../src/kafka/groupOffsets';
import { createAdminWithCluster } from '../../src/kafka/kafkajsInternals';

/** Commits offsets for a group with no members, as the extension does (one request). */
export async function commitOffsets(bootstrapServers: string[], groupId: string, offsets: readonly OffsetToCommit[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'test-commit', brokers: bootstrapServers, logLevel: logLevel.NOTHING });
  const { admin, cluster } = createAdminWithCluster(kafka, { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 });
  await admin.connect();
  try {
    await commitGroupOffsets(cluster, groupId, offsets);
  } finally {
    await admin.disconnect();
  }
}
