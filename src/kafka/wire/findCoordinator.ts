/**
 * FindCoordinator (API key 10) version 4 (KIP-699, Kafka 3.0+): the coordinators of many
 * groups in one request. kafkajs 2.2.4 asks one group at a time (v0-v2).
 * Schema: clients/src/main/resources/common/message/FindCoordinator{Request,Response}.json.
 */
import { CompactReader, CompactWriter } from './compact';

export const FIND_COORDINATOR_KEY = 10;
export const FIND_COORDINATOR_BATCH_VERSION = 4;
const KEY_TYPE_GROUP = 0;

export interface FoundCoordinator {
  readonly key: string;
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

/** The request body after kafkajs' request header (v1), for group coordinators. */
export function encodeFindGroupCoordinators(groupIds: readonly string[]): Buffer {
  return new CompactWriter()
    .noTags() // request header v2
    .int8(KEY_TYPE_GROUP)
    .array(groupIds, (w, id) => w.string(id))
    .noTags()
    .toBuffer();
}

/** The response body after the correlation id (response header v1 starts with tagged fields). */
export function decodeFindCoordinators(payload: Buffer): FoundCoordinator[] {
  const reader = new CompactReader(payload);
  reader.tags(); // response header v1
  reader.int32(); // ThrottleTimeMs
  const coordinators = reader.array((r) => {
    const coordinator = {
      key: r.string(),
      nodeId: r.int32(),
      host: r.string(),
      port: r.int32(),
      errorCode: r.int16(),
      errorMessage: r.nullableString(),
    };
    r.tags();
    return coordinator;
  });
  reader.tags();
  return coordinators;
}
