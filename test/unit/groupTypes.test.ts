import * as assert from 'node:assert/strict';
import { groupTypeLabel, groupTypeOf } from '../../src/kafka/groups/groupTypes';

describe('group types as ListGroups names them', () => {
  it('reads the four types, in any case, and an empty type (ListGroups before v5) as classic', () => {
    assert.deepEqual(
      ['Classic', 'consumer', 'SHARE', 'streams', ''].map((t) => groupTypeOf(t)),
      ['classic', 'consumer', 'share', 'streams', 'classic'],
    );
  });

  it('keeps a type it does not know, and says so instead of calling the group dead', () => {
    const type = groupTypeOf('queue-v2');
    assert.equal(type, 'unknown:queue-v2');
    assert.equal(groupTypeLabel(type), 'unknown type "queue-v2"');
    assert.equal(groupTypeLabel('share'), 'share (KIP-932)');
  });
});
