import * as assert from 'node:assert/strict';
import { topicFilterMatcher } from '../../src/features/tree/topicFilter';

describe('topic filter', () => {
  const topics = ['orders', 'orders.eu', 'orders.us', 'payments', 'app.logs', 'ORDERS-archive'];
  const apply = (filter: string) => topics.filter(topicFilterMatcher(filter));

  it('matches a plain text anywhere, ignoring case', () => {
    assert.deepEqual(apply('order'), ['orders', 'orders.eu', 'orders.us', 'ORDERS-archive']);
    assert.deepEqual(apply('LOGS'), ['app.logs']);
  });

  it('anchors patterns with wildcards and treats dots literally', () => {
    assert.deepEqual(apply('orders.*'), ['orders.eu', 'orders.us']);
    assert.deepEqual(apply('orders.??'), ['orders.eu', 'orders.us']);
    assert.deepEqual(apply('*s'), ['orders', 'orders.us', 'payments', 'app.logs']);
    assert.deepEqual(apply('app?logs'), ['app.logs']);
  });

  it('shows everything for an empty filter', () => {
    assert.deepEqual(apply('  '), topics);
  });
});
