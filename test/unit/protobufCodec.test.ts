import * as assert from 'node:assert/strict';
import * as protobuf from 'protobufjs';
import { CompiledSchema, SchemaValueError } from '../../src/codecs/schemas/compiledSchema';
import { compileProtobuf } from '../../src/codecs/schemas/protobuf';

const NO_REFERENCES: ReadonlyMap<string, string> = new Map();

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

const SCALARS = `
syntax = "proto3";
package test;
message Scalars {
  double d = 1; float f = 2; int32 i32 = 3; int64 i64 = 4; uint32 u32 = 5; uint64 u64 = 6;
  sint32 s32 = 7; sint64 s64 = 8; fixed32 f32 = 9; fixed64 f64 = 10; sfixed32 sf32 = 11; sfixed64 sf64 = 12;
  bool b = 13; string s = 14; bytes by = 15;
}`;

const ORDERS = `
syntax = "proto3";
package com.acme;
enum Status { STATUS_UNKNOWN = 0; NEW = 1; SHIPPED = 2; }
message Order {
  string id = 1;
  repeated Line lines = 2;
  Status status = 3;
  map<string, int32> counts = 4;
  oneof payment { string card = 5; int64 cash_cents = 6; }
  Line first = 7;
  message Line {
    string sku = 1;
    int32 qty = 2;
    message Note { string text = 1; }
  }
  message Fee { int32 cents = 1; }
}
message Customer { string name = 1; }`;

/** The SchemaValueError `run` throws, with its path and where its offset points in `text`. */
function valueError(run: () => unknown, text: string): { message: string; path: string; at: string } {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof SchemaValueError, `expected a SchemaValueError, got ${String(error)}`);
    return { message: error.message, path: error.path, at: text.slice(error.offset) };
  }
  return assert.fail('expected a SchemaValueError');
}

function roundTrip(schema: CompiledSchema, json: string): string {
  const text = schema.decode(schema.encode(json), true).text;
  // And once more from the printed text: the same bytes, the same text.
  const again = schema.encode(text);
  assert.equal(schema.decode(again, true).text, text);
  return text;
}

