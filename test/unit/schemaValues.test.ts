/**
 * Schema Registry values without a registry: the wire-format header, JSON Schema checks at the
 * field's line and column, the deserializers' use of a schema lookup (known, unknown, failing,
 * not matching), and produce input written through a schema. Exact numbers throughout.
 */
import * as assert from 'node:assert/strict';
import { deserialize } from '../../src/codecs/deserializers';
import { messagesFromJsonArray, messagesFromPieces } from '../../src/codecs/messageInput';
import { SchemaValueError } from '../../src/codecs/schemas/compiledSchema';
import { compileJsonSchema } from '../../src/codecs/schemas/jsonSchema';
import { compileProtobuf, protobufSchemaText } from '../../src/codecs/schemas/protobuf';
import { DESCRIPTOR_SUBSET, isSerializedDescriptor } from '../../src/codecs/schemas/protobufDescriptor';
import { SchemaLookup, SchemaLookupResult } from '../../src/codecs/schemas/schemaLookup';
import { SchemaWriter } from '../../src/codecs/schemas/schemaWriter';
import { readWireHeader, wireSchemaId, writeWireValue } from '../../src/codecs/schemas/wireFormat';
import { SerializeError } from '../../src/codecs/serializers';
import { schemaLine } from '../../src/features/tail/host/rows';

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
  // What Confluent's serializers register (base64 of a FileDescriptorProto), made here with our own encoder.
  const descriptorOf = (file: string): string => {
    const writer = compileProtobuf(DESCRIPTOR_SUBSET, new Map(), 'FileDescriptorProto');
    return Buffer.from(writer.encode(file)).subarray(1).toString('base64'); // without the [0] message index
  };
  const ORDER = descriptorOf(
    JSON.stringify({
      name: 'order.proto',
      package: 'acme.shop',
      syntax: 'proto3',
      message_type: [
        {
          name: 'Order',
          field: [
            { name: 'id', number: 1, label: 1, type: 3 },
            { name: 'labels', number: 2, label: 3, type: 11, type_name: '.acme.shop.Order.LabelsEntry' },
            { name: 'state', number: 3, label: 1, type: 14, type_name: '.acme.shop.State' },
            { name: 'card', number: 4, label: 1, type: 9, oneof_index: 0 },
            { name: 'invoice', number: 5, label: 1, type: 9, oneof_index: 0 },
          ],
          nested_type: [
            {
              name: 'LabelsEntry',
              field: [
                { name: 'key', number: 1, label: 1, type: 9 },
                { name: 'value', number: 2, label: 1, type: 9 },
              ],
              options: { map_entry: true },
            },
          ],
          oneof_decl: [{ name: 'payment' }],
        },
      ],
      enum_type: [
        {
          name: 'State',
          value: [
            { name: 'UNKNOWN', number: 0 },
            { name: 'SHIPPED', number: 2 },
          ],
        },
      ],
    }),
  );

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
});
