import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CODECS } from '../../src/codecs/compression/codecs';
import { crc32c } from '../../src/kafka/wire/crc32c';
import { CODEC_IDS, encodeRecordBatch, encodeRecords, RecordToWrite, timestampRange } from '../../src/kafka/wire/recordBatch';
import { planChunks } from '../../src/kafka/produce/produceChunks';
import { producedPartitions, produceRequest } from '../../src/kafka/produce/produce';
import { IDEMPOTENT_PRODUCER } from '../../src/kafka/produce/producerIdentity';
import { decodeResponseFrame, encodeRequestFrame } from '../../src/kafka/wire/frame';
import { INIT_PRODUCER_ID } from '../../src/kafka/wire/generated/initProducerId';
import { PRODUCE } from '../../src/kafka/wire/generated/produce';

// kafkajs' own decoder and checksum: an implementation we did not write reads what we write.
/* eslint-disable @typescript-eslint/no-require-imports */
const KafkajsDecoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => unknown;
const decodeKafkajsBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (decoder: unknown) => Promise<KafkajsBatch>;
const kafkajsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C') as (buffer: Buffer) => number;
require('../../src/kafka/connection/compressionCodecs').registerCompressionCodecs();
/* eslint-enable @typescript-eslint/no-require-imports */

interface KafkajsBatch {
  firstTimestamp: string;
  maxTimestamp: string;
  producerId: string;
  producerEpoch: number;
  firstSequence: number;
  lastOffsetDelta: number;
  records: Array<{ key: Buffer | null; value: Buffer | null; timestamp: string; offset: string; headers: Record<string, Buffer> }>;
}

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('CRC-32C', () => {
  it('gives the check value of the standard test vector', () => {
    assert.equal(crc32c(Buffer.from('123456789')).toString(16), 'e3069283');
  });

  it('agrees with kafkajs on random bytes of every length mod 8, and on a range', () => {
    for (let length = 0; length < 40; length++) {
      const bytes = randomBytes(length);
      assert.equal(crc32c(bytes), kafkajsCrc32c(bytes), `length ${length}`);
    }
    const big = randomBytes(100003);
    assert.equal(crc32c(big, 7, 99990), kafkajsCrc32c(big.subarray(7, 99990)));
  });
});

describe('record batch encoding (magic 2)', () => {
  const base = 1764158400000;
  const records: RecordToWrite[] = [
    {
      key: Buffer.from('k1'),
      value: Buffer.from('{"id":9007199254740993}'),
      timestamp: base + 5,
      headers: { trace: 'abc', bin: Buffer.from([0, 255]) },
    },
    { key: null, value: null, timestamp: base },
    { key: Buffer.alloc(0), value: randomBytes(300), timestamp: base + 2 ** 33 }, // a delta beyond 32 bits
    { key: Buffer.from('ü'), value: Buffer.from('x'), timestamp: base - 1000 }, // earlier than the first
  ];

  async function roundTrip(codec: keyof typeof CODEC_IDS): Promise<{ batch: Buffer; decoded: KafkajsBatch }> {
    const timestamps = timestampRange(records);
    const plain = encodeRecords(records, timestamps.base);
    const body = codec === 'none' ? plain : await CODECS[codec].compress(plain);
    const batch = encodeRecordBatch(body, records.length, timestamps, CODEC_IDS[codec], {
      producerId: 4611686018427387905n,
      producerEpoch: 3,
      firstSequence: 12345,
    });
    return { batch, decoded: await decodeKafkajsBatch(new KafkajsDecoder(batch)) };
  }

  for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const) {
    it(`${codec}: kafkajs' decoder reads back every key, value, header, timestamp and offset`, async () => {
      const { batch, decoded } = await roundTrip(codec);
      assert.equal(decoded.records.length, 4);
      decoded.records.forEach((record, i) => {
        assert.deepEqual(record.key, records[i].key, `key ${i}`);
        assert.deepEqual(record.value, records[i].value, `value ${i}`);
        assert.equal(record.timestamp, String(records[i].timestamp), `timestamp ${i}`);
        assert.equal(record.offset, String(i));
      });
      assert.deepEqual(decoded.records[0].headers, { trace: Buffer.from('abc'), bin: Buffer.from([0, 255]) });
      assert.equal(decoded.firstTimestamp, String(base - 1000));
      assert.equal(decoded.maxTimestamp, String(base + 2 ** 33));
      assert.equal(decoded.producerId, '4611686018427387905');
      assert.equal(decoded.producerEpoch, 3);
      assert.equal(decoded.firstSequence, 12345);
      assert.equal(decoded.lastOffsetDelta, 3);
      assert.equal(batch.readInt32BE(8), batch.length - 12, 'batch length');
      assert.equal(batch.readUInt32BE(17), kafkajsCrc32c(batch.subarray(21)), 'CRC-32C over attributes to the end');
      assert.equal(batch.readInt16BE(21), CODEC_IDS[codec]);
    });
  }
});

