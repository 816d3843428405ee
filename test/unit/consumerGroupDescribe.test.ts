import * as assert from 'node:assert/strict';
import { decodeConsumerGroupDescribe, encodeConsumerGroupDescribe } from '../../src/kafka/wire/consumerGroupDescribe';

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

describe('ConsumerGroupDescribe v0', () => {
  it('encodes group ids after the request header tags', () => {
    const decoder = new Decoder(encodeConsumerGroupDescribe(['billing', 'ünïcode']));
    assert.equal(decoder.readUVarInt(), 0);
    assert.deepEqual(
      decoder.readUVarIntArray((d: any) => d.readUVarIntString()),
      ['billing', 'ünïcode'],
    );
    assert.equal(decoder.readBoolean(), false);
    assert.equal(decoder.readUVarInt(), 0);
    assert.equal(decoder.canReadBytes(1), false);
  });

  it('decodes groups, members and their current assignment, skipping unknown tags', () => {
    const [billing, gone] = decodeConsumerGroupDescribe(response());
    assert.deepEqual(
      { ...billing, members: undefined },
      { errorCode: 0, errorMessage: null, groupId: 'billing', state: 'Stable', groupEpoch: 9, assignorName: 'uniform', members: undefined },
    );
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
        assignment: [{ topic: 'orders', partitions: [0, 2] }],
      },
    ]);
    assert.deepEqual([gone.groupId, gone.errorCode, gone.errorMessage, gone.members], ['gone', 69, 'not found', []]);
  });

  it('says where a truncated response ends', () => {
    assert.throws(() => decodeConsumerGroupDescribe(response().subarray(0, 40)), /truncated response/);
  });
});
