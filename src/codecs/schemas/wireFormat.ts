/**
 * The Confluent wire format: a magic byte 0, the schema's registry id as a 4-byte big-endian
 * integer, then the payload (for Protobuf the message-index list comes first; the Protobuf
 * codec reads it). Pure.
 */

export const WIRE_HEADER_BYTES = 5;

export interface WireValue {
  readonly schemaId: number;
  /** The bytes after the header (a view into the message's bytes, not a copy). */
  readonly payload: Uint8Array;
}

/** The schema id a message's bytes name, without looking at the rest (the tail's prefetch scans every message). */
export function wireSchemaId(bytes: Uint8Array | null): number | undefined {
  return bytes && bytes.length >= WIRE_HEADER_BYTES && bytes[0] === 0
    ? ((bytes[1] << 24) | (bytes[2] << 16) | (bytes[3] << 8) | bytes[4]) >>> 0
    : undefined;
}

/** The header and payload, or undefined when the bytes do not start with one. */
export function readWireHeader(bytes: Uint8Array): WireValue | undefined {
  const schemaId = wireSchemaId(bytes);
  return schemaId === undefined ? undefined : { schemaId, payload: bytes.subarray(WIRE_HEADER_BYTES) };
}

export function writeWireValue(schemaId: number, payload: Uint8Array): Buffer {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > 0xffffffff) {
    throw new Error(`A schema id is a whole number from 0 to 4294967295, not ${schemaId}.`);
  }
  const bytes = Buffer.alloc(WIRE_HEADER_BYTES + payload.length);
  bytes.writeUInt32BE(schemaId, 1);
  bytes.set(payload, WIRE_HEADER_BYTES);
  return bytes;
}
