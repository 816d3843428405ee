/**
 * InitProducerId (API key 22) versions 0-1: a producer id and epoch for an idempotent
 * (non-transactional) producer, so the broker can drop a batch sent twice by a retry.
 * Schema: clients/src/main/resources/common/message/InitProducerId{Request,Response}.json.
 */
import { CompactReader } from './compact';

export const INIT_PRODUCER_ID_KEY = 22;
export const INIT_PRODUCER_ID_VERSIONS = [1, 0] as const;

/** Java's default transaction.timeout.ms; a non-transactional producer's is not used. */
const TRANSACTION_TIMEOUT_MS = 60000;

export interface InitProducerIdAnswer {
  readonly errorCode: number;
  readonly producerId: bigint;
  readonly producerEpoch: number;
}

/** The request body: no transactional id. */
export function encodeInitProducerId(): Buffer {
  const body = Buffer.allocUnsafe(6);
  body.writeInt16BE(-1, 0);
  body.writeInt32BE(TRANSACTION_TIMEOUT_MS, 2);
  return body;
}

export function decodeInitProducerId(payload: Buffer): InitProducerIdAnswer {
  const reader = new CompactReader(payload);
  reader.int32(); // throttle time
  return { errorCode: reader.int16(), producerId: reader.int64(), producerEpoch: reader.int16() };
}
