/**
 * What the fuzzer feeds: every decoder of bytes Kafka, a registry or a producer controls, each
 * with valid inputs to start from (the mutations are made from those) and the errors it may
 * give. Anything else it throws (a TypeError, a RangeError from reading past a buffer, a stack
 * overflow), or an input that takes over a second, is a finding.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pack } from 'msgpackr';
import { lz4Compress, lz4Decompress } from '../../src/codecs/compression/lz4Frame';
import { readJson } from '../../src/codecs/celJson';
import { compactJson, prettyJson } from '../../src/codecs/jsonText';
import { exportedValueBytes, readExportedRecords } from '../../src/codecs/exportedRecords';
import { messagesFromJsonArray, messagesFromLines } from '../../src/codecs/messageInput';
import { parseGroupRequest, parseSavedGroupView } from '../../src/features/groupWatch/protocol';
import { DEFAULT_FORM } from '../../src/features/tail/host/defaults';
import { exportRecordJson, MessageDecoders } from '../../src/features/tail/host/rows';
import { parseRequest, parseSavedTail } from '../../src/features/tail/protocol';
import { deserialize } from '../../src/codecs/deserializers';
import { celOfJsonText, ExpressionFilter } from '../../src/features/tail/host/filter';
import { compileAvro } from '../../src/codecs/schemas/avro';
import { CompiledSchema } from '../../src/codecs/schemas/compiledSchema';
import { compileJsonSchema } from '../../src/codecs/schemas/jsonSchema';
import { compileProtobuf } from '../../src/codecs/schemas/protobuf';
import { ApiDefinition, WireError } from '../../src/kafka/wire/common';
import { GENERATED_APIS } from '../../src/kafka/wire/generated';
import { repoRoot } from '../harness/paths';
import { compressedRecordsTarget, ownRecordBatchTarget, recordBatchTarget } from './batchTargets';
import { readWireSeeds } from './wireSeeds';

export interface FuzzTarget {
  readonly name: string;
  /** Valid inputs, made once. */
  seeds(): Buffer[] | Promise<Buffer[]>;
  /** Decodes one input; throws (or rejects) only what `expected` accepts. */
  run(input: Buffer): void | Promise<void>;
  expected(error: unknown): boolean;
}

/** An error a decoder means to give: a plain Error (or a subclass of ours), never a TypeError or RangeError. */
const plainError = (error: unknown): boolean => error instanceof Error && !(error instanceof TypeError) && !(error instanceof RangeError);
const never = (): boolean => false;

const schemaFile = (name: string) => fs.readFileSync(path.join(repoRoot, 'test/fixtures/schemas', name), 'utf8');

/** A schema's decoder over payloads (the Confluent header already taken off). */
function schemaTarget(name: string, compile: () => CompiledSchema, values: readonly string[]): FuzzTarget {
  let schema: CompiledSchema | undefined;
  const compiled = () => (schema ??= compile());
  return {
    name,
    seeds: () => values.map((text) => Buffer.from(compiled().encode(text))),
    run: (input) => {
      const decoded = compiled().decode(input, false);
      if (typeof decoded.text !== 'string') {
        throw new TypeError('decoded to no text');
      }
    },
    expected: plainError,
  };
}

const AVRO_VALUES = [
  '{"id": 4611686018427387905, "amount": "12.10", "at": "2024-01-02T03:04:05.123Z", "day": "2024-01-02", "ref": "5b0e6c3a-4d2e-4f1a-9b3c-4d5e6f708192", "method": {"com.acme.Card": {"last4": "4242", "expires": "2027-12-31"}}, "status": "PAID", "tags": ["a", "b"], "ratio": 0.25, "note": {"string": "hi"}, "micros": "2024-01-02T03:04:05.123456Z"}',
  '{"id": -1, "amount": "-0.05", "at": "1969-12-31T23:59:59.999Z", "day": "1970-01-01", "ref": "00000000-0000-4000-8000-000000000000", "method": null, "status": "NEW", "tags": [], "ratio": -1.5, "note": null, "micros": "1970-01-01T00:00:00Z"}',
];

