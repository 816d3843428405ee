/**
 * DescribeLogDirs (API key 35) versions 2-4, the flexible ones (v2: Kafka 2.4+, v3 adds a
 * top-level error code, v4 (Kafka 3.3+) each directory's volume size): the log directories of
 * the broker it is sent to, with the size of every partition replica held there. kafkajs 2.2.4
 * has no request for it. Kafka 4.0 removed only v0, so v2-v4 cover 2.4 to 4.x.
 * Schema: clients/src/main/resources/common/message/DescribeLogDirs{Request,Response}.json.
 */
import { CompactReader, CompactWriter } from './compact';

export const DESCRIBE_LOG_DIRS_KEY = 35;
/** Newest first: the first one the broker speaks is used. */
export const DESCRIBE_LOG_DIRS_VERSIONS = [4, 3, 2] as const;

export interface LogDirPartition {
  readonly partition: number;
  /** The size of the partition's log segments in this directory, in bytes. */
  readonly sizeBytes: bigint;
  readonly offsetLag: bigint;
  /** A copy being made by AlterReplicaLogDirs, which will replace the current one: not the replica's data (yet). */
  readonly isFuture: boolean;
}

export interface LogDir {
  readonly errorCode: number;
  readonly path: string;
  readonly topics: ReadonlyArray<{ readonly topic: string; readonly partitions: readonly LogDirPartition[] }>;
  /** The volume's size and free space (v4+); undefined before v4 or when the broker does not know (-1). */
  readonly totalBytes: bigint | undefined;
  readonly usableBytes: bigint | undefined;
}

export interface LogDirsAnswer {
  /** The whole request's error (v3+; CLUSTER_AUTHORIZATION_FAILED without DESCRIBE on the cluster), else 0. */
  readonly errorCode: number;
  readonly logDirs: readonly LogDir[];
}

/** The request body after kafkajs' request header (v1); `topics` null asks for every topic. */
export function encodeDescribeLogDirs(
  topics: ReadonlyArray<{ readonly topic: string; readonly partitions: readonly number[] }> | null,
): Buffer {
  return new CompactWriter()
    .noTags() // request header v2
    .nullableArray(topics, (w, { topic, partitions }) =>
      w
        .string(topic)
        .array(partitions, (p, partition) => p.int32(partition))
        .noTags(),
    )
    .noTags()
    .toBuffer();
}

function nonNegative(value: bigint, what: string): bigint {
  if (value < 0n) {
    throw new Error(`invalid DescribeLogDirs response: ${what} ${value}`);
  }
  return value;
}

function readPartition(reader: CompactReader): LogDirPartition {
  const partition = {
    partition: reader.int32(),
    sizeBytes: nonNegative(reader.int64(), 'partition size'),
    offsetLag: reader.int64(),
    isFuture: reader.boolean(),
  };
  reader.tags();
  return partition;
}

function readLogDir(reader: CompactReader, version: number): LogDir {
  const errorCode = reader.int16();
  const path = reader.string();
  const topics = reader.array((r) => {
    const topic = r.string();
    const partitions = r.array(readPartition);
    r.tags();
    return { topic, partitions };
  });
  // -1: the broker could not tell (the field's default).
  const volume = () => {
    const value = reader.int64();
    return value < 0n ? undefined : value;
  };
  const totalBytes = version >= 4 ? volume() : undefined;
  const usableBytes = version >= 4 ? volume() : undefined;
  reader.tags();
  return { errorCode, path, topics, totalBytes, usableBytes };
}

/** The response body after the correlation id, for request `version` (2-4). */
export function decodeDescribeLogDirs(payload: Buffer, version: number): LogDirsAnswer {
  if (version < 2 || version > 4) {
    throw new Error(`DescribeLogDirs v${version} is not a version this decoder reads (2-4)`);
  }
  const reader = new CompactReader(payload);
  reader.tags(); // response header v1
  reader.int32(); // ThrottleTimeMs
  const errorCode = version >= 3 ? reader.int16() : 0;
  const logDirs = reader.array((r) => readLogDir(r, version));
  reader.tags();
  reader.end();
  return { errorCode, logDirs };
}
