/**
 * Numbers never change on the way: integers beyond 2^53, 1.10, -0 and 1e400 read and go out
 * exactly as written, in every place JSON is parsed or printed.
 */
import * as assert from 'node:assert/strict';
import { Unpackr } from 'msgpackr';
import { deserialize } from '../../src/codecs/deserializers';
import { compactJson, jsonOfValue, prettyJson } from '../../src/codecs/jsonText';
import { messagesFromJsonArray, messagesFromLines } from '../../src/codecs/messageInput';
import { SerializeError, serialize } from '../../src/codecs/serializers';

const unpackBig = new Unpackr({ useRecords: false, int64AsType: 'bigint' });
const ORDER = '{ "id": 9007199254740993, "snowflake": 4611686018427387904, "price": 1.10, "zero": -0, "far": 1e400, "name": "caf\\u00e9" }';

describe('lossless JSON', () => {
  it('compacts and pretty-prints token by token, laid out like JSON.stringify', () => {
    assert.equal(
      compactJson(ORDER),
      '{"id":9007199254740993,"snowflake":4611686018427387904,"price":1.10,"zero":-0,"far":1e400,"name":"caf\\u00e9"}',
    );
    for (const sample of ['{"a":[1,{"b":[]},{}],"c":{"d":null,"e":[true,false]}}', '[]', '{}', '"x"', '[[[]]]', '{"s":"a, b: [c]"}']) {
      assert.equal(prettyJson(sample), JSON.stringify(JSON.parse(sample), null, 2), sample);
      assert.equal(compactJson(prettyJson(sample)), sample, sample);
    }
    assert.equal(prettyJson('{"n": 12345678901234567890}'), '{\n  "n": 12345678901234567890\n}');
  });

  it('prints decoded values exactly: 64-bit integers in full, -0, binary as hex', () => {
    assert.equal(
      jsonOfValue({ id: 2n ** 62n, neg: -(2n ** 63n), z: -0, f: 1.5, b: new Uint8Array([1, 255]), s: 'é"' }),
      '{"id":4611686018427387904,"neg":-9223372036854775808,"z":-0,"f":1.5,"b":"<2 bytes: 01ff>","s":"é\\""}',
    );
  });

  it('json-compact sends the tokens as written; json sends the text as written', () => {
    assert.equal(serialize('json-compact', ORDER).toString(), compactJson(ORDER));
    assert.equal(serialize('json', ORDER).toString(), ORDER);
  });

  it('msgpack sends integers as the smallest msgpack integer, 64-bit ones as int64/uint64, floats as float64', () => {
    const packed = serialize(
      'msgpack',
      '{"id": 4611686018427387904, "min": -9223372036854775808, "max": 18446744073709551615, "small": 5, "neg": -33, "one": 1.0, "zero": -0.0, "price": 1.10}',
    );
    const value = unpackBig.unpack(packed) as Record<string, unknown>;
    assert.deepEqual(value, { id: 2n ** 62n, min: -(2n ** 63n), max: 2n ** 64n - 1n, small: 5, neg: -33, one: 1, zero: -0, price: 1.1 });
    assert.ok(Object.is(value.zero, -0), '-0 stays -0');
    const hex = packed.toString('hex');
    assert.ok(hex.includes('cf4000000000000000'), 'uint64 2^62, as Python writes it');
    assert.ok(hex.includes('d38000000000000000'), 'int64 -2^63');
    assert.ok(hex.includes('a36f6e65cb3ff0000000000000'), '"one": 1.0 is a float64, as Python reads 1.0');
    assert.ok(hex.includes('a5736d616c6c05'), '"small": 5 is a fixint');
    assert.ok(hex.includes('a36e6567d0df'), '"neg": -33 is an int8');
  });

  it('refuses a number msgpack cannot hold, at its position, instead of rounding it', () => {
    for (const [text, column] of [
      ['{"x": 18446744073709551616}', 7],
      ['[1, 1e400]', 5],
      ['{"x": -9223372036854775809}', 7],
    ] as const) {
      assert.throws(
        () => serialize('msgpack', text),
        (error: unknown) => error instanceof SerializeError && error.position.column === column && /does not fit/.test(error.message),
        text,
      );
    }
  });

  it('JSON Array items, keys and headers keep every digit', () => {
    const text =
      '[{"key": 12345678901234567890, "value": {"id": 9007199254740993, "p": 1.10}, "headers": {"trace": 9007199254740993}}, 4611686018427387904]';
    const result = messagesFromJsonArray({ text, start: { line: 1, column: 1 } }, { key: 'json-compact', value: 'json-compact' });
    assert.ok(result.ok);
    assert.deepEqual(
      result.messages.map((m) => [m.key?.toString() ?? null, m.value.toString(), m.headers]),
      [
        ['12345678901234567890', '{"id":9007199254740993,"p":1.10}', { trace: '9007199254740993' }],
        [null, '4611686018427387904', {}],
      ],
    );
    const packed = messagesFromJsonArray({ text, start: { line: 1, column: 1 } }, { key: 'msgpack', value: 'msgpack' });
    assert.ok(packed.ok);
    assert.deepEqual(unpackBig.unpack(packed.messages[0].key!), 12345678901234567890n);
    assert.deepEqual(unpackBig.unpack(packed.messages[1].value), 4611686018427387904n);
    const lines = messagesFromLines({ text: '9007199254740993\t{"n": 9007199254740993}', start: { line: 1, column: 1 } }, '\t', {
      key: 'json-compact',
      value: 'json-compact',
    });
    assert.ok(lines.ok);
    assert.deepEqual(
      [lines.messages[0].key?.toString(), lines.messages[0].value.toString()],
      ['9007199254740993', '{"n":9007199254740993}'],
    );
  });

  it('the tail shows JSON and msgpack values exactly, in the row and in the detail', () => {
    const json = Buffer.from('{"id": 4611686018427387904, "price": 1.10, "zero": -0}');
    assert.equal(deserialize('auto', json, true).text, '{"id": 4611686018427387904, "price": 1.10, "zero": -0}');
    assert.deepEqual(deserialize('json', json), {
      format: 'json',
      text: '{"id":4611686018427387904,"price":1.10,"zero":-0}',
      pretty: '{\n  "id": 4611686018427387904,\n  "price": 1.10,\n  "zero": -0\n}',
    });
    const packed = serialize('msgpack', '{"id": 4611686018427387904, "zero": -0.0}');
    assert.equal(deserialize('auto', packed).text, '{"id":4611686018427387904,"zero":-0}');
  });
});
