import { aclKey, AclBinding } from '../kafka/admin/acls';
import { ClusterConfig } from '../kafka/connection/clusterConfig';
import { GroupInfo, GroupMember, GroupPartitionOffset } from '../kafka/groups/groups';
import { GroupType } from '../kafka/groups/groupTypes';
import { TopicSize } from '../kafka/admin/logDirs';
import { BrokerInfo, PartitionInfo, TopicInfo } from '../kafka/admin/metadata';
import { messageCount, OffsetRange, PerPartition } from '../kafka/admin/offsets';
import { ConfigEntry } from '../kafka/admin/topicConfigs';
import { ClusterTrends, LagGrowth } from '../kafka/trends';
import { SubjectSummary } from '../registry/subjects';

/**
 * The kinds of node in the Clusters tree. Every node carries its cluster's name (and a
 * topic or group node its own name), so a command handler never walks up the tree.
 */
export type ClusterTreeNode =
  | { readonly kind: 'cluster'; readonly cluster: ClusterConfig }
  | { readonly kind: 'brokers'; readonly clusterName: string }
  | { readonly kind: 'broker'; readonly clusterName: string; readonly broker: BrokerInfo }
  | { readonly kind: 'topics'; readonly clusterName: string }
  | {
      readonly kind: 'topic';
      readonly clusterName: string;
      readonly topic: TopicInfo;
      /** Retained messages (latest - earliest over all partitions); undefined if offsets failed. */
      readonly messageCount: bigint | undefined;
      /** On disk (DescribeLogDirs); undefined when the brokers could not say (authorization, before Kafka 2.4). */
      readonly size?: TopicSize;
      /** Messages a second in, between the last two fetches of the offsets. */
      readonly messagesPerSecond?: number;
    }
  | { readonly kind: 'topicConfigs'; readonly clusterName: string; readonly topicName: string }
  | { readonly kind: 'config'; readonly clusterName: string; readonly topicName: string; readonly entry: ConfigEntry }
  | {
      readonly kind: 'partition';
      readonly clusterName: string;
      readonly topicName: string;
      readonly partition: PartitionInfo;
      readonly offsets: OffsetRange | undefined;
    }
  | { readonly kind: 'groups'; readonly clusterName: string }
  /** `growth`: the lag rose over the last few fetches (see kafka/trends.ts). */
  | { readonly kind: 'group'; readonly clusterName: string; readonly group: GroupInfo; readonly growth?: LagGrowth }
  | { readonly kind: 'groupMember'; readonly clusterName: string; readonly groupId: string; readonly member: GroupMember }
  | {
      readonly kind: 'groupOffset';
      readonly clusterName: string;
      readonly groupId: string;
      /** A share group's offset is the start of what it has not yet delivered, not a committed position. */
      readonly groupType: GroupType;
      readonly offset: GroupPartitionOffset;
    }
  /** The cluster's ACLs, grouped by principal and by resource pattern (`group` is the principal or the resource). */
  | { readonly kind: 'acls'; readonly clusterName: string }
  | { readonly kind: 'aclGrouping'; readonly clusterName: string; readonly by: 'principal' | 'resource' }
  | {
      readonly kind: 'aclGroup';
      readonly clusterName: string;
      readonly by: 'principal' | 'resource';
      readonly label: string;
      readonly acls: readonly AclBinding[];
    }
  | { readonly kind: 'acl'; readonly clusterName: string; readonly by: 'principal' | 'resource'; readonly acl: AclBinding }
  /** The cluster's Schema Registry: its subjects, and each subject's versions. */
  | { readonly kind: 'schemas'; readonly clusterName: string }
  | { readonly kind: 'subject'; readonly clusterName: string; readonly subject: SubjectSummary }
  | { readonly kind: 'schemaVersion'; readonly clusterName: string; readonly subject: SubjectSummary; readonly version: number }
  /** A load that failed, shown in place of the children it stands for (`parentId` keeps ids unique); `retryInSeconds` when it loads again by itself (the error may pass). */
  | {
      readonly kind: 'error';
      readonly clusterName: string;
      readonly parentId: string;
      readonly message: string;
      readonly retryInSeconds?: number;
    }
  | { readonly kind: 'info'; readonly clusterName: string; readonly parentId: string; readonly message: string };

export type NodeOfKind<K extends ClusterTreeNode['kind']> = Extract<ClusterTreeNode, { kind: K }>;

export function clusterNameOf(node: ClusterTreeNode): string {
  return node.kind === 'cluster' ? node.cluster.name : node.clusterName;
}

/** A stable id per node: VS Code keeps expansion and selection across refreshes by it. */
export function nodeId(node: ClusterTreeNode): string {
  const c = encodeURIComponent(clusterNameOf(node));
  switch (node.kind) {
    case 'cluster':
      return `cluster/${c}`;
    case 'brokers':
    case 'topics':
    case 'groups':
    case 'schemas':
    case 'acls':
      return `${node.kind}/${c}`;
    case 'aclGrouping':
      return `aclGrouping/${c}/${node.by}`;
    case 'aclGroup':
      return `aclGroup/${c}/${node.by}/${encodeURIComponent(node.label)}`;
    case 'acl':
      return `acl/${c}/${node.by}/${encodeURIComponent(aclKey(node.acl))}`;
    case 'subject':
      return `subject/${c}/${encodeURIComponent(node.subject.name)}`;
    case 'schemaVersion':
      return `schemaVersion/${c}/${encodeURIComponent(node.subject.name)}/${node.version}`;
    case 'broker':
      return `broker/${c}/${node.broker.id}`;
    case 'topic':
      return `topic/${c}/${encodeURIComponent(node.topic.name)}`;
    case 'topicConfigs':
      return `topicConfigs/${c}/${encodeURIComponent(node.topicName)}`;
    case 'config':
      return `config/${c}/${encodeURIComponent(node.topicName)}/${node.entry.name}`;
    case 'partition':
      return `partition/${c}/${encodeURIComponent(node.topicName)}/${node.partition.partition}`;
    case 'group':
      return `group/${c}/${encodeURIComponent(node.group.groupId)}`;
    case 'groupMember':
      return `groupMember/${c}/${encodeURIComponent(node.groupId)}/${encodeURIComponent(node.member.memberId)}`;
    case 'groupOffset':
      return `groupOffset/${c}/${encodeURIComponent(node.groupId)}/${encodeURIComponent(node.offset.topic)}/${node.offset.partition}`;
    case 'error':
    case 'info':
      return `${node.kind}/${node.parentId}`;
  }
}

/** A topic's node from the snapshot's parts: the tree's listing and the live refresh build it alike. */
export function topicNode(
  clusterName: string,
  topic: TopicInfo,
  offsets: PerPartition<OffsetRange> | undefined,
  sizes: ReadonlyMap<string, TopicSize> | undefined,
  trends: ClusterTrends,
): NodeOfKind<'topic'> {
  return {
    kind: 'topic',
    clusterName,
    topic,
    messageCount: messageCount(offsets?.get(topic.name)),
    size: sizes?.get(topic.name),
    messagesPerSecond: trends.throughput.perSecond(topic.name),
  };
}

/** A group's node, marked when its lag keeps growing. */
export function groupNode(clusterName: string, group: GroupInfo, trends: ClusterTrends): NodeOfKind<'group'> {
  return { kind: 'group', clusterName, group, growth: trends.lag.growth(group.groupId) };
}

/** The folders under a cluster that are fetched and refreshed as one. */
export type TreeFolder = 'brokers' | 'topics' | 'groups' | 'schemas' | 'acls';
