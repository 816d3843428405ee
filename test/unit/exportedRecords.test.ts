/**
 * Produce File reads what Export NDJSON writes: every value becomes the same bytes again (JSON
 * tokens, msgpack as Python writes it with 64-bit ints, text, binary shown as hex, tombstones,
 * Avro through its schema), and a line that cannot be sent is named before anything is.
 * (msgpack from another writer may come back in other but equal bytes: a map16 header where a
 * fixmap would do, int64 for a positive number; the export of it reads the same.)
 */
import * as assert from 'node:assert/strict';
import { exportedValueBytes, readExportedRecords } from '../../src/codecs/exportedRecords';
import { compileAvro } from '../../src/codecs/schemas/avro';
import { writeWireValue } from '../../src/codecs/schemas/wireFormat';
import { TailMessage } from '../../src/kafka/consume/tailSession';
import { exportRecordJson, MessageDecoders } from '../../src/features/tail/host/rows';

const AVRO = compileAvro(JSON.stringify({ type: 'record', name: 'P', fields: [{ name: 'id', type: 'long' }] }), new Map());
const decoders: MessageDecoders = {
  keyDeserializer: 'auto',
  valueDeserializer: 'auto',
  headerFormat: 'text',
  schemas: { get: (id) => (id === 4 ? { schema: AVRO, id, places: [] } : undefined) },
};

const message = (offset: number, value: Buffer | null, key: string | null = `k${offset}`): TailMessage => ({
  topic: 'source',
  partition: offset % 2,
  offset: String(offset),
  timestamp: String(Date.UTC(2026, 0, 1, 0, 0, offset)),
  key: key === null ? null : Buffer.from(key),
  value,
  headers: [['trace', Buffer.from(`t-${offset}`)]],
});

describe('Produce File reads Export NDJSON', () => {
  it('gives every value its bytes again, key, headers, partition and timestamp as they were', () => {
    const values = [
      Buffer.from('{"id":4611686018427387905,"price":1.10}'),
      // As Python's msgpack writes {"id": 2**62 + 1, "ok": True}: a fixmap, uint64 beyond 32 bits.
      Buffer.from('82a26964cf4000000000000001a26f6bc3', 'hex'),
      Buffer.from('plain text, with "quotes"'),
      Buffer.from([0x00, 0xff, 0x10, 0x80]),
      writeWireValue(4, AVRO.encode('{"id": -9223372036854775808}')),
      null,
    ];
    const messages = values.map((value, i) => message(i, value, i === 5 ? null : `k${i}`));
    const read = readExportedRecords(messages.map((m) => exportRecordJson(m, decoders)).join('\n') + '\n');
    assert.deepEqual(read.problems, []);
    assert.deepEqual(
      read.records.map((r) => r.valueFormat),
      ['json', 'msgpack', 'string', 'hex', 'avro', 'null'],
    );
    const schemaValue = (id: number, json: string) => writeWireValue(id, AVRO.encode(json));
    read.records.forEach((record, i) => {
      const original = messages[i];
      // As hex: msgpackr leaves a cached DataView on a buffer it decoded, which deepEqual would compare too.
      assert.equal(exportedValueBytes(record, schemaValue)?.toString('hex'), original.value?.toString('hex'), `value of line ${i + 1}`);
      assert.equal(record.key, original.key === null ? null : String(original.key));
      assert.deepEqual(record.headers, { trace: `t-${i}` });
      assert.deepEqual([record.partition, record.timestampMs], [original.partition, original.timestamp]);
    });
  });

  it('names the line that cannot be sent, and skips lines that stood for undecodable batches', () => {
    const good = exportRecordJson(message(1, Buffer.from('{"a":1}')), decoders);
    const read = readExportedRecords(
      [
        good,
        'not json',
        '{"partition":0,"timestamp":"2026-01-01T00:00:00.000Z","key":null,"headers":{},"valueFormat":"avro","value":{"id":1}}',
        '{"partition":0,"timestamp":"yesterday","key":null,"headers":{},"valueFormat":"json","value":1}',
        '{"topic":"t","partition":0,"offset":"4","timestamp":"2026-01-01T00:00:00.000Z","lastOffset":"9","error":"could not decode a zstd record batch"}',
        '',
      ].join('\r\n'),
    );
    assert.equal(read.records.length, 1);
    assert.equal(read.skippedErrors, 1);
    assert.deepEqual(
      read.problems.map((p) => [p.position.line, p.message]),
      [
        [2, 'not a JSON object (Export NDJSON writes one per line)'],
        [3, 'a avro value needs its "valueSchemaId"'],
        [4, '"timestamp" is not an ISO time: yesterday'],
      ],
    );
    const hex = readExportedRecords(
      '{"partition":0,"timestamp":"2026-01-01T00:00:00.000Z","key":null,"headers":{},"valueFormat":"hex","value":"abc"}',
    ).records[0];
    assert.throws(() => exportedValueBytes(hex, () => Buffer.alloc(0)), /odd length/);
  });

  it('refuses a line cut short as not JSON, where it threw a TypeError (found by npm run fuzz)', () => {
    const good = '{"partition":0,"timestamp":"2026-01-01T00:00:00.000Z","key":null,"headers":{},"valueFormat":"msgpack","value":{"id":1}}';
    const read = readExportedRecords(`${good}\n${good.slice(0, good.length - 4)}\n`);
    assert.equal(read.records.length, 1);
    assert.deepEqual(
      read.problems.map((p) => [p.position.line, p.message]),
      [[2, `not JSON: ColonExpected at column ${good.length - 3}`]],
    );
  });
});
