/**
 * OffsetFetch (API key 9) version 8 (KIP-709, Kafka 3.0+): the committed offsets of many
 * groups in one request. kafkajs 2.2.4 speaks only v1-v4, one group per request, which
 * costs a round trip per group on a cluster with thousands of them.
 * Schema: clients/src/main/resources/common/message/OffsetFetch{Request,Response}.json.
 */
import { CompactReader, CompactWriter, decodeGroupsResponse } from './compact';

export const OFFSET_FETCH_KEY = 9;
export const OFFSET_FETCH_BATCH_VERSION = 8;

export interface OffsetFetchGroupRequest {
  readonly groupId: string;
  /** null: every topic the group has committed offsets for. */
  readonly topics: ReadonlyArray<{ readonly topic: string; readonly partitions: readonly number[] }> | null;
}

export interface FetchedPartitionOffset {
  readonly partition: number;
  /** -1 when the group has nothing committed for the partition. */
  readonly committedOffset: bigint;
  readonly committedLeaderEpoch: number;
  readonly metadata: string | null;
  readonly errorCode: number;
}

export interface FetchedGroupOffsets {
  readonly groupId: string;
  readonly errorCode: number;
  readonly topics: ReadonlyArray<{ readonly topic: string; readonly partitions: readonly FetchedPartitionOffset[] }>;
}

/**
 * The request body, after kafkajs' request header (v1): v8 is a flexible version, so the
 * header's tagged fields come first. RequireStable false, as kafkajs' v4 behaves (offsets
 * of open transactions are not waited for).
 */
export function encodeOffsetFetch(groups: readonly OffsetFetchGroupRequest[]): Buffer {
  return new CompactWriter()
    .noTags() // request header v2
    .array(groups, (w, group) =>
      w
        .string(group.groupId)
        .nullableArray(group.topics, (t, { topic, partitions }) =>
          t
            .string(topic)
            .array(partitions, (p, partition) => p.int32(partition))
            .noTags(),
        )
        .noTags(),
    )
    .boolean(false) // RequireStable
    .noTags()
    .toBuffer();
}

function readPartition(reader: CompactReader): FetchedPartitionOffset {
  const partition = {
    partition: reader.int32(),
    committedOffset: reader.int64(),
    committedLeaderEpoch: reader.int32(),
    metadata: reader.nullableString(),
    errorCode: reader.int16(),
  };
  reader.tags();
  return partition;
}

function readGroup(reader: CompactReader): FetchedGroupOffsets {
  const groupId = reader.string();
  const topics = reader.array((r) => {
    const topic = r.string();
    const partitions = r.array(readPartition);
    r.tags();
    return { topic, partitions };
  });
  const errorCode = reader.int16();
  reader.tags();
  return { groupId, errorCode, topics };
}

/** The response body after the correlation id. */
export function decodeOffsetFetch(payload: Buffer): FetchedGroupOffsets[] {
  return decodeGroupsResponse(payload, readGroup);
}
