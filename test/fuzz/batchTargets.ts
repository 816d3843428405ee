/**
 * Record batches as a broker sends them, through the decoder the tail's consumer runs (kafkajs'
 * own, with the codecs and the placeholder rule of compressionCodecs.ts) and on to the tail's
 * messages (tailMessages.ts).
 */
import { Codec, CODECS } from '../../src/codecs/compression/codecs';
import { registerCompressionCodecs } from '../../src/kafka/connection/compressionCodecs';
import { tailMessages } from '../../src/kafka/consume/tailMessages';
import { decodeRecordBatchAsKafkajs } from '../../src/kafka/kafkajsInternals';
import { CODEC_IDS, encodeRecordBatch, encodeRecords, RecordToWrite, timestampRange } from '../../src/kafka/wire/recordBatch';
import { readRecordBatches } from '../../src/kafka/wire/recordBatchReader';
import type { FuzzTarget } from './targets';

const RECORDS: readonly RecordToWrite[] = [
  { key: Buffer.from('order-1'), value: Buffer.from('{"amount": 12.10}'), headers: { trace: 'abc' }, timestamp: 1767225600000 },
  { key: null, value: null, timestamp: 1767225600001 },
  { key: Buffer.from([0, 0xff]), value: Buffer.alloc(300, 'x'), headers: { a: Buffer.from([1]), b: '' }, timestamp: 1767225600002 },
];
const IDENTITY = { producerId: -1n, producerEpoch: -1, firstSequence: -1 };
const CODEC_LIST: readonly Codec[] = ['gzip', 'snappy', 'lz4', 'zstd'];

type KafkajsMessages = Parameters<typeof tailMessages>[2];

async function decodeToTail(batch: Buffer): Promise<ReturnType<typeof tailMessages>> {
  registerCompressionCodecs();
  const { records } = await decodeRecordBatchAsKafkajs(batch);
  return tailMessages('t', 0, records as unknown as KafkajsMessages);
}

/**
 * A whole batch, header included, as kafkajs reads it. kafkajs' reader throws its own errors on
 * a broken header or uncompressed records (the fetch fails and says so; issue 21's own reader
 * replaces it): any Error is expected, but nothing slow and nothing that is not an Error.
 */
export const recordBatchTarget: FuzzTarget = {
  name: 'record batch (kafkajs reader)',
  seeds: async () => {
    const records = encodeRecords(RECORDS, RECORDS[0].timestamp);
    const range = timestampRange(RECORDS);
    const compressed = await Promise.all(CODEC_LIST.map((codec) => CODECS[codec].compress(records)));
    return [
      encodeRecordBatch(records, RECORDS.length, range, CODEC_IDS.none, IDENTITY),
      ...CODEC_LIST.map((codec, i) => encodeRecordBatch(compressed[i], RECORDS.length, range, CODEC_IDS[codec], IDENTITY)),
    ];
  },
  run: async (input) => {
    await decodeToTail(input);
  },
  expected: (error) => error instanceof Error,
};

/**
 * The compressed records of a batch whose header is intact (the first byte picks the codec):
 * whatever they hold, the batch never fails the fetch. Its records are read, or they become one
 * message that stands for all three offsets with the reason.
 */
export const compressedRecordsTarget: FuzzTarget = {
  name: 'compressed records (placeholders)',
  seeds: async () => {
    const records = encodeRecords(RECORDS, RECORDS[0].timestamp);
    return Promise.all(CODEC_LIST.map(async (codec, i) => Buffer.concat([Buffer.from([i]), await CODECS[codec].compress(records)])));
  },
  run: async (input) => {
    if (input.length < 1) {
      return;
    }
    const codec = CODEC_LIST[input[0] % CODEC_LIST.length];
    const batch = encodeRecordBatch(input.subarray(1), RECORDS.length, timestampRange(RECORDS), CODEC_IDS[codec], IDENTITY);
    const messages = await decodeToTail(batch);
    const failure = messages[0]?.batchError;
    if (failure ? messages.length !== 1 || failure.firstOffset !== '0' || failure.lastOffset !== '2' : messages.length !== RECORDS.length) {
      throw new TypeError(`${messages.length} messages for a batch of ${RECORDS.length} records`);
    }
  },
  expected: () => false,
};

/**
 * A fetch's records bytes (the seeds: each codec's batch, and all of them back to back) through
 * the own fetch path's reader: it never throws, a batch it cannot read is one failure without
 * records, and every record it reads lies inside its batch's offsets.
 */
export const ownRecordBatchTarget: FuzzTarget = {
  name: 'record batches (own reader)',
  seeds: async () => {
    const batches = await recordBatchTarget.seeds();
    return [...batches, Buffer.concat(batches)];
  },
  run: async (input) => {
    for (const batch of await readRecordBatches(input, (offset) => BigInt(offset))) {
      if (batch.failure && batch.records.length > 0) {
        throw new TypeError('a failed batch with records');
      }
      const outside = batch.records.find((offset) => offset < batch.baseOffset || offset >= batch.nextOffset);
      if (outside !== undefined) {
        throw new TypeError(`record offset ${outside} outside ${batch.baseOffset}..${batch.nextOffset - 1n}`);
      }
    }
  },
  expected: () => false,
};
