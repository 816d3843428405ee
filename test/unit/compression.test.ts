/**
 * The compression codecs on their own, and inside kafkajs' own record batch encoder and
 * fetch decoder: every codec round-trips a batch, and a batch that cannot be decompressed
 * becomes placeholders that name the codec, the offsets and the reason.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CODECS, COMPRESSIONS, Codec, codecOfTopicConfig } from '../../src/codecs/compression/codecs';
import { lz4Compress, lz4Decompress } from '../../src/codecs/compression/lz4Frame';
import { CODEC_IDS, encodeRecordBatch, encodeRecords } from '../../src/kafka/wire/recordBatch';
import { decodeFailureOf, kafkajsCompression, registerCompressionCodecs } from '../../src/kafka/connection/compressionCodecs';

/* eslint-disable @typescript-eslint/no-require-imports */
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as {
  RecordBatch: (batch: Record<string, unknown>) => Promise<{ buffer: Buffer }>;
};
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (record: Record<string, unknown>) => unknown;
const decodeMessages = require('kafkajs/src/protocol/requests/fetch/v4/decodeMessages') as (decoder: unknown) => Promise<KafkajsRecord[]>;
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => unknown;

interface KafkajsRecord {
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

const IDENTITY = { producerId: -1n, producerEpoch: -1, firstSequence: -1 };
const CODEC_NAMES = COMPRESSIONS.filter((c): c is Codec => c !== 'none');

/** Text that compresses (repeats) with some bytes that do not. */
function sample(size: number): Buffer {
  const text = Buffer.from('{"order": 12345, "customer": "c-0042", "amount": 99.95}\n'.repeat(Math.ceil(size / 56)));
  const bytes = Buffer.concat([text, randomBytes(Math.floor(size / 10))]);
  return bytes.subarray(0, size);
}

/** Record batches as a broker's fetch response carries them, encoded by kafkajs itself. */
async function encodeBatch(codec: Codec, baseOffset: number, values: readonly string[]): Promise<Buffer> {
  const records = values.map((value, i) => Record({ offsetDelta: i, key: Buffer.from(`k${i}`), value: Buffer.from(value) }));
  const encoded = await RecordBatch({
    compression: kafkajsCompression(codec),
    firstOffset: String(baseOffset),
    lastOffsetDelta: values.length - 1,
    records,
  });
  return encoded.buffer;
}

function fetchMessages(...batches: Buffer[]): Promise<KafkajsRecord[]> {
  const body = Buffer.concat(batches);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return decodeMessages(new Decoder(Buffer.concat([size, body])));
}

describe('compression codecs', () => {
  before(() => registerCompressionCodecs());

  for (const codec of CODEC_NAMES) {
    it(`${codec}: compresses and decompresses to the same bytes (empty, small, several blocks)`, async () => {
      for (const data of [Buffer.alloc(0), sample(100), sample(300_000)]) {
        const compressed = await CODECS[codec].compress(data);
        assert.ok(data.length < 1000 || compressed.length < data.length, `${codec} compresses ${data.length} bytes`);
        assert.ok((await CODECS[codec].decompress(compressed)).equals(data), `${codec}, ${data.length} bytes`);
      }
    });

    it(`${codec}: a record batch kafkajs encodes is decoded by kafkajs' fetch decoder`, async () => {
      const values = Array.from({ length: 50 }, (_, i) => `{"id": ${2n ** 62n + BigInt(i)}}`);
      const records = await fetchMessages(await encodeBatch(codec, 1000, values));
      assert.deepEqual(
        records.map((r) => [r.offset, r.value?.toString()]),
        values.map((v, i) => [String(1000 + i), v]),
      );
      assert.ok(
        records.every((r) => decodeFailureOf(r.value) === undefined),
        'real records are not placeholders',
      );
    });

    it(`${codec}: a batch that cannot be decompressed becomes placeholders with the reason; the next batch is read`, async () => {
      const bad = await encodeBatch(codec, 500, ['a', 'b', 'c']);
      // Overwrite the compressed records (after the 61-byte header) with bytes no codec accepts.
      bad.fill(0xee, 61);
      const good = await encodeBatch(codec, 503, ['d']);
      const records = await fetchMessages(bad, good);
      assert.deepEqual(
        records.map((r) => r.offset),
        ['500', '501', '502', '503'],
      );
      const failure = decodeFailureOf(records[0].value);
      assert.ok(failure, 'the first record stands for a failed batch');
      assert.deepEqual(
        { ...failure, reason: typeof failure.reason },
        { codec, reason: 'string', firstOffset: '500', lastOffset: '502', recordCount: 3 },
      );
      assert.ok(failure.reason.length > 0);
      assert.equal(decodeFailureOf(records[2].value), failure);
      assert.equal(records[3].value?.toString(), 'd');
    });
  }

  // Found by npm run fuzz: kafkajs reads a negative record length by stepping back, so these
  // 1,000 records were the same one read again (2^31 of them ran out of memory).
  it('an uncompressed batch whose record length steps back becomes placeholders, not the same record again', async () => {
    const one = encodeRecords([{ key: Buffer.from('k'), value: Buffer.from('v'), timestamp: 0 }], 0);
    const records = Buffer.concat([one, Buffer.from([(one.length << 1) - 1])]); // zigzag -one.length
    const batch = encodeRecordBatch(records, 1000, { base: 0, max: 0 }, CODEC_IDS.none, IDENTITY);
    const read = await fetchMessages(batch, await encodeBatch('gzip', 1000, ['next']));
    const failure = decodeFailureOf(read[0].value);
    assert.ok(failure, `${read.length} records, the first ${read[0].value?.toString()}`);
    assert.deepEqual([failure.codec, failure.firstOffset, failure.lastOffset], ['none', '0', '999']);
    assert.equal(read.at(-1)?.value?.toString(), 'next');
  });

  it('a compressed batch whose records decompress but overrun their own length becomes placeholders', async () => {
    const one = encodeRecords([{ key: Buffer.from('key'), value: Buffer.from('v'), timestamp: 0 }], 0);
    one[4] = 0x7e; // the key's length (at 4: length, attributes, timestamp and offset deltas before it) is now 63
    const batch = encodeRecordBatch(await CODECS.zstd.compress(one), 1, { base: 0, max: 0 }, CODEC_IDS.zstd, IDENTITY);
    const read = await fetchMessages(batch);
    assert.match(decodeFailureOf(read[0].value)?.reason ?? 'read as a record', /does not hold its 1 records/);
  });

  it('a placeholder cannot be forged: the same bytes from a producer are a plain record', async () => {
    const records = await fetchMessages(await encodeBatch('zstd', 0, ['\u0000']));
    assert.equal(decodeFailureOf(records[0].value), undefined);
  });

  it('LZ4 frames set the block-independence flag Kafka requires and a valid header checksum', () => {
    const frame = lz4Compress(sample(1000));
    assert.equal(frame.readUInt32LE(0), 0x184d2204);
    assert.equal(frame[4] & 0x20, 0x20, 'independent blocks');
    assert.equal(frame[4] & 0xc0, 0x40, 'version 1');
    assert.equal(frame[6], 0x82, 'xxh32 of FLG 0x60 and BD 0x40, second byte (as lz4 and Kafka compute it)');
  });

  it('LZ4: a truncated or foreign frame is refused at once, never loops', () => {
    const frame = lz4Compress(sample(200_000));
    for (const cut of [3, 8, 20, frame.length - 2]) {
      assert.throws(() => lz4Decompress(frame.subarray(0, cut)), /LZ4 frame ends inside|corrupt/, `cut at ${cut}`);
    }
    assert.throws(() => lz4Decompress(Buffer.from('not lz4 at all')), /wrong magic/);
    const dependent = Buffer.from(frame);
    dependent[4] &= ~0x20;
    assert.throws(() => lz4Decompress(dependent), /dependent blocks/);
  });

  it("a topic's compression.type names the produce codec only when it is one", () => {
    assert.deepEqual(['zstd', 'LZ4', 'producer', 'uncompressed', undefined, 'gzip'].map(codecOfTopicConfig), [
      'zstd',
      'lz4',
      undefined,
      undefined,
      undefined,
      'gzip',
    ]);
  });
});
