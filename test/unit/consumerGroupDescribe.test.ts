import * as assert from 'node:assert/strict';
import { classicDescriptionOf, fromClassic } from '../../src/kafka/groups/classicGroups';
import { fromConsumerProtocol } from '../../src/kafka/groups/consumerGroups';
import { uuidFromBytes } from '../../src/kafka/wire/common';
import { decodeResponseFrame, encodeRequestFrame } from '../../src/kafka/wire/frame';
import { CONSUMER_GROUP_DESCRIBE } from '../../src/kafka/wire/generated/consumerGroupDescribe';

const decodeConsumerGroupDescribe = (frame: Buffer) => decodeResponseFrame(CONSUMER_GROUP_DESCRIBE, frame, 0).groups;

// kafkajs' own encoder and decoder for the compact types: an independent implementation
// to build and read the bytes with.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Encoder = require('kafkajs/src/protocol/encoder');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Decoder = require('kafkajs/src/protocol/decoder');

/* eslint-disable @typescript-eslint/no-explicit-any */
const assignment = (topics: Array<[string, number[]]>) =>
  new Encoder()
    .writeUVarIntArray(
      topics.map(([name, partitions]) =>
        new Encoder()
          .writeBuffer(Buffer.alloc(16, 7))
          .writeUVarIntString(name)
          .writeUVarIntArray(partitions.map((p) => new Encoder().writeInt32(p)))
          .writeUVarInt(0),
      ),
    )
    .writeUVarInt(0);

function response(): Buffer {
  const member = new Encoder()
    .writeUVarIntString('member-1')
    .writeUVarIntString(null)
    .writeUVarIntString('rack-a')
    .writeInt32(4)
    .writeUVarIntString('console-consumer')
    .writeUVarIntString('/127.0.0.1')
    .writeUVarIntArray([new Encoder().writeUVarIntString('orders')])
    .writeUVarIntString(null)
    .writeEncoder(assignment([['orders', [2, 0]]]))
    .writeEncoder(assignment([['orders', [0, 1, 2]]]))
    // one unknown tagged field (tag 5, 3 bytes), which a reader must skip
    .writeUVarInt(1)
    .writeUVarInt(5)
    .writeUVarInt(3)
    .writeBuffer(Buffer.from([1, 2, 3]));
  const group = (id: string, errorCode: number, members: any[]) =>
    new Encoder()
      .writeInt16(errorCode)
      .writeUVarIntString(errorCode ? 'not found' : null)
      .writeUVarIntString(id)
      .writeUVarIntString(errorCode ? '' : 'Stable')
      .writeInt32(9)
      .writeInt32(9)
      .writeUVarIntString('uniform')
      .writeUVarIntArray(members)
      .writeInt32(-2147483648)
      .writeUVarInt(0);
  return new Encoder()
    .writeUVarInt(0) // response header tags
    .writeInt32(0)
    .writeUVarIntArray([group('billing', 0, [member]), group('gone', 69, [])])
    .writeUVarInt(0).buffer;
}

