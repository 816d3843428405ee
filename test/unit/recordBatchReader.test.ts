/**
 * The record batch reader of the own fetch path against the batch writer (every codec, headers,
 * nulls, offsets and timestamps beyond 2^53) and against kafkajs' own reader on the same bytes:
 * the same records, and a batch that cannot be read as one failure with its offsets and reason.
 */
import * as assert from 'node:assert/strict';
import { CODECS, COMPRESSIONS, Codec } from '../../src/codecs/compression/codecs';
import { CODEC_IDS, encodeRecordBatch, encodeRecords, RecordToWrite } from '../../src/kafka/wire/recordBatch';
import { crc32c } from '../../src/kafka/wire/crc32c';
import { endOfWholeBatches, readRecordBatches, RecordHeaders } from '../../src/kafka/wire/recordBatchReader';
import { decodeRecordBatchAsKafkajs } from '../../src/kafka/kafkajsInternals';
import { registerCompressionCodecs } from '../../src/kafka/connection/compressionCodecs';

const IDENTITY = { producerId: -1n, producerEpoch: -1, firstSequence: -1 };
const CODEC_NAMES = COMPRESSIONS.filter((c): c is Codec => c !== 'none');

interface Read {
  readonly offset: string;
  readonly timestamp: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: ReadonlyArray<readonly [string, string | null]>;
}

const make = (offset: string, timestamp: string, key: Buffer | null, value: Buffer | null, headers: RecordHeaders): Read => ({
  offset,
  timestamp,
  key: key?.toString('utf8') ?? null,
  value: value?.toString('utf8') ?? null,
  headers: headers.map(([name, v]) => [name, v?.toString('utf8') ?? null] as const),
});

/** A batch as the broker stores it: written by our producer's writer, then given its base offset. */
async function batch(
  records: readonly RecordToWrite[],
  options: { codec?: Codec; baseOffset?: bigint; attributes?: number; identity?: typeof IDENTITY } = {},
): Promise<Buffer> {
  const base = Math.min(...records.map((r) => r.timestamp));
  const max = Math.max(...records.map((r) => r.timestamp));
  const plain = encodeRecords(records, base);
  const stored = options.codec ? await CODECS[options.codec].compress(plain) : plain;
  const bytes = encodeRecordBatch(
    stored,
    records.length,
    { base, max },
    options.codec ? CODEC_IDS[options.codec] : 0,
    options.identity ?? IDENTITY,
  );
  bytes.writeBigInt64BE(options.baseOffset ?? 0n, 0);
  if (options.attributes !== undefined) {
    bytes.writeInt16BE(bytes.readInt16BE(21) | options.attributes, 21);
    bytes.writeUInt32BE(crc32c(bytes, 21), 17);
  }
  return bytes;
}

const RECORDS: RecordToWrite[] = [
  { key: Buffer.from('k1'), value: Buffer.from('{"n": 1}'), timestamp: 1_700_000_000_000, headers: { trace: 'a', 'content-type': 'json' } },
  { key: null, value: null, timestamp: 1_700_000_000_500 },
  {
    key: Buffer.from(''),
    value: Buffer.from('ü'),
    timestamp: 1_699_999_999_000,
    headers: JSON.parse('{"__proto__": "x"}') as Record<string, string>,
  },
];

