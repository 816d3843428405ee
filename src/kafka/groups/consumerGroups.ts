/**
 * Groups of Kafka 4's consumer rebalance protocol (KIP-848, `group.protocol=consumer`),
 * described with ConsumerGroupDescribe: DescribeGroups reports them as "Dead" with no members.
 */
import { Coordinators } from './committedOffsets';
import { GROUP_ID_NOT_FOUND } from './classicGroups';
import { askCoordinators } from './coordinatorBatches';
import { InternalCluster } from '../kafkajsInternals';
import { sendRequest, versionFor } from '../requests';
import { CONSUMER_GROUP_DESCRIBE, DescribedGroup as ConsumerProtocolGroup, Assignment } from '../wire/generated/consumerGroupDescribe';
import { DescribedGroup } from './groupTypes';

const sortedPartitions = (assignment: Assignment) =>
  assignment.topicPartitions.map(({ topicName, partitions }) => ({ topic: topicName, partitions: [...partitions].sort((a, b) => a - b) }));

/**
 * A group of a ConsumerGroupDescribe answer. The current assignment is what each member
 * consumes; the target is where the group is heading, and differs while it reconciles.
 */
export function fromConsumerProtocol(group: ConsumerProtocolGroup): DescribedGroup {
  return {
    groupId: group.groupId,
    type: 'consumer',
    state: group.groupState,
    protocolType: 'consumer',
    protocol: group.assignorName,
    groupEpoch: group.groupEpoch,
    assignmentEpoch: group.assignmentEpoch,
    members: group.members.map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      host: m.clientHost,
      memberEpoch: m.memberEpoch,
      assignment: sortedPartitions(m.assignment),
      targetAssignment: sortedPartitions(m.targetAssignment),
    })),
  };
}

/**
 * ConsumerGroupDescribe for `groupIds`, one request per coordinator, all at once. Groups the
 * coordinator does not know as consumer groups are left out (the caller tries another type).
 */
export async function describeConsumerProtocolGroups(
  cluster: InternalCluster,
  groupIds: readonly string[],
  coordinators: Coordinators,
): Promise<Map<string, DescribedGroup>> {
  const described = await askCoordinators(cluster, groupIds, coordinators, async (broker, ids) => {
    if (versionFor(broker, CONSUMER_GROUP_DESCRIBE) === undefined) {
      return []; // a broker before Kafka 3.7 has no consumer-protocol groups
    }
    const request = { groupIds: ids, includeAuthorizedOperations: false };
    const { groups } = (await sendRequest(broker, CONSUMER_GROUP_DESCRIBE, request)).response;
    return groups
      .filter((group) => group.errorCode !== GROUP_ID_NOT_FOUND)
      .map((group) =>
        group.errorCode === 0
          ? fromConsumerProtocol(group)
          : { ...fromConsumerProtocol(group), error: group.errorMessage ?? `ConsumerGroupDescribe error ${group.errorCode}` },
      );
  });
  return new Map(described.map((g) => [g.groupId, g]));
}