describe('Protobuf codec', () => {
  describe('scalars', () => {
    const scalars = compileProtobuf(SCALARS, NO_REFERENCES);

    it('shows every scalar with its default when the message is empty', () => {
      const decoded = scalars.decode(fromHex('00'), false);
      assert.equal(
        decoded.text,
        '{"d":0,"f":0,"i32":0,"i64":0,"u32":0,"u64":0,"s32":0,"s64":0,"f32":0,"f64":0,"sf32":0,"sf64":0,"b":false,"s":"","by":""}',
      );
      assert.deepEqual(decoded.notes, ['message type: test.Scalars (message indexes [0])']);
      assert.ok(decoded.pretty?.startsWith('{\n  "d": 0,\n  "f": 0,'));
      assert.deepEqual(scalars.decode(fromHex('00'), true), { text: decoded.text });
    });

    it('writes each scalar kind with its wire type, as computed by hand', () => {
      assert.equal(hex(scalars.encode('{"i32": 150}')), '00' + '189601');
      assert.equal(hex(scalars.encode('{"s": "hi"}')), '00' + '72026869');
      assert.equal(hex(scalars.encode('{"i64": -1}')), '00' + '20ffffffffffffffffff01');
      assert.equal(hex(scalars.encode('{"s64": -1}')), '00' + '4001');
      assert.equal(hex(scalars.encode('{"f32": 1}')), '00' + '4d01000000');
      assert.equal(hex(scalars.encode('{"sf64": -2}')), '00' + '61feffffffffffffff');
      assert.equal(hex(scalars.encode('{"u64": 18446744073709551615}')), '00' + '30ffffffffffffffffff01');
      assert.equal(hex(scalars.encode('{"d": 1.5}')), '00' + '09000000000000f83f');
      assert.equal(hex(scalars.encode('{"b": true}')), '00' + '6801');
      assert.equal(hex(scalars.encode('{"by": "AQID"}')), '00' + '7a03010203');
      // proto3 leaves fields at their default off the wire.
      assert.equal(hex(scalars.encode('{"i32": 0, "s": "", "b": false}')), '00');
    });

    it('prints 64-bit integers unquoted and exact at their extremes', () => {
      const json =
        '{"d":0,"f":0,"i32":-2147483648,"i64":-9223372036854775808,"u32":4294967295,"u64":18446744073709551615,' +
        '"s32":2147483647,"s64":9223372036854775807,"f32":4294967295,"f64":18446744073709551615,' +
        '"sf32":-2147483648,"sf64":-9223372036854775808,"b":true,"s":"x","by":""}';
      assert.equal(roundTrip(scalars, json), json);
      const near =
        '{"d":0,"f":0,"i32":0,"i64":4611686018427387905,"u32":0,"u64":9007199254740993,"s32":0,"s64":-4611686018427387905,"f32":0,"f64":0,"sf32":0,"sf64":9223372036854775807,"b":false,"s":"","by":""}';
      assert.equal(roundTrip(scalars, near), near);
    });

    it("agrees with protobufjs' own encoder and decoder on 64-bit values", () => {
      const type = protobuf.parse(SCALARS, { keepCase: true }).root.lookupType('test.Scalars');
      const Long = protobuf.util.Long as unknown as { fromString(text: string, unsigned?: boolean): protobuf.Long };
      const theirs = type
        .encode(
          type.fromObject({
            i64: Long.fromString('9223372036854775807'),
            u64: Long.fromString('18446744073709551615', true),
            s64: Long.fromString('-9223372036854775808'),
            f64: Long.fromString('18446744073709551615', true),
            sf64: Long.fromString('-4611686018427387905'),
          }),
        )
        .finish();
      const text = scalars.decode(new Uint8Array([0, ...theirs]), true).text;
      assert.match(
        text,
        /"i64":9223372036854775807,.*"u64":18446744073709551615,.*"s64":-9223372036854775808,.*"f64":18446744073709551615,.*"sf64":-4611686018427387905,/,
      );

      const ours = scalars.encode('{"i64": -9223372036854775808, "u64": 4611686018427387905, "sf64": 9223372036854775807}');
      const decoded = type.toObject(type.decode(ours.subarray(1)), { longs: String });
      assert.deepEqual([decoded.i64, decoded.u64, decoded.sf64], ['-9223372036854775808', '4611686018427387905', '9223372036854775807']);
    });

    it('takes 64-bit integers written as strings of digits, as proto3 JSON writes them', () => {
      assert.equal(hex(scalars.encode('{"u64": "18446744073709551615"}')), hex(scalars.encode('{"u64": 18446744073709551615}')));
      assert.match(scalars.decode(scalars.encode('{"i64": "-42"}'), true).text, /"i64":-42,/);
    });

    it('prints floats by their shortest text and non-finite numbers as strings', () => {
      assert.match(roundTrip(scalars, '{"f": 0.1, "d": 0.1}'), /^\{"d":0\.1,"f":0\.1,/);
      assert.match(roundTrip(scalars, '{"f": 3.4028234663852886e38, "d": -1e-300}'), /^\{"d":-1e-300,"f":3\.4028235e\+38,/);
      assert.match(roundTrip(scalars, '{"d": "NaN", "f": "-Infinity"}'), /^\{"d":"NaN","f":"-Infinity",/);
      assert.match(roundTrip(scalars, '{"d": "Infinity"}'), /^\{"d":"Infinity",/);
      assert.match(roundTrip(scalars, '{"d": -0}'), /^\{"d":-0,/);
    });

    it('writes bytes as base64 and reads standard or URL-safe base64', () => {
      assert.match(roundTrip(scalars, '{"by": "+/8="}'), /"by":"\+\/8="/);
      assert.equal(hex(scalars.encode('{"by": "-_8"}')), hex(scalars.encode('{"by": "+/8="}')));
      assert.match(roundTrip(scalars, '{"s": "ünïcödé \\u2028 \\"q\\""}'), /"s":"ünïcödé \u2028 \\"q\\""/);
    });
  });

  describe('message indexes', () => {
    const orders = compileProtobuf(ORDERS, NO_REFERENCES);

    it("chooses the message type by the payload's indexes", () => {
      const customer = orders.decode(fromHex('0202' + '0a03626f62'), false);
      assert.equal(customer.text, '{"name":"bob"}');
      assert.deepEqual(customer.notes, ['message type: com.acme.Customer (message indexes [1])']);
      const line = orders.decode(fromHex('040000' + '0a0161' + '1002'), false);
      assert.equal(line.text, '{"sku":"a","qty":2}');
      assert.deepEqual(line.notes, ['message type: com.acme.Order.Line (message indexes [0, 0])']);
      assert.equal(orders.decode(fromHex('040002' + '0805'), true).text, '{"cents":5}');
      assert.equal(orders.decode(fromHex('06000000' + '0a0168'), true).text, '{"text":"h"}');
      // A count of 0 means [0]; [0] written out in full means the same.
      assert.equal(orders.decode(fromHex('00' + '0a0178'), true).text, orders.decode(fromHex('0200' + '0a0178'), true).text);
    });

    it('writes the first message as a single 0 byte and others as zigzag varints', () => {
      assert.equal(hex(orders.encode('{"id": "x"}')), '00' + '0a0178');
      assert.equal(hex(compileProtobuf(ORDERS, NO_REFERENCES, 'Customer').encode('{"name": "bob"}')), '0202' + '0a03626f62');
      assert.equal(hex(compileProtobuf(ORDERS, NO_REFERENCES, 'com.acme.Order.Fee').encode('{"cents": 5}')), '040002' + '0805');
      assert.equal(hex(compileProtobuf(ORDERS, NO_REFERENCES, 'Line.Note').encode('{"text": "h"}')), '06000000' + '0a0168');
      assert.equal(hex(compileProtobuf(ORDERS, NO_REFERENCES, '.com.acme.Order').encode('{}')), '00');
    });

    it('writes a multi-byte index: [64] is count 1 (02), index 64 (zigzag 128 = 80 01)', () => {
      const many = `syntax = "proto3"; ${Array.from({ length: 65 }, (_, i) => `message M${i} { int32 n = 1; }`).join(' ')}`;
      const payload = compileProtobuf(many, NO_REFERENCES, 'M64').encode('{"n": 1}');
      assert.equal(hex(payload), '028001' + '0801');
      assert.deepEqual(compileProtobuf(many, NO_REFERENCES).decode(payload, false).notes, ['message type: M64 (message indexes [64])']);
    });

    it('counts declared messages only, not map entries or enums', () => {
      const schema = compileProtobuf(
        'syntax = "proto3"; message A { map<string, int32> m = 1; enum E { X = 0; } message B { int32 x = 1; } message C { int32 y = 1; } }',
        NO_REFERENCES,
        'A.C',
      );
      assert.equal(hex(schema.encode('{"y": 1}')), '040002' + '0801');
    });

    it('refuses indexes out of range and malformed index lists', () => {
      assert.throws(
        () => orders.decode(fromHex('0204'), true),
        /message index 2 is out of range: the schema file declares 2 message types/,
      );
      assert.throws(
        () => orders.decode(fromHex('04000a'), true),
        /message index 5 is out of range: message com\.acme\.Order declares 2 message types/,
      );
      assert.throws(() => orders.decode(fromHex(''), true), /bad Protobuf message-index list: truncated/);
      assert.throws(() => orders.decode(fromHex('01'), true), /bad Protobuf message-index list: a count of -1/);
      assert.throws(() => orders.decode(fromHex('7e00'), true), /bad Protobuf message-index list: a count of 63 with 1 bytes left/);
      assert.throws(() => orders.decode(fromHex('0201'), true), /bad Protobuf message-index list: negative index -1/);
    });

    it('refuses a message name the schema file does not declare', () => {
      assert.throws(
        () => compileProtobuf(ORDERS, NO_REFERENCES, 'Invoice'),
        /no message "Invoice" in the Protobuf schema \(it declares com\.acme\.Order, /,
      );
      assert.throws(
        () => compileProtobuf('syntax = "proto3"; message A { message X {} } message B { message X {} }', NO_REFERENCES, 'X'),
        /message name "X" is ambiguous in the Protobuf schema: A\.X, B\.X/,
      );
    });
  });

  describe('messages', () => {
    const orders = compileProtobuf(ORDERS, NO_REFERENCES);

    it('prints nested and repeated messages, enums, maps and the oneof member set', () => {
      const json =
        '{"id":"o-1","lines":[{"sku":"a","qty":1},{"sku":"b","qty":0}],"status":"SHIPPED","counts":{"x":1,"y":-2},"cash_cents":9007199254740993,"first":{"sku":"a","qty":1}}';
      assert.equal(roundTrip(orders, json), json);
    });

    it('leaves out unset message fields and unset oneofs, shows empty lists and maps', () => {
      assert.equal(orders.decode(fromHex('00'), true).text, '{"id":"","lines":[],"status":"STATUS_UNKNOWN","counts":{}}');
      // An empty message that is set is shown.
      assert.equal(
        orders.decode(fromHex('00' + '3a00'), true).text,
        '{"id":"","lines":[],"status":"STATUS_UNKNOWN","counts":{},"first":{"sku":"","qty":0}}',
      );
      // A oneof member at its default is still shown: it is set.
      assert.match(roundTrip(orders, '{"card": ""}'), /"counts":\{\},"card":""\}$/);
    });

    it('prints enum numbers it does not know as numbers, and takes names or numbers', () => {
      assert.match(orders.decode(fromHex('00' + '1807'), true).text, /"status":7,/);
      assert.equal(hex(orders.encode('{"status": 2}')), hex(orders.encode('{"status": "SHIPPED"}')));
      assert.match(roundTrip(orders, '{"status": 7}'), /"status":7,/);
    });

    it('keeps the last oneof member on the wire, as protobuf parsers do', () => {
      // card = "v" (field 5), then cash_cents = 3 (field 6).
      assert.match(orders.decode(fromHex('00' + '2a0176' + '3003'), true).text, /"counts":\{\},"cash_cents":3\}$/);
    });

    it('reads repeated numbers packed or not, and writes them packed (proto3)', () => {
      const schema = compileProtobuf('syntax = "proto3"; message R { repeated int32 n = 1; repeated string s = 2; }', NO_REFERENCES);
      assert.equal(hex(schema.encode('{"n": [1, 2, 3], "s": ["a", "b"]}')), '00' + '0a03010203' + '120161' + '120162');
      assert.equal(schema.decode(fromHex('00' + '080108020803'), true).text, '{"n":[1,2,3],"s":[]}');
      assert.equal(schema.decode(fromHex('00' + '0a020102' + '0803'), true).text, '{"n":[1,2,3],"s":[]}');
    });

    it('writes proto2 repeated numbers unpacked unless [packed = true]', () => {
      const schema = compileProtobuf(
        'syntax = "proto2"; message R { repeated int32 a = 1; repeated int32 b = 2 [packed = true]; }',
        NO_REFERENCES,
      );
      assert.equal(hex(schema.encode('{"a": [1, 2], "b": [3, 4]}')), '00' + '08010802' + '12020304');
    });

    it('prints maps with integer and bool keys as JSON object keys', () => {
      const schema = compileProtobuf(
        'syntax = "proto3"; message M { map<int64, string> byId = 1; map<bool, Item> flags = 2; message Item { int32 n = 1; } }',
        NO_REFERENCES,
      );
      const json = '{"byId":{"9223372036854775807":"max","-1":"minus"},"flags":{"true":{"n":1},"false":{"n":0}}}';
      assert.equal(roundTrip(schema, json), json);
      // An entry without its value shows the value's default.
      assert.equal(schema.decode(fromHex('00' + '0a020801'), true).text, '{"byId":{"1":""},"flags":{}}');
    });

    it('skips fields the schema does not know, groups included', () => {
      // field 9 varint, field 10 fixed64, field 11 bytes, field 12 fixed32, field 13 group holding field 1 varint.
      const unknown = '4801' + '510102030405060708' + '5a026869' + '6501020304' + '6b' + '0805' + '6c';
      assert.equal(orders.decode(fromHex('0202' + unknown + '0a0162'), true).text, '{"name":"b"}');
    });

    it('merges a message field that comes twice', () => {
      // first = {sku: "a"}, then first = {qty: 2}.
      assert.match(orders.decode(fromHex('00' + '3a030a0161' + '3a021002'), true).text, /"first":\{"sku":"a","qty":2\}/);
    });

    it('shows proto2 fields and extensions when they are on the wire, whatever their [default = …]', () => {
      const schema = compileProtobuf(
        `syntax = "proto2"; package p; enum Color { RED = 1; GREEN = 2; }
         message Base { optional int32 a = 1 [default = 7]; optional Color c = 2 [default = GREEN]; optional int64 big = 3 [default = -5]; extensions 100 to 200; }
         extend Base { optional string note = 100; }`,
        NO_REFERENCES,
      );
      // Absent is not the default: shown as 7, it would be written back present.
      assert.equal(schema.decode(fromHex('00'), true).text, '{}');
      assert.equal(schema.decode(fromHex('00' + '0807' + '1002'), true).text, '{"a":7,"c":"GREEN"}');
      // proto2 fields have presence: a value equal to the default is still written.
      assert.equal(hex(schema.encode('{"a": 7, "[p.note]": "n"}')), '00' + '0807' + 'a206016e');
    });

    it('keeps presence: proto3 optional and message fields, editions explicit presence; absent stays absent, a default on the wire stays', () => {
      const cases: Array<[string, string[]]> = [
        [
          'syntax = "proto3"; message M { optional int32 x = 1; int32 y = 2; optional string s = 3; N n = 4; } message N { int32 a = 1; }',
          // Not 001000: y = 0 has no presence, and proto3 writers leave it out.
          ['00', '000800', '001a00', '002200', '000801', '0008001a002200'],
        ],
        ['edition = "2023"; message M { int32 x = 1; int32 y = 2 [features.field_presence = IMPLICIT]; }', ['00', '000800', '001001']],
        ['syntax = "proto2"; message M { optional int32 x = 1 [default = 3]; required int32 r = 2; }', ['001000', '0008031000']],
      ];
      for (const [schemaText, payloads] of cases) {
        const schema = compileProtobuf(schemaText, NO_REFERENCES);
        for (const payload of payloads) {
          const { text } = schema.decode(fromHex(payload), true);
          assert.equal(hex(schema.encode(text)), payload, `${schemaText}: ${payload} read as ${text}`);
        }
      }
      const proto3 = compileProtobuf(cases[0][0], NO_REFERENCES);
      assert.equal(proto3.decode(fromHex('00'), true).text, '{"y":0}', 'an unset optional field and an unset message are not shown');
      assert.equal(proto3.decode(fromHex('000800' + '2200'), true).text, '{"x":0,"y":0,"n":{"a":0}}');
      assert.equal(compileProtobuf(cases[1][0], NO_REFERENCES).decode(fromHex('00'), true).text, '{"y":0}');
    });

    it('reads and writes proto2 groups and required fields', () => {
      const schema = compileProtobuf(
        'syntax = "proto2"; message G { required int32 id = 1; optional group Item = 2 { optional string name = 3; } }',
        NO_REFERENCES,
      );
      assert.equal(hex(schema.encode('{"id": 0, "item": {"name": "x"}}')), '00' + '0800' + '13' + '1a0178' + '14');
      assert.equal(schema.decode(fromHex('00' + '0800' + '13' + '1a0178' + '14'), true).text, '{"id":0,"item":{"name":"x"}}');
      const text = '{"item": {}}';
      assert.deepEqual(
        valueError(() => schema.encode(text), text),
        { message: 'missing required field "id" in message G', path: '', at: text },
      );
    });
  });

  describe('imports and well-known types', () => {
    const common =
      'syntax = "proto3"; package acme.common; import "acme/units.proto"; message Money { int64 units = 1; string currency = 2; acme.units.Unit unit = 3; }';
    const units = 'syntax = "proto3"; package acme.units; enum Unit { UNIT_NONE = 0; CENT = 1; }';
    const references = new Map([
      ['acme/common.proto', common],
      ['acme/units.proto', units],
    ]);
    const invoice = `syntax = "proto3"; package billing; import "acme/common.proto";
      message Invoice { acme.common.Money total = 1; repeated acme.common.Money parts = 2; }`;

    it('resolves imports from the references, transitively', () => {
      const schema = compileProtobuf(invoice, references);
      const json =
        '{"total":{"units":9223372036854775807,"currency":"EUR","unit":"CENT"},"parts":[{"units":-1,"currency":"","unit":"UNIT_NONE"}]}';
      assert.equal(roundTrip(schema, json), json);
      assert.deepEqual(schema.decode(schema.encode(json), false).notes, ['message type: billing.Invoice (message indexes [0])']);
    });

    it('follows "import public", import cycles and "./" paths', () => {
      const b = 'syntax = "proto3"; import "c.proto"; message B { C c = 1; }';
      const c = 'syntax = "proto3"; import "b.proto"; message C { int32 z = 1; }';
      const schema = compileProtobuf(
        'syntax = "proto3"; import public "./b.proto"; message M { B b = 1; }',
        new Map([
          ['b.proto', b],
          ['c.proto', c],
        ]),
      );
      assert.equal(roundTrip(schema, '{"b": {"c": {"z": 3}}}'), '{"b":{"c":{"z":3}}}');
      assert.throws(
        () => compileProtobuf('syntax = "proto3"; import "toString"; message M {}', NO_REFERENCES),
        /imports "toString", which is neither/,
      );
    });

    it('encodes only messages the schema file itself declares', () => {
      assert.throws(
        () => compileProtobuf(invoice, references, 'acme.common.Money'),
        /no message "acme\.common\.Money" in the Protobuf schema/,
      );
    });

    const wellKnown = `syntax = "proto3"; package wk;
      import "google/protobuf/timestamp.proto"; import "google/protobuf/duration.proto"; import "google/protobuf/wrappers.proto";
      import "google/protobuf/struct.proto"; import "google/protobuf/empty.proto"; import "google/protobuf/any.proto";
      import "google/protobuf/field_mask.proto";
      message Event {
        google.protobuf.Timestamp at = 1; google.protobuf.Duration took = 2;
        google.protobuf.Int64Value big = 3; google.protobuf.StringValue note = 4; google.protobuf.BoolValue flag = 5;
        google.protobuf.Struct attrs = 6; google.protobuf.Value any_json = 7; google.protobuf.ListValue list = 8;
        google.protobuf.Empty nothing = 9; google.protobuf.Any packed = 10; google.protobuf.FieldMask mask = 11;
        google.protobuf.BytesValue raw = 12; google.protobuf.FloatValue ratio = 13;
      }`;
    const events = compileProtobuf(wellKnown, NO_REFERENCES);

    it('prints Timestamp as RFC 3339 text with the fraction digits it needs', () => {
      assert.equal(roundTrip(events, '{"at": "2024-01-02T03:04:05.123Z"}'), '{"at":"2024-01-02T03:04:05.123Z"}');
      assert.equal(roundTrip(events, '{"at": "2024-01-02T03:04:05Z"}'), '{"at":"2024-01-02T03:04:05Z"}');
      assert.equal(roundTrip(events, '{"at": "1969-12-31T23:59:59.000000001Z"}'), '{"at":"1969-12-31T23:59:59.000000001Z"}');
      assert.equal(roundTrip(events, '{"at": "2024-01-02T05:04:05.5+02:00"}'), '{"at":"2024-01-02T03:04:05.5Z"}');
      assert.equal(roundTrip(events, '{"at": "0001-01-01T00:00:00Z"}'), '{"at":"0001-01-01T00:00:00Z"}');
      // seconds = 1704164645 (field 1), nanos = 123000000 (field 2), by hand.
      assert.equal(hex(events.encode('{"at": "2024-01-02T03:04:05.123Z"}')), '00' + '0a0b' + '08a5facdac06' + '10c0a9d33a');
    });

    it('prints a Timestamp out of the RFC 3339 range as its fields', () => {
      // seconds = -62135596801: one second before 0001-01-01.
      const payload = events.encode('{"at": {"seconds": -62135596801, "nanos": 0}}');
      assert.equal(events.decode(payload, true).text, '{"at":{"seconds":-62135596801,"nanos":0}}');
    });

    it('prints Duration in seconds, wrappers as their value, Struct/Value/ListValue as plain JSON', () => {
      const json =
        '{"took":"-1.5s","big":9223372036854775807,"note":"","flag":true,"attrs":{"a":[1,null,"s",{"b":false}],"n":-2.5},' +
        '"any_json":null,"list":[[],{}],"nothing":{},"packed":{"type_url":"type.googleapis.com/wk.Event","value":"CgA="},' +
        '"mask":{"paths":["a.b","c"]},"raw":"AAE=","ratio":0.1}';
      assert.equal(roundTrip(events, json), json);
      assert.equal(roundTrip(events, '{"took": "0.000000001s"}'), '{"took":"0.000000001s"}');
      assert.equal(roundTrip(events, '{"took": "315576000000s"}'), '{"took":"315576000000s"}');
      assert.equal(roundTrip(events, '{"any_json": {"x": "y"}}'), '{"any_json":{"x":"y"}}');
    });

    it("needs no reference for Confluent's meta.proto and custom options", () => {
      const schema = compileProtobuf(
        `syntax = "proto3"; package m; import "confluent/meta.proto"; import "confluent/type/decimal.proto";
         message Price { confluent.type.Decimal amount = 1 [(confluent.field_meta).doc = "the price"]; }`,
        NO_REFERENCES,
      );
      assert.equal(
        roundTrip(schema, '{"amount": {"value": "AQ==", "precision": 4, "scale": 2}}'),
        '{"amount":{"value":"AQ==","precision":4,"scale":2}}',
      );
    });
  });

  describe('schema errors', () => {
    it('refuses a schema that does not parse', () => {
      assert.throws(
        () => compileProtobuf('syntax = "proto3"; message A { int32 = 1; }', NO_REFERENCES),
        /^Error: invalid Protobuf schema: illegal /,
      );
      assert.throws(
        () => compileProtobuf('syntax = "proto3"; import "a.proto"; message A { B b = 1; }', new Map([['a.proto', 'message {']])),
        /invalid Protobuf schema \(import "a\.proto"\): illegal/,
      );
    });

    it('refuses a type that does not resolve and a missing import', () => {
      assert.throws(
        () => compileProtobuf('syntax = "proto3"; message A { Missing m = 1; }', NO_REFERENCES),
        /invalid Protobuf schema: no such Type or Enum 'Missing' in Type \.A/,
      );
      assert.throws(
        () => compileProtobuf('syntax = "proto3"; import "x/y.proto"; message A { int32 n = 1; }', NO_REFERENCES),
        /the Protobuf schema imports "x\/y\.proto", which is neither among its references nor a well-known type/,
      );
      assert.throws(() => compileProtobuf('syntax = "proto3"; enum E { A = 0; }', NO_REFERENCES), /declares no message type/);
    });
  });

  describe('decode errors', () => {
    const orders = compileProtobuf(ORDERS, NO_REFERENCES);

    it('refuses truncated bytes, bad wire types and corrupt lengths quickly', () => {
      assert.throws(
        () => orders.decode(fromHex('00' + '0a0561'), true),
        /cannot decode Protobuf com\.acme\.Order: length 5 at byte 2 runs past the end of its message \(1 bytes left\)/,
      );
      assert.throws(
        () => orders.decode(fromHex('00' + '0801'), true),
        /bad wire type 0 for field com\.acme\.Order\.id at byte 1 \(expected 2\)/,
      );
      assert.throws(() => orders.decode(fromHex('00' + '4f'), true), /bad wire type 7 for field 9/);
      assert.throws(() => orders.decode(fromHex('00' + '18ff'), true), /truncated: the varint at byte 2 runs past the end/);
      assert.throws(
        () => orders.decode(fromHex('00' + '18ffffffffffffffffffff01'), true),
        /malformed varint at byte 2: longer than 10 bytes/,
      );
      assert.throws(() => orders.decode(fromHex('00' + '0a' + 'ffffffff0f'), true), /length 4294967295 at byte 2 runs past/);
      assert.throws(() => orders.decode(fromHex('00' + '12' + 'ffffffffffffffffff01'), true), /runs past the end of its message/);
      assert.throws(() => orders.decode(fromHex('00' + '0c'), true), /unexpected end-group tag for field 1/);
      assert.throws(() => orders.decode(fromHex('00' + '0000'), true), /invalid field number 0 at byte 1/);
      // A nested message whose field runs past the nested message's end, though not past the payload's.
      assert.throws(
        () => orders.decode(fromHex('00' + '3a02' + '0a05' + '6161616161'), true),
        /length 5 at byte 4 runs past the end of its message \(0 bytes left\)/,
      );
      const fixed = compileProtobuf('syntax = "proto3"; message F { fixed64 f = 1; }', NO_REFERENCES);
      assert.throws(
        () => fixed.decode(fromHex('00' + '09010203'), true),
        /truncated: the 8-byte value at byte 2 runs past the end of its message \(3 bytes left\)/,
      );
    });

    it('refuses messages nested deeper than 100 levels', () => {
      const tree = compileProtobuf('syntax = "proto3"; message T { T child = 1; }', NO_REFERENCES);
      let body = Buffer.alloc(0);
      for (let i = 0; i < 120; i++) {
        body = Buffer.concat([Buffer.from([0x0a, ...varint(body.length)]), body]);
      }
      assert.throws(() => tree.decode(new Uint8Array([0, ...body]), true), /nested deeper than 100 levels/);
    });
  });

  describe('encode errors', () => {
    const orders = compileProtobuf(ORDERS, NO_REFERENCES);
    const scalars = compileProtobuf(SCALARS, NO_REFERENCES);

    it('names an unknown field with its path and offset', () => {
      const text = '{"id": "x", "lines": [{"sku": "a"}, {"sku": "b", "colour": "red"}]}';
      assert.deepEqual(
        valueError(() => orders.encode(text), text),
        {
          message: 'no field "colour" in message com.acme.Order.Line',
          path: 'lines[1].colour',
          at: '"colour": "red"}]}',
        },
      );
    });

    it('names the expected type of a wrong value', () => {
      const text = '{"lines": [{"sku": 5}]}';
      assert.deepEqual(
        valueError(() => orders.encode(text), text),
        { message: 'expected string, got the number 5', path: 'lines[0].sku', at: '5}]}' },
      );
      const qty = '{"first": {"qty": "many"}}';
      assert.deepEqual(
        valueError(() => orders.encode(qty), qty),
        {
          message: 'expected int32 (an integer without fraction or exponent), got the string "many"',
          path: 'first.qty',
          at: '"many"}}',
        },
      );
      const lines = '{"lines": {"sku": "a"}}';
      assert.equal(valueError(() => orders.encode(lines), lines).message, 'expected an array for repeated field "lines", got an object');
      const flag = '{"b": 1}';
      assert.deepEqual(
        valueError(() => scalars.encode(flag), flag),
        { message: 'expected bool (true or false), got the number 1', path: 'b', at: '1}' },
      );
    });

    it('range-checks integers and refuses fractions', () => {
      const cases: Array<[string, string, string]> = [
        ['{"i32": 2147483648}', 'i32', '2147483648 is out of range for int32 (-2147483648 to 2147483647)'],
        ['{"i32": 1.5}', 'i32', 'expected int32 (an integer without fraction or exponent), got the number 1.5'],
        ['{"u32": -1}', 'u32', '-1 is out of range for uint32 (0 to 4294967295)'],
        [
          '{"i64": 9223372036854775808}',
          'i64',
          '9223372036854775808 is out of range for int64 (-9223372036854775808 to 9223372036854775807)',
        ],
        ['{"u64": 18446744073709551616}', 'u64', '18446744073709551616 is out of range for uint64 (0 to 18446744073709551615)'],
        ['{"f64": -1}', 'f64', '-1 is out of range for fixed64 (0 to 18446744073709551615)'],
        ['{"i64": 1e3}', 'i64', 'expected int64 (an integer without fraction or exponent), got the number 1e3'],
        ['{"f": 1e39}', 'f', '1e39 is out of range for float'],
        ['{"d": 1e309}', 'd', '1e309 is out of range for double'],
        ['{"by": "not base64!"}', 'by', 'expected bytes as a base64 string, got the string "not base64!"'],
      ];
      for (const [text, path, message] of cases) {
        const error = valueError(() => scalars.encode(text), text);
        assert.deepEqual(error, { message, path, at: text.slice(text.indexOf(':') + 2) }, text);
      }
    });

    it('refuses enum names the enum does not have, two oneof members and a field given twice', () => {
      const status = '{"status": "LOST"}';
      assert.deepEqual(
        valueError(() => orders.encode(status), status),
        { message: 'no value "LOST" in enum com.acme.Status', path: 'status', at: '"LOST"}' },
      );
      const both = '{"card": "c", "cash_cents": 1}';
      assert.deepEqual(
        valueError(() => orders.encode(both), both),
        {
          message: '"card" and "cash_cents" are both set, but oneof "payment" takes one',
          path: 'cash_cents',
          at: '"cash_cents": 1}',
        },
      );
      const twice = '{"id": "a", "id": "b"}';
      assert.deepEqual(
        valueError(() => orders.encode(twice), twice),
        { message: 'field "id" is given twice', path: 'id', at: '"id": "b"}' },
      );
    });

    it('names map entries and well-known values in the path', () => {
      const counts = '{"counts": {"a": 1, "b": "x"}}';
      assert.deepEqual(
        valueError(() => orders.encode(counts), counts),
        {
          message: 'expected int32 (an integer without fraction or exponent), got the string "x"',
          path: 'counts["b"]',
          at: '"x"}}',
        },
      );
      const events = compileProtobuf(
        'syntax = "proto3"; import "google/protobuf/timestamp.proto"; message E { google.protobuf.Timestamp at = 1; }',
        NO_REFERENCES,
      );
      const date = '{"at": "2024-02-30T00:00:00Z"}';
      assert.deepEqual(
        valueError(() => events.encode(date), date),
        { message: '"2024-02-30T00:00:00Z" is not a valid date and time', path: 'at', at: '"2024-02-30T00:00:00Z"}' },
      );
      const number = '{"at": 5}';
      assert.equal(
        valueError(() => events.encode(number), number).message,
        'expected an RFC 3339 timestamp string for google.protobuf.Timestamp, got the number 5',
      );
    });

    it('refuses invalid JSON at the syntax error and a root that is not an object', () => {
      const text = '{"id": "x",}';
      assert.deepEqual(
        valueError(() => orders.encode(text), text),
        { message: 'invalid JSON: PropertyNameExpected', path: '', at: '}' },
      );
      assert.deepEqual(
        valueError(() => orders.encode(''), ''),
        { message: 'invalid JSON: ValueExpected', path: '', at: '' },
      );
      assert.deepEqual(
        valueError(() => orders.encode('[1]'), '[1]'),
        { message: 'expected an object for message com.acme.Order, got an array', path: '', at: '[1]' },
      );
    });

    it('refuses JSON nested deeper than 100 messages', () => {
      const tree = compileProtobuf('syntax = "proto3"; message T { T child = 1; }', NO_REFERENCES);
      const text = '{"child":'.repeat(120) + '{}' + '}'.repeat(120);
      const error = valueError(() => tree.encode(text), text);
      assert.equal(error.message, 'nested deeper than 100 levels');
      assert.equal(error.path, Array.from({ length: 101 }, () => 'child').join('.'));
    });

    it('reads null as "not set" and lowerCamelCase names as the fields they name', () => {
      assert.equal(hex(orders.encode('{"id": null, "first": null, "lines": null}')), '00');
      assert.equal(hex(orders.encode('{"cashCents": 1}')), hex(orders.encode('{"cash_cents": 1}')));
    });
  });

  describe('round trips', () => {
    it('gives back the bytes it decoded, and the same text', () => {
      const orders = compileProtobuf(ORDERS, NO_REFERENCES);
      const payload = fromHex('00' + '0a036f2d31' + '12050a01611001' + '1802' + '22050a0178100a' + '3005');
      const text = orders.decode(payload, true).text;
      assert.equal(text, '{"id":"o-1","lines":[{"sku":"a","qty":1}],"status":"SHIPPED","counts":{"x":10},"cash_cents":5}');
      assert.equal(hex(orders.encode(text)), hex(payload));
      assert.equal(orders.decode(orders.encode(orders.decode(payload, false).pretty as string), true).text, text);
    });
  });

  it("runs without protobufjs' generated code (no new Function)", () => {
    const util = protobuf.util as unknown as { codegen: unknown };
    const codegen = util.codegen;
    util.codegen = () => {
      throw new Error('protobufjs code generation was used');
    };
    try {
      const schema = compileProtobuf(ORDERS, NO_REFERENCES);
      assert.equal(
        roundTrip(schema, '{"id":"a","lines":[{"sku":"b","qty":2}],"status":"NEW","counts":{"k":1},"card":"c"}'),
        '{"id":"a","lines":[{"sku":"b","qty":2}],"status":"NEW","counts":{"k":1},"card":"c"}',
      );
    } finally {
      util.codegen = codegen;
    }
  });
});

function varint(value: number): number[] {
  const bytes: number[] = [];
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  bytes.push(value);
  return bytes;
}
