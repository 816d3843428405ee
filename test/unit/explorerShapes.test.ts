import * as assert from 'node:assert/strict';
import { AssignerProtocol } from 'kafkajs';
import { decodeAssignment, fromClassic } from '../../src/kafka/groups/classicGroups';
import { summarizeGroup } from '../../src/kafka/groups/groups';
import { toClusterMetadata } from '../../src/kafka/admin/metadata';
import { messageCount } from '../../src/kafka/admin/offsets';

describe('metadata shaping', () => {
  const metadata = toClusterMetadata({
    clusterId: 'c1',
    controllerId: 2,
    brokers: [
      { nodeId: 3, host: 'b3', port: 9092, rack: null },
      { nodeId: 2, host: 'b2', port: 9092, rack: 'eu-1a' },
    ],
    topicMetadata: [
      { topicErrorCode: 0, topic: '__consumer_offsets', isInternal: true, partitionMetadata: [] },
      {
        topicErrorCode: 0,
        topic: 'orders',
        partitionMetadata: [
          { partitionErrorCode: 0, partitionId: 1, leader: 3, replicas: [3, 2], isr: [3] },
          { partitionErrorCode: 0, partitionId: 0, leader: 2, replicas: [2, 3], isr: [2, 3], offlineReplicas: [] },
        ],
      },
    ],
  });

  it('sorts brokers, marks the controller and keeps racks', () => {
    assert.deepEqual(metadata.brokers, [
      { id: 2, host: 'b2', port: 9092, rack: 'eu-1a', isController: true },
      { id: 3, host: 'b3', port: 9092, rack: undefined, isController: false },
    ]);
  });

  it('puts user topics first, sorts partitions and flags under-replicated ones', () => {
    assert.deepEqual(
      metadata.topics.map((t) => [t.name, t.internal]),
      [
        ['orders', false],
        ['__consumer_offsets', true],
      ],
    );
    const orders = metadata.topics[0];
    assert.equal(orders.replicationFactor, 2);
    assert.deepEqual(
      orders.partitions.map((p) => [p.partition, p.underReplicated]),
      [
        [0, false],
        [1, true],
      ],
    );
  });

  it('counts retained messages as latest minus earliest', () => {
    assert.equal(
      messageCount(
        new Map([
          [0, { earliest: 10n, latest: 25n }],
          [1, { earliest: 0n, latest: 5n }],
        ]),
      ),
      20n,
    );
    assert.equal(messageCount(new Map([[0, { earliest: 1n, latest: 9007199254740994n }]])), 9007199254740993n, 'exact beyond 2^53');
    assert.equal(messageCount(undefined), undefined);
  });
});

describe('consumer group shaping', () => {
  const assignment = AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: { orders: [2, 0] }, userData: Buffer.alloc(0) });

  it('decodes a member assignment and tolerates foreign formats', () => {
    assert.deepEqual(decodeAssignment(assignment), [{ topic: 'orders', partitions: [0, 2] }]);
    assert.deepEqual(decodeAssignment(Buffer.from([1, 2, 3])), []);
    assert.deepEqual(decodeAssignment(undefined), []);
  });

  it("computes lag per partition and in total, and finds each partition's member", () => {
    const group = summarizeGroup(
      fromClassic({
        groupId: 'billing',
        state: 'Stable',
        protocolType: 'consumer',
        protocol: 'RoundRobinAssigner',
        members: [
          { memberId: 'm1', clientId: 'app', clientHost: '/10.0.0.1', memberAssignment: assignment, memberMetadata: Buffer.alloc(0) },
        ],
      }),
      [
        { topic: 'orders', partition: 0, offset: 40n },
        { topic: 'orders', partition: 1, offset: 5n },
        { topic: 'gone', partition: 0, offset: 7n },
      ],
      new Map([
        [
          'orders',
          new Map([
            [0, 100n],
            [1, 5n],
          ]),
        ],
      ]),
    );
    assert.deepEqual(
      group.offsets.map((o) => [o.topic, o.partition, o.committed, o.latest, o.lag, o.memberIds]),
      [
        ['gone', 0, 7n, undefined, undefined, []],
        ['orders', 0, 40n, 100n, 60n, ['m1']],
        ['orders', 1, 5n, 5n, 0n, []],
      ],
    );
    assert.equal(group.totalLag, 60n);
    assert.deepEqual(group.members[0].assignment, [{ topic: 'orders', partitions: [0, 2] }]);
  });
});