const PROTO_VALUES = [
  '{"id": 9223372036854775807, "customer": "ann", "lines": [{"sku": "A-1", "quantity": 18446744073709551615, "price": {"currency": "EUR", "units": -12, "nanos": 100000000}}, {"sku": "B"}], "state": "SHIPPED", "placed_at": "2024-01-02T03:04:05.123Z", "signature": "AP8=", "labels": {"k": "v", "": ""}, "card": "4242"}',
  '{"customer": ""}',
];

const JSON_VALUES = ['{"id": 18446744073709551615, "kind": "click", "price": 1.10, "tags": ["a", {"b": null}]}', '[1, -0, 1e400]', '"x"'];

/** What the `auto` deserializer meets: JSON, msgpack, text, Confluent's wire format, raw bytes. */
function autoSeeds(): Buffer[] {
  return [
    ...JSON_VALUES.map((text) => Buffer.from(text)),
    pack(
      new Map<unknown, unknown>([
        ['id', 2n ** 63n - 1n],
        ['nested', [1, { a: 'b' }, null, true, 1.5]],
        [1, 'int key'],
      ]),
    ),
    pack([new Uint8Array([1, 2, 3]), -1, 'é']),
    Buffer.from('plain text, then é and 😀'),
    Buffer.from([0, 0, 0, 0, 7, 2, 4, 6]),
    Buffer.from([0xde, 0xad, 0xbe, 0xef]),
  ];
}

function deserializerTarget(id: 'auto' | 'msgpack' | 'json' | 'string'): FuzzTarget {
  return {
    name: `deserialize ${id}`,
    seeds: autoSeeds,
    // A deserializer never throws: what it cannot decode is that row's error, with the hex.
    run: (input) => {
      deserialize(id, input, false);
      deserialize(id, input, true);
    },
    expected: never,
  };
}

/**
 * JSON reshaped without being re-serialized (jsonText.ts), on any text JSON.parse takes: pretty at
 * either indent and compact, it holds the same tokens and is still JSON.
 */
const jsonReshaperTarget: FuzzTarget = {
  name: 'JSON token reshaper',
  seeds: () => JSON_VALUES.map((text) => Buffer.from(text)),
  run: (input) => {
    const text = input.toString('utf8');
    try {
      JSON.parse(text);
    } catch {
      return; // it is given valid JSON only
    }
    const compact = compactJson(text);
    for (const shaped of [prettyJson(text), prettyJson(text, 4), compact]) {
      if (compactJson(shaped) !== compact) {
        throw new TypeError(`the tokens changed: ${JSON.stringify(shaped.slice(0, 80))}`);
      }
      JSON.parse(shaped);
    }
  },
  expected: never,
};

const lz4Target: FuzzTarget = {
  name: 'LZ4 frame',
  seeds: () =>
    [Buffer.alloc(0), Buffer.from('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'), Buffer.from(JSON_VALUES.join('\n').repeat(200))].map(
      lz4Compress,
    ),
  run: (input) => {
    const out = lz4Decompress(input);
    // LZ4 expands at most 255:1 (plus a block's worth): more means a length was trusted.
    if (out.length > input.length * 255 + 4 * 1024 * 1024) {
      throw new TypeError(`${input.length} bytes decompressed to ${out.length}`);
    }
  },
  expected: plainError,
};

/**
 * Every response decoder of the generated wire layer, at every version; only WireErrors are
 * expected. `realSeeds`: start from Kafka's own responses where the Java round trip kept them.
 */
function wireTargets(realSeeds: boolean): FuzzTarget[] {
  const kept = realSeeds ? readWireSeeds() : new Map<string, Buffer[]>();
  return Object.entries(GENERATED_APIS as Record<string, ApiDefinition<unknown, unknown>>).map(([key, api]) => ({
    name: `wire ${api.name}`,
    seeds: () => [Buffer.alloc(0), Buffer.alloc(24), Buffer.alloc(24, 1), Buffer.alloc(24, 0xff), ...(kept.get(key) ?? [])],
    // Decoded when some version reads it; otherwise the last version's WireError stands.
    run: (input) => {
      let refusal: unknown;
      let read = false;
      for (let version = api.minVersion; version <= api.maxVersion; version++) {
        try {
          api.decodeResponse(input, version);
          read = true;
        } catch (error) {
          if (!(error instanceof WireError)) {
            throw error;
          }
          refusal = error;
        }
      }
      if (!read) {
        throw refusal;
      }
    },
    expected: (error) => error instanceof WireError,
  }));
}

