/**
 * Describes consumer groups of both rebalance protocols: classic groups through kafkajs'
 * DescribeGroups, and groups of Kafka 4's consumer protocol (KIP-848), which DescribeGroups
 * reports as "Dead" with no members, through ConsumerGroupDescribe.
 */
import { Admin, AssignerProtocol, GroupDescription } from 'kafkajs';
import { byCoordinator, Coordinators } from './committedOffsets';
import { InternalBroker, InternalCluster, protocolErrorFromCode } from '../kafkajsInternals';
import { sendRequest, versionFor } from '../requests';
import { TopicPartitions } from '../admin/offsets';
import { CONSUMER_GROUP_DESCRIBE, DescribedGroup as ConsumerProtocolGroup } from '../wire/generated/consumerGroupDescribe';
import { DESCRIBE_GROUPS, DescribedGroup as ClassicGroup } from '../wire/generated/describeGroups';

export interface DescribedMember {
  readonly memberId: string;
  readonly clientId: string;
  readonly host: string;
  /** Partitions assigned to the member, per topic (consumer groups only). */
  readonly assignment: readonly TopicPartitions[];
}

export interface DescribedGroup {
  readonly groupId: string;
  /** Stable, Empty, PreparingRebalance, ... (classic); Stable, Empty, Assigning, Reconciling, ... (consumer protocol) */
  readonly state: string;
  /** "classic" or "consumer" (KIP-848). */
  readonly rebalanceProtocol: 'classic' | 'consumer';
  readonly protocolType: string;
  /** The assignor in use (range, roundrobin, cooperative-sticky, uniform, ...). */
  readonly protocol: string;
  readonly members: readonly DescribedMember[];
  readonly error?: string;
}

const GROUP_ID_NOT_FOUND = 69;

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

type ClassicDescription = Pick<GroupDescription, 'groupId' | 'state' | 'protocolType' | 'protocol' | 'members'>;

export function fromClassic(description: ClassicDescription): DescribedGroup {
  return {
    groupId: description.groupId,
    state: description.state,
    rebalanceProtocol: 'classic',
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

/** A group of a ConsumerGroupDescribe answer; the current assignment is what is consumed (the target is where the group is heading). */
export function fromConsumerProtocol(group: ConsumerProtocolGroup): DescribedGroup {
  return {
    groupId: group.groupId,
    state: group.groupState,
    rebalanceProtocol: 'consumer',
    protocolType: 'consumer',
    protocol: group.assignorName,
    members: group.members.map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      host: m.clientHost,
      assignment: m.assignment.topicPartitions.map(({ topicName, partitions }) => ({
        topic: topicName,
        partitions: [...partitions].sort((a, b) => a - b),
      })),
    })),
  };
}

/** ConsumerGroupDescribe for `groupIds`, one request per coordinator; groups unknown to it are left out. */
async function describeConsumerProtocolGroups(
  cluster: InternalCluster,
  groupIds: readonly string[],
  coordinators: Coordinators,
): Promise<Map<string, DescribedGroup>> {
  const brokers = new Map<InternalBroker, string[]>();
  for (const groupId of groupIds) {
    const nodeId = coordinators.get(groupId);
    const coordinator = nodeId !== undefined ? await cluster.findBroker({ nodeId }) : await cluster.findGroupCoordinator({ groupId });
    brokers.set(coordinator, [...(brokers.get(coordinator) ?? []), groupId]);
  }
  const described = new Map<string, DescribedGroup>();
  for (const [broker, ids] of brokers) {
    if (versionFor(broker, CONSUMER_GROUP_DESCRIBE) === undefined) {
      continue; // a broker before Kafka 3.7 has no consumer-protocol groups
    }
    const request = { groupIds: ids, includeAuthorizedOperations: false };
    const { groups } = (await sendRequest(broker, CONSUMER_GROUP_DESCRIBE, request)).response;
    for (const group of groups) {
      if (group.errorCode === 0) {
        described.set(group.groupId, fromConsumerProtocol(group));
      } else if (group.errorCode !== GROUP_ID_NOT_FOUND) {
        described.set(group.groupId, {
          ...fromConsumerProtocol(group),
          error: group.errorMessage ?? `ConsumerGroupDescribe error ${group.errorCode}`,
        });
      }
    }
  }
  return described;
}

/**
 * Classic DescribeGroups, one request per known coordinator (admin.describeGroups would
 * look up each group's coordinator again: a round trip per group); groups without a known
 * coordinator, or whose coordinator refused, go through kafkajs with its retries.
 */
async function describeClassicGroups(
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

/**
 * Every group in `groupIds`, in that order, whichever rebalance protocol it uses.
 * `coordinators`: what lookupCoordinators found (groups it lacks are looked up one by one).
 */
export async function describeGroups(
  admin: Admin,
  cluster: InternalCluster,
  groupIds: readonly string[],
  coordinators: Coordinators = new Map(),
): Promise<DescribedGroup[]> {
  if (groupIds.length === 0) {
    return [];
  }
  const groups = await describeClassicGroups(admin, cluster, groupIds, coordinators);
  const classic = new Map(groups.map((g) => [g.groupId, fromClassic(g)]));
  const notClassic = groupIds.filter((id) => {
    const group = classic.get(id);
    return !group || (group.state === 'Dead' && group.protocolType === '');
  });
  const consumer =
    notClassic.length > 0 ? await describeConsumerProtocolGroups(cluster, notClassic, coordinators) : new Map<string, DescribedGroup>();
  return groupIds.map(
    (groupId) =>
      consumer.get(groupId) ??
      classic.get(groupId) ?? { groupId, state: 'Unknown', rebalanceProtocol: 'classic', protocolType: '', protocol: '', members: [] },
  );
}
