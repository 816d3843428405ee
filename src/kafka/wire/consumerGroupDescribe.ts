/**
 * ConsumerGroupDescribe (API key 69, version 0): describes groups of the consumer
 * rebalance protocol (KIP-848, `group.protocol=consumer`, GA in Kafka 4.0). Classic
 * DescribeGroups reports such a group as "Dead" with no members; kafkajs 2.2.4 has no
 * request for it. Schema: clients/src/main/resources/common/message/ConsumerGroupDescribe{Request,Response}.json.
 */
import { CompactReader, CompactWriter, decodeGroupsResponse } from './compact';

export const CONSUMER_GROUP_DESCRIBE_KEY = 69;
export const CONSUMER_GROUP_DESCRIBE_VERSION = 0;

export interface ConsumerProtocolMember {
  readonly memberId: string;
  readonly instanceId: string | null;
  readonly rackId: string | null;
  readonly memberEpoch: number;
  readonly clientId: string;
  readonly clientHost: string;
  readonly subscribedTopicNames: readonly string[];
  readonly subscribedTopicRegex: string | null;
  readonly assignment: ReadonlyArray<{ readonly topic: string; readonly partitions: readonly number[] }>;
}

export interface ConsumerProtocolGroup {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly groupId: string;
  /** Empty, Assigning, Reconciling, Stable, Dead, or "" */
  readonly state: string;
  readonly groupEpoch: number;
  readonly assignorName: string;
  readonly members: readonly ConsumerProtocolMember[];
}

/** The request body, after kafkajs' request header (v1): flexible versions add the header's tagged fields first. */
export function encodeConsumerGroupDescribe(groupIds: readonly string[]): Buffer {
  return new CompactWriter()
    .noTags() // request header v2
    .array(groupIds, (w, id) => w.string(id))
    .boolean(false) // IncludeAuthorizedOperations
    .noTags()
    .toBuffer();
}

function readAssignment(reader: CompactReader): ConsumerProtocolMember['assignment'] {
  const topics = reader.array((r) => {
    r.uuid(); // TopicId
    const topic = r.string();
    const partitions = r.array((p) => p.int32()).sort((a, b) => a - b);
    r.tags();
    return { topic, partitions };
  });
  reader.tags();
  return topics;
}

function readMember(reader: CompactReader): ConsumerProtocolMember {
  const member = {
    memberId: reader.string(),
    instanceId: reader.nullableString(),
    rackId: reader.nullableString(),
    memberEpoch: reader.int32(),
    clientId: reader.string(),
    clientHost: reader.string(),
    subscribedTopicNames: reader.array((r) => r.string()),
    subscribedTopicRegex: reader.nullableString(),
    assignment: readAssignment(reader),
  };
  readAssignment(reader); // TargetAssignment: where the group is heading; the current one is what is consumed
  reader.tags();
  return member;
}

function readGroup(reader: CompactReader): ConsumerProtocolGroup {
  const group = {
    errorCode: reader.int16(),
    errorMessage: reader.nullableString(),
    groupId: reader.string(),
    state: reader.string(),
    groupEpoch: reader.int32(),
  };
  reader.int32(); // AssignmentEpoch
  const assignorName = reader.string();
  const members = reader.array(readMember);
  reader.int32(); // AuthorizedOperations
  reader.tags();
  return { ...group, assignorName, members };
}

/** The response body after the correlation id. */
export function decodeConsumerGroupDescribe(payload: Buffer): ConsumerProtocolGroup[] {
  return decodeGroupsResponse(payload, readGroup);
}
