/**
 * Describes groups of every type, each with its own API: classic groups with DescribeGroups,
 * consumer groups (KIP-848) with ConsumerGroupDescribe, share groups (KIP-932) with
 * ShareGroupDescribe, streams groups (KIP-1071) with StreamsGroupDescribe.
 */
import { Admin } from 'kafkajs';
import { ClassicDescription, describeClassicGroups, fromClassic } from './classicGroups';
import { lookupCoordinators } from './committedOffsets';
import { describeConsumerProtocolGroups } from './consumerGroups';
import { findListedGroups } from './groupListing';
import { DescribedGroup, groupTypeLabel, ListedGroup } from './groupTypes';
import { describeShareGroups, ShareGroupDescription } from './shareGroups';
import { describeStreamsGroups, StreamsGroupDescription, taskPartitions } from './streamsGroups';
import { InternalCluster } from '../kafkajsInternals';

export type { DescribedGroup, DescribedMember } from './groupTypes';

const coordinatorsOf = (groups: readonly ListedGroup[]) =>
  new Map(groups.filter((g) => g.coordinator >= 0).map((g) => [g.groupId, g.coordinator]));

/** A listed group no describe API answered for: what the listing said, and why there is no more. */
function undescribed(group: ListedGroup, error: string): DescribedGroup {
  return {
    groupId: group.groupId,
    type: group.type,
    state: group.state || 'Unknown',
    protocolType: group.protocolType,
    protocol: '',
    members: [],
    error,
  };
}

/** A streams group as the tree shows any group: a member consumes its active tasks' partitions. */
export function fromStreams(group: StreamsGroupDescription): DescribedGroup {
  return {
    groupId: group.groupId,
    type: 'streams',
    state: group.state,
    protocolType: 'streams',
    protocol: group.assignor ?? '',
    groupEpoch: group.groupEpoch,
    assignmentEpoch: group.targetAssignmentEpoch,
    members: group.members.map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      host: m.host,
      memberEpoch: m.memberEpoch,
      assignment: taskPartitions(m.assignment.activeTasks, group.topology),
      targetAssignment: taskPartitions(m.targetAssignment.activeTasks, group.topology),
    })),
    streams: group,
    ...(group.error === undefined ? {} : { error: group.error }),
  };
}

/** A share group (KIP-932): its members share partitions, each record delivered to one of them. */
export function fromShare(group: ShareGroupDescription): DescribedGroup {
  return {
    groupId: group.groupId,
    type: 'share',
    state: group.state,
    protocolType: 'share',
    protocol: group.assignor,
    groupEpoch: group.groupEpoch,
    assignmentEpoch: group.assignmentEpoch,
    members: group.members.map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      host: m.host,
      memberEpoch: m.memberEpoch,
      assignment: m.assignment,
    })),
    ...(group.error === undefined ? {} : { error: group.error }),
  };
}

/**
 * Classic groups. Before ListGroups v5 (Kafka 3.8) every group is listed without a type; a
 * consumer-protocol group among them answers DescribeGroups as "Dead" with no protocol type
 * (or GROUP_ID_NOT_FOUND, read the same), so those are asked again with ConsumerGroupDescribe.
 */
async function describeClassic(
  admin: Admin,
  cluster: InternalCluster,
  listed: readonly ListedGroup[],
): Promise<Map<string, DescribedGroup>> {
  const ids = listed.map((g) => g.groupId);
  const classic: ClassicDescription[] = await describeClassicGroups(admin, cluster, ids, coordinatorsOf(listed));
  const described = new Map(classic.map((g) => [g.groupId, fromClassic(g)]));
  const notClassic = listed.filter((g) => {
    const group = described.get(g.groupId);
    return !group || (group.state === 'Dead' && group.protocolType === '');
  });
  if (notClassic.length > 0) {
    const consumer = await describeConsumerProtocolGroups(
      cluster,
      notClassic.map((g) => g.groupId),
      coordinatorsOf(notClassic),
    );
    consumer.forEach((group, id) => described.set(id, group));
  }
  return described;
}

/**
 * Every listed group, in that order, described with its type's API; the describe APIs go
 * out at the same time, each batched per coordinator. A group of a type this version does
 * not know keeps the listing's state and says so.
 */
export async function describeListedGroups(
  admin: Admin,
  cluster: InternalCluster,
  listed: readonly ListedGroup[],
): Promise<DescribedGroup[]> {
  const ofType = (type: string) => listed.filter((g) => g.type === type);
  const idsOf = (type: string) => ofType(type).map((g) => g.groupId);
  const [classic, consumer, streams, share] = await Promise.all([
    describeClassic(admin, cluster, ofType('classic')),
    describeConsumerProtocolGroups(cluster, idsOf('consumer'), coordinatorsOf(ofType('consumer'))),
    describeStreamsGroups(cluster, idsOf('streams'), coordinatorsOf(ofType('streams'))),
    describeShareGroups(cluster, idsOf('share'), coordinatorsOf(ofType('share'))),
  ]);
  return listed.map((group) => {
    const streamsGroup = streams.get(group.groupId);
    const shareGroup = share.get(group.groupId);
    const described =
      classic.get(group.groupId) ??
      consumer.get(group.groupId) ??
      (streamsGroup && fromStreams(streamsGroup)) ??
      (shareGroup && fromShare(shareGroup));
    if (described) {
      return described;
    }
    if (group.type.startsWith('unknown:')) {
      return undescribed(
        group,
        `Kafka Explorer does not know groups of ${groupTypeLabel(group.type)}; the broker lists it as ${group.state || 'no state'}.`,
      );
    }
    return undescribed(
      group,
      `The coordinator did not describe this ${groupTypeLabel(group.type)} group (deleted, or moving to another coordinator?).`,
    );
  });
}

/**
 * The groups `groupIds` (in that order), whose types are not known yet: their coordinators
 * (FindCoordinator, batched), then ListGroups there for each group's type, then its describe
 * API. A group no coordinator lists (deleted) is described as a classic one: "Dead".
 */
export async function describeGroups(
  admin: Admin,
  cluster: InternalCluster,
  groupIds: readonly string[],
  brokerIds: readonly number[] = [],
): Promise<DescribedGroup[]> {
  if (groupIds.length === 0) {
    return [];
  }
  const coordinators = new Map(await lookupCoordinators(cluster, groupIds, brokerIds));
  for (const groupId of groupIds.filter((id) => !coordinators.has(id))) {
    const { nodeId } = await cluster.findGroupCoordinator({ groupId });
    if (typeof nodeId === 'number') {
      coordinators.set(groupId, nodeId);
    }
  }
  const listed = await findListedGroups(cluster, groupIds, coordinators);
  return describeListedGroups(
    admin,
    cluster,
    groupIds.map(
      (groupId) =>
        listed.get(groupId) ?? { groupId, type: 'classic', state: '', protocolType: '', coordinator: coordinators.get(groupId) ?? -1 },
    ),
  );
}
