/**
 * A generated API's body inside the frames kafkajs sends and receives. kafkajs writes request
 * header v1 (api key, version, correlation id, client id) and hands back what follows the
 * response's correlation id; a flexible version (KIP-482) has request header v2 and response
 * header v1, which add tagged fields after those: written empty here, and skipped on the way
 * back. ApiVersions is the exception Kafka makes: its response header is always v0.
 */
import { ApiDefinition } from './common';
import { Reader } from './reader';

const API_VERSIONS_KEY = 18;
const NO_TAGGED_FIELDS = Buffer.from([0]);

function isFlexible(api: ApiDefinition<unknown, unknown>, version: number): boolean {
  return api.firstFlexibleVersion !== undefined && version >= api.firstFlexibleVersion;
}

/** What follows kafkajs' request header v1: the header's tagged fields in flexible versions, then the body. */
export function encodeRequestFrame<Request>(api: ApiDefinition<Request, unknown>, request: Request, version: number): Buffer {
  const body = api.encodeRequest(request, version);
  return isFlexible(api, version) ? Buffer.concat([NO_TAGGED_FIELDS, body]) : body;
}

/** A response after its correlation id: the header's tagged fields (skipped) in flexible versions, then the body. */
export function decodeResponseFrame<Response>(api: ApiDefinition<unknown, Response>, payload: Buffer, version: number): Response {
  if (!isFlexible(api, version) || api.apiKey === API_VERSIONS_KEY) {
    return api.decodeResponse(payload, version);
  }
  const header = new Reader(payload, `${api.name} response header v1`);
  header.taggedFields(() => false);
  return api.decodeResponse(payload.subarray(header.position), version);
}
