/**
 * Classic groups (the group protocol Kafka had before 4.0, still what kafkajs and most
 * clients join), described with DescribeGroups.
 */
import { Admin, AssignerProtocol, GroupDescription } from 'kafkajs';
import { byCoordinator, Coordinators } from './committedOffsets';
import { InternalCluster, protocolErrorFromCode } from '../kafkajsInternals';
import { sendRequest } from '../requests';
import { TopicPartitions } from '../admin/offsets';
import { DESCRIBE_GROUPS, DescribedGroup as ClassicGroup } from '../wire/generated/describeGroups';
import { DescribedGroup } from './groupTypes';

/** No such group, or one of another type (KIP-1043: DescribeGroups v6+, ConsumerGroupDescribe, ...). */
export const GROUP_ID_NOT_FOUND = 69;

export function decodeAssignment(buffer: Buffer | undefined): TopicPartitions[] {
  if (!buffer || buffer.length === 0) {
    return [];
  }
  try {
    const decoded = AssignerProtocol.MemberAssignment.decode(buffer);
    return Object.entries(decoded?.assignment ?? {}).map(([topic, partitions]) => ({
      topic,
      partitions: [...partitions].sort((a, b) => a - b),
    }));
  } catch {
    return []; // not the standard consumer assignment format (a Connect or custom group)
  }
}

export type ClassicDescription = Pick<GroupDescription, 'groupId' | 'state' | 'protocolType' | 'protocol' | 'members'>;

export function fromClassic(description: ClassicDescription): DescribedGroup {
  return {
    groupId: description.groupId,
    state: description.state,
    type: 'classic',
    protocolType: description.protocolType,
    protocol: description.protocol,
    members: description.members.map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      host: m.clientHost,
      assignment: description.protocolType === 'consumer' ? decodeAssignment(m.memberAssignment) : [],
    })),
  };
}

/**
 * A group of a DescribeGroups answer as kafkajs described it. GROUP_ID_NOT_FOUND (v6+, KIP-1043:
 * no such group, or one of another protocol) reads as "Dead" with no members, as the versions
 * before it answered; another error throws, as kafkajs did.
 */
export function classicDescriptionOf(group: ClassicGroup): ClassicDescription {
  if (group.errorCode === GROUP_ID_NOT_FOUND) {
    return { groupId: group.groupId, state: 'Dead', protocolType: '', protocol: '', members: [] };
  }
  if (group.errorCode !== 0) {
    throw protocolErrorFromCode(group.errorCode);
  }
  return {
    groupId: group.groupId,
    state: group.groupState as GroupDescription['state'],
    protocolType: group.protocolType,
    protocol: group.protocolData,
    members: group.members.map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      memberMetadata: m.memberMetadata,
      memberAssignment: m.memberAssignment,
    })),
  };
}

/**
 * Classic DescribeGroups, one request per known coordinator (admin.describeGroups would
 * look up each group's coordinator again: a round trip per group); groups without a known
 * coordinator, or whose coordinator refused, go through kafkajs with its retries.
 */
export async function describeClassicGroups(
  admin: Admin,
  cluster: InternalCluster,
  groupIds: readonly string[],
  coordinators: Coordinators,
): Promise<ClassicDescription[]> {
  const described: ClassicDescription[] = [];
  const located = new Set<string>();
  await Promise.all(
    [...byCoordinator(groupIds, coordinators)].map(async ([nodeId, ids]) => {
      try {
        const request = { groups: ids, includeAuthorizedOperations: false };
        const { groups } = (await sendRequest(await cluster.findBroker({ nodeId }), DESCRIBE_GROUPS, request)).response;
        described.push(...groups.map(classicDescriptionOf));
        ids.forEach((id) => located.add(id));
      } catch {
        // NOT_COORDINATOR, a coordinator loading, a lost connection: kafkajs' path retries.
      }
    }),
  );
  const rest = groupIds.filter((id) => !located.has(id));
  return rest.length > 0 ? [...described, ...(await admin.describeGroups(rest)).groups] : described;
}
