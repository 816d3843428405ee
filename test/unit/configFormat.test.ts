import * as assert from 'node:assert/strict';
import { formatBytes, formatConfigValue, formatCount, formatDuration } from '../../src/kafka/admin/configFormat';

describe('config value formatting', () => {
  it('reads retention in human units', () => {
    assert.equal(formatConfigValue('retention.ms', '604800000'), '604800000 (1 week)');
    assert.equal(formatConfigValue('retention.ms', '86400000'), '86400000 (1 day)');
    assert.equal(formatConfigValue('retention.ms', '-1'), '-1 (unlimited)');
    assert.equal(formatConfigValue('retention.bytes', '-1'), '-1 (unlimited)');
    assert.equal(formatConfigValue('segment.bytes', '1073741824'), '1073741824 (1 GiB)');
    assert.equal(formatConfigValue('max.message.bytes', '1048588'), '1048588 (1 MiB)');
    assert.equal(formatConfigValue('file.delete.delay.ms', '60000'), '60000 (1 minute)');
    assert.equal(formatConfigValue('flush.ms', '250'), '250 ms');
  });

  it('leaves other values alone', () => {
    assert.equal(formatConfigValue('cleanup.policy', 'compact,delete'), 'compact,delete');
    assert.equal(formatConfigValue('min.insync.replicas', '2'), '2');
    assert.equal(formatConfigValue('message.timestamp.type', 'CreateTime'), 'CreateTime');
    assert.equal(formatConfigValue('x', null), '(not set)');
    assert.equal(formatConfigValue('segment.bytes', '12'), '12');
  });

  it('picks the largest unit that reads well', () => {
    assert.equal(formatDuration(604800000), '1 week');
    assert.equal(formatDuration(3 * 86400000), '3 days');
    assert.equal(formatDuration(8 * 86400000), '8 days');
    assert.equal(formatDuration(90000), '1.5 minutes');
    assert.equal(formatDuration(999), '999 ms');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(1), '1 byte');
    assert.equal(formatCount(1234567), '1,234,567');
  });
});
