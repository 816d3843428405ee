/**
 * The Avro codec against bytes worked out by hand from the specification (zigzag varints,
 * length-prefixed strings, blocks, union indexes), exact JSON text for every type and logical
 * type, refusals with their field path and offset, and round trips bytes → text → bytes.
 */
import * as assert from 'node:assert/strict';
import { compileAvro } from '../../src/codecs/schemas/avro';
import { CompiledSchema, SchemaValueError } from '../../src/codecs/schemas/compiledSchema';

const NO_REFS: ReadonlyMap<string, string> = new Map();

function compile(schema: unknown, references: ReadonlyMap<string, string> = NO_REFS): CompiledSchema {
  return compileAvro(typeof schema === 'string' ? schema : JSON.stringify(schema), references);
}

function bytes(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
}

function hex(data: Uint8Array): string {
  return Buffer.from(data).toString('hex');
}

/** Decodes the bytes, checks the text, and that encoding the text gives the same bytes back. */
function roundTrip(schema: CompiledSchema, hexBytes: string, text: string): void {
  const decoded = schema.decode(bytes(hexBytes), true);
  assert.equal(decoded.text, text);
  assert.equal(hex(schema.encode(decoded.text)), hexBytes.replace(/\s+/g, ''), `re-encoding ${text}`);
}

function decodeError(schema: CompiledSchema, hexBytes: string): string {
  assert.throws(() => schema.decode(bytes(hexBytes), false));
  try {
    schema.decode(bytes(hexBytes), false);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

function encodeError(schema: CompiledSchema, text: string): SchemaValueError {
  try {
    schema.encode(text);
  } catch (error) {
    assert.ok(error instanceof SchemaValueError, `a SchemaValueError, not ${String(error)}`);
    return error;
  }
  return assert.fail(`${text} was accepted`);
}

const ITEM = {
  type: 'record',
  name: 'Item',
  fields: [
    { name: 'sku', type: 'string' },
    { name: 'qty', type: 'int' },
  ],
};
const ORDER = {
  type: 'record',
  name: 'Order',
  namespace: 'com.acme',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'items', type: { type: 'array', items: ITEM } },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID', 'SHIPPED'] } },
    { name: 'attrs', type: { type: 'map', values: 'string' } },
    { name: 'hash', type: { type: 'fixed', name: 'Hash', size: 2 } },
  ],
};

