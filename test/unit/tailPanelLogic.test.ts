import * as assert from 'node:assert/strict';
import { TailMessage } from '../../src/kafka/consume/tailSession';
import { TailBuffer } from '../../src/features/tail/host/buffer';
import { parseTailForm } from '../../src/features/tail/host/form';
import { matchesFilter } from '../../src/features/tail/host/filter';
import { toTailRow } from '../../src/features/tail/host/rows';
import { DEFAULT_FORM } from '../../src/features/tail/host/defaults';

describe('tail buffer', () => {
  it('keeps the newest items and counts what it dropped', () => {
    const buffer = new TailBuffer<number>(3);
    for (let i = 1; i <= 10; i++) buffer.push(i);
    assert.deepEqual(buffer.toArray(), [8, 9, 10]);
    assert.equal(buffer.droppedCount, 7);
    assert.deepEqual(buffer.slice(1, 3), [9, 10]);
    assert.equal(
      buffer.find((n) => n === 9),
      9,
    );
    buffer.clear();
    assert.equal(buffer.size, 0);
  });
});

describe('tail start form', () => {
  const now = Date.UTC(2026, 0, 1, 12);
  const parse = (form: Partial<typeof DEFAULT_FORM>) => parseTailForm({ ...DEFAULT_FORM, ...form }, now);

  it('reads topics, partitions, start modes, groups and stop conditions', () => {
    assert.deepEqual(parse({ topics: 'a, b', partitions: '0,2', start: 'lastN', startValue: '5', maxMessages: '10', idleSeconds: '3' }), {
      ok: true,
      value: {
        topics: ['a', 'b'],
        partitions: [0, 2],
        start: { kind: 'lastN', count: 5 },
        group: { kind: 'ephemeral' },
        maxMessages: 10,
        idleTimeoutMs: 3000,
      },
    });
    assert.deepEqual(parse({ topics: '^orders\\..*', pattern: true, start: 'timestamp', startValue: '15 minutes ago' }), {
      ok: true,
      value: {
        topics: { pattern: '^orders\\..*' },
        start: { kind: 'timestamp', timestamp: now - 15 * 60000 },
        group: { kind: 'ephemeral' },
      },
    });
    assert.deepEqual(parse({ topics: 'a', groupId: 'billing', autoCommit: true, start: 'earliest' }), {
      ok: true,
      value: { topics: ['a'], start: { kind: 'earliest' }, group: { kind: 'named', groupId: 'billing', autoCommit: true } },
    });
  });

  it('explains what is wrong', () => {
    const error = (form: Partial<typeof DEFAULT_FORM>) => (parse(form) as { error: string }).error;
    assert.match(error({ topics: '' }), /at least one topic/);
    assert.match(error({ topics: 'bad topic' }), /only letters, digits/);
    assert.match(error({ topics: '(', pattern: true }), /not a regular expression/);
    assert.match(error({ topics: 'a', start: 'offset', startValue: 'x' }), /offset must be a whole number/);
    assert.match(error({ topics: 'a', partitions: '1,x' }), /Partitions are numbers/);
    assert.match(error({ topics: 'a', groupId: 'g', start: 'offset', startValue: '3' }), /named group starts from its committed offsets/);
    const unknown = (form: object) => error(form as Partial<typeof DEFAULT_FORM>);
    assert.match(unknown({ topics: 'a', valueDeserializer: 'eval' }), /Unknown deserializer "eval"/);
    assert.match(unknown({ topics: 'a', headerFormat: 'html' }), /Unknown deserializer "html"/);
  });
});

/** Auto-detected keys and values, headers as text: the start form's defaults. */
const AUTO = DEFAULT_FORM;

describe('tail rows and filter', () => {
  const message: TailMessage = {
    topic: 'orders',
    partition: 2,
    offset: '41',
    timestamp: '1767268800000',
    key: Buffer.from('alice'),
    value: Buffer.from(`{"note": "${'x'.repeat(400)}", "city": "Lyon"}`),
    headers: [['trace', Buffer.from('abc-123')]],
  };

  it('truncates long previews and keeps the time as a number', () => {
    const row = toTailRow(7, message, AUTO);
    assert.equal(row.value.length, 301);
    assert.ok(row.value.endsWith('…'));
    assert.equal(row.timestamp, 1767268800000);
    assert.deepEqual([row.key, row.keyFormat, row.valueFormat, row.headerCount], ['alice', 'string', 'json', 1]);
  });

  it('filters on the whole decoded value, the key, headers and the partition', () => {
    const match = (text: string, partition = '') => matchesFilter(message, AUTO, { text, partition });
    assert.equal(match('lyon'), true, 'beyond the preview');
    assert.equal(match('ALICE'), true);
    assert.equal(match('abc-123'), true);
    assert.equal(match('paris'), false);
    assert.equal(match('', '2'), true);
    assert.equal(match('', '1'), false);
  });

  it('shows headers as text (hex when not UTF-8) or all as hex, and filters on what it shows', async () => {
    const { decodedHeaders } = await import('../../src/features/tail/host/rows');
    const withHeaders: TailMessage = {
      ...message,
      headers: [
        ['trace', Buffer.from('abc-123')],
        ['flag', Buffer.from([0x01])],
        ['raw', Buffer.from([0xff, 0xfe])],
        ['empty', null],
      ],
    };
    assert.deepEqual(
      decodedHeaders(withHeaders, AUTO),
      [
        ['trace', 'abc-123'],
        ['flag', '\u0001'],
        ['raw', 'fffe'],
        ['empty', null],
      ],
      'a 0x01 byte is text, not msgpack 1',
    );
    const hex = { ...AUTO, headerFormat: 'hex' as const };
    assert.deepEqual(decodedHeaders(withHeaders, hex), [
      ['trace', '6162632d313233'],
      ['flag', '01'],
      ['raw', 'fffe'],
      ['empty', null],
    ]);
    assert.equal(matchesFilter(withHeaders, hex, { text: '6162632d', partition: '' }), true);
    assert.equal(matchesFilter(withHeaders, AUTO, { text: '6162632d', partition: '' }), false);
  });
});

describe('tail exports and kcat commands', () => {
  it('quotes for the shell only when needed', async () => {
    const { kcatCommand, shellQuote } = await import('../../src/features/tail/host/rows');
    assert.equal(shellQuote('orders.eu-1'), 'orders.eu-1');
    assert.equal(shellQuote("it's odd"), `'it'\\''s odd'`);
    assert.equal(
      kcatCommand(['a:1', 'b:2'], { topic: 'orders', partition: 3, offset: '42' }),
      'kcat -C -b a:1,b:2 -t orders -p 3 -o 42 -c 1 -e',
    );
  });

  it('exports a message with its value decoded, every number as it came', async () => {
    const { exportRecordJson } = await import('../../src/features/tail/host/rows');
    const value = Buffer.from('{"a": 1, "id": 4611686018427387904, "price": 1.10, "z": -0}');
    const record = exportRecordJson(
      { topic: 't', partition: 0, offset: '5', timestamp: '0', key: null, value, headers: [['h', Buffer.from('v')]] },
      AUTO,
    );
    assert.equal(
      record,
      '{"topic":"t","partition":0,"offset":"5","timestamp":"1970-01-01T00:00:00.000Z","key":null,"headers":{"h":"v"},"valueFormat":"json","value":{"a":1,"id":4611686018427387904,"price":1.10,"z":-0}}',
    );
    assert.deepEqual(JSON.parse(record).value, JSON.parse(value.toString()), 'still JSON');
  });
});
