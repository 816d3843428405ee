import * as assert from 'node:assert/strict';
import {
  alterOutcomes,
  deleteOutcomes,
  formatShareResetPlan,
  fromShareGroupDescribe,
  fromShareGroupOffsets,
  kafkaErrorText,
  planShareGroupOffsetReset,
  ShareResetCandidate,
  ShareResetStrategy,
} from '../../src/kafka/groups/shareGroups';
import { DescribedGroup } from '../../src/kafka/wire/generated/shareGroupDescribe';
import { parseToolTable } from '../support/shareGroupTool';

const TOPIC_ID = 'AAAAAAAAAAAAAAAAAAAAAA';

describe('share group offset reset planning', () => {
  const candidates: ShareResetCandidate[] = [
    { topic: 'orders', partition: 0, current: 40n, earliest: 10n, latest: 100n, atTimestamp: 55n },
    // No start offset (never fetched, or -1: not initialized); no message at or after the time.
    { topic: 'orders', partition: 1, current: undefined, earliest: 0n, latest: 5n, atTimestamp: -1n },
  ];
  const targets = (strategy: ShareResetStrategy) => planShareGroupOffsetReset(candidates, strategy).map((p) => p.target);

  it('moves to the earliest or latest offset of the log', () => {
    assert.deepEqual(targets({ kind: 'earliest' }), [10n, 0n]);
    assert.deepEqual(targets({ kind: 'latest' }), [100n, 5n]);
  });

  it("clamps a specific offset into each partition's range, as GroupOffsetsResetter does", () => {
    assert.deepEqual(targets({ kind: 'offset', offset: 7n }), [10n, 5n]);
    assert.deepEqual(targets({ kind: 'offset', offset: 2n ** 63n - 1n }), [100n, 5n]);
  });

  it('takes the offset at a time, or the latest where no message is that new', () => {
    assert.deepEqual(targets({ kind: 'timestamp', timestamp: 0 }), [55n, 5n]);
  });

  it('keeps the current start offset, or takes the latest where there is none', () => {
    assert.deepEqual(targets({ kind: 'current' }), [40n, 5n]);
  });

  it('plans nothing for a group without start offsets', () => {
    assert.deepEqual(planShareGroupOffsetReset([], { kind: 'earliest' }), []);
  });

  it('prints a dry run with "-" where the group has no start offset, and says when there is nothing', () => {
    const plan = planShareGroupOffsetReset(candidates, { kind: 'offset', offset: 7n });
    assert.equal(
      formatShareResetPlan('billing', { kind: 'offset', offset: 7n }, plan),
      [
        'Dry run: reset start offsets of share group "billing" to offset 7',
        '2 partitions, 2 changed. Nothing has been applied yet.',
        '',
        'TOPIC   PARTITION  CURRENT-START-OFFSET  NEW-START-OFFSET  EARLIEST  LATEST',
        'orders  0          40                    10                10        100',
        'orders  1          -                     5                 0         5',
        '',
      ].join('\n'),
    );
    const empty = formatShareResetPlan('billing', { kind: 'timestamp', timestamp: Date.UTC(2026, 0, 31) }, []);
    assert.match(empty, /to the first message at or after 2026-01-31T00:00:00.000Z/);
    assert.match(empty, /0 partitions, 0 changed\.[\s\S]*nothing to reset/);
  });
});

describe('share group answers', () => {
  const described = (overrides: Partial<DescribedGroup>): DescribedGroup => ({
    errorCode: 0,
    errorMessage: null,
    groupId: 'g',
    groupState: 'Stable',
    groupEpoch: 3,
    assignmentEpoch: 3,
    assignorName: 'simple',
    members: [],
    authorizedOperations: -2147483648,
    ...overrides,
  });

  it('describes members with sorted assignments and subscriptions, members sorted by id', () => {
    const group = fromShareGroupDescribe(
      described({
        members: ['m2', 'm1'].map((memberId) => ({
          memberId,
          rackId: memberId === 'm1' ? 'r1' : null,
          memberEpoch: 3,
          clientId: `c-${memberId}`,
          clientHost: '/127.0.0.1',
          subscribedTopicNames: ['b', 'a'],
          assignment: {
            topicPartitions: [
              { topicId: TOPIC_ID, topicName: 'b', partitions: [2, 0] },
              { topicId: TOPIC_ID, topicName: 'a', partitions: [1] },
            ],
          },
        })),
      }),
    );
    assert.equal(group.error, undefined);
    assert.deepEqual(
      group.members.map((m) => [m.memberId, m.rackId, m.subscribedTopics, m.assignment]),
      [
        [
          'm1',
          'r1',
          ['a', 'b'],
          [
            { topic: 'a', partitions: [1] },
            { topic: 'b', partitions: [0, 2] },
          ],
        ],
        [
          'm2',
          undefined,
          ['a', 'b'],
          [
            { topic: 'a', partitions: [1] },
            { topic: 'b', partitions: [0, 2] },
          ],
        ],
      ],
    );
  });

  it("keeps a group that is not found (or not a share group) as Dead, with the broker's reason", () => {
    const group = fromShareGroupDescribe(described({ errorCode: 69, errorMessage: 'Group g is not a share group.', groupState: '' }));
    assert.deepEqual([group.state, group.members, group.error], ['Dead', [], 'GROUP_ID_NOT_FOUND: Group g is not a share group.']);
    const denied = fromShareGroupDescribe(described({ errorCode: 30, groupState: '' }));
    assert.equal(denied.state, 'Unknown');
    assert.match(denied.error ?? '', /^GROUP_AUTHORIZATION_FAILED: /);
  });

  it('names an error code kafkajs does not know by its number', () => {
    assert.equal(kafkaErrorText(124, null), 'error 124: Unknown error code 124');
    assert.equal(kafkaErrorText(124, 'the broker says'), 'error 124: the broker says');
  });

  it('keeps -1 start offsets visible, reads lag -1 as unknown and reports partition errors', () => {
    const offsets = fromShareGroupOffsets({
      groupId: 'g',
      errorCode: 0,
      errorMessage: null,
      topics: [
        {
          topicName: 't',
          topicId: TOPIC_ID,
          partitions: [
            { partitionIndex: 1, startOffset: -1n, leaderEpoch: 0, lag: -1n, errorCode: 0, errorMessage: null },
            { partitionIndex: 0, startOffset: 2n ** 62n, leaderEpoch: 4, lag: 7n, errorCode: 0, errorMessage: null },
            { partitionIndex: 2, startOffset: 0n, leaderEpoch: 0, lag: -1n, errorCode: 29, errorMessage: null },
          ],
        },
      ],
    });
    assert.deepEqual(
      offsets.partitions.map((p) => [p.partition, p.startOffset, p.lag, p.error?.split(':')[0]]),
      [
        [0, 2n ** 62n, 7n, undefined],
        [1, -1n, undefined, undefined],
        [2, 0n, undefined, 'TOPIC_AUTHORIZATION_FAILED'],
      ],
    );
  });

  it('gives no partitions for a group-level error, only the error', () => {
    const offsets = fromShareGroupOffsets({ groupId: 'g', errorCode: 16, errorMessage: null, topics: [] });
    assert.deepEqual(offsets.partitions, []);
    assert.match(offsets.error ?? '', /^NOT_COORDINATOR/);
  });
});

