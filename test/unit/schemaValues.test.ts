/**
 * Schema Registry values without a registry: the wire-format header, JSON Schema checks at the
 * field's line and column, the deserializers' use of a schema lookup (known, unknown, failing,
 * not matching), and produce input written through a schema. Exact numbers throughout.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as descriptor from 'protobufjs/ext/descriptor';
import { deserialize } from '../../src/codecs/deserializers';
import { messagesFromJsonArray, messagesFromPieces } from '../../src/codecs/messageInput';
import { SchemaValueError } from '../../src/codecs/schemas/compiledSchema';
import { compileJsonSchema } from '../../src/codecs/schemas/jsonSchema';
import { compileProtobuf, protobufSchemaText } from '../../src/codecs/schemas/protobuf';
import { isSerializedDescriptor } from '../../src/codecs/schemas/protobufDescriptor';
import { SchemaLookup, SchemaLookupResult } from '../../src/codecs/schemas/schemaLookup';
import { SchemaWriter } from '../../src/codecs/schemas/schemaWriter';
import { readWireHeader, wireSchemaId, writeWireValue } from '../../src/codecs/schemas/wireFormat';
import { SerializeError } from '../../src/codecs/serializers';
import { schemaLine } from '../../src/features/tail/host/rows';
import { repoRoot } from '../harness/paths';

const ORDER_SCHEMA = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    id: { type: 'integer' },
    items: {
      type: 'array',
      items: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } }, required: ['sku'] },
    },
  },
  required: ['id'],
  additionalProperties: false,
});

function lookup(entries: Record<number, SchemaLookupResult>): SchemaLookup {
  return { get: (id) => entries[id] };
}

describe('Schema Registry values', () => {
  it('reads and writes the wire-format header: a 0 byte and a 4-byte big-endian id', () => {
    const bytes = writeWireValue(0xfedcba98, Buffer.from('{}'));
    assert.equal(bytes.toString('hex'), '00fedcba987b7d');
    assert.deepEqual(readWireHeader(bytes), { schemaId: 0xfedcba98, payload: Buffer.from('{}') });
    assert.equal(wireSchemaId(bytes), 0xfedcba98);
    assert.equal(readWireHeader(Buffer.from([0, 0, 0, 1])), undefined, 'too short');
    assert.equal(wireSchemaId(Buffer.from('{"a":1}')), undefined, 'JSON never starts with a 0 byte');
    assert.throws(() => writeWireValue(-1, Buffer.alloc(0)), /whole number/);
  });

  it('checks JSON against a JSON Schema and points at the field that does not fit', () => {
    const schema = compileJsonSchema(ORDER_SCHEMA, new Map());
    const good = '{ "id": 9007199254740993, "items": [ { "sku": "a", "qty": 2 } ] }';
    assert.equal(
      Buffer.from(schema.encode(good)).toString(),
      '{"id":9007199254740993,"items":[{"sku":"a","qty":2}]}',
      'tokens as written, compacted',
    );
    const bad = '{\n  "id": 1,\n  "items": [\n    { "sku": "a", "qty": 0 }\n  ]\n}';
    assert.throws(
      () => schema.encode(bad),
      (error: unknown) =>
        error instanceof SchemaValueError && error.path === 'items[0].qty' && bad.slice(error.offset).startsWith('"qty": 0'),
    );
    assert.throws(
      () => schema.encode('{"items": []}'),
      (error: unknown) => error instanceof SchemaValueError && /id/.test(error.message),
    );
    assert.throws(
      () => schema.encode('{"id": 1,}'),
      (error: unknown) => error instanceof SchemaValueError && error.offset === 9,
    );
    const decoded = schema.decode(Buffer.from('{"id": 4611686018427387905, "extra": true}'), false);
    assert.equal(decoded.text, '{"id":4611686018427387905,"extra":true}');
    assert.match(decoded.notes?.[0] ?? '', /does not match the schema/);
    assert.throws(() => compileJsonSchema('{"type": ', new Map()), /not JSON/);
  });

  it("decodes with the schema the lookup knows, and shows an unknown, failing or unmatched id as that row's error with the hex", () => {
    const schema = compileJsonSchema(ORDER_SCHEMA, new Map());
    const places = [
      { subject: 'audit-value', version: 1 },
      { subject: 'orders-value', version: 2 },
    ];
    const schemas = lookup({ 7: { schema, id: 7, places }, 8: { error: 'the registry does not know this id' } });
    const bytes = writeWireValue(7, Buffer.from('{"id":12345678901234567890}'));
    const decoded = deserialize('schema-registry', bytes, false, schemas);
    assert.equal(decoded.format, 'json-schema');
    assert.equal(decoded.text, '{"id":12345678901234567890}');
    assert.equal(
      schemaLine(decoded, 'orders', 'value'),
      'schema 7 (orders-value v2; also under 1 other subject)',
      "the message's own topic subject first",
    );
    assert.equal(schemaLine(decoded, 'payments', 'value'), 'schema 7 (audit-value v1; also under 1 other subject)');
    assert.equal(deserialize('auto', bytes, true, schemas).format, 'json-schema', 'auto detects a known id');

    const unknown = writeWireValue(8, Buffer.from('{}'));
    const failed = deserialize('schema-registry', unknown, true, schemas);
    assert.equal(failed.text, unknown.toString('hex'));
    assert.match(failed.error ?? '', /schema 8: the registry does not know this id/);
    assert.notEqual(
      deserialize('auto', unknown, true, schemas).format,
      'json-schema',
      'auto does not claim an id the registry does not know',
    );
    assert.match(deserialize('schema-registry', writeWireValue(9, Buffer.from('{}')), true, schemas).error ?? '', /not loaded yet/);
    assert.match(deserialize('schema-registry', Buffer.from('{}'), true, schemas).error ?? '', /not in the Schema Registry wire format/);
    assert.match(deserialize('schema-registry', bytes, true).error ?? '', /no Schema Registry/);
    const broken = deserialize('schema-registry', writeWireValue(7, Buffer.from('{"id":')), true, schemas);
    assert.equal(broken.format, 'hex');
    assert.match(broken.error ?? '', /does not match schema 7/);
  });

  it('writes produce input through a schema: nothing when one item does not fit, with its line and column', () => {
    const writer: SchemaWriter = { schemaId: 7, schema: compileJsonSchema(ORDER_SCHEMA, new Map()), label: 'orders-value v2 (JSON, id 7)' };
    const text = '[\n  {"id": 1},\n  {"id": 2, "items": [{"qty": 3}]}\n]';
    const result = messagesFromJsonArray({ text, start: { line: 5, column: 1 } }, { key: 'string', value: 'json', valueSchema: writer });
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.problems.length, 1);
      assert.deepEqual(result.problems[0].position, { line: 7, column: 23 }, 'the item without its sku');
      assert.match(result.problems[0].message, /orders-value v2 .*field items\[0\]/);
    }
    const ok = messagesFromPieces(
      [{ text: '{"id": 18446744073709551615}', start: { line: 1, column: 1 } }],
      undefined,
      {},
      { key: 'string', value: 'json', valueSchema: writer },
    );
    assert.ok(ok.ok);
    if (ok.ok) {
      assert.equal(ok.messages[0].value.toString('hex'), writeWireValue(7, Buffer.from('{"id":18446744073709551615}')).toString('hex'));
    }
    assert.ok(new SerializeError('x', { line: 1, column: 1 }) instanceof Error);
  });
});

describe('Protobuf schemas kept as serialized descriptors', () => {
  // What Confluent's serializers register (base64 of a FileDescriptorProto), encoded here with protobufjs' descriptor.proto types.
  const descriptorOf = (file: Record<string, unknown>): string =>
    Buffer.from(descriptor.FileDescriptorProto.encode(descriptor.FileDescriptorProto.fromObject(file)).finish()).toString('base64');
  const ORDER = descriptorOf({
    name: 'order.proto',
    package: 'acme.shop',
    syntax: 'proto3',
    messageType: [
      {
        name: 'Order',
        field: [
          { name: 'id', number: 1, label: 1, type: 3 },
          { name: 'labels', number: 2, label: 3, type: 11, typeName: '.acme.shop.Order.LabelsEntry' },
          { name: 'state', number: 3, label: 1, type: 14, typeName: '.acme.shop.State' },
          { name: 'card', number: 4, label: 1, type: 9, oneofIndex: 0 },
          { name: 'invoice', number: 5, label: 1, type: 9, oneofIndex: 0 },
        ],
        nestedType: [
          {
            name: 'LabelsEntry',
            field: [
              { name: 'key', number: 1, label: 1, type: 9 },
              { name: 'value', number: 2, label: 1, type: 9 },
            ],
            options: { mapEntry: true },
          },
        ],
        oneofDecl: [{ name: 'payment' }],
      },
    ],
    enumType: [
      {
        name: 'State',
        value: [
          { name: 'UNKNOWN', number: 0 },
          { name: 'SHIPPED', number: 2 },
        ],
      },
    ],
  });

  it('decodes and encodes with a schema the registry keeps as base64, and prints it as .proto text', () => {
    assert.ok(isSerializedDescriptor(ORDER));
    const schema = compileProtobuf(ORDER, new Map());
    const value = '{"id":9223372036854775807,"labels":{"k":"v"},"state":"SHIPPED","invoice":"2024-7"}';
    assert.equal(schema.decode(schema.encode(value), true).text, value);
    assert.equal(
      protobufSchemaText(ORDER),
      [
        'syntax = "proto3";',
        'package acme.shop;',
        '',
        'message Order {',
        '  int64 id = 1;',
        '  map<string, string> labels = 2;',
        '  .acme.shop.State state = 3;',
        '  oneof payment {',
        '    string card = 4;',
        '    string invoice = 5;',
        '  }',
        '}',
        'enum State {',
        '  UNKNOWN = 0;',
        '  SHIPPED = 2;',
        '}',
        '',
      ].join('\n'),
    );
    assert.equal(protobufSchemaText('syntax = "proto3"; message A {}'), 'syntax = "proto3"; message A {}', '.proto text stays as it is');
    assert.throws(() => compileProtobuf('AAAA', new Map()), /neither .proto text nor a serialized FileDescriptorProto|declares no message/);
  });

  /** protoc's descriptors of test/fixtures/schemas/descriptors/*.proto, and the .proto texts themselves. */
  const fixtures = path.join(repoRoot, 'test/fixtures/schemas/descriptors');
  const protoc = JSON.parse(readFileSync(path.join(fixtures, 'descriptors.json'), 'utf8')) as Record<string, string>;
  const protoText = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

  it("compiles protoc's descriptor of a file to the same codec as the file's .proto text", () => {
    const values: Record<string, string[]> = {
      'proto3.proto': [
        '{}',
        '{"id":"-9223372036854775808","maybe":0,"note":"","packed_default":[1,2,-3],"unpacked":[4,5],"colors":["RED",2],"inners":{"k":{"f":"18446744073709551615","deep":{"z":"-5"},"deeps":[{"z":1},{}]}},"colored":{"-1":"GREEN"},"blobs":{"7":"AP8="},"at":"2024-01-02T03:04:05.123Z","wrapped":"123","money":{"currency":"EUR","units":"-12","nanos":5},"b":{"f":1},"snake_case_name":"x","somethingElse":"y","deep_ref":{"z":2},"d":-0,"fl":1.5,"flag":true,"big":"18446744073709551615","sf":"-1"}',
      ],
      'proto2.proto': [
        '{"id":1}',
        '{"id":"9223372036854775807","name":"","count":0,"big":1,"plain":[1,2],"packed":[3,4],"grp":{"g":1},"counts":{"a":1},"y":3,"raw":"AQ==","kind":"A","[acme.p2.ext_note]":"x"}',
      ],
      'editions.proto': [
        '{"req":1}',
        '{"implicit_or_explicit":0,"implicit":0,"nums":[1,2],"expanded":[3,4],"sub":{"s":"a"},"delimited":{"s":"b"},"req":"5"}',
      ],
      'editions-file-features.proto': ['{}', '{"a":0,"r":[1,2],"b":0}'],
      'no-package.proto': ['{"s":"a","n":{"v":1}}'],
    };
    for (const [name, inputs] of Object.entries(values)) {
      const fromText = compileProtobuf(protoText(name), new Map([['money.proto', protoText('money.proto')]]));
      const fromDescriptor = compileProtobuf(protoc[name], new Map([['money.proto', protoc['money.proto']]]));
      assert.deepEqual(fromDescriptor.messageTypes, fromText.messageTypes, name);
      for (const input of inputs) {
        const bytes = fromText.encode(input);
        assert.equal(hex(fromDescriptor.encode(input)), hex(bytes), `${name} writes ${input}`);
        assert.equal(fromDescriptor.decode(bytes, true).text, fromText.decode(bytes, true).text, `${name} reads ${input}`);
      }
    }
  });

  it('keeps what the descriptor says about presence, defaults, packing, groups, json_name and features', () => {
    const compiled = (name: string) => compileProtobuf(protoc[name], new Map([['money.proto', protoc['money.proto']]]));
    const proto3 = compiled('proto3.proto');
    // proto3 `optional` fields are left out when absent, and kept when set to 0 or "".
    assert.equal(
      proto3.decode(proto3.encode('{}'), true).text,
      '{"id":0,"packed_default":[],"unpacked":[],"colors":[],"inners":{},"colored":{},"blobs":{},"snake_case_name":"","custom":"","d":0,"fl":0,"flag":false,"big":0,"sf":0}',
    );
    // json_name is a name the input may use; [packed = false] is written one tag per element (28 04 28 05).
    assert.equal(hex(proto3.encode('{"maybe":0,"note":"","unpacked":[4,5],"somethingElse":"y"}')), '0010001a00280428058a010179');
    const proto2 = compiled('proto2.proto');
    // proto2 fields have presence: an absent one is not shown, whatever its [default = …] (shown, it would be
    // written back present), and one on the wire is shown and written back even when it equals its default.
    assert.equal(proto2.decode(proto2.encode('{"id":1}'), true).text, '{"id":1,"plain":[],"packed":[],"counts":{}}');
    const defaults = '{"id":1,"name":"anon","count":-7,"plain":[],"packed":[],"counts":{},"raw":"YQE="}';
    assert.equal(proto2.decode(proto2.encode(defaults), true).text, defaults);
    // proto2 repeated numbers unpacked (40 01 40 02), [packed = true] packed (4a 02 03 04), the group between tags 53 and 54.
    assert.equal(hex(proto2.encode('{"id":1,"plain":[1,2],"packed":[3,4],"grp":{"g":1}}')), '000801400140024a02030453580154');
    const editions = compiled('editions.proto');
    // DELIMITED between tags 33 and 34; LEGACY_REQUIRED is required.
    assert.equal(hex(editions.encode('{"delimited":{"s":"b"},"req":5}')), '00330a0162343805');
    assert.throws(() => editions.encode('{}'), /missing required field "req"/);
    // File-level IMPLICIT presence and EXPANDED repeated fields, and a field's own EXPLICIT.
    const fileFeatures = compiled('editions-file-features.proto');
    assert.equal(hex(fileFeatures.encode('{"a":0,"r":[1,2],"b":0}')), '00100110021800');
    assert.equal(
      protobufSchemaText(protoc['no-package.proto']),
      'syntax = "proto3";\n\nmessage Top {\n  message Nested {\n    int32 v = 1;\n  }\n  string s = 1;\n  .Top.Nested n = 2;\n}\n',
    );
    assert.throws(
      () => compileProtobuf(protoc['proto3.proto'].slice(0, 200), new Map()),
      /neither .proto text nor a serialized FileDescriptorProto \(index out of range/,
    );
  });
});