/** `realSeeds`: the wire targets start from Kafka's responses kept by the Java round trip, where there are some. */
/** Equal as CEL values: Maps entry for entry in order, bigints and doubles apart, -0 and NaN as themselves. */
function sameCel(a: unknown, b: unknown): boolean {
  if (a instanceof Map && b instanceof Map) {
    const left = [...a];
    const right = [...b];
    return left.length === right.length && left.every(([k, v], i) => k === right[i][0] && sameCel(v, right[i][1]));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameCel(item, b[i]));
  }
  return Object.is(a, b);
}

/**
 * The CEL filters' fast JSON reader against the general path: for every text JSON.parse takes,
 * readJson gives the same values or leaves it to the general path (NOT_READ); for every text it
 * refuses, readJson refuses too.
 */
const celJsonTarget: FuzzTarget = {
  name: 'CEL JSON fast path',
  seeds: () =>
    [...JSON_VALUES, '{"a": {"b": [1, 2.5, "x\\u00e9\\n"]}, "a": 3, "__proto__": {"c": true}}', '  [ ]  ', '-0.0e-0'].map((t) =>
      Buffer.from(t),
    ),
  run: (input) => {
    const text = input.toString('utf8');
    let parses = true;
    try {
      JSON.parse(text);
    } catch {
      parses = false;
    }
    let fast: unknown;
    try {
      fast = readJson(text, undefined);
    } catch {
      // NOT_READ, or a RangeError on absurd nesting: the general path answers then.
      throw new Error('left to the general path');
    }
    if (!parses) {
      throw new TypeError(`the fast path read what JSON.parse refuses: ${text.slice(0, 80)}`);
    }
    if (!sameCel(fast, celOfJsonText(text))) {
      throw new TypeError(`the fast path and the general path differ on ${text.slice(0, 80)}`);
    }
  },
  expected: (error) => error instanceof Error && error.message === 'left to the general path',
};

/**
 * A filter expression as typed: refused with a reason, or compiled and evaluated on a message,
 * never a throw (a message it cannot evaluate is no match).
 */
const celExpressionTarget: FuzzTarget = {
  name: 'CEL expression',
  seeds: () =>
    [
      'value.amount > 100 && headers["trace"].startsWith("a")',
      'value.items.exists(i, i.qty > 2) || has(value.error)',
      'timestamp > timestamp("2026-01-31T12:00:00Z") && partition == 3',
      'record.valueAsText.matches("(?i)^[[:alpha:]]+$") ? size(key) > 2 : int(offset) % 2u == 0',
      'value.name.lowerAscii().split(" ").map(w, w + "x").filter(w, w in ["ax"]) == [1, 2.0, "3"]',
    ].map((text) => Buffer.from(text)),
  run: (input) => {
    const compiled = ExpressionFilter.compile(input.toString('utf8'));
    if (compiled.ok) {
      const message = { topic: 't', partition: 3, offset: '7', timestamp: '1767225600000', key: Buffer.from('k1'), headers: [] };
      compiled.filter.test({ ...message, value: Buffer.from('{"amount": 120, "items": [{"qty": 3}], "name": "A b"}') }, FILTER_DECODERS);
    }
  },
  expected: never,
};

const FILTER_DECODERS: MessageDecoders = { keyDeserializer: 'auto', valueDeserializer: 'auto', headerFormat: 'text' };

const EXPORTED = (): Buffer[] => {
  const decoders: MessageDecoders = { keyDeserializer: 'auto', valueDeserializer: 'auto', headerFormat: 'text' };
  const values = [
    Buffer.from('{"id":4611686018427387905,"price":1.10}'),
    Buffer.from('82a26964cf4000000000000001a26f6bc3', 'hex'),
    Buffer.from('text "q"'),
    Buffer.from([0, 0xff]),
    null,
  ];
  const lines = values.map((value, i) =>
    exportRecordJson(
      {
        topic: 't',
        partition: i,
        offset: String(i),
        timestamp: String(1767225600000 + i),
        key: i % 2 ? null : Buffer.from(`k${i}`),
        value,
        headers: [['h', Buffer.from('v')]],
      },
      decoders,
    ),
  );
  return [Buffer.from(lines.join('\n') + '\n'), Buffer.from(lines[0])];
};

