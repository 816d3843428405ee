import * as assert from 'node:assert/strict';
import {
  fromStreamsGroupDescribe,
  StreamsGroupDescription,
  streamsGroupOffsets,
  StreamsTopology,
  taskPartitions,
  undescribedStreamsGroup,
} from '../../src/kafka/groups/streamsGroups';
import { Assignment, DescribedGroup, Member } from '../../src/kafka/wire/generated/streamsGroupDescribe';

const noTasks: Assignment = { activeTasks: [], standbyTasks: [], warmupTasks: [] };

function member(overrides: Partial<Member> = {}): Member {
  return {
    memberId: 'm1',
    memberEpoch: 4,
    instanceId: null,
    rackId: null,
    clientId: 'app-1-StreamThread-1-consumer',
    clientHost: '/127.0.0.1',
    topologyEpoch: 0,
    processId: 'p1',
    userEndpoint: null,
    clientTags: [],
    taskOffsets: [],
    taskEndOffsets: [],
    assignment: noTasks,
    targetAssignment: noTasks,
    isClassic: false,
    ...overrides,
  };
}

function group(overrides: Partial<DescribedGroup> = {}): DescribedGroup {
  return {
    errorCode: 0,
    errorMessage: null,
    groupId: 'app',
    groupState: 'Stable',
    groupEpoch: 3,
    assignmentEpoch: 3,
    topology: {
      epoch: 0,
      subtopologies: [
        {
          subtopologyId: '1',
          sourceTopics: [],
          repartitionSinkTopics: [],
          stateChangelogTopics: [{ name: 'app-counts-changelog', partitions: 0, replicationFactor: 0, topicConfigs: [] }],
          repartitionSourceTopics: [{ name: 'app-counts-repartition', partitions: 3, replicationFactor: 0, topicConfigs: [] }],
        },
        {
          subtopologyId: '0',
          sourceTopics: ['words'],
          repartitionSinkTopics: ['app-counts-repartition'],
          stateChangelogTopics: [],
          repartitionSourceTopics: [],
        },
      ],
    },
    members: [member()],
    authorizedOperations: -2147483648,
    topologyDescription: null,
    topologyDescriptionStatus: 0,
    assignorName: 'sticky',
    ...overrides,
  };
}

describe('streams groups (KIP-1071): StreamsGroupDescribe read', () => {
  it('reads a group: subtopologies in numeric order with topic names, tasks sorted, nulls as undefined', () => {
    const described = fromStreamsGroupDescribe(
      group({
        members: [
          member({
            instanceId: 'static-1',
            userEndpoint: { host: 'localhost', port: 7070 },
            assignment: {
              activeTasks: [
                { subtopologyId: '1', partitions: [2, 0] },
                { subtopologyId: '0', partitions: [1] },
              ],
              standbyTasks: [{ subtopologyId: '0', partitions: [0] }],
              warmupTasks: [],
            },
          }),
        ],
      }),
    );
    assert.equal(described.error, undefined);
    assert.equal(described.assignor, 'sticky');
    assert.deepEqual(
      described.topology?.subtopologies.map((s) => [
        s.subtopologyId,
        s.sourceTopics,
        s.repartitionSinkTopics,
        s.stateChangelogTopics,
        s.repartitionSourceTopics,
      ]),
      [
        ['0', ['words'], ['app-counts-repartition'], [], []],
        ['1', [], [], ['app-counts-changelog'], ['app-counts-repartition']],
      ],
    );
    const [m] = described.members;
    assert.deepEqual(m.assignment.activeTasks, [
      { subtopologyId: '0', partitions: [1] },
      { subtopologyId: '1', partitions: [0, 2] },
    ]);
    assert.deepEqual(
      [m.instanceId, m.rackId, m.userEndpoint, m.host],
      ['static-1', undefined, { host: 'localhost', port: 7070 }, '/127.0.0.1'],
    );
  });

  it('reads a group whose topology is not set up yet (NotReady: missing source topics) as an empty topology', () => {
    const described = fromStreamsGroupDescribe(group({ groupState: 'NotReady', topology: { epoch: 0, subtopologies: null }, members: [] }));
    assert.deepEqual(described.topology, { epoch: 0, subtopologies: [] });
    assert.deepEqual(taskPartitions([{ subtopologyId: '0', partitions: [0] }], described.topology), []);
  });

  it('reads an error group with the broker’s message and the error’s name, and without a topology', () => {
    const described = fromStreamsGroupDescribe(
      group({ errorCode: 69, errorMessage: 'Group app is not a streams group.', groupState: '', topology: null, members: [] }),
    );
    assert.equal(described.topology, undefined);
    assert.match(described.error ?? '', /^Group app is not a streams group\. \(.*not found.*\)$/);
    assert.match(fromStreamsGroupDescribe(group({ errorCode: 30, topology: null })).error ?? '', /authoriz/i);
  });
});

