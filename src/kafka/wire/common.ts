/**
 * What the wire runtime (reader.ts, writer.ts) and the generated APIs (generated/) share:
 * the error every codec throws, field paths in messages, Kafka's uuids, and the shape of an
 * API the generator writes. Pure: no kafkajs, no Node beyond Buffer.
 */

/** A message that cannot be encoded or decoded as its version says; names the field's path. */
export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

/** Where a reader or writer is: field names and array indexes from the message down. */
export type FieldPath = Array<string | number>;

/** `groups[2].topics[0].name` from a path and the field being read (none: the element itself). */
export function formatPath(path: FieldPath, field?: string): string {
  let text = '';
  for (const step of field === undefined ? path : [...path, field]) {
    text += typeof step === 'number' ? `[${step}]` : text === '' ? step : `.${step}`;
  }
  return text === '' ? '(top level)' : text;
}

/** Kafka's Uuid.ZERO_UUID as text. */
export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

/** A Kafka Uuid as its Uuid.toString() shows it: the 16 bytes in URL-safe base64 without padding (22 characters). */
export function uuidFromBytes(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** The 16 bytes of a uuid in Kafka's text form; undefined when `text` is not one. */
export function uuidToBytes(text: string): Buffer | undefined {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(text)) {
    return undefined;
  }
  const bytes = Buffer.from(text, 'base64url');
  return bytes.length === 16 && bytes.toString('base64url') === text ? bytes : undefined;
}

/** An API of the generated wire layer (src/kafka/wire/generated), as scripts/wire/generate.mjs writes it. */
export interface ApiDefinition<Request, Response> {
  /** The spec's name without Request/Response: "OffsetFetch". */
  readonly name: string;
  readonly apiKey: number;
  /** The versions both the request and response specs declare valid. */
  readonly minVersion: number;
  readonly maxVersion: number;
  /** The first flexible version (compact strings and arrays, tagged fields); undefined when none is. */
  readonly firstFlexibleVersion: number | undefined;
  /** maxVersion is still being designed: brokers offer it only with unstable.api.versions.enable, clients do not use it. */
  readonly latestVersionUnstable: boolean;
  /** The request body of `version` (no request header). */
  encodeRequest(request: Request, version: number): Buffer;
  /** A response body of `version` (no response header); refuses bytes left after the last field. */
  decodeResponse(body: Buffer, version: number): Response;
}

/** Refuses a version outside the API's valid ones before anything is read or written. */
export function checkVersion(
  api: { readonly name: string; readonly minVersion: number; readonly maxVersion: number },
  version: number,
): void {
  if (!Number.isInteger(version) || version < api.minVersion || version > api.maxVersion) {
    throw new WireError(`${api.name} v${version} is not a version Kafka Explorer's wire layer has (v${api.minVersion}-v${api.maxVersion})`);
  }
}

/**
 * Whether a value equals a field's default as Kafka's generated equals() sees it: numbers,
 * bigints, booleans and strings by value, bytes by content, arrays and structs element by
 * element (a field missing from a struct counts as its default). Used for the tagged fields a
 * writer leaves out and for fields a version lacks.
 */
export function isDefault(value: unknown, defaultValue: unknown): boolean {
  if (value === undefined || value === defaultValue) {
    return true;
  }
  if (value === null || defaultValue === null || typeof value !== 'object' || typeof defaultValue !== 'object') {
    return false;
  }
  if (value instanceof Uint8Array || defaultValue instanceof Uint8Array) {
    return value instanceof Uint8Array && defaultValue instanceof Uint8Array && Buffer.compare(value, defaultValue) === 0;
  }
  if (Array.isArray(value) || Array.isArray(defaultValue)) {
    return (
      Array.isArray(value) &&
      Array.isArray(defaultValue) &&
      value.length === defaultValue.length &&
      value.every((item, i) => isDefault(item, defaultValue[i]))
    );
  }
  const fields = defaultValue as Record<string, unknown>;
  const given = value as Record<string, unknown>;
  return Object.keys(given).every((key) => key in fields && isDefault(given[key], fields[key]));
}