describe('produce batches per partition', () => {
  const record = (bytes: number): RecordToWrite => ({ key: null, value: Buffer.alloc(bytes), timestamp: 0 });

  it('keeps message order, bounds batches by count, and numbers sequences per partition', () => {
    const partitions = [0, 1, 0, 0, 1, 0, 0];
    const plan = planChunks(
      partitions,
      partitions.map(() => record(10)),
      2,
    );
    assert.deepEqual(
      plan.map((p) => [p.partition, p.chunks.map((c) => [c.indexes, c.firstSequence])]),
      [
        [
          0,
          [
            [[0, 2], 0],
            [[3, 5], 2],
            [[6], 4],
          ],
        ],
        [1, [[[1, 4], 0]]],
      ],
    );
  });

  it('starts a new batch before one would pass 512 KiB, and gives a bigger message a batch of its own', () => {
    const sizes = [300 * 1024, 300 * 1024, 10, 2 * 1024 * 1024, 10];
    const plan = planChunks(
      sizes.map(() => 0),
      sizes.map(record),
    );
    assert.deepEqual(
      plan[0].chunks.map((c) => c.indexes),
      [[0], [1, 2], [3], [4]],
    );
    assert.deepEqual(
      plan[0].chunks.map((c) => c.firstSequence),
      [0, 1, 3, 4],
    );
  });
});

const decodeProduce = (frame: Buffer, version: number) => producedPartitions(decodeResponseFrame(PRODUCE, frame, version));

describe('Produce and InitProducerId requests, generated, bytes by hand', () => {
  it("encodes one topic with each partition's batch, no transactional id, acks=all", () => {
    const request = produceRequest('t', 30000, [
      { partition: 2, batch: hex('aabb') },
      { partition: 0, batch: hex('cc') },
    ]);
    const body = encodeRequestFrame(PRODUCE, request, 8);
    assert.equal(
      body.toString('hex'),
      ['ffff', 'ffff', '00007530', '00000001', '0001 74', '00000002', '00000002 00000002 aabb', '00000000 00000001 cc']
        .join('')
        .replace(/\s+/g, ''),
    );
  });

  it("reads every partition's answer of v8, the broker's error message included", () => {
    const response = hex(
      [
        '00000001',
        '0001 74',
        '00000002', // topic "t", 2 partitions
        '00000000 0000 000000000000002a ffffffffffffffff 0000000000000000 00000000 ffff', // p0 ok at 42, no record errors, no message
        '00000001 000a ffffffffffffffff ffffffffffffffff 0000000000000000 00000001 00000003 0004 6269 6721 0003 626164', // p1 MESSAGE_TOO_LARGE, record 3 "big!", message "bad"
        '00000000', // throttle
      ].join(''),
    );
    assert.deepEqual(decodeProduce(response, 8), [
      { partition: 0, errorCode: 0, baseOffset: 42n, errorMessage: null },
      { partition: 1, errorCode: 10, baseOffset: -1n, errorMessage: 'bad' },
    ]);
  });

  it('tells the records the broker refused when it gave no message (v8+), and reads flexible v12', () => {
    const v8 = hex(
      '00000001 0001 74 00000001 00000003 0057 ffffffffffffffff ffffffffffffffff 0000000000000000 00000002 00000000 ffff 00000004 0001 78 ffff 00000000',
    );
    assert.deepEqual(decodeProduce(v8, 8), [
      { partition: 3, errorCode: 87, baseOffset: -1n, errorMessage: 'record 0: invalid; record 4: x' },
    ]);
    // v12: response header tags, compact forms, a current leader in tag 0 (skipped by the report), throttle, tags.
    const v12 = hex(
      '00 02 0274 02 00000001 0000 0000000000000009 ffffffffffffffff 0000000000000000 01 00 01 00 09 00000002 00000005 00 00 00000000 00',
    );
    assert.deepEqual(decodeProduce(v12, 12), [{ partition: 1, errorCode: 0, baseOffset: 9n, errorMessage: null }]);
  });

  it('reads v3 (no log start offset, no messages) and refuses a truncated answer', () => {
    const v3 = hex('00000001 0001 74 00000001 00000005 0000 0000000000000007 ffffffffffffffff 00000000');
    assert.deepEqual(decodeProduce(v3, 3), [{ partition: 5, errorCode: 0, baseOffset: 7n, errorMessage: null }]);
    assert.throws(() => decodeProduce(v3.subarray(0, 20), 3), /truncated/);
  });

  it('asks for a producer id without a transactional id and reads id and epoch', () => {
    assert.equal(encodeRequestFrame(INIT_PRODUCER_ID, IDEMPOTENT_PRODUCER, 0).toString('hex'), 'ffff0000ea60');
    // v5: request header tags, a compact null string, the timeout, producer id and epoch -1 (v3+), tags.
    assert.equal(
      encodeRequestFrame(INIT_PRODUCER_ID, IDEMPOTENT_PRODUCER, 5).toString('hex'),
      '00' + '00' + '0000ea60' + 'ff'.repeat(10) + '00',
    );
    assert.deepEqual(decodeResponseFrame(INIT_PRODUCER_ID, hex('00000000 0000 0000000000003039 0002'), 0), {
      throttleTimeMs: 0,
      errorCode: 0,
      producerId: 12345n,
      producerEpoch: 2,
      ongoingTxnProducerId: -1n, // v6+
      ongoingTxnProducerEpoch: -1,
    });
  });
});
