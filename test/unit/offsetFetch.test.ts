import * as assert from 'node:assert/strict';
import { fromFetchedGroup } from '../../src/kafka/groups/committedOffsets';
import { ZERO_UUID } from '../../src/kafka/wire/common';
import { decodeResponseFrame, encodeRequestFrame } from '../../src/kafka/wire/frame';
import { FIND_COORDINATOR } from '../../src/kafka/wire/generated/findCoordinator';
import { OFFSET_FETCH } from '../../src/kafka/wire/generated/offsetFetch';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const decodeOffsetFetch = (bytes: Buffer) => decodeResponseFrame(OFFSET_FETCH, bytes, 8).groups;

describe('OffsetFetch v8 (batched groups), generated', () => {
  it('encodes groups with all topics (null) and with listed partitions, bytes computed by hand', () => {
    const body = encodeRequestFrame(
      OFFSET_FETCH,
      {
        groups: [
          { groupId: 'g1', topics: null },
          { groupId: 'g', topics: [{ name: 't', partitionIndexes: [0, 258] }] },
        ],
        requireStable: false,
      },
      8,
    );
    assert.equal(
      body.toString('hex'),
      [
        '00', // request header v2 tagged fields
        '03', // 2 groups
        '03 6731',
        '00',
        '00', // "g1", topics null, tags
        '02 67',
        '02',
        '02 74',
        '03 00000000 00000102',
        '00',
        '00', // "g", 1 topic "t", partitions [0, 258], tags, tags
        '00', // RequireStable false
        '00', // tags
      ]
        .join('')
        .replace(/\s+/g, ''),
    );
  });

  const response = [
    '00', // response header v1 tagged fields
    '00000000', // ThrottleTimeMs
    '03', // 2 groups
    '03 6731', // "g1"
    '02',
    '02 74',
    '03', // 1 topic "t", 2 partitions
    '00000000 7fffffffffffffff ffffffff 01 0000 00', // partition 0, offset 2^63-1, epoch -1, metadata "", no error
    '00000001 ffffffffffffffff ffffffff 00 0000 01 05 01 aa', // partition 1, offset -1, metadata null, an unknown tagged field
    '00', // topic tags
    '0000 00', // group error, tags
    '02 67',
    '01',
    '001e 00', // "g": no topics, GROUP_AUTHORIZATION_FAILED
    '00',
  ].join(' ');

  it('decodes groups, partitions and error codes, offsets as exact bigints', () => {
    const groups = decodeOffsetFetch(hex(response));
    assert.deepEqual(groups, [
      {
        groupId: 'g1',
        errorCode: 0,
        topics: [
          {
            name: 't',
            topicId: ZERO_UUID, // v10+
            partitions: [
              { partitionIndex: 0, committedOffset: 9223372036854775807n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
              { partitionIndex: 1, committedOffset: -1n, committedLeaderEpoch: -1, metadata: null, errorCode: 0 },
            ],
          },
        ],
      },
      { groupId: 'g', errorCode: 30, topics: [] },
    ]);
  });

  it('refuses truncated responses and array lengths larger than the bytes left', () => {
    const bytes = hex(response);
    assert.throws(() => decodeOffsetFetch(bytes.subarray(0, bytes.length - 1)), /truncated/);
    assert.throws(() => decodeOffsetFetch(hex('00 00000000 ffffffff0f')), /groups: truncated: 4294967294 entries/);
    assert.throws(() => decodeOffsetFetch(hex('00 00000000 02 ffffffffff')), /varint/);
  });

  it('reads a group as kafkajs reads one: committed offsets only, else the group or first partition error', () => {
    const [ok, failed] = decodeOffsetFetch(hex(response));
    assert.deepEqual(fromFetchedGroup(ok), { offsets: [{ topic: 't', partition: 0, offset: 9223372036854775807n }], error: undefined });
    assert.deepEqual(fromFetchedGroup(failed).offsets, []);
    assert.match(fromFetchedGroup(failed).error ?? '', /not authorized/i);
    const partitionError = fromFetchedGroup({
      groupId: 'p',
      errorCode: 0,
      topics: [
        {
          name: 't',
          topicId: ZERO_UUID,
          partitions: [{ partitionIndex: 0, committedOffset: 3n, committedLeaderEpoch: 0, metadata: null, errorCode: 29 }],
        },
      ],
    });
    assert.deepEqual(partitionError.offsets, []);
    assert.match(partitionError.error ?? '', /topic/i);
  });
});

describe('FindCoordinator v4 (batched keys), generated', () => {
  it('encodes group keys, bytes computed by hand', () => {
    const body = encodeRequestFrame(FIND_COORDINATOR, { keyType: 0, coordinatorKeys: ['a', 'bc'] }, 4);
    assert.equal(body.toString('hex'), '00' + '00' + '03' + '0261' + '036263' + '00');
  });

  it('decodes coordinators with their errors', () => {
    const bytes = hex('00 00000000 03 0261 00000001 0268 00002384 0000 00 00 0262 ffffffff 01 00000000 000f 036e6f 00 00');
    const decode = (frame: Buffer) => decodeResponseFrame(FIND_COORDINATOR, frame, 4).coordinators;
    assert.deepEqual(decode(bytes), [
      { key: 'a', nodeId: 1, host: 'h', port: 9092, errorCode: 0, errorMessage: null },
      { key: 'b', nodeId: -1, host: '', port: 0, errorCode: 15, errorMessage: 'no' },
    ]);
    assert.throws(() => decode(bytes.subarray(0, 20)), /truncated/);
  });
});