describe('streams groups: tasks to partitions and the offsets view', () => {
  const topology: StreamsTopology = fromStreamsGroupDescribe(group()).topology as StreamsTopology;

  it('maps a task to its partition of every source and repartition source topic of its subtopology', () => {
    assert.deepEqual(
      taskPartitions(
        [
          { subtopologyId: '0', partitions: [2, 0] },
          { subtopologyId: '1', partitions: [1] },
          { subtopologyId: '0', partitions: [1] },
          { subtopologyId: '9', partitions: [5] }, // a subtopology the topology lacks: nothing
        ],
        topology,
      ),
      [
        { topic: 'app-counts-repartition', partitions: [1] },
        { topic: 'words', partitions: [0, 1, 2] },
      ],
    );
    assert.deepEqual(taskPartitions([{ subtopologyId: '0', partitions: [0] }], undefined), []);
  });

  it('gives every partition the active tasks read: lag from the committed offset, else from the earliest', () => {
    const described: StreamsGroupDescription = fromStreamsGroupDescribe(
      group({
        members: [
          member({
            assignment: {
              activeTasks: [
                { subtopologyId: '0', partitions: [0, 1] },
                { subtopologyId: '1', partitions: [0] },
              ],
              standbyTasks: [{ subtopologyId: '1', partitions: [1] }], // standby tasks read no input
              warmupTasks: [],
            },
          }),
        ],
      }),
    );
    const rows = streamsGroupOffsets(
      described,
      [
        { topic: 'words', partition: 0, offset: 4n },
        { topic: 'app-counts-repartition', partition: 0, offset: 7n },
        { topic: 'elsewhere', partition: 0, offset: 1n },
      ],
      new Map([
        [
          'words',
          new Map([
            [0, { earliest: 0n, latest: 10n }],
            [1, { earliest: 3n, latest: 8n }],
          ]),
        ],
        ['app-counts-repartition', new Map([[0, { earliest: 7n, latest: 7n }]])],
      ]),
    );
    assert.deepEqual(rows, [
      { topic: 'app-counts-repartition', partition: 0, committed: 7n, logEndOffset: 7n, lag: 0n },
      { topic: 'words', partition: 0, committed: 4n, logEndOffset: 10n, lag: 6n },
      { topic: 'words', partition: 1, committed: undefined, logEndOffset: 8n, lag: 5n },
    ]);
    assert.deepEqual(streamsGroupOffsets({ ...described, members: [] }, [], new Map()), []);
    assert.deepEqual(
      streamsGroupOffsets(described, [], new Map()).map((r) => [r.logEndOffset, r.lag]),
      [
        [undefined, undefined],
        [undefined, undefined],
        [undefined, undefined],
      ],
    );
  });

  it('describes a group it could not ask about with the reason only', () => {
    assert.deepEqual(undescribedStreamsGroup('g', 'no coordinator'), {
      groupId: 'g',
      state: '',
      groupEpoch: -1,
      targetAssignmentEpoch: -1,
      assignor: undefined,
      topology: undefined,
      members: [],
      error: 'no coordinator',
    });
  });
});
