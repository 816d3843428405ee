/**
 * ListGroups to every broker at once. Each broker lists the groups it coordinates, so the
 * answers give every group's coordinator too: describing and fetching offsets need no
 * FindCoordinator round trip. v5+ (Kafka 3.8+) names each group's type.
 */
import { InternalCluster, protocolErrorFromCode } from '../kafkajsInternals';
import { sendRequest } from '../requests';
import { LIST_GROUPS } from '../wire/generated/listGroups';
import { groupTypeOf, ListedGroup } from './groupTypes';

/**
 * Every group of the cluster, sorted by id. A broker that fails fails the listing: a folder
 * that quietly left out one broker's groups would look complete.
 */
export async function listAllGroups(cluster: InternalCluster, brokerIds: readonly number[]): Promise<ListedGroup[]> {
  const answers = await Promise.all(brokerIds.map((nodeId) => listCoordinatedGroups(cluster, nodeId)));
  const byId = new Map<string, ListedGroup>();
  for (const group of answers.flat()) {
    // A group moving between coordinators can be listed by both for a moment: keep one.
    byId.set(group.groupId, group);
  }
  return [...byId.values()].sort((a, b) => a.groupId.localeCompare(b.groupId));
}

/** The groups one broker coordinates; no state or type filter. */
export async function listCoordinatedGroups(cluster: InternalCluster, nodeId: number): Promise<ListedGroup[]> {
  const { response } = await sendRequest(await cluster.findBroker({ nodeId }), LIST_GROUPS, {});
  if (response.errorCode !== 0) {
    throw protocolErrorFromCode(response.errorCode);
  }
  return response.groups.map((g) => ({
    groupId: g.groupId,
    type: groupTypeOf(g.groupType),
    state: g.groupState,
    protocolType: g.protocolType,
    coordinator: nodeId,
  }));
}

/**
 * The listing entries of a few known groups (a watched group): ListGroups on the coordinators
 * `coordinators` names for them. Groups no coordinator lists are absent (deleted, or moving).
 */
export async function findListedGroups(
  cluster: InternalCluster,
  groupIds: readonly string[],
  coordinators: ReadonlyMap<string, number>,
): Promise<Map<string, ListedGroup>> {
  const wanted = new Set(groupIds);
  const nodeIds = [...new Set(groupIds.map((id) => coordinators.get(id)).filter((n): n is number => n !== undefined))];
  const answers = await Promise.all(nodeIds.map((nodeId) => listCoordinatedGroups(cluster, nodeId)));
  return new Map(
    answers
      .flat()
      .filter((g) => wanted.has(g.groupId))
      .map((g) => [g.groupId, g]),
  );
}
