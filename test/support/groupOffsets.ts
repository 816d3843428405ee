import { Kafka, logLevel } from 'kafkajs';
import { commitGroupOffsets } from '../../src/kafka/groupOffsets';
import { createAdminWithCluster } from '../../src/kafka/kafkajsInternals';
import { waitFor } from '../harness/processes';

/** What a broker answers while the group's coordinator is still loading or moving: asking again soon succeeds. */
const COORDINATOR_NOT_READY = new Set(['NOT_COORDINATOR', 'COORDINATOR_LOAD_IN_PROGRESS', 'COORDINATOR_NOT_AVAILABLE']);

/** Commits offsets for a group with no members, as the extension does (one request). Small offsets may be plain numbers. */
export async function commitOffsets(
  bootstrapServers: string[],
  groupId: string,
  offsets: ReadonlyArray<{ readonly topic: string; readonly partition: number; readonly offset: number | bigint }>,
): Promise<void> {
  const kafka = new Kafka({ clientId: 'test-commit', brokers: bootstrapServers, logLevel: logLevel.NOTHING });
  const { admin, cluster } = createAdminWithCluster(kafka, { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 });
  await admin.connect();
  // A broker that has just started may not have loaded __consumer_offsets yet: it says so, and the commit is asked again.
  let refused: unknown;
  try {
    await waitFor(
      `the coordinator of ${groupId} taking its offsets`,
      async () => {
        try {
          await commitGroupOffsets(
            cluster,
            groupId,
            offsets.map((o) => ({ ...o, offset: BigInt(o.offset) })),
          );
          return true;
        } catch (error) {
          if (!COORDINATOR_NOT_READY.has((error as { type?: string }).type ?? '')) refused = error;
          throw error;
        }
      },
      { timeoutMs: 30000, intervalMs: 200, fail: () => (refused ? 'refused' : undefined) },
    );
  } catch (error) {
    throw refused ?? error;
  } finally {
    await admin.disconnect();
  }
}
