/**
 * Schema Registry values between Confluent's own Python client and the extension, through a
 * real broker and a real registry (Apicurio, Confluent-compatible API):
 * - what Python writes (Avro with logical types, unions and two schema versions; Protobuf with
 *   nested, imported and well-known types; JSON Schema) the tail decodes exactly;
 * - what we produce through a schema, Python's deserializers read with the same values;
 * - an unknown id, a registry that is down and bytes that do not fit are that row's error, and
 *   the tail goes on.
 */
import * as assert from 'node:assert/strict';
import { deserialize } from '../../src/codecs/deserializers';
import { messagesFromJsonArray } from '../../src/codecs/messageInput';
import { writeWireValue } from '../../src/codecs/schemas/wireFormat';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { produceMessages } from '../../src/kafka/produce/produce';
import { TailMessage, TailSession } from '../../src/kafka/consume/tailSession';
import { SchemaRegistryClient } from '../../src/registry/client';
import { SchemaCache } from '../../src/registry/schemaCache';
import { exportRecordJson, MessageDecoders, schemaLine } from '../../src/features/tail/host/rows';
import { waitFor } from '../harness/processes';
import { freePort } from '../harness/ports';
import { pythonRead, pythonWrite, PythonTarget, schemaFile } from '../support/confluentPython';
import { testKafka } from '../support/kafkaFixture';
import { readMessages } from '../support/readMessages';
import { testRegistryUrl } from '../support/registryFixture';
import { withTopic } from '../support/topics';

const AVRO_IN = [
  '{"id": 4611686018427387905, "amount": "12.10", "at": "2024-01-02T03:04:05.123Z", "day": "2024-01-02", "ref": "5b0e6c3a-4d2e-4f1a-9b3c-4d5e6f708192", "method": {"com.acme.Card": {"last4": "4242", "expires": "2027-12-31"}}, "status": "PAID", "tags": ["a", "b"], "ratio": 0.25}',
  '{"id": -9223372036854775808, "amount": "-0.05", "at": "1969-12-31T23:59:59.999Z", "day": "1970-01-01", "ref": "00000000-0000-4000-8000-000000000000", "method": {"string": "cash"}, "status": "NEW", "tags": [], "ratio": -1.5}',
];
const AVRO_V2_IN =
  '{"id": 9223372036854775807, "amount": "9999999999.99", "at": "2024-02-29T23:59:59.000Z", "day": "2024-02-29", "ref": "5b0e6c3a-4d2e-4f1a-9b3c-4d5e6f708192", "method": null, "status": "REFUNDED", "tags": ["z"], "ratio": 0.1, "note": {"string": "hi"}, "micros": "2024-01-02T03:04:05.123456Z"}';

/** What the tail shows: longs in full, decimals exact as text, times ISO, unions as the value. */
const AVRO_SHOWN = [
  '{"id":4611686018427387905,"amount":"12.10","at":"2024-01-02T03:04:05.123Z","day":"2024-01-02","ref":"5b0e6c3a-4d2e-4f1a-9b3c-4d5e6f708192","method":{"last4":"4242","expires":"2027-12-31"},"status":"PAID","tags":["a","b"],"ratio":0.25}',
  '{"id":-9223372036854775808,"amount":"-0.05","at":"1969-12-31T23:59:59.999Z","day":"1970-01-01","ref":"00000000-0000-4000-8000-000000000000","method":"cash","status":"NEW","tags":[],"ratio":-1.5}',
  '{"id":9223372036854775807,"amount":"9999999999.99","at":"2024-02-29T23:59:59.000Z","day":"2024-02-29","ref":"5b0e6c3a-4d2e-4f1a-9b3c-4d5e6f708192","method":null,"status":"REFUNDED","tags":["z"],"ratio":0.1,"note":"hi","micros":"2024-01-02T03:04:05.123456Z"}',
];

const PROTO_ORDER_IN =
  '{"id": "9223372036854775807", "customer": "ann", "lines": [{"sku": "A-1", "quantity": "18446744073709551615", "price": {"currency": "EUR", "units": "-12", "nanos": 100000000}}], "state": "SHIPPED", "placed_at": "2024-01-02T03:04:05.123Z", "signature": "AP8=", "labels": {"k": "v"}, "card": "4242"}';
/** Every scalar shown, defaults too; 64-bit integers unquoted and whole; the set oneof member only. */
const PROTO_SHOWN = [
  '{"id":9223372036854775807,"customer":"ann","lines":[{"sku":"A-1","quantity":18446744073709551615,"price":{"currency":"EUR","units":-12,"nanos":100000000}}],"state":"SHIPPED","placed_at":"2024-01-02T03:04:05.123Z","signature":"AP8=","labels":{"k":"v"},"card":"4242"}',
  '{"name":"ann"}',
  '{"sku":"B-2","quantity":7}',
];