describe('Avro codec', () => {
  describe('primitives, byte for byte', () => {
    it('zigzag varints for long and int', () => {
      const long = compile('"long"');
      const cases: [string, string][] = [
        ['00', '0'],
        ['01', '-1'],
        ['02', '1'],
        ['7f', '-64'],
        ['8001', '64'],
        ['feffffff0f', '2147483647'],
        ['ffffffff0f', '-2147483648'],
        ['8280808080808020', '9007199254740993'],
        ['8180808080808020', '-9007199254740993'],
        ['82808080808080808001', '4611686018427387905'],
        ['feffffffffffffffff01', '9223372036854775807'],
        ['ffffffffffffffffff01', '-9223372036854775808'],
      ];
      for (const [data, text] of cases) {
        roundTrip(long, data, text);
      }
      const int = compile({ type: 'int' });
      roundTrip(int, 'feffffff0f', '2147483647');
      roundTrip(int, 'ffffffff0f', '-2147483648');
      roundTrip(int, '7f', '-64');
    });

    it('null, boolean, float, double, string, bytes', () => {
      roundTrip(compile('"null"'), '', 'null');
      roundTrip(compile('"boolean"'), '00', 'false');
      roundTrip(compile('"boolean"'), '01', 'true');
      const float = compile('"float"');
      roundTrip(float, '0000c03f', '1.5');
      roundTrip(float, 'cdcccc3d', '0.1'); // the shortest text that is the same float32
      roundTrip(float, '00000080', '-0.0');
      const double = compile('"double"');
      roundTrip(double, '9a9999999999f13f', '1.1');
      roundTrip(double, '0000000000000080', '-0.0');
      roundTrip(double, '000000000000f87f', '"NaN"');
      roundTrip(double, '000000000000f07f', '"Infinity"');
      roundTrip(double, '000000000000f0ff', '"-Infinity"');
      roundTrip(double, '0000000000005940', '100');
      const string = compile('"string"');
      roundTrip(string, '06 666f6f', '"foo"');
      roundTrip(string, '00', '""');
      roundTrip(string, '04 c3a9', '"é"');
      roundTrip(string, '0a 61220a5c62', '"a\\"\\n\\\\b"');
      roundTrip(string, '08 f09f9880', '"😀"');
      const long = 'x'.repeat(100);
      roundTrip(string, `c801 ${Buffer.from(long).toString('hex')}`, `"${long}"`);
      const bytesSchema = compile('"bytes"');
      roundTrip(bytesSchema, '08 00ff225c', '"\\u0000ÿ\\"\\\\"');
      roundTrip(bytesSchema, '00', '""');
    });

    it('encodes floats and doubles from the token, and the strings decode prints', () => {
      assert.equal(hex(compile('"double"').encode('1.10')), '9a9999999999f13f');
      assert.equal(hex(compile('"double"').encode('"NaN"')), '000000000000f87f');
      assert.equal(hex(compile('"float"').encode('-0')), '00000080');
      assert.equal(hex(compile('"double"').encode('1e2')), '0000000000005940');
    });
  });

  describe('complex types', () => {
    const order = compile(ORDER);
    // id 1, two items in one block, status PAID, attrs {"k":"v"}, hash 0x00ff
    const orderHex = '02 04 06616263 04 0678797a 7f 00 02 02 026b 0276 00 00ff';
    const orderText =
      '{"id":1,"items":[{"sku":"abc","qty":2},{"sku":"xyz","qty":-64}],"status":"PAID","attrs":{"k":"v"},"hash":"\\u0000ÿ"}';

    it('records in field order, arrays, maps, enums, fixed', () => {
      roundTrip(order, orderHex, orderText);
      roundTrip(order, '00 00 00 00 0000', '{"id":0,"items":[],"status":"NEW","attrs":{},"hash":"\\u0000\\u0000"}');
    });

    it('reads blocks written with a negative count and a byte size, and several blocks', () => {
      const array = compile({ type: 'array', items: 'long' });
      assert.equal(array.decode(bytes('03 04 02 04 04 06 08 00'), true).text, '[1,2,3,4]');
      assert.equal(array.decode(bytes('02 02 02 04 00'), true).text, '[1,2]');
      const map = compile({ type: 'map', values: 'int' });
      assert.equal(map.decode(bytes('01 06 0261 02 00'), true).text, '{"a":1}');
      assert.equal(decodeError(array, '03 06 02 04 00 00'), 'an array block ending at byte 4 said it ends at byte 5');
    });

    it('pretty-prints for the detail view, keeping tokens', () => {
      const decoded = order.decode(bytes(orderHex), false);
      assert.equal(decoded.pretty, JSON.stringify(JSON.parse(orderText), null, 2));
      assert.equal(decoded.notes, undefined);
      assert.equal(order.decode(bytes(orderHex), true).pretty, undefined);
    });

    it('encodes what decode prints, in any field order and layout', () => {
      const text =
        '{ "hash": "\\u0000\\u00ff", "attrs": {"k": "v"}, "status": "PAID",\n "items": [{"qty": 2, "sku": "abc"}, {"sku": "xyz", "qty": -64}], "id": 1 }';
      assert.equal(hex(order.encode(text)), orderHex.replace(/\s+/g, ''));
    });

    it('reuses named types, resolves namespaces, and allows recursive records', () => {
      const schema = compile({
        type: 'record',
        name: 'Envelope',
        namespace: 'com.acme',
        fields: [
          { name: 'from', type: { type: 'record', name: 'Address', fields: [{ name: 'city', type: 'string' }] } },
          { name: 'to', type: 'Address' },
          { name: 'cc', type: 'com.acme.Address' },
          {
            name: 'meta',
            type: {
              type: 'record',
              name: 'Meta',
              namespace: 'org.other',
              fields: [
                { name: 'home', type: 'com.acme.Address' },
                { name: 'self', type: { type: 'enum', name: 'Kind', symbols: ['A'] } },
              ],
            },
          },
          { name: 'kind', type: 'org.other.Kind' },
          { name: 'next', type: ['null', 'Envelope'], default: null },
        ],
      });
      const text =
        '{"from":{"city":"a"},"to":{"city":"b"},"cc":{"city":"c"},"meta":{"home":{"city":"d"},"self":"A"},"kind":"A","next":{"from":{"city":"e"},"to":{"city":"f"},"cc":{"city":"g"},"meta":{"home":{"city":"h"},"self":"A"},"kind":"A","next":null}}';
      const encoded = schema.encode(text);
      assert.equal(schema.decode(encoded, true).text, text);
      assert.throws(
        () =>
          compile({
            type: 'record',
            name: 'R',
            namespace: 'x',
            fields: [
              { name: 'a', type: { type: 'enum', name: 'E', symbols: ['A'] } },
              { name: 'b', type: 'y.E' },
            ],
          }),
        /unknown type "y.E"/,
      );
    });

    it('takes named types from a referenced schema (and references in any order)', () => {
      const money = '{"type":"record","name":"Money","namespace":"com.acme","fields":[{"name":"cents","type":"long"}]}';
      const card =
        '{"type":"record","name":"Card","namespace":"com.acme","fields":[{"name":"last4","type":"string"},{"name":"limit","type":"Money"}]}';
      const main = {
        type: 'record',
        name: 'Payment',
        fields: [
          { name: 'card', type: 'com.acme.Card' },
          { name: 'fee', type: 'com.acme.Money' },
        ],
      };
      for (const references of [
        new Map([
          ['com.acme.Money', money],
          ['com.acme.Card', card],
        ]),
        new Map([
          ['com.acme.Card', card],
          ['com.acme.Money', money],
        ]),
      ]) {
        const schema = compile(main, references);
        roundTrip(schema, '08 31323334 c801 06', '{"card":{"last4":"1234","limit":{"cents":100}},"fee":{"cents":3}}');
      }
      assert.throws(() => compile(main, new Map([['com.acme.Card', card]])), /referenced schema "com.acme.Card": .*unknown type "Money"/);
      assert.throws(
        () => compile('{"type":"record","name":"Money","namespace":"com.acme","fields":[]}', new Map([['m', money]])),
        /"com.acme.Money" is defined twice/,
      );
    });
  });

  describe('logical types', () => {
    it('decimal on bytes and fixed: exact text with every scale digit', () => {
      const decimal = compile({ type: 'bytes', logicalType: 'decimal', precision: 6, scale: 2 });
      roundTrip(decimal, '04 04ba', '"12.10"');
      roundTrip(decimal, '02 00', '"0.00"');
      roundTrip(decimal, '02 fb', '"-0.05"');
      roundTrip(decimal, '02 7f', '"1.27"');
      roundTrip(decimal, '04 0080', '"1.28"');
      roundTrip(decimal, '02 80', '"-1.28"');
      assert.equal(hex(decimal.encode('12.1')), '0404ba');
      assert.equal(hex(decimal.encode('12')), '0404b0');
      assert.equal(hex(decimal.encode('"-0.05"')), '02fb');
      assert.equal(hex(decimal.encode('1.21e1')), '0404ba');
      const wide = compile({ type: 'bytes', logicalType: 'decimal', precision: 38, scale: 10 });
      const text = '"-1234567890123456789012345678.0123456789"';
      assert.equal(wide.decode(wide.encode(text), true).text, text);
      const fixed = compile({ type: 'fixed', name: 'Money', size: 4, logicalType: 'decimal', precision: 9, scale: 3 });
      roundTrip(fixed, 'fffffffb', '"-0.005"');
      roundTrip(fixed, '000004d2', '"1.234"');
      const scale0 = compile({ type: 'bytes', logicalType: 'decimal', precision: 3 });
      roundTrip(scale0, '02 7b', '"123"');
    });

    it('dates, times and timestamps as ISO text', () => {
      roundTrip(compile({ type: 'int', logicalType: 'date' }), '98b402', '"2024-01-02"');
      roundTrip(compile({ type: 'int', logicalType: 'date' }), '01', '"1969-12-31"');
      roundTrip(compile({ type: 'int', logicalType: 'date' }), 'f3e457', '"0001-01-01"');
      roundTrip(compile({ type: 'int', logicalType: 'time-millis' }), 'aab2992b', '"12:34:56.789"');
      roundTrip(compile({ type: 'long', logicalType: 'time-micros' }), 'a898b1bed102', '"12:34:56.789012"');
      roundTrip(compile({ type: 'long', logicalType: 'timestamp-millis' }), '86e486829963', '"2024-01-02T03:04:05.123Z"');
      roundTrip(compile({ type: 'long', logicalType: 'timestamp-micros' }), '80d6fd84b8fb8606', '"2024-01-02T03:04:05.123456Z"');
      roundTrip(compile({ type: 'long', logicalType: 'timestamp-nanos' }), 'aafce7f5e6adb4a62f', '"2024-01-02T03:04:05.123456789Z"');
      roundTrip(compile({ type: 'long', logicalType: 'local-timestamp-millis' }), '86e486829963', '"2024-01-02T03:04:05.123"');
      roundTrip(compile({ type: 'long', logicalType: 'local-timestamp-micros' }), '80d6fd84b8fb8606', '"2024-01-02T03:04:05.123456"');
      roundTrip(compile({ type: 'long', logicalType: 'local-timestamp-nanos' }), 'aafce7f5e6adb4a62f', '"2024-01-02T03:04:05.123456789"');
      roundTrip(compile({ type: 'long', logicalType: 'timestamp-millis' }), '01', '"1969-12-31T23:59:59.999Z"');
      roundTrip(compile({ type: 'long', logicalType: 'timestamp-millis' }), '00', '"1970-01-01T00:00:00.000Z"');
    });

    it('agrees with Date for timestamps across the whole range', () => {
      const millis = compile({ type: 'long', logicalType: 'timestamp-millis' });
      const micros = compile({ type: 'long', logicalType: 'timestamp-micros' });
      for (const ms of [-8.64e15, -62135596800001, -1, 951782400000, 4102444800000, 253402300799999, 8.64e15, 1234567890123]) {
        const text = millis.decode(millis.encode(String(ms)), true).text;
        assert.equal(text, JSON.stringify(new Date(ms).toISOString()), String(ms));
        assert.equal(hex(millis.encode(text)), hex(millis.encode(String(ms))));
        assert.equal(micros.decode(micros.encode(`${ms}000`), true).text, JSON.stringify(new Date(ms).toISOString().replace('Z', '000Z')));
      }
    });

    it('prints values beyond JS Date as the raw number, which encodes back', () => {
      roundTrip(compile({ type: 'int', logicalType: 'date' }), 'feffffff0f', '2147483647');
      roundTrip(compile({ type: 'long', logicalType: 'timestamp-millis' }), 'feffffffffffffffff01', '9223372036854775807');
      roundTrip(compile({ type: 'int', logicalType: 'time-millis' }), '01', '-1');
      roundTrip(compile({ type: 'long', logicalType: 'timestamp-nanos' }), '02', '"1970-01-01T00:00:00.000000001Z"');
    });

    it('uuid as the string; unknown and invalid logical types as the underlying type', () => {
      const uuid = compile({ type: 'string', logicalType: 'uuid' });
      const id = '123e4567-e89b-12d3-a456-426614174000';
      assert.equal(uuid.decode(uuid.encode(JSON.stringify(id)), true).text, JSON.stringify(id));
      roundTrip(compile({ type: 'long', logicalType: 'mystery' }), '02', '1');
      roundTrip(compile({ type: 'bytes', logicalType: 'decimal', precision: 2, scale: 3 }), '02 41', '"A"');
      roundTrip(compile({ type: 'string', logicalType: 'date' }), '02 41', '"A"');
    });
  });

  describe('unions', () => {
    const card = { type: 'record', name: 'Card', namespace: 'com.acme', fields: [{ name: 'last4', type: 'string' }] };
    const payment = compile({
      type: 'record',
      name: 'Payment',
      fields: [
        { name: 'note', type: ['null', 'string'], default: null },
        { name: 'payment', type: ['null', 'string', card] },
        { name: 'amounts', type: { type: 'array', items: ['int', 'long', 'string'] } },
      ],
    });

    it('shows the plain value, with a note where the branch is not obvious', () => {
      const decoded = payment.decode(bytes('02 0278 04 0831323334 04 00 02 02 04 00'), false);
      assert.equal(decoded.text, '{"note":"x","payment":{"last4":"1234"},"amounts":[1,2]}');
      assert.deepEqual(decoded.notes, [
        'payment: union branch "com.acme.Card"',
        'amounts[0]: union branch "int"',
        'amounts[1]: union branch "long"',
      ]);
      assert.equal(payment.decode(bytes('02 0278 04 0831323334 04 00 02 02 04 00'), true).notes, undefined);
      assert.equal(payment.decode(bytes('00 00 00'), false).notes, undefined, 'null branches get no note');
    });

    it('notes the path through maps and arrays', () => {
      const schema = compile({ type: 'map', values: { type: 'array', items: ['null', 'long', 'string'] } });
      const decoded = schema.decode(schema.encode('{"a b": [null, 1, "x"]}'), false);
      assert.deepEqual(decoded.notes, ['["a b"][1]: union branch "long"', '["a b"][2]: union branch "string"']);
    });

    it('a root union notes without a path, and notes stop after 50', () => {
      const root = compile(['null', 'int', 'string']);
      assert.deepEqual(root.decode(bytes('04 0278'), false).notes, ['union branch "string"']);
      const many = compile({ type: 'array', items: ['int', 'string'] });
      const encoded = many.encode(JSON.stringify(Array.from({ length: 60 }, (_, i) => i)));
      const notes = many.decode(encoded, false).notes ?? [];
      assert.equal(notes.length, 51);
      assert.equal(notes[49], '[49]: union branch "int"');
    });

    it('encodes the plain value with the first branch that takes it', () => {
      assert.equal(
        hex(payment.encode('{"payment": null, "amounts": [1, 9007199254740993, "x"]}')),
        '00 00 06 00 02 02 8280808080808020 04 0278 00'.replace(/\s/g, ''),
      );
      assert.equal(hex(payment.encode('{"note": "n", "payment": {"last4": "1"}, "amounts": []}')), '02026e 04 0231 00'.replace(/\s/g, ''));
      assert.equal(hex(payment.encode('{"payment": "cash", "amounts": []}')), '00 02 0863617368 00'.replace(/\s/g, ''));
    });

    it("accepts Avro's wrapped form when no branch takes the object as is", () => {
      assert.equal(
        hex(payment.encode('{"payment": {"com.acme.Card": {"last4": "1"}}, "amounts": [{"long": 1}]}')),
        '00 04 0231 02 02 02 00'.replace(/\s/g, ''),
      );
      assert.equal(hex(payment.encode('{"note": {"string": "n"}, "payment": null, "amounts": []}')), '02026e 00 00'.replace(/\s/g, ''));
      assert.equal(
        hex(payment.encode('{"payment": {"Card": {"last4": "1"}}, "amounts": []}')),
        '00 04 0231 00'.replace(/\s/g, ''),
        'the simple name of a named branch',
      );
    });

    it('prefers a record branch for an object, then a map', () => {
      const schema = compile([
        { type: 'map', values: 'int' },
        { type: 'record', name: 'P', fields: [{ name: 'x', type: 'int' }] },
      ]);
      assert.equal(hex(schema.encode('{"x": 1}')), '0202');
      assert.equal(hex(schema.encode('{"y": 1}')), '00020279 02 00'.replace(/\s/g, ''));
    });
  });

  describe('defaults', () => {
    it('fills a missing field from its default, exactly', () => {
      const schema = compile({
        type: 'record',
        name: 'D',
        fields: [
          { name: 'big', type: 'long', default: 12345 },
          { name: 'maybe', type: ['null', 'string'], default: null },
          { name: 'raw', type: 'bytes', default: '\u00ff' },
          { name: 'money', type: { type: 'bytes', logicalType: 'decimal', precision: 4, scale: 2 }, default: '\u0004\u00ba' },
          { name: 'inner', type: { type: 'record', name: 'In', fields: [{ name: 'n', type: 'int', default: 7 }] }, default: {} },
          { name: 'color', type: { type: 'enum', name: 'Color', symbols: ['RED', 'BLUE'] }, default: 'BLUE' },
        ],
      });
      const encoded = schema.encode('{}');
      assert.equal(hex(encoded), 'f2c001 00 02ff 0404ba 0e 02'.replace(/\s/g, ''));
      assert.equal(
        schema.decode(encoded, true).text,
        '{"big":12345,"maybe":null,"raw":"ÿ","money":"12.10","inner":{"n":7},"color":"BLUE"}',
      );
    });

    it('keeps a long default beyond 2^53 exact (the schema is not read through JSON.parse)', () => {
      const schema = compile('{"type":"record","name":"L","fields":[{"name":"n","type":"long","default":4611686018427387905}]}');
      assert.equal(schema.decode(schema.encode('{}'), true).text, '{"n":4611686018427387905}');
    });
  });

  describe('decode errors', () => {
    const order = compile(ORDER);

    it('says where the bytes ran out, and in which field', () => {
      // Three items; the third's sku claims 4 bytes but only 2 are there.
      const message = decodeError(order, '02 06 0261 02 0262 04 08 6364');
      assert.equal(message, 'truncated at byte 11 (a string of 4 bytes from byte 9) while reading field items[2].sku');
      assert.match(decodeError(order, '02'), /^truncated at byte 1 \(a number from byte 1\) while reading field items$/);
      assert.match(decodeError(compile('"double"'), '0000'), /truncated at byte 2 \(a double of 8 bytes from byte 0\)/);
      assert.match(decodeError(compile('"long"'), '80'), /truncated at byte 1/);
      assert.match(decodeError(compile('"long"'), 'ffffffffffffffffffff01'), /longer than 10 bytes|overflows 64 bits/);
    });

    it('refuses bad union, enum and boolean values', () => {
      assert.match(decodeError(compile(['null', 'int']), '0a'), /^union index 5 out of range \(2 branches\) at byte 0$/);
      assert.match(decodeError(compile(['null', 'int']), '01'), /union index -1 out of range/);
      assert.match(decodeError(order, '02 00 0a'), /enum index 5 out of range \(3 symbols\) at byte 2 while reading field status/);
      assert.match(decodeError(compile('"boolean"'), '02'), /a boolean is 0 or 1, not 2/);
    });

    it('refuses bytes left after the value', () => {
      assert.equal(decodeError(compile('"int"'), '02 000000'), '3 bytes left after the value (it ends at byte 1)');
    });

    it('checks lengths and counts before allocating or looping', () => {
      const string = compile('"string"');
      assert.match(decodeError(string, 'feffffffffffffff7f'), /negative or huge length/);
      assert.equal(decodeError(string, 'feffffff0f 41'), 'truncated at byte 6 (a string of 2147483647 bytes from byte 5)');
      assert.match(decodeError(string, '03'), /negative or huge length/);
      assert.match(
        decodeError(compile({ type: 'array', items: 'long' }), 'feffffff0f 02'),
        /claims 2147483647 items, more than the 1 bytes left/,
      );
      assert.match(decodeError(compile({ type: 'array', items: 'null' }), 'feffffff0f 00'), /claims 2147483647 items/);
      assert.match(decodeError(compile({ type: 'map', values: 'null' }), '04 00 00'), /more than the 2 bytes left|truncated/);
      const list = compile({ type: 'record', name: 'Node', fields: [{ name: 'next', type: ['null', 'Node'] }] });
      assert.equal(list.decode(bytes('02 02 00'), true).text, '{"next":{"next":{"next":null}}}');
      assert.throws(
        () => list.decode(new Uint8Array(200000).fill(2), true),
        /^Error: the value cannot be decoded: Maximum call stack size exceeded$/,
      );
      assert.throws(
        () => list.decode(new Uint8Array(1000).fill(2), true),
        /^Error: truncated at byte 1000 \(a number from byte 1000\) while reading field \.\.\.(next\.)+next$/,
      );
    });
  });

  describe('encode errors', () => {
    const order = compile(ORDER);
    const base = { id: 1, items: [], status: 'NEW', attrs: {}, hash: 'ab' };

    function refused(value: string, message: string | RegExp, path: string, at: string): void {
      const error = encodeError(order, value);
      if (typeof message === 'string') {
        assert.equal(error.message, message);
      } else {
        assert.match(error.message, message);
      }
      assert.equal(error.path, path);
      assert.ok(
        value.slice(error.offset).startsWith(at),
        `offset ${error.offset} at ${value.slice(error.offset, error.offset + 20)}, not ${at}`,
      );
    }

    it('names the missing or unknown field, with path and offset', () => {
      refused('{"items": [], "status": "NEW", "attrs": {}, "hash": "ab"}', 'missing field "id" (Order)', 'id', '{"items"');
      refused('{"id": 1, "items": [], "status": "NEW", "attrs": {}, "hash": "ab", "y": 2}', 'no field "y" in record Order', 'y', '"y"');
      const items = '[{"sku": "a", "qty": 1}, {"sku": "b", "qty": 2}, {"sku": 3, "qty": 3}]';
      refused(
        `{"id": 1, "items": ${items}, "status": "NEW", "attrs": {}, "hash": "ab"}`,
        'a string needs a JSON string, not 3',
        'items[2].sku',
        '3, "qty": 3}',
      );
      refused(
        `{"id": 1, "items": [{"sku": "a"}], "status": "NEW", "attrs": {}, "hash": "ab"}`,
        'missing field "qty" (Item)',
        'items[0].qty',
        '{"sku": "a"}',
      );
    });

    it('refuses numbers that do not fit', () => {
      refused(JSON.stringify({ ...base, id: 1.5 }), 'a long needs a whole number, not 1.5', 'id', '1.5');
      refused('{"id": 1e3, "items": [], "status": "NEW", "attrs": {}, "hash": "ab"}', /whole number, not 1e3/, 'id', '1e3');
      refused(
        '{"id": 9223372036854775808, "items": [], "status": "NEW", "attrs": {}, "hash": "ab"}',
        /9223372036854775808 is beyond a long/,
        'id',
        '9223372036854775808',
      );
      refused('{"id": "1", "items": [], "status": "NEW", "attrs": {}, "hash": "ab"}', /not "1"/, 'id', '"1"');
      const int = compile('"int"');
      assert.match(encodeError(int, '2147483648').message, /2147483648 is beyond an int/);
      assert.match(encodeError(compile('"double"'), '1e400').message, /1e400 is beyond a double/);
      assert.match(encodeError(compile('"float"'), '1e39').message, /beyond a float/);
    });

    it('refuses bad enum symbols, fixed sizes, bytes, map values', () => {
      refused(
        JSON.stringify({ ...base, status: 'LOST' }),
        '"LOST" is not a symbol of enum Status (NEW, PAID, SHIPPED)',
        'status',
        '"LOST"',
      );
      refused(JSON.stringify({ ...base, hash: 'abc' }), 'fixed Hash holds 2 bytes, not 3', 'hash', '"abc"');
      refused(JSON.stringify({ ...base, hash: 'a€' }), /character 1 is U\+20AC/, 'hash', '"a€"');
      refused(
        JSON.stringify({ ...base, attrs: { ok: 'x', 'odd key': 5 } }),
        /a string needs a JSON string, not 5/,
        'attrs["odd key"]',
        '5',
      );
      refused(
        '{"id": 1, "items": [], "status": "NEW", "attrs": {"a": "x", "a": "y"}, "hash": "ab"}',
        'key "a" is given twice',
        'attrs["a"]',
        '"a": "y"',
      );
    });

    it('refuses logical values that would change', () => {
      const decimal = compile({ type: 'bytes', logicalType: 'decimal', precision: 4, scale: 2 });
      assert.match(encodeError(decimal, '12.345').message, /12.345 has 3 fraction digits, decimal\(4,2\) keeps 2/);
      assert.match(encodeError(decimal, '"123.4"').message, /has 5 digits at scale 2, decimal\(4,2\) holds 4/);
      assert.match(encodeError(decimal, '"1,5"').message, /not a decimal number/);
      const fixed = compile({ type: 'fixed', name: 'F', size: 1, logicalType: 'decimal', precision: 2, scale: 0 });
      assert.equal(hex(fixed.encode('99')), '63');
      assert.equal(hex(fixed.encode('-99')), '9d');
      assert.match(encodeError(compile({ type: 'int', logicalType: 'date' }), '"2023-02-29"').message, /not a date/);
      assert.match(
        encodeError(compile({ type: 'int', logicalType: 'time-millis' }), '"12:00:00.1234"').message,
        /4 fraction digits, this type keeps 3/,
      );
      assert.match(
        encodeError(compile({ type: 'long', logicalType: 'timestamp-millis' }), '"2024-01-02T03:04:05.123"').message,
        /not a UTC timestamp/,
      );
      assert.match(
        encodeError(compile({ type: 'long', logicalType: 'local-timestamp-millis' }), '"2024-01-02T03:04:05.123Z"').message,
        /not a local timestamp/,
      );
      assert.match(encodeError(compile({ type: 'string', logicalType: 'uuid' }), '"not-a-uuid"').message, /a uuid needs a string like/);
      assert.equal(
        hex(compile({ type: 'int', logicalType: 'time-millis' }).encode('"12:34:56.7"')),
        hex(compile('"int"').encode('45296700')),
      );
    });

    it('refuses JSON nested deeper than the stack instead of crashing', () => {
      const list = compile({ type: 'record', name: 'Node', fields: [{ name: 'next', type: ['null', 'Node'] }] });
      const deep = `${'{"next":'.repeat(100000)}null${'}'.repeat(100000)}`;
      assert.match(encodeError(list, deep).message, /cannot be encoded/);
      const fine = `${'{"next":'.repeat(500)}null${'}'.repeat(500)}`;
      assert.equal(list.decode(list.encode(fine), true).text, fine);
    });

    it('refuses invalid JSON at the first syntax error, and values no union branch takes', () => {
      const error = encodeError(order, '{"id": 1,, "items": []}');
      assert.equal(error.path, '');
      assert.equal(error.offset, 9);
      assert.match(error.message, /invalid JSON/);
      assert.match(encodeError(order, '').message, /invalid JSON/);
      const union = compile({ type: 'record', name: 'U', fields: [{ name: 'v', type: ['null', 'int', 'string'] }] });
      const refusal = encodeError(union, '{"v": true}');
      assert.equal(refusal.message, "true fits none of the union's branches (null, int, string)");
      assert.equal(refusal.path, 'v');
      assert.equal(refusal.offset, 6);
      assert.match(encodeError(union, '{"v": 1.5}').message, /an int needs a whole number, not 1.5/);
    });
  });

  describe('invalid schemas', () => {
    const cases: [unknown, RegExp][] = [
      ['"strin"', /unknown type "strin"/],
      [{ type: 'record', name: 'R', fields: [{ name: 'a', type: 'Nope' }] }, /field "a" of record R: unknown type "Nope"/],
      [
        { type: 'record', name: 'R', fields: [{ name: 'a', type: { type: 'enum', name: 'R', symbols: ['A'] } }] },
        /type "R" is defined twice/,
      ],
      [
        { type: 'record', name: 'R', fields: [{ name: 'a', type: 'int', default: 'x' }] },
        /bad default for field "a" of record R: an int needs a whole number, not "x"/,
      ],
      [{ type: 'record', name: 'R', fields: [{ name: 'a', type: ['string', 'null'], default: null }] }, /bad default for field "a"/],
      [
        {
          type: 'record',
          name: 'R',
          fields: [
            { name: 'a', type: 'int' },
            { name: 'a', type: 'int' },
          ],
        },
        /has field "a" twice/,
      ],
      [{ type: 'record', name: 'R', fields: [{ name: 'a-b', type: 'int' }] }, /without a valid name/],
      [{ type: 'record', name: '1R', fields: [] }, /not a valid Avro name/],
      [{ type: 'record', name: 'R' }, /record without "fields"|record R without "fields"/],
      [{ type: 'enum', name: 'E', symbols: ['A', 'A'] }, /not a valid, unique symbol/],
      [{ type: 'enum', name: 'E', symbols: ['A'], default: 'B' }, /default "B" is not one of its symbols/],
      [{ type: 'fixed', name: 'F', size: -1 }, /needs a non-negative integer "size"/],
      [{ type: 'array' }, /array without "items"/],
      [['int', 'int'], /union has "int" twice/],
      [['int', ['string']], /may not hold another union/],
      [{ type: 'record', name: 'string', fields: [] }, /redefines the primitive type string/],
      [{ type: 'record', name: 'R', fields: [{ name: 'a', type: 'int', order: 'sideways' }] }, /unknown order "sideways"/],
      ['{"type": "record", "name": "R", "fields": [}', /the schema is not valid JSON/],
      [42, /a schema is a type name, an object or an array/],
    ];
    for (const [schema, message] of cases) {
      it(`refuses ${JSON.stringify(schema)}`, () => {
        assert.throws(() => compile(schema), message);
      });
    }
  });

  describe('round trips', () => {
    it('bytes → text → the same bytes for a schema with every type', () => {
      const schema = compile({
        type: 'record',
        name: 'All',
        namespace: 'com.acme',
        fields: [
          { name: 'n', type: 'null' },
          { name: 'b', type: 'boolean' },
          { name: 'i', type: 'int' },
          { name: 'l', type: 'long' },
          { name: 'f', type: 'float' },
          { name: 'd', type: 'double' },
          { name: 's', type: 'string' },
          { name: 'by', type: 'bytes' },
          { name: 'e', type: { type: 'enum', name: 'E', symbols: ['X', 'Y'] } },
          { name: 'fx', type: { type: 'fixed', name: 'FX', size: 3 } },
          { name: 'a', type: { type: 'array', items: { type: 'map', values: ['null', 'double', 'string'] } } },
          { name: 'dec', type: { type: 'bytes', logicalType: 'decimal', precision: 20, scale: 4 } },
          { name: 'day', type: { type: 'int', logicalType: 'date' } },
          { name: 'ts', type: { type: 'long', logicalType: 'timestamp-micros' } },
          { name: 'u', type: ['null', 'E', 'FX', { type: 'record', name: 'Sub', fields: [{ name: 'z', type: 'long' }] }] },
        ],
      });
      const values = [
        '{"n":null,"b":true,"i":-2147483648,"l":-9223372036854775808,"f":3.4028235e+38,"d":5e-324,"s":"ünï\\u0000\\"","by":"\\u0000\\u0001ÿ","e":"Y","fx":"abc","a":[{"k":1.5,"m":null,"q":"s"},{}],"dec":"-12345678901234.5678","day":"-271821-04-20","ts":"2262-04-11T23:47:16.854775Z","u":{"z":4611686018427387905}}',
        '{"n":null,"b":false,"i":0,"l":9223372036854775807,"f":"-Infinity","d":-0.0,"s":"","by":"","e":"X","fx":"\\u0000\\u0000\\u0000","a":[],"dec":"0.0000","day":"+275760-09-13","ts":"1969-12-31T23:59:59.999999Z","u":"Y"}',
        '{"n":null,"b":false,"i":1,"l":1,"f":1e-45,"d":1.7976931348623157e+308,"s":"😀","by":"x","e":"X","fx":"xyz","a":[{"":"NaN"}],"dec":"99999999999999.9999","day":"1970-01-01","ts":"1970-01-01T00:00:00.000000Z","u":null}',
      ];
      for (const text of values) {
        const encoded = schema.encode(text);
        const decoded = schema.decode(encoded, false);
        assert.equal(decoded.text, text);
        assert.equal(hex(schema.encode(decoded.text)), hex(encoded));
        assert.equal(hex(schema.encode(decoded.pretty ?? '')), hex(encoded));
      }
    });

    it('random longs, doubles and floats come back bit for bit', () => {
      const schema = compile({
        type: 'record',
        name: 'R',
        fields: [
          { name: 'l', type: 'long' },
          { name: 'd', type: 'double' },
          { name: 'f', type: 'float' },
        ],
      });
      const view = Buffer.alloc(20);
      let seed = 12345;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
      for (let round = 0; round < 2000; round++) {
        for (let i = 0; i < 20; i++) {
          view[i] = next() & 0xff;
        }
        const long = view.readBigInt64LE(0) >> BigInt(next() % 64);
        const out = Buffer.concat([Buffer.from(compile('"long"').encode(String(long))), view.subarray(8, 20)]);
        if (Number.isNaN(view.readDoubleLE(8)) || Number.isNaN(view.readFloatLE(16))) {
          continue; // NaN payloads are not kept; every NaN encodes as the canonical one
        }
        const text = schema.decode(out, true).text;
        assert.equal(hex(schema.encode(text)), out.toString('hex'), text);
      }
    });
  });
});
