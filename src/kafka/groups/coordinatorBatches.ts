import { Coordinators } from './committedOffsets';
import { InternalBroker, InternalCluster } from '../kafkajsInternals';

/**
 * Asks each coordinator about its groups in one request, all coordinators at once: the
 * describe APIs take many groups, so a cluster's groups cost one round trip. Groups
 * `coordinators` lacks are looked up one by one (kafkajs' FindCoordinator, with its retries).
 */
export async function askCoordinators<T>(
  cluster: InternalCluster,
  groupIds: readonly string[],
  coordinators: Coordinators,
  ask: (broker: InternalBroker, groupIds: string[]) => Promise<readonly T[]>,
): Promise<T[]> {
  const byNode = new Map<number, string[]>();
  const unlocated: string[] = [];
  for (const groupId of groupIds) {
    const nodeId = coordinators.get(groupId);
    if (nodeId === undefined) {
      unlocated.push(groupId);
    } else {
      byNode.set(nodeId, [...(byNode.get(nodeId) ?? []), groupId]);
    }
  }
  const brokers = new Map<InternalBroker, string[]>();
  for (const [nodeId, ids] of byNode) {
    brokers.set(await cluster.findBroker({ nodeId }), ids);
  }
  for (const groupId of unlocated) {
    const broker = await cluster.findGroupCoordinator({ groupId });
    brokers.set(broker, [...(brokers.get(broker) ?? []), groupId]);
  }
  const answers = await Promise.all([...brokers].map(([broker, ids]) => ask(broker, ids)));
  return answers.flat();
}