describe("Schema Registry values with Confluent's Python client", function () {
  this.timeout(120000);
  const bootstrap = () => testKafka().bootstrapServers;
  let registryUrl: string;
  let connection: ClusterConnection;

  before(async () => {
    registryUrl = await testRegistryUrl();
    connection = new ClusterConnection(
      { name: 'schemas', bootstrapServers: bootstrap() },
      { connectionTimeoutMs: 3000, requestTimeoutMs: 20000 },
    );
  });
  after(() => connection?.close());

  const newCache = () => new SchemaCache(new SchemaRegistryClient({ url: registryUrl, timeoutMs: 5000 }));
  const target = async (prefix: string): Promise<PythonTarget> => ({
    bootstrapServers: bootstrap(),
    registryUrl,
    topic: await withTopic(bootstrap(), prefix),
  });

  /** Every value of the topic as the tail decodes it, after fetching the schemas the way a tail panel does. */
  async function decodedValues(topic: string, count: number, cache: SchemaCache) {
    const messages = await readMessages(bootstrap(), topic, count);
    await cache.prefetch(messages);
    return messages.map((m) => deserialize('auto', m.value, false, cache));
  }

  it('decodes Avro written by Python exactly: 64-bit longs, decimals, timestamps, dates, uuids, unions, enums, and a second schema version', async () => {
    const t = await target('it-sr-avro');
    pythonWrite(t, 'avro', 'payment-v1.avsc', AVRO_IN);
    pythonWrite(t, 'avro', 'payment-v2.avsc', [AVRO_V2_IN]);
    const cache = newCache();
    const decoded = await decodedValues(t.topic, 3, cache);
    assert.deepEqual(
      decoded.map((d) => d.error ?? d.text),
      AVRO_SHOWN,
    );
    assert.ok(decoded.every((d) => d.format === 'avro'));
    const [first, , third] = decoded;
    // Other tests register the same text under their topics' subjects: one id, several places.
    assert.match(
      schemaLine(first, t.topic, 'value') ?? '',
      new RegExp(`^schema ${first.schema?.id} \\(${t.topic}-value v1(\\)|; also under)`),
    );
    assert.match(schemaLine(third, t.topic, 'value') ?? '', new RegExp(`\\(${t.topic}-value v2`), 'the evolved schema is version 2');
    assert.notEqual(first.schema?.id, third.schema?.id);
    assert.ok(
      first.schema?.notes.some((n) => /method.*com\.acme\.Card/.test(n)),
      `the union branch is named in the detail: ${first.schema?.notes.join('; ')}`,
    );
    assert.match(first.pretty ?? '', /\n {2}"id": 4611686018427387905,\n/);
  });

  it('decodes Protobuf written by Python exactly: message indexes, nested and imported types, 64-bit integers, enums, maps, oneofs, timestamps', async () => {
    const t = await target('it-sr-protobuf');
    pythonWrite(t, 'protobuf', 'order.proto', [PROTO_ORDER_IN], ['--proto-message', 'acme.shop.Order']);
    pythonWrite(t, 'protobuf', 'order.proto', ['{"name": "ann"}'], ['--proto-message', 'acme.shop.Customer']);
    pythonWrite(t, 'protobuf', 'order.proto', ['{"sku": "B-2", "quantity": "7"}'], ['--proto-message', 'acme.shop.Order.Line']);
    const decoded = await decodedValues(t.topic, 3, newCache());
    assert.deepEqual(
      decoded.map((d) => d.error ?? d.text),
      PROTO_SHOWN,
    );
    assert.deepEqual(
      decoded.map((d) => d.schema?.notes),
      [
        ['message type: acme.shop.Order (message indexes [1])'],
        ['message type: acme.shop.Customer (message indexes [0])'],
        ['message type: acme.shop.Order.Line (message indexes [1, 0])'],
      ],
    );
  });

  it('decodes JSON Schema values written by Python token for token, and checks them against their schema', async () => {
    const t = await target('it-sr-json');
    pythonWrite(t, 'json', 'event.schema.json', [
      '{"id": 4611686018427387905, "kind": "click", "price": 1.10, "at": "2024-01-02"}',
      '{"id": 18446744073709551615, "kind": "view"}',
    ]);
    const decoded = await decodedValues(t.topic, 2, newCache());
    assert.deepEqual(
      decoded.map((d) => [d.format, d.text]),
      [
        ['json-schema', '{"id":4611686018427387905,"kind":"click","price":1.1,"at":"2024-01-02"}'],
        ['json-schema', '{"id":18446744073709551615,"kind":"view"}'],
      ],
    );
    assert.deepEqual(decoded[0].schema?.notes, ['matches the schema']);
  });

  it('writes Avro, Protobuf and JSON Schema values that Python reads with the same values, and refuses a value that does not fit before sending anything', async () => {
    const avro = await target('it-sr-produce-avro');
    // Registered by Python first, as a team's producer would; we write with the subject's latest version.
    pythonWrite(avro, 'avro', 'payment-v1.avsc', [AVRO_IN[0]]);
    const cache = newCache();
    const { registered, schema } = await cache.forWriting(`${avro.topic}-value`, 'latest');
    const writer = { schemaId: registered.id, schema, label: `${avro.topic}-value v${registered.version}` };
    const text = `[${AVRO_SHOWN.slice(0, 2).join(',\n')}]`;
    const input = messagesFromJsonArray({ text, start: { line: 1, column: 1 } }, { key: 'string', value: 'json', valueSchema: writer });
    assert.ok(input.ok, JSON.stringify(input));
    await produceMessages(await connection.recordWriter(2), avro.topic, 1, input.messages, { compression: 'none' });
    const read = pythonRead(avro, 'avro', 3);
    assert.deepEqual(read.slice(1), [
      '{"id":4611686018427387905,"amount":"12.10","at":"2024-01-02T03:04:05.123000+00:00","day":"2024-01-02","ref":"5b0e6c3a-4d2e-4f1a-9b3c-4d5e6f708192","method":{"last4":"4242","expires":"2027-12-31"},"status":"PAID","tags":["a","b"],"ratio":0.25}',
      '{"id":-9223372036854775808,"amount":"-0.05","at":"1969-12-31T23:59:59.999000+00:00","day":"1970-01-01","ref":"00000000-0000-4000-8000-000000000000","method":"cash","status":"NEW","tags":[],"ratio":-1.5}',
    ]);
    assert.deepEqual(read[1], read[0], 'what we wrote from the decoded text is what Python wrote');

    const wrong = '[\n  {"id": 1, "amount": "1.234"}\n]';
    const refused = messagesFromJsonArray(
      { text: wrong, start: { line: 1, column: 1 } },
      { key: 'string', value: 'json', valueSchema: writer },
    );
    assert.equal(refused.ok, false);
    if (!refused.ok) {
      assert.match(refused.problems[0].message, /amount/);
      assert.equal(refused.problems[0].position.line, 2);
    }

    const proto = await target('it-sr-produce-protobuf');
    pythonWrite(proto, 'protobuf', 'order.proto', [PROTO_ORDER_IN], ['--proto-message', 'acme.shop.Order']);
    const protoWriter = await cache.forWriting(`${proto.topic}-value`, 'latest', 'acme.shop.Order');
    assert.deepEqual(protoWriter.schema.messageTypes, ['acme.shop.Customer', 'acme.shop.Order', 'acme.shop.Order.Line']);
    const protoInput = messagesFromJsonArray(
      { text: `[${PROTO_SHOWN[0]}]`, start: { line: 1, column: 1 } },
      { key: 'string', value: 'json', valueSchema: { schemaId: protoWriter.registered.id, schema: protoWriter.schema, label: 'order' } },
    );
    assert.ok(protoInput.ok);
    await produceMessages(await connection.recordWriter(2), proto.topic, 1, protoInput.messages, { compression: 'none' });
    const protoRead = pythonRead(proto, 'protobuf', 2, [
      '--proto-schema-file',
      schemaFile('order.proto'),
      '--proto-message',
      'acme.shop.Order',
    ]);
    assert.equal(protoRead[1], protoRead[0], 'Python reads what we wrote from the decoded text as what it wrote itself');
    assert.match(protoRead[1], /"id":"9223372036854775807".*"quantity":"18446744073709551615"/);

    const json = await target('it-sr-produce-json');
    pythonWrite(json, 'json', 'event.schema.json', ['{"id": 1, "kind": "click"}']);
    const jsonWriter = await cache.forWriting(`${json.topic}-value`, 'latest');
    const jsonInput = messagesFromJsonArray(
      { text: '[{"id": 18446744073709551615, "kind": "view", "price": 1.10}]', start: { line: 1, column: 1 } },
      { key: 'string', value: 'json', valueSchema: { schemaId: jsonWriter.registered.id, schema: jsonWriter.schema, label: 'event' } },
    );
    assert.ok(jsonInput.ok);
    await produceMessages(await connection.recordWriter(2), json.topic, 1, jsonInput.messages, { compression: 'none' });
    assert.deepEqual(pythonRead(json, 'json', 2)[1], '{"id":18446744073709551615,"kind":"view","price":1.1}');
  });

  it('keeps the presence of proto3 optional and message fields: unset ones are not shown, set ones are written back present', async () => {
    const t = await target('it-sr-presence');
    const written = [
      '{"sensor": "unset"}',
      '{"sensor": "zero", "offset": 0, "note": ""}',
      '{"sensor": "set", "offset": 5, "count": "0"}',
      '{"sensor": "empty inner", "inner": {}}',
    ];
    pythonWrite(t, 'protobuf', 'presence.proto', written, ['--proto-message', 'acme.presence.Reading']);
    const cache = newCache();
    const decoded = await decodedValues(t.topic, written.length, cache);
    assert.deepEqual(
      decoded.map((d) => d.error ?? d.text),
      [
        '{"sensor":"unset","count":0}',
        '{"sensor":"zero","offset":0,"note":"","count":0}',
        '{"sensor":"set","offset":5,"count":0}',
        '{"sensor":"empty inner","inner":{"a":0},"count":0}',
      ],
      'an optional field set to its default is shown; one never set is not',
    );
    const writer = await cache.forWriting(`${t.topic}-value`, 'latest', 'acme.presence.Reading');
    const input = messagesFromJsonArray(
      { text: `[${decoded.map((d) => d.text).join(',\n')}]`, start: { line: 1, column: 1 } },
      { key: 'string', value: 'json', valueSchema: { schemaId: writer.registered.id, schema: writer.schema, label: 'reading' } },
    );
    assert.ok(input.ok, JSON.stringify(input));
    await produceMessages(await connection.recordWriter(2), t.topic, 1, input.messages, { compression: 'none' });
    const read = pythonRead(t, 'protobuf', 2 * written.length, [
      '--proto-schema-file',
      schemaFile('presence.proto'),
      '--proto-message',
      'acme.presence.Reading',
    ]);
    assert.deepEqual(read.slice(written.length), read.slice(0, written.length), 'Python reads what we wrote back as what it wrote');
    assert.equal(read[1], '{"sensor":"zero","offset":0,"note":""}');
  });

  it("shows an unknown id, a registry that is down and bytes that do not fit as that row's error with the hex, and the tail goes on", async () => {
    const t = await target('it-sr-errors');
    pythonWrite(t, 'avro', 'payment-v1.avsc', [AVRO_IN[0]]);
    const [good] = await readMessages(bootstrap(), t.topic, 1);
    const knownId = good.value.readUInt32BE(1);
    const unknown = writeWireValue(987654, Buffer.from('anything'));
    const truncated = good.value.subarray(0, 12);
    await produceMessages(
      await connection.recordWriter(2),
      t.topic,
      1,
      [unknown, truncated, good.value].map((value) => ({ key: null, value, headers: {}, source: { line: 1, column: 1 } })),
      { compression: 'none' },
    );

    const cache = newCache();
    const received: TailMessage[] = [];
    const session = new TailSession(
      connection,
      { topics: [t.topic], start: { kind: 'earliest' }, group: { kind: 'ephemeral' } },
      {
        // As the panel does: the batch's schemas first, then its rows.
        onMessages: async (batch) => {
          await cache.prefetch(batch);
          received.push(...batch);
        },
        onState: () => undefined,
      },
    );
    try {
      await session.start();
      await waitFor('4 messages', async () => (received.length >= 4 ? true : undefined), { timeoutMs: 30000 });
    } finally {
      await session.stop();
    }
    const decoders: MessageDecoders = {
      keyDeserializer: 'string',
      valueDeserializer: 'schema-registry',
      headerFormat: 'text',
      schemas: cache,
    };
    const values = received.map((m) => deserialize('schema-registry', m.value, true, cache));
    assert.deepEqual(
      values.map((v) => v.format),
      ['avro', 'hex', 'hex', 'avro'],
    );
    assert.match(values[1].error ?? '', /schema 987654: the registry does not know this id/);
    assert.equal(values[1].text, unknown.toString('hex'));
    assert.match(values[2].error ?? '', new RegExp(`does not match schema ${knownId}`));
    assert.match(exportRecordJson(received[1], decoders), /"valueFormat":"hex"/);

    const down = new SchemaCache(new SchemaRegistryClient({ url: `http://127.0.0.1:${await freePort()}`, timeoutMs: 3000 }));
    await down.prefetch([good]);
    const unreachable = deserialize('schema-registry', good.value, true, down);
    assert.match(unreachable.error ?? '', /refused the connection/);
    assert.equal(unreachable.text, good.value.toString('hex'));
  });
});