describe('share group offset changes, as answered', () => {
  const plan = planShareGroupOffsetReset(
    [0, 1, 2].map((partition) => ({ topic: 't', partition, current: 0n, earliest: 0n, latest: 9n })),
    { kind: 'latest' },
  );
  const partition = (partitionIndex: number, errorCode = 0) => ({ partitionIndex, errorCode, errorMessage: null });

  it('reports every planned partition: set, refused, or left out of the answer', () => {
    const outcomes = alterOutcomes('g', plan, {
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      responses: [{ topicName: 't', topicId: TOPIC_ID, partitions: [partition(0), partition(2, 29)] }],
    });
    assert.deepEqual(
      outcomes.map((o) => [o.partition, o.error?.split(':')[0]]),
      [
        [0, undefined],
        [1, 'the coordinator did not answer for this partition'],
        [2, 'TOPIC_AUTHORIZATION_FAILED'],
      ],
    );
  });

  it('throws on a refusal of the whole request (a group with members)', () => {
    const answer = { throttleTimeMs: 0, errorCode: 68, errorMessage: 'Group g is not empty.', responses: [] };
    assert.throws(() => alterOutcomes('g', plan, answer), /share group "g" failed: NON_EMPTY_GROUP: Group g is not empty\./);
  });

  it('reads an unknown topic of a delete per topic, and throws on other group-level errors', () => {
    const topic = (topicName: string, errorCode: number) => ({ topicName, topicId: TOPIC_ID, errorCode, errorMessage: null });
    const outcomes = deleteOutcomes('g', ['b', 'a', 'c', 'a'], {
      throttleTimeMs: 0,
      errorCode: 3,
      errorMessage: null,
      responses: [topic('a', 0), topic('b', 3)],
    });
    assert.deepEqual(
      outcomes.map((o) => [o.topic, o.error?.split(':')[0]]),
      [
        ['a', undefined],
        ['b', 'UNKNOWN_TOPIC_OR_PARTITION'],
        ['c', 'UNKNOWN_TOPIC_OR_PARTITION'],
      ],
    );
    assert.throws(
      () => deleteOutcomes('g', ['a'], { throttleTimeMs: 0, errorCode: 68, errorMessage: null, responses: [] }),
      /NON_EMPTY_GROUP/,
    );
    const silent = deleteOutcomes('g', ['a'], { throttleTimeMs: 0, errorCode: 0, errorMessage: null, responses: [] });
    assert.deepEqual(silent, [{ topic: 'a', error: 'the coordinator did not answer for this topic' }]);
  });
});

describe("parsing kafka-share-groups.sh's tables", () => {
  it('slices rows at the header positions, keeping headers and values with spaces whole', () => {
    const out = [
      '',
      'GROUP           COORDINATOR (ID)          STATE           GROUP-EPOCH  ASSIGNMENT-EPOCH  #MEMBERS',
      'my-group        localhost:9092  (1)       Stable          3            3                 1',
      '',
    ].join('\n');
    assert.deepEqual(parseToolTable(out, ['GROUP', 'COORDINATOR (ID)', 'STATE', 'GROUP-EPOCH', 'ASSIGNMENT-EPOCH', '#MEMBERS']), [
      {
        GROUP: 'my-group',
        'COORDINATOR (ID)': 'localhost:9092  (1)',
        STATE: 'Stable',
        'GROUP-EPOCH': '3',
        'ASSIGNMENT-EPOCH': '3',
        '#MEMBERS': '1',
      },
    ]);
  });

  it('fails on output without the table', () => {
    assert.throws(() => parseToolTable("\nShare group 'g' has no offset information.\n", ['GROUP', 'TOPIC']), /no table with the columns/);
  });
});
