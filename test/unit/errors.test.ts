import * as assert from 'node:assert/strict';
import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
import { describeKafkaError, isRetriable, KafkaTimeoutError, withDeniedAction, withTimeout } from '../../src/kafka/errors';
import { protocolErrorFromCode } from '../../src/kafka/kafkajsInternals';

describe('kafka error descriptions', () => {
  it('names the socket failure under kafkajs retry wrappers', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1', {
      broker: '127.0.0.1:1',
      code: 'ECONNREFUSED',
    });
    const wrapped = new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 2, retryTime: 100 });
    assert.equal(describeKafkaError(wrapped), '127.0.0.1:1: connection refused (is a broker listening there?)');
  });

  it('recognises a connection timeout', () => {
    const error = new KafkaJSConnectionError('Connection timeout', { broker: '10.255.255.1:9092' });
    assert.equal(describeKafkaError(error), '10.255.255.1:9092: connection timed out');
  });

  it('explains the TLS alerts of a broker that wants a client certificate', () => {
    for (const alert of ['sslv3 alert bad certificate', 'tlsv13 alert certificate required', 'tlsv1 alert unknown ca']) {
      const error = new KafkaJSConnectionError(`Connection error: 80:error:0A000412:SSL routines:ssl3_read_bytes:${alert}`, {
        broker: '127.0.0.1:9093',
      });
      assert.match(describeKafkaError(error), /^127\.0\.0\.1:9093: the broker refused the TLS client certificate/);
    }
  });

  it('says "not authorized" with what was denied, never to be retried, even under retry wrappers', () => {
    const cases: Array<[number, string, string]> = [
      [29, 'TOPIC_AUTHORIZATION_FAILED', 'topic'],
      [30, 'GROUP_AUTHORIZATION_FAILED', 'consumer group'],
      [31, 'CLUSTER_AUTHORIZATION_FAILED', 'cluster'],
    ];
    for (const [code, type, denied] of cases) {
      const wrapped = new KafkaJSNumberOfRetriesExceeded(protocolErrorFromCode(code) as Error, { retryCount: 2, retryTime: 100 });
      assert.equal(describeKafkaError(wrapped), `Not authorized: ${denied} access denied (${type})`);
      assert.equal(isRetriable(wrapped), false);
      const named = withDeniedAction(wrapped, 'Describe ACLs');
      assert.equal(describeKafkaError(named), `Not authorized to describe ACLs (${type}: ${denied} access denied)`);
      assert.equal(isRetriable(named), false);
    }
    const other = new Error('boom');
    assert.equal(withDeniedAction(other, 'x'), other);
  });

  it('falls back to the innermost message', () => {
    assert.equal(describeKafkaError(new Error('outer', { cause: new Error('inner reason') })), 'inner reason');
    assert.equal(describeKafkaError('plain string'), 'plain string');
  });

  it('keeps kafkajs retriability', () => {
    assert.equal(isRetriable(new KafkaJSNonRetriableError('no')), false);
    assert.equal(isRetriable(new KafkaJSConnectionError('maybe')), true);
    assert.equal(isRetriable(new KafkaTimeoutError('x', 10)), true);
    const ranOut = (cause: Error) => new KafkaJSNumberOfRetriesExceeded(cause, { retryCount: 2, retryTime: 100 });
    assert.equal(
      isRetriable(ranOut(new KafkaJSConnectionError('refused'))),
      true,
      'kafkajs gave up on a refused connection: a later try may work',
    );
    assert.equal(isRetriable(ranOut(new KafkaJSNonRetriableError('SASL authentication failed'))), false, 'a bad password stays bad');
  });
});

describe('withTimeout', () => {
  it('passes a result through', async () => {
    assert.equal(await withTimeout(Promise.resolve(7), 1000, 'x'), 7);
  });

  it('rejects with a KafkaTimeoutError naming what was slow', async () => {
    const never = new Promise<never>(() => undefined);
    await assert.rejects(withTimeout(never, 50, 'Cluster "a"'), (error: unknown) => {
      assert.ok(error instanceof KafkaTimeoutError);
      assert.equal(error.message, 'Cluster "a" did not answer within 0.1 s.');
      return true;
    });
  });

  it('passes the original rejection through', async () => {
    await assert.rejects(withTimeout(Promise.reject(new Error('boom')), 1000, 'x'), /boom/);
  });
});
