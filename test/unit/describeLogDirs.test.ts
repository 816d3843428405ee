import * as assert from 'node:assert/strict';
import { logDirsAnswerOf, replicaSizesOf, topicSizes } from '../../src/kafka/admin/logDirs';
import { ClusterMetadata } from '../../src/kafka/admin/metadata';
import { decodeResponseFrame, encodeRequestFrame } from '../../src/kafka/wire/frame';
import { DESCRIBE_LOG_DIRS, DescribeLogDirsRequest } from '../../src/kafka/wire/generated/describeLogDirs';

const encodeDescribeLogDirs = (topics: DescribeLogDirsRequest['topics']) => encodeRequestFrame(DESCRIBE_LOG_DIRS, { topics }, 4);
const decodeDescribeLogDirs = (frame: Buffer, version: number) => logDirsAnswerOf(decodeResponseFrame(DESCRIBE_LOG_DIRS, frame, version));

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('DescribeLogDirs v2-v4, generated', () => {
  it('encodes "every topic" (null) and listed partitions, bytes computed by hand', () => {
    assert.equal(encodeDescribeLogDirs(null).toString('hex'), '000000'); // header tags, null array, tags
    assert.equal(
      encodeDescribeLogDirs([{ topic: 't', partitions: [0, 258] }]).toString('hex'),
      ['00', '02', '02 74', '03 00000000 00000102', '00', '00'].join('').replace(/\s+/g, ''),
    );
  });

  // Two log dirs: /d1 with topic "t" (partition 0, and partition 1 as a future replica) and
  // topic "u"; /d2 offline (KAFKA_STORAGE_ERROR).
  const v4 = [
    '00', // response header v1 tagged fields
    '00000000', // ThrottleTimeMs
    '0000', // ErrorCode (v3+)
    '03', // 2 results
    '0000 04 2f6431', // no error, "/d1"
    '03', // 2 topics
    '02 74 03', // "t", 2 partitions
    '00000000 0000000000000400 0000000000000000 00 00', // partition 0, 1024 bytes, offset lag 0, current, tags
    '00000001 0000000000000800 0000000000000003 01 00', // partition 1, 2048 bytes, offset lag 3, future, tags
    '00', // topic tags
    '02 75 02', // "u", 1 partition
    '00000002 0000000000000010 0000000000000000 00 01 05 01 aa', // partition 2, 16 bytes, an unknown tagged field
    '00',
    '000000174876e800 ffffffffffffffff', // TotalBytes 100,000,000,000, UsableBytes -1 (unknown) (v4+)
    '00', // result tags
    '0038 04 2f6432 01', // KAFKA_STORAGE_ERROR, "/d2", no topics
    '0000000000000000 0000000000000000',
    '00',
    '00', // tags
  ].join(' ');

  it('decodes every log dir, partition size and volume size (v4)', () => {
    assert.deepEqual(decodeDescribeLogDirs(hex(v4), 4), {
      errorCode: 0,
      logDirs: [
        {
          errorCode: 0,
          path: '/d1',
          topics: [
            {
              topic: 't',
              partitions: [
                { partition: 0, sizeBytes: 1024n, offsetLag: 0n, isFuture: false },
                { partition: 1, sizeBytes: 2048n, offsetLag: 3n, isFuture: true },
              ],
            },
            { topic: 'u', partitions: [{ partition: 2, sizeBytes: 16n, offsetLag: 0n, isFuture: false }] },
          ],
          totalBytes: 100_000_000_000n,
          usableBytes: undefined,
        },
        { errorCode: 56, path: '/d2', topics: [], totalBytes: 0n, usableBytes: 0n },
      ],
    });
  });

  it('reads v2 (no top-level error, no volume sizes) and v3 (an authorization failure)', () => {
    const v2 = hex('00 00000000 02 0000 04 2f6431 02 02 74 02 00000000 0000000000000400 0000000000000000 00 00 00 00 00');
    assert.deepEqual(decodeDescribeLogDirs(v2, 2), {
      errorCode: 0,
      logDirs: [
        {
          errorCode: 0,
          path: '/d1',
          topics: [{ topic: 't', partitions: [{ partition: 0, sizeBytes: 1024n, offsetLag: 0n, isFuture: false }] }],
          totalBytes: undefined,
          usableBytes: undefined,
        },
      ],
    });
    // Without DESCRIBE on the cluster: CLUSTER_AUTHORIZATION_FAILED (31) and no results.
    assert.deepEqual(decodeDescribeLogDirs(hex('00 00000000 001f 01 00'), 3), { errorCode: 31, logDirs: [] });
  });

  it('refuses a truncated response at every length, and bytes after the last field', () => {
    const bytes = hex(v4);
    for (let length = 0; length < bytes.length; length++) {
      assert.throws(
        () => decodeDescribeLogDirs(bytes.subarray(0, length), 4),
        /truncated|unsigned varint/,
        `${length} of ${bytes.length} bytes`,
      );
    }
    assert.throws(() => decodeDescribeLogDirs(Buffer.concat([bytes, hex('00')]), 4), /1 bytes left/);
    assert.throws(
      () => decodeDescribeLogDirs(bytes, 3),
      /left after the last field|truncated|not nullable/,
      'a v4 answer read as v3 does not fit',
    );
  });

  it('refuses an array count larger than the response and a negative size', () => {
    assert.throws(() => decodeDescribeLogDirs(hex('00 00000000 0000 ffffffff0f'), 4), /results: truncated: \d+ entries/);
    const negative = hex(
      '00 00000000 0000 02 0000 04 2f6431 02 02 74 02 00000000 ffffffffffffffff 0000000000000000 00 00 00 0000000000000000 0000000000000000 00 00',
    );
    assert.throws(() => decodeDescribeLogDirs(negative, 4), /partition size -1/);
  });

  it('refuses versions it does not read', () => {
    assert.throws(() => decodeDescribeLogDirs(hex('00'), 99), /DescribeLogDirs v99 is not a version/);
  });
});