describe('the own record batch reader', () => {
  before(() => registerCompressionCodecs());

  for (const codec of [undefined, ...CODEC_NAMES]) {
    it(`${codec ?? 'uncompressed'}: reads every record, nulls, empty bytes and headers in order, as kafkajs does`, async () => {
      const bytes = await batch(RECORDS, { codec, baseOffset: 41n });
      const [read] = await readRecordBatches(bytes, make);
      assert.equal(read.failure, undefined);
      assert.equal(read.nextOffset, 44n);
      assert.deepEqual(
        read.records.map((r) => [r.offset, r.timestamp, r.key, r.value]),
        [
          ['41', '1700000000000', 'k1', '{"n": 1}'],
          ['42', '1700000000500', null, null],
          ['43', '1699999999000', '', 'ü'],
        ],
      );
      assert.deepEqual(read.records[0].headers, [
        ['trace', 'a'],
        ['content-type', 'json'],
      ]);
      // A header's name is data: kafkajs makes an object of the headers, where this one is lost.
      assert.deepEqual(read.records[2].headers, [['__proto__', 'x']]);
      const kafkajs = await decodeRecordBatchAsKafkajs(bytes);
      assert.deepEqual(
        kafkajs.records.map((r) => [r.offset, r.timestamp, r.key?.toString() ?? null, r.value?.toString() ?? null]),
        read.records.map((r) => [r.offset, r.timestamp, r.key, r.value]),
      );
    });
  }

  it('keeps offsets and timestamps exact beyond 2^53, and log-append time for every record', async () => {
    const far = 2n ** 62n;
    const [read] = await readRecordBatches(await batch(RECORDS.slice(0, 2), { baseOffset: far }), make);
    assert.deepEqual(
      read.records.map((r) => r.offset),
      [String(far), String(far + 1n)],
    );
    const appended = await batch(RECORDS, { attributes: 0x08 });
    const [logTime] = await readRecordBatches(appended, make);
    assert.deepEqual(
      logTime.records.map((r) => r.timestamp),
      ['1700000000500', '1700000000500', '1700000000500'],
    );
  });

  it('leaves a batch cut off at the end of the fetch for the next one', async () => {
    const first = await batch(RECORDS, { baseOffset: 0n });
    const second = await batch(RECORDS, { baseOffset: 3n });
    const batches = await readRecordBatches(Buffer.concat([first, second.subarray(0, second.length - 5)]), make);
    assert.deepEqual(
      batches.map((b) => b.nextOffset),
      [3n],
    );
    assert.deepEqual(await readRecordBatches(first.subarray(0, 11), make), []);
    // Read from the headers alone, as the next fetch is asked for before this one is decoded.
    assert.equal(endOfWholeBatches(Buffer.concat([first, second.subarray(0, second.length - 5)])), 3n);
    assert.equal(endOfWholeBatches(Buffer.concat([first, second])), 6n);
    assert.equal(endOfWholeBatches(first.subarray(0, 70)), undefined);
  });

  it('reads a transaction marker as a control batch without records', async () => {
    // The control record's key: version 0, type 0 (abort) or 1 (commit).
    const marker = (type: number) =>
      batch([{ key: Buffer.from([0, 0, 0, type]), value: Buffer.from([0, 0, 0, 0, 0, 0]), timestamp: 5 }], {
        baseOffset: 9n,
        attributes: 0x30,
        identity: { producerId: 7n, producerEpoch: 0, firstSequence: -1 },
      });
    const [abort] = await readRecordBatches(await marker(0), make);
    const [commit] = await readRecordBatches(await marker(1), make);
    assert.deepEqual(
      [abort.control, abort.producerId, abort.transactional, abort.records.length, abort.nextOffset],
      ['abort', 7n, true, 0, 10n],
    );
    assert.equal(commit.control, 'commit');
  });

  it('makes a batch whose records overrun their lengths one failure with its offsets, and reads the next batch', async () => {
    const bad = await batch(RECORDS, { baseOffset: 10n });
    // The first record's length varint, made to claim more than the batch holds.
    bad[61] = 0x7e;
    const good = await batch(RECORDS, { baseOffset: 13n });
    const [failed, next] = await readRecordBatches(Buffer.concat([bad, good]), make);
    assert.equal(failed.records.length, 0);
    assert.deepEqual(
      { ...failed.failure, reason: failed.failure?.reason.replace(/:.*/, '') },
      {
        codec: 'none',
        reason: 'the batch does not hold its 3 records as Kafka writes them',
        firstOffset: '10',
        lastOffset: '12',
        recordCount: 3,
      },
    );
    assert.equal(next.records.length, 3);
  });

  for (const codec of CODEC_NAMES) {
    it(`${codec}: a batch that cannot be decompressed is one failure naming the codec`, async () => {
      const bytes = await batch(RECORDS, { codec, baseOffset: 20n });
      bytes.fill(0x55, 61);
      const [read] = await readRecordBatches(bytes, make);
      assert.equal(read.failure?.codec, codec);
      assert.equal(read.failure?.firstOffset, '20');
      assert.equal(read.failure?.lastOffset, '22');
      assert.equal(read.nextOffset, 23n);
    });
  }

  it('says so for an old message format or a length shorter than a header, and stops there', async () => {
    const old = await batch(RECORDS, { baseOffset: 4n });
    old.writeInt8(1, 16);
    const [legacy] = await readRecordBatches(old, make);
    assert.match(legacy.failure?.reason ?? '', /message format v1/);
    const short = Buffer.alloc(30);
    short.writeInt32BE(10, 8);
    const read = await readRecordBatches(short, make);
    assert.equal(read.length, 1);
    assert.match(read[0].failure?.reason ?? '', /less than its header/);
  });
});
