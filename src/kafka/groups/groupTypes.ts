/**
 * The four kinds of group a Kafka 4 broker coordinates, each described with its own API:
 * classic (DescribeGroups), consumer (KIP-848, ConsumerGroupDescribe), share (KIP-932,
 * ShareGroupDescribe) and streams (KIP-1071, StreamsGroupDescribe).
 */
import { TopicPartitions } from '../admin/offsets';
import { Coordinators } from './committedOffsets';
import type { StreamsGroupDescription } from './streamsGroups';

export type KnownGroupType = 'classic' | 'consumer' | 'share' | 'streams';

/** A group's type as ListGroups (v5+) reports it; another string is a type this version does not know. */
export type GroupType = KnownGroupType | `unknown:${string}`;

export const KNOWN_GROUP_TYPES: readonly KnownGroupType[] = ['classic', 'consumer', 'share', 'streams'];

/** The type of a ListGroups entry: v5+ names it; before that every group is classic (the only type there was). */
export function groupTypeOf(reported: string | undefined): GroupType {
  const type = (reported ?? '').toLowerCase();
  if (type === '') {
    return 'classic';
  }
  return (KNOWN_GROUP_TYPES as readonly string[]).includes(type) ? (type as KnownGroupType) : `unknown:${reported}`;
}

/** "consumer (KIP-848)", "an unknown type "foo"" — how the tree and the panels name a type. */
export function groupTypeLabel(type: GroupType): string {
  switch (type) {
    case 'classic':
      return 'classic';
    case 'consumer':
      return 'consumer (KIP-848)';
    case 'share':
      return 'share (KIP-932)';
    case 'streams':
      return 'streams (KIP-1071)';
    default:
      return `unknown type "${type.slice('unknown:'.length)}"`;
  }
}

/** One group of ListGroups: the broker that answered is its coordinator, so no FindCoordinator is needed for it. */
export interface ListedGroup {
  readonly groupId: string;
  readonly type: GroupType;
  readonly state: string;
  readonly protocolType: string;
  readonly coordinator: number;
}

export type { Coordinators };

export interface DescribedMember {
  readonly memberId: string;
  readonly clientId: string;
  readonly host: string;
  /** Partitions the member consumes, per topic (a streams member: its active tasks' source partitions). */
  readonly assignment: readonly TopicPartitions[];
  /** consumer, share and streams groups: the epoch the member has caught up to. */
  readonly memberEpoch?: number;
  /** consumer groups: where the member's assignment is heading while the group reconciles. */
  readonly targetAssignment?: readonly TopicPartitions[];
}

export interface DescribedGroup {
  readonly groupId: string;
  readonly type: GroupType;
  /** Stable, Empty, PreparingRebalance, ... (classic); Stable, Empty, Assigning, Reconciling, ... (consumer, share, streams) */
  readonly state: string;
  readonly protocolType: string;
  /** The assignor in use (range, roundrobin, cooperative-sticky, uniform, simple, ...). */
  readonly protocol: string;
  readonly members: readonly DescribedMember[];
  /** consumer, share and streams groups: the group's epoch, bumped by every membership or subscription change. */
  readonly groupEpoch?: number;
  /** consumer and share groups: the assignment's epoch; streams groups: the target assignment's. */
  readonly assignmentEpoch?: number;
  /** streams groups: the topology and each member's tasks, as StreamsGroupDescribe gave them. */
  readonly streams?: StreamsGroupDescription;
  readonly error?: string;
}