/** Produce File's NDJSON reader: every problem is a line's problem, never a throw; a value's bytes only as plain errors. */
const ndjsonTarget: FuzzTarget = {
  name: 'Produce File NDJSON',
  seeds: EXPORTED,
  run: (input) => {
    const read = readExportedRecords(input.toString('utf8'));
    for (const record of read.records) {
      try {
        exportedValueBytes(record, () => {
          throw new Error('no schema here');
        });
      } catch (error) {
        if (!plainError(error)) {
          throw error;
        }
      }
    }
  },
  expected: never,
};

/** Produce Selection's readers (one message per line, a JSON array): problems with a position, never a throw. */
const produceInputTarget: FuzzTarget = {
  name: 'produce input',
  seeds: () =>
    ['{"a": 1}\n{"b": [1, 2]}\n', '[{"key": "k", "value": {"x": 18446744073709551615}}, {"value": "v"}]', 'k1: {"a":1}'].map((t) =>
      Buffer.from(t),
    ),
  run: (input) => {
    const piece = { text: input.toString('utf8'), start: { line: 1, column: 1 } };
    messagesFromLines(piece, '\n', { key: 'string', value: 'json' });
    messagesFromLines(piece, ':', { key: 'string', value: 'msgpack' });
    messagesFromJsonArray(piece, { key: 'string', value: 'json' });
  },
  expected: never,
};

/**
 * The host's checks of what a webview sends (requests and the state it saves): whatever arrives,
 * an answer (accepted or refused with a reason), never a throw. Inputs are JSON texts, as the
 * structured clone of a message holds only JSON-like values; text that is not JSON goes in as a string.
 */
const webviewMessagesTarget: FuzzTarget = {
  name: 'webview messages',
  seeds: () =>
    [
      { requestId: 7, request: { type: 'start', form: DEFAULT_FORM } },
      { requestId: 8, request: { type: 'select', id: 3, deserializer: 'hex', whole: true } },
      { requestId: 9, request: { type: 'export', format: 'csv', ids: [1, 2, 3] } },
      { clusterName: 'local', form: DEFAULT_FORM },
      { requestId: 1, request: { type: 'setMode', mode: 'lines' } },
      JSON.parse('{"requestId": 2, "request": {"type": "start", "__proto__": {"polluted": true}}}') as unknown,
    ].map((value) => Buffer.from(JSON.stringify(value))),
  run: (input) => {
    const text = input.toString('utf8');
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // not JSON: the string itself is the message
    }
    parseRequest(value);
    parseSavedTail(value);
    parseGroupRequest(value);
    parseSavedGroupView(value);
    if (({} as Record<string, unknown>).polluted !== undefined) {
      throw new TypeError('a message reached Object.prototype');
    }
  },
  expected: never,
};

export function fuzzTargets(realSeeds = false): FuzzTarget[] {
  return [
    lz4Target,
    recordBatchTarget,
    ownRecordBatchTarget,
    compressedRecordsTarget,
    celJsonTarget,
    celExpressionTarget,
    ndjsonTarget,
    produceInputTarget,
    webviewMessagesTarget,
    deserializerTarget('auto'),
    deserializerTarget('msgpack'),
    deserializerTarget('json'),
    jsonReshaperTarget,
    schemaTarget('Avro payment', () => compileAvro(schemaFile('payment-v2.avsc'), new Map()), AVRO_VALUES),
    schemaTarget(
      'Protobuf order',
      () => compileProtobuf(schemaFile('order.proto'), new Map([['common.proto', schemaFile('common.proto')]]), 'acme.shop.Order'),
      PROTO_VALUES,
    ),
    schemaTarget('JSON Schema event', () => compileJsonSchema(schemaFile('event.schema.json'), new Map()), [
      '{"id": 18446744073709551615, "kind": "click", "price": 1.10}',
      '{"id": 1, "kind": "view"}',
    ]),
    ...wireTargets(realSeeds),
  ];
}