describe('ConsumerGroupDescribe v0, generated', () => {
  it('encodes group ids after the request header tags', () => {
    const request = { groupIds: ['billing', 'ünïcode'], includeAuthorizedOperations: false };
    const decoder = new Decoder(encodeRequestFrame(CONSUMER_GROUP_DESCRIBE, request, 0));
    assert.equal(decoder.readUVarInt(), 0);
    assert.deepEqual(
      decoder.readUVarIntArray((d: any) => d.readUVarIntString()),
      ['billing', 'ünïcode'],
    );
    assert.equal(decoder.readBoolean(), false);
    assert.equal(decoder.readUVarInt(), 0);
    assert.equal(decoder.canReadBytes(1), false);
  });

  it('decodes groups, members and both assignments, skipping unknown tags', () => {
    const [billing, gone] = decodeConsumerGroupDescribe(response());
    assert.deepEqual(
      { ...billing, members: undefined },
      {
        errorCode: 0,
        errorMessage: null,
        groupId: 'billing',
        groupState: 'Stable',
        groupEpoch: 9,
        assignmentEpoch: 9,
        assignorName: 'uniform',
        members: undefined,
        authorizedOperations: -2147483648,
      },
    );
    const topicId = uuidFromBytes(Buffer.alloc(16, 7));
    assert.deepEqual(billing.members, [
      {
        memberId: 'member-1',
        instanceId: null,
        rackId: 'rack-a',
        memberEpoch: 4,
        clientId: 'console-consumer',
        clientHost: '/127.0.0.1',
        subscribedTopicNames: ['orders'],
        subscribedTopicRegex: null,
        assignment: { topicPartitions: [{ topicId, topicName: 'orders', partitions: [2, 0] }] },
        targetAssignment: { topicPartitions: [{ topicId, topicName: 'orders', partitions: [0, 1, 2] }] },
        memberType: -1, // v1+
      },
    ]);
    assert.deepEqual([gone.groupId, gone.errorCode, gone.errorMessage, gone.members], ['gone', 69, 'not found', []]);
  });

  it('describes a member by its current and target assignments and epochs, partitions in order', () => {
    const [billing] = decodeConsumerGroupDescribe(response());
    const described = fromConsumerProtocol(billing);
    assert.deepEqual(described, {
      groupId: 'billing',
      type: 'consumer',
      state: 'Stable',
      protocolType: 'consumer',
      protocol: 'uniform',
      groupEpoch: described.groupEpoch,
      assignmentEpoch: described.assignmentEpoch,
      members: [
        {
          memberId: 'member-1',
          clientId: 'console-consumer',
          host: '/127.0.0.1',
          memberEpoch: 4,
          assignment: [{ topic: 'orders', partitions: [0, 2] }],
          targetAssignment: [{ topic: 'orders', partitions: [0, 1, 2] }],
        },
      ],
    });
    assert.deepEqual([described.groupEpoch, described.assignmentEpoch], [billing.groupEpoch, billing.assignmentEpoch]);
  });

  it('says where a truncated response ends', () => {
    const bytes = response();
    // Two groups cannot fit in 40 bytes: refused at the count, before reading them.
    assert.throws(
      () => decodeConsumerGroupDescribe(bytes.subarray(0, 40)),
      /ConsumerGroupDescribeResponse v0: groups: truncated: 2 entries/,
    );
    // Cut inside the first member's assignment: the message names the field and the bytes left.
    assert.throws(
      () => decodeConsumerGroupDescribe(bytes.subarray(0, 120)),
      /^WireError: ConsumerGroupDescribeResponse v0: groups\[0\]\.members\[0\]\.assignment\.topicPartitions\[0\]\.topicName: truncated: needs 6 bytes at byte 116, 3 left$/,
    );
  });
});

describe('DescribeGroups (classic), generated', () => {
  const group = (errorCode: number) => ({
    errorCode,
    errorMessage: null,
    groupId: 'g',
    groupState: 'Stable',
    protocolType: 'consumer',
    protocolData: 'range',
    members: [
      {
        memberId: 'm',
        groupInstanceId: null,
        clientId: 'c',
        clientHost: '/10.0.0.1',
        memberMetadata: Buffer.alloc(0),
        // ConsumerProtocolAssignment v0: topic "t" with partitions 1 and 0, no user data.
        memberAssignment: Buffer.from('0000 00000001 0001 74 00000002 00000001 00000000 ffffffff'.replace(/\s+/g, ''), 'hex'),
      },
    ],
    authorizedOperations: -2147483648,
  });

  it('describes a classic group as kafkajs did, assignments decoded', () => {
    assert.deepEqual(fromClassic(classicDescriptionOf(group(0))), {
      groupId: 'g',
      type: 'classic',
      state: 'Stable',
      protocolType: 'consumer',
      protocol: 'range',
      members: [{ memberId: 'm', clientId: 'c', host: '/10.0.0.1', assignment: [{ topic: 't', partitions: [0, 1] }] }],
    });
  });

  it('reads GROUP_ID_NOT_FOUND (v6, KIP-1043) as the "Dead" group earlier versions answered, and throws other errors', () => {
    assert.deepEqual(classicDescriptionOf(group(69)), { groupId: 'g', state: 'Dead', protocolType: '', protocol: '', members: [] });
    assert.throws(() => classicDescriptionOf(group(16)), { code: 16, type: 'NOT_COORDINATOR_FOR_GROUP' });
  });
});
