/**
 * CEL filters in the tail: what is refused while typing (with where), what a message offers an
 * expression (decoded key and value with exact 64-bit ints, headers, partition, offset,
 * timestamp, and kafbat's record.*), and messages that cannot be evaluated counted, not shown.
 */
import * as assert from 'node:assert/strict';
import { pack } from 'msgpackr';
import { compileAvro } from '../../src/codecs/schemas/avro';
import { writeWireValue } from '../../src/codecs/schemas/wireFormat';
import { TailMessage } from '../../src/kafka/consume/tailSession';
import { DEFAULT_FORM } from '../../src/features/tail/host/defaults';
import { ExpressionFilter } from '../../src/features/tail/host/filter';
import { parseTailForm } from '../../src/features/tail/host/form';
import { histogramOf } from '../../src/features/tail/host/histogram';
import { TailModel } from '../../src/features/tail/host/model';
import { CSV_COLUMNS, exportRecordCsv, MessageDecoders } from '../../src/features/tail/host/rows';

const message = (offset: number, value: Buffer | string | null, extra: Partial<TailMessage> = {}): TailMessage => ({
  topic: 'payments',
  partition: offset % 3,
  offset: String(offset),
  timestamp: String(Date.UTC(2026, 0, 1) + offset * 60_000),
  key: Buffer.from(`customer-${offset % 2}`),
  value: typeof value === 'string' ? Buffer.from(value) : value,
  headers: [['trace', Buffer.from(offset % 2 ? 'abc' : 'xyz')]],
  ...extra,
});

const BASE_TIME = Date.UTC(2026, 0, 1);
const decoders: MessageDecoders = { keyDeserializer: 'auto', valueDeserializer: 'auto', headerFormat: 'text' };

function filter(expression: string): ExpressionFilter {
  const compiled = ExpressionFilter.compile(expression);
  assert.ok(compiled.ok, compiled.ok ? '' : compiled.problem.message);
  return compiled.filter;
}

