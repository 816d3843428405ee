import { commitGroupOffsets, OffsetToCommit } from '../../src/kafka/groups/groupOffsets';
import { InternalCluster } from '../../src/kafka/kafkajsInternals';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Commits offsets for many member-less groups, `concurrency` groups at a time (one
 * OffsetCommit each). Retries while a coordinator moves or loads: on a fresh broker the
 * first commits create __consumer_offsets, whose partitions take a moment to load.
 */
export async function commitManyGroups(
  cluster: InternalCluster,
  groups: ReadonlyArray<{ readonly groupId: string; readonly offsets: readonly OffsetToCommit[] }>,
  concurrency = 64,
): Promise<void> {
  let next = 0;
  const commit = async (groupId: string, offsets: readonly OffsetToCommit[]) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await commitGroupOffsets(cluster, groupId, offsets);
      } catch (error) {
        if (attempt >= 30 || (error as { retriable?: boolean }).retriable !== true) {
          throw error;
        }
        await sleep(200);
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, groups.length) }, async () => {
      while (next < groups.length) {
        const { groupId, offsets } = groups[next++];
        await commit(groupId, offsets);
      }
    }),
  );
}
