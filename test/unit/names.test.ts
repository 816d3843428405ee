import * as assert from 'node:assert/strict';
import { parseTimestamp } from '../../src/codecs/timestamps';
import { collidingTopic, validateTopicName } from '../../src/kafka/admin/topicNames';

describe('topic name rules', () => {
  it('accepts what Kafka accepts', () => {
    for (const name of ['orders', 'orders.eu-1', 'a_b', 'X'.repeat(249), '...a']) {
      assert.equal(validateTopicName(name), undefined, name);
    }
  });

  it('refuses what Kafka refuses, saying why', () => {
    assert.match(validateTopicName('') ?? '', /cannot be empty/);
    assert.match(validateTopicName('.') ?? '', /"\." or "\.\."/);
    assert.match(validateTopicName('..') ?? '', /"\." or "\.\."/);
    assert.match(validateTopicName('x'.repeat(250)) ?? '', /at most 249 characters \(this one has 250\)/);
    assert.match(validateTopicName('my topic/1') ?? '', /not " ", "\/"/);
  });

  it('finds names that collide because "." and "_" are alike', () => {
    assert.equal(collidingTopic('a.b', ['a_b', 'c']), 'a_b');
    assert.equal(collidingTopic('a.b', ['a.b']), undefined, 'the same name is a duplicate, not a collision');
    assert.equal(collidingTopic('a-b', ['a_b']), undefined);
  });
});

describe('timestamps typed by users', () => {
  const now = Date.UTC(2026, 10, 24, 12, 0, 0);

  it('reads relative times', () => {
    assert.deepEqual(parseTimestamp('15 minutes ago', now), { ok: true, value: now - 15 * 60000 });
    assert.deepEqual(parseTimestamp('1 hour ago', now), { ok: true, value: now - 3600000 });
    assert.deepEqual(parseTimestamp('2d ago', now), { ok: true, value: now - 2 * 86400000 });
    assert.deepEqual(parseTimestamp('now', now), { ok: true, value: now });
  });

  it('reads ISO 8601 and epoch milliseconds', () => {
    assert.deepEqual(parseTimestamp('2026-01-31T12:00:00Z', now), { ok: true, value: Date.UTC(2026, 0, 31, 12) });
    assert.deepEqual(parseTimestamp('1767225600000', now), { ok: true, value: 1767225600000 });
  });

  it('refuses anything else with an example', () => {
    assert.match((parseTimestamp('yesterday', now) as { error: string }).error, /is not a time: use 2026-01-31T12:00:00Z/);
    assert.match((parseTimestamp('3 fortnights ago', now) as { error: string }).error, /Unknown unit "fortnight"/);
    assert.match((parseTimestamp('', now) as { error: string }).error, /Enter a time/);
  });
});