describe('CEL expression filters', () => {
  it('refuses what is not a true-or-false expression, saying what and where', () => {
    const refused = (text: string) => {
      const compiled = ExpressionFilter.compile(text);
      assert.ok(!compiled.ok, `${text} was accepted`);
      return compiled.problem;
    };
    assert.deepEqual(refused('value.amount > && x'), { message: 'unexpected "> && x"', offset: 13 });
    assert.deepEqual(refused('amount > 100'), { message: 'unknown variable: amount', offset: 0 });
    assert.deepEqual(refused('partition + "x" == 1'), { message: 'no overload of + takes (int, string)', offset: 9 });
    assert.deepEqual(refused('value.amount > 1 && lenght(value.name) > 2'), { message: 'unknown function: lenght', offset: 20 });
    assert.match(refused('timestamp.x == 1').message, /a timestamp has no fields/);
    assert.match(refused('offset + 1').message, /gives values of type int, not true or false/);
    assert.match(refused('x'.repeat(3000)).message, /at most 2000 characters/);
  });

  it('reads decoded JSON and msgpack values with 64-bit integers exact, headers, partition, offset and time', () => {
    const messages = [
      message(1, '{"id": 4611686018427387905, "amount": 150.5, "items": [{"sku": "a", "qty": 3}]}'),
      message(2, '{"id": 4611686018427387904, "amount": 99, "items": []}'),
      message(3, pack({ id: 7, amount: 120, items: [{ sku: 'b', qty: 1 }] })),
    ];
    const matching = (expression: string) => messages.filter((m) => filter(expression).test(m, decoders)).map((m) => Number(m.offset));
    assert.deepEqual(matching('value.id == 4611686018427387905'), [1], 'not rounded to 2^62');
    assert.deepEqual(matching('value.amount > 100'), [1, 3], 'ints and doubles compare');
    assert.deepEqual(matching('value.amount > 100 && headers["trace"].startsWith("a")'), [1, 3]);
    assert.deepEqual(matching('value.items.exists(i, i.qty > 2)'), [1]);
    assert.deepEqual(matching('partition == 2 || offset == 3'), [2, 3]);
    assert.deepEqual(matching('timestamp >= timestamp("2026-01-01T00:02:00Z")'), [2, 3]);
    assert.deepEqual(matching('key == "customer-1"'), [1, 3]);
    assert.deepEqual(matching('has(value.items) && size(value.items) == 0'), [2]);
  });

  it("takes kafbat's smart filters as they are: record.keyAsText, valueAsText, headers, timestampMs, value", () => {
    const m = message(5, '{"status": "FAILED", "total": 20.5}');
    const yes = (expression: string) => filter(expression).test(m, decoders);
    assert.ok(yes('record.keyAsText == "customer-1"'));
    assert.ok(yes('record.valueAsText.contains("FAILED")'));
    assert.ok(yes('record.headers["trace"] == "abc"'));
    assert.ok(yes(`record.timestampMs == ${Date.UTC(2026, 0, 1) + 5 * 60_000}`));
    assert.ok(yes('record.partition == 2 && record.offset == 5'));
    assert.ok(yes('record.value.total > 19.0'));
    assert.ok(!yes('has(record.key)'), 'a key that is not JSON leaves record.key unset, as in kafbat');
  });

  it('decodes Avro through the schema lookup before evaluating, decimals as their exact text', () => {
    const schema = compileAvro(
      JSON.stringify({
        type: 'record',
        name: 'P',
        fields: [
          { name: 'id', type: 'long' },
          { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
        ],
      }),
      new Map(),
    );
    const avro = (json: string) => writeWireValue(9, Buffer.from(schema.encode(json)));
    const withSchemas: MessageDecoders = {
      ...decoders,
      valueDeserializer: 'schema-registry',
      schemas: { get: (id) => (id === 9 ? { schema, id, places: [] } : undefined) },
    };
    const f = filter('value.id > 4611686018427387904 && double(value.amount) >= 12.1');
    assert.ok(f.test(message(1, avro('{"id": 4611686018427387905, "amount": "12.10"}')), withSchemas));
    assert.ok(!f.test(message(2, avro('{"id": 4611686018427387904, "amount": "99.00"}')), withSchemas));
    assert.equal(f.failed, 0);
  });

  it('follows the CEL specification where cel-go and the old engine disagreed: RE2, overflow, checks, code points', () => {
    const verdict = (expression: string, json: string) => {
      const f = filter(expression);
      const matched = f.test(message(1, json), decoders);
      return f.failed ? `error: ${f.firstFailure}` : matched;
    };
    const person = '{"name": "John", "word": "Ünïcode", "emoji": "😀", "n": -9223372036854775808, "big": 18446744073709551616}';
    // RE2, not JavaScript regular expressions: flags inline, POSIX classes, a code point per dot.
    assert.equal(verdict('value.name.matches("(?i)^john$")', person), true);
    assert.equal(verdict('value.name.matches("^[[:alpha:]]+$")', person), true);
    assert.equal(verdict('value.emoji.matches("^.$")', person), true);
    // Integer overflow is an error (no match), in arithmetic and conversions and past year 9999.
    assert.match(String(verdict('-value.n > 0', person)), /^error: .*overflow/);
    assert.match(String(verdict('int(1e19) > 0', person)), /^error: /);
    assert.match(String(verdict('timestamp("9999-12-31T23:59:59Z") + duration("1s") > timestamp', person)), /^error: /);
    // Ints beyond 64 bits stay exact where compared (integers are documented as never rounded).
    assert.equal(
      verdict('value.big == 18446744073709551616 && value.big != 18446744073709551617 && value.big > 9223372036854775807', person),
      true,
    );
    // Valid CEL the old checker refused.
    assert.equal(verdict('has(value.items[0].qty)', '{"items": [{"qty": 1}]}'), true);
    assert.equal(verdict('value.status in ["OK", 1]', '{"status": "OK"}'), true);
    assert.equal(verdict(`int(timestamp) == ${(BASE_TIME + 60_000) / 1000}`, '{}'), true);
    assert.equal(verdict('string(timestamp) == "2026-01-01T00:01:00Z"', '{}'), true);
    assert.equal(verdict('value.tags[1u] == "b"', '{"tags": ["a", "b"]}'), true);
    assert.equal(verdict('timestamp.getHours("+02:00") == 2', '{}'), true);
    // Strings order by code point, not UTF-16 unit: U+FF61 sorts before U+1F600.
    assert.equal(verdict('"\uff61" < "😀"', '{}'), true);
  });

  it('counts messages it cannot evaluate as no match, with the first reason; "__proto__" in a value is only a key', () => {
    const f = filter('value.customer.tier == "gold"');
    assert.equal(f.test(message(1, '{"customer": {"tier": "gold"}}'), decoders), true);
    assert.equal(f.test(message(2, '{"other": 1}'), decoders), false);
    assert.equal(f.test(message(3, 'plain text'), decoders), false);
    assert.equal(f.failed, 2);
    assert.match(f.firstFailure ?? '', /field not found: customer/);
    const proto = filter('value["__proto__"].polluted == true');
    assert.ok(proto.test(message(4, '{"__proto__": {"polluted": true}}'), decoders));
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype was touched');
    const notBoolean = filter('value.flag');
    assert.equal(notBoolean.test(message(5, '{"flag": 1}'), decoders), false);
    assert.match(notBoolean.firstFailure ?? '', /gave 1, not true or false/);
    const object = filter('value.a');
    assert.equal(
      object.test(message(6, '{"a": {"id": 4611686018427387905}}'), decoders),
      false,
      'a result holding a 64-bit int is a failure, not a crash',
    );
    assert.match(object.firstFailure ?? '', /gave \{"id":"4611686018427387905"\}, not true or false/);
  });

  it("keeps a payload's keys keys: one named like an object property changes nothing, on the fast and the general path", () => {
    const msgpack: MessageDecoders = { ...decoders, valueDeserializer: 'msgpack' };
    for (const name of ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']) {
      const json = `{"${name}": 1, "amount": 7}`;
      const payloads: Array<[string, TailMessage, MessageDecoders]> = [
        ['JSON', message(1, json), decoders],
        [
          'msgpack',
          message(
            2,
            pack(
              new Map<string, number>([
                [name, 1],
                ['amount', 7],
              ]),
            ),
          ),
          msgpack,
        ],
      ];
      for (const [how, m, d] of payloads) {
        // Shown under its own name: msgpackr made "__proto__" "__proto_" on an object.
        const shown = `record.valueAsText.contains('"${name}"')`;
        for (const expression of [
          'value.amount == 7',
          'size(value) == 2',
          `value["${name}"] == 1`,
          'has(value.amount)',
          '!has(value.other)',
          shown,
        ]) {
          const f = filter(expression);
          assert.equal(f.test(m, d), true, `${how} ${json}: ${expression} (${f.firstFailure})`);
        }
      }
      const header = filter(`headers["${name}"] == "x" && size(headers) == 2`);
      assert.ok(
        header.test(
          message(3, '{}', {
            headers: [
              [name, Buffer.from('x')],
              ['trace', Buffer.from('y')],
            ],
          }),
          decoders,
        ),
        header.firstFailure,
      );
      assert.equal(filter(`has(value.${name === '__proto__' ? 'toString' : name})`).test(message(4, '{"a": 1}'), decoders), false);
    }
  });

  it('filters the buffer in the model, and the status says how many could not be evaluated', () => {
    const model = new TailModel(100, () => DEFAULT_FORM);
    model.add([message(1, '{"amount": 150}'), message(2, '{"amount": 50}'), message(3, 'no json'), message(4, null)]);
    model.setFilter({ text: '', partition: '', expression: filter('value.amount > 100') });
    model.setWindow({ start: 0, count: 10, follow: true });
    assert.deepEqual(
      model.windowRows().rows.map((r) => r.offset),
      ['1'],
    );
    model.add([message(5, '{"amount": 500}')]);
    assert.deepEqual(
      model.entries(true).map((e) => e.message.offset),
      ['1', '5'],
      'new messages are matched as they come',
    );
    const failures = model.status().expressionFailures;
    assert.equal(failures?.count, 2, 'the text and the null value');
  });
});

describe('CSV export', () => {
  it('writes one RFC 4180 line per message: quotes only where needed, values as their own tokens (compacted, as NDJSON)', () => {
    const lines = [message(1, '{"id": 4611686018427387905, "note": "a, \\"b\\""}'), message(2, 'line one\nline two'), message(3, null)].map(
      (m) => exportRecordCsv(m, decoders),
    );
    assert.equal(CSV_COLUMNS.join(','), 'topic,partition,offset,timestamp,key,headers,valueFormat,value');
    assert.equal(
      lines[0],
      'payments,1,1,2026-01-01T00:01:00.000Z,customer-1,"{""trace"":""abc""}",json,"{""id"":4611686018427387905,""note"":""a, \\""b\\""""}"',
      'compacted token by token, as NDJSON',
    );
    assert.equal(lines[1], 'payments,2,2,2026-01-01T00:02:00.000Z,customer-0,"{""trace"":""xyz""}",string,"line one\nline two"');
    assert.equal(lines[2], 'payments,0,3,2026-01-01T00:03:00.000Z,customer-1,"{""trace"":""abc""}",null,');
  });
});

describe('searches in the tail model and form', () => {
  it('keeps only the matches of a search, counting everything scanned', () => {
    const model = new TailModel(100, () => DEFAULT_FORM);
    model.setSearch(true);
    model.setFilter({ text: '', partition: '', expression: filter('value.amount > 100') });
    model.add([message(1, '{"amount": 150}'), message(2, '{"amount": 50}'), message(3, '{"amount": 101}')]);
    assert.deepEqual(
      model.entries(false).map((e) => e.message.offset),
      ['1', '3'],
      'the buffer holds the matches only',
    );
    assert.deepEqual([model.status().total, model.matches], [3, 2]);
    model.setSearch(false);
    model.add([message(4, '{"amount": 1}')]);
    assert.equal(model.entries(false).length, 3, 'a live tail keeps everything');
  });

  it('reads where a search ends from the form', () => {
    const form = { ...DEFAULT_FORM, topics: 'payments', start: 'earliest' as const };
    const live = parseTailForm(form, 0);
    assert.equal(live.ok && live.value.end, undefined);
    const now = parseTailForm({ ...form, end: 'now' }, 0);
    assert.deepEqual(now.ok && now.value.end, { kind: 'now' });
    const offset = parseTailForm({ ...form, end: 'offset', endValue: '9223372036854775807' }, 0);
    assert.deepEqual(offset.ok && offset.value.end, { kind: 'offset', offset: 9223372036854775807n });
    const time = parseTailForm({ ...form, end: 'timestamp', endValue: '2026-01-01T00:00:00Z' }, 0);
    assert.deepEqual(time.ok && time.value.end, { kind: 'timestamp', timestamp: Date.UTC(2026, 0, 1) });
    assert.deepEqual(parseTailForm({ ...form, end: 'offset', endValue: 'x' }, 0), {
      ok: false,
      error: 'The end offset must be a whole number of at least 0.',
    });
    assert.deepEqual(parseTailForm({ ...form, end: 'now', groupId: 'billing' }, 0), {
      ok: false,
      error: 'A search reads without a consumer group: leave the consumer group empty.',
    });
  });
});

describe('the tail histogram', () => {
  it('counts messages per time bucket, stacked by partition, the busiest partitions named and the rest as other', () => {
    const at = (partition: number, second: number) => ({ topic: 't', partition, timestamp: String(BASE_TIME + second * 1000) });
    const histogram = histogramOf([at(0, 0), at(1, 0), at(1, 59), at(0, 30), at(1, 30), at(1, 30)]);
    assert.ok(histogram);
    assert.deepEqual(
      [histogram.from, histogram.bucketMs, histogram.series, histogram.counts.length],
      [BASE_TIME, 1000, ['[0]', '[1]'], 60],
    );
    assert.deepEqual(
      [histogram.counts[0], histogram.counts[30], histogram.counts[59]],
      [
        [1, 1],
        [1, 2],
        [0, 1],
      ],
    );
    assert.equal(histogramOf([]), undefined);
    const many = histogramOf(Array.from({ length: 12 }, (_, p) => at(p, p)));
    assert.equal(many?.series.length, 9, 'eight partitions and "other"');
    assert.equal(many?.series[8], 'other');
  });

  it('keeps only the rows of a time range dragged on it, and zooms into them', () => {
    const model = new TailModel(100, () => DEFAULT_FORM);
    model.add([message(1, '{}'), message(2, '{}'), message(3, '{}'), message(4, '{}')]);
    const minute = (n: number) => Date.UTC(2026, 0, 1) + n * 60_000;
    model.setFilter({ text: '', partition: '', time: { from: minute(2), to: minute(3) } });
    assert.deepEqual(
      model.entries(true).map((e) => e.message.offset),
      ['2', '3'],
    );
    assert.equal(model.status().histogram?.from, minute(2));
  });
});
