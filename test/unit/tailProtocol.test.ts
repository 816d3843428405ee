/** Every message from the webview is checked before the host reads it. */
import * as assert from 'node:assert/strict';
import { DEFAULT_FORM } from '../../src/features/tail/host/defaults';
import { MAX_TEXT, parseRequest } from '../../src/features/tail/protocol';

const envelope = (request: unknown, requestId: unknown = 7) => ({ requestId, request });

describe('the tail panel protocol', () => {
  it('accepts each request type with its fields, and keeps nothing else', () => {
    const start = parseRequest(envelope({ type: 'start', form: { ...DEFAULT_FORM, topics: 'orders', extra: '<script>' } }));
    assert.ok(start.ok);
    assert.deepEqual(start.envelope, { requestId: 7, request: { type: 'start', form: { ...DEFAULT_FORM, topics: 'orders' } } });
    assert.deepEqual(parseRequest(envelope({ type: 'select', id: 3, deserializer: 'hex', whole: true, junk: 1 })), {
      ok: true,
      envelope: { requestId: 7, request: { type: 'select', id: 3, deserializer: 'hex', whole: true } },
    });
    for (const request of [
      { type: 'ready' },
      { type: 'view', start: 0, count: 60, follow: true },
      { type: 'filter', text: 'x', partition: '' },
      { type: 'export', format: 'ndjson', filtered: false },
    ]) {
      assert.ok(parseRequest(envelope(request)).ok, JSON.stringify(request));
    }
  });

  it('refuses what the protocol does not say, naming the request and the field', () => {
    const error = (raw: unknown) => {
      const parsed = parseRequest(raw);
      assert.ok(!parsed.ok, JSON.stringify(raw));
      return parsed;
    };
    assert.deepEqual(error(envelope({ type: 'explode' })), {
      ok: false,
      requestId: 7,
      error: 'The panel sent a request the extension does not accept: unknown type "explode".',
    });
    assert.equal(error(envelope({ type: 'toString' })).requestId, 7, 'no type from the prototype');
    assert.equal(error({ type: 'ready' }).requestId, undefined, 'no envelope');
    assert.equal(error(envelope({ type: 'ready' }, -1)).requestId, undefined, 'a negative id');
    assert.equal(error(null).requestId, undefined);
    assert.match(error(envelope({ type: 'select', id: '3' })).error, /select: "id" must be a whole number/);
    assert.match(
      error(envelope({ type: 'select', id: 3, deserializer: 'eval' })).error,
      /"deserializer" must be one of auto, schema-registry, string/,
    );
    assert.match(
      error(envelope({ type: 'view', start: 0, count: 1e9, follow: true })).error,
      /"count" must be a whole number from 0 to 500/,
    );
    assert.match(error(envelope({ type: 'view', start: 1.5, count: 1, follow: true })).error, /"start" must be a whole number/);
    assert.match(
      error(envelope({ type: 'start', form: { ...DEFAULT_FORM, start: 'sometime' } })).error,
      /start: "start" must be one of latest/,
    );
    assert.match(error(envelope({ type: 'start', form: { ...DEFAULT_FORM, pattern: 'yes' } })).error, /"pattern" must be true or false/);
    assert.match(error(envelope({ type: 'start' })).error, /"form" must be an object/);
    assert.match(
      error(envelope({ type: 'filter', text: 'x'.repeat(10 * 1024 * 1024), partition: '' })).error,
      new RegExp(`"text" is longer than ${MAX_TEXT.toLocaleString('en-US')} characters`),
    );
    assert.match(error(envelope({ type: 'export', format: 'html', filtered: false })).error, /"format" must be one of ndjson, json/);
  });
});