describe("topic sizes from every broker's log dirs", () => {
  // Topic "t": partition 0 led by broker 1 (replicas 1, 2), partition 1 led by broker 2 (replicas 2, 1).
  const metadata: ClusterMetadata = {
    clusterId: 'c',
    controllerId: 1,
    brokers: [1, 2].map((id) => ({ id, host: 'h', port: 9092, rack: undefined, isController: id === 1 })),
    topics: [
      {
        name: 't',
        internal: false,
        replicationFactor: 2,
        partitions: [
          { partition: 0, leader: 1, replicas: [1, 2], isr: [1, 2], offlineReplicas: [], underReplicated: false },
          { partition: 1, leader: 2, replicas: [2, 1], isr: [2, 1], offlineReplicas: [], underReplicated: false },
        ],
      },
    ],
  };
  const sizes = (entries: Record<number, number>) =>
    new Map([['t', new Map(Object.entries(entries).map(([p, bytes]) => [Number(p), BigInt(bytes)]))]]);

  it('sums the leader replicas (one copy) and all replicas (the disks)', () => {
    const replicas = new Map([
      [1, sizes({ 0: 100, 1: 90 })],
      [2, sizes({ 0: 95, 1: 200 })],
    ]);
    assert.deepEqual(topicSizes(metadata, replicas).get('t'), { leaderBytes: 300n, replicaBytes: 485n });
  });

  it('leaves a sum out when a broker did not answer, rather than give a part of it', () => {
    const replicas = new Map([[1, sizes({ 0: 100, 1: 90 })]]);
    assert.deepEqual(topicSizes(metadata, replicas).get('t'), { leaderBytes: undefined, replicaBytes: undefined });
  });

  it('takes only current replicas from log dirs without errors', () => {
    const answer = decodeDescribeLogDirs(hex(v4Answer()), 4);
    assert.deepEqual(replicaSizesOf(answer), new Map([['t', new Map([[0, 1024n]])]]));
  });

  /** /d1: "t" 0 current (1024 bytes) and 1 future; /d2 failed with "t" 1 listed anyway. */
  function v4Answer(): string {
    return [
      '00 00000000 0000 03',
      '0000 04 2f6431 02 02 74 03',
      '00000000 0000000000000400 0000000000000000 00 00',
      '00000001 0000000000000800 0000000000000000 01 00',
      '00 0000000000000000 0000000000000000 00',
      '0038 04 2f6432 02 02 74 02',
      '00000001 0000000000000800 0000000000000000 00 00',
      '00 0000000000000000 0000000000000000 00',
      '00',
    ].join(' ');
  }
});
