/**
 * Deserializers for the tail panel: bytes from Kafka → text to show. Pure. Every input is
 * untrusted; the result is plain text for the webview to render with textContent.
 */
import { isUtf8 } from 'node:buffer';
import { Unpackr } from 'msgpackr';
import { compactJson, jsonOfValue, prettyJson } from './jsonText';
import { DESERIALIZER_LABELS, DESERIALIZERS, DeserializerId, HEADER_FORMAT_LABELS, HEADER_FORMATS, HeaderFormat } from './deserializerIds';
import { SchemaFormat } from './schemas/compiledSchema';
import { isKnownSchema, KnownSchema, SchemaLookup, SubjectPlace } from './schemas/schemaLookup';
import { readWireHeader } from './schemas/wireFormat';

export { DESERIALIZER_LABELS, DESERIALIZERS, HEADER_FORMAT_LABELS, HEADER_FORMATS };
export type { DeserializerId, HeaderFormat };

/** What a row calls a schema'd value's format. */
const SCHEMA_FORMAT_NAMES: Record<SchemaFormat, 'avro' | 'protobuf' | 'json-schema'> = {
  AVRO: 'avro',
  PROTOBUF: 'protobuf',
  JSON: 'json-schema',
};

export interface Decoded {
  /** The format that produced `text` (for auto: the one detected). */
  readonly format: Exclude<DeserializerId, 'auto' | 'schema-registry'> | 'avro' | 'protobuf' | 'json-schema' | 'null';
  /** One-line text for tables. */
  readonly text: string;
  /** Pretty text for the detail view (indented JSON), when it differs. */
  readonly pretty?: string;
  /** Set when the chosen deserializer could not decode the bytes; `text` is then hex. */
  readonly error?: string;
  /** For a Schema Registry value: which schema decoded it, and what the detail should add (union branches, message type). */
  readonly schema?: { readonly id: number; readonly places: readonly SubjectPlace[]; readonly notes: readonly string[] };
}

/** The bytes as text, or undefined when they are not valid UTF-8 (isUtf8 is native and fast). */
function strictUtf8(bytes: Uint8Array): string | undefined {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isUtf8(buffer) ? buffer.toString('utf8') : undefined;
}

/**
 * Valid UTF-8 that is mostly printable is text (the panel shows its control characters as
 * symbols); many control characters mean binary that happens to be valid UTF-8.
 */
function looksLikeText(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  const controls = text.match(/[\u0000-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  return controls / Math.max(1, text.length) < 0.3;
}

// Maps, not objects: msgpackr would rename a "__proto__" key to "__proto_" on an object.
const msgpack = new Unpackr({ useRecords: false, int64AsType: 'bigint', mapsAsObjects: false });
const unpack = (bytes: Uint8Array): unknown => msgpack.unpack(bytes);

/** Formats whose decoded text is JSON (exact: a JSON value's own tokens, or a decoded value printed with every number whole). */
export function isJsonFormat(format: Decoded['format']): boolean {
  return format === 'json' || format === 'msgpack' || format === 'avro' || format === 'protobuf' || format === 'json-schema';
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** A header value as text: never guessed as JSON or msgpack, since a one-byte header like 0x01 would read as msgpack 1. */
export function decodeHeader(format: HeaderFormat, bytes: Uint8Array): string {
  return format === 'text' ? (strictUtf8(bytes) ?? toHex(bytes)) : toHex(bytes);
}

/** A decoded msgpack value as JSON text, every integer exact (pretty too, unless for a row). */
function msgpackJson(value: unknown, forRow: boolean): { text: string; pretty?: string } {
  const text = jsonOfValue(value);
  return forRow ? { text } : { text, pretty: prettyJson(text) };
}

/** JSON bytes as text for the detail view: compact and pretty, every token as it came. */
function jsonDetail(text: string): { text: string; pretty: string } {
  return { text: compactJson(text), pretty: prettyJson(text) };
}

/** msgpack only when the whole buffer is exactly one msgpack value of a structured kind. */
function tryMsgpack(bytes: Uint8Array): unknown {
  const first = bytes[0];
  // fixmap 0x80-0x8f, fixarray 0x90-0x9f, map16/32 0xde/0xdf, array16/32 0xdc/0xdd
  const structured = (first >= 0x80 && first <= 0x9f) || (first >= 0xdc && first <= 0xdf);
  if (!structured) {
    return undefined;
  }
  try {
    return unpack(bytes);
  } catch {
    return undefined;
  }
}

function fixed(bytes: Uint8Array, size: number, read: (view: DataView) => string, name: string): Decoded {
  if (bytes.length !== size) {
    return { format: 'hex', text: toHex(bytes), error: `${name} needs exactly ${size} bytes, this value has ${bytes.length}` };
  }
  return { format: name as Decoded['format'], text: read(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)) };
}

/** JSON text for a table row: as it came, on one line; the detail view pretty-prints instead. */
function jsonRowText(text: string): { text: string } {
  return { text: text.includes('\n') ? text.replace(/\s*\n\s*/g, ' ').trim() : text.trim() };
}

/** A value in the Confluent wire format, decoded with its schema; an error (and the hex) when it does not fit. */
function schemaDecode(known: KnownSchema, payload: Uint8Array, bytes: Uint8Array, forRow: boolean): Decoded {
  const where = { id: known.id, places: known.places };
  try {
    const decoded = known.schema.decode(payload, forRow);
    return {
      format: SCHEMA_FORMAT_NAMES[known.schema.format],
      text: decoded.text,
      ...(decoded.pretty !== undefined ? { pretty: decoded.pretty } : {}),
      schema: { ...where, notes: decoded.notes ?? [] },
    };
  } catch (error) {
    return {
      format: 'hex',
      text: toHex(bytes),
      error: `does not match schema ${known.id} (${known.schema.format}): ${(error as Error).message}`,
      schema: { ...where, notes: [] },
    };
  }
}

/** The Schema Registry deserializer: the wire-format header, then the schema the registry holds for its id. */
function registryDecode(bytes: Uint8Array, forRow: boolean, schemas: SchemaLookup | undefined): Decoded {
  const wire = readWireHeader(bytes);
  if (!wire) {
    return { format: 'hex', text: toHex(bytes), error: 'not in the Schema Registry wire format (a 0 byte and a 4-byte schema id)' };
  }
  if (!schemas) {
    return {
      format: 'hex',
      text: toHex(bytes),
      error: `names schema ${wire.schemaId}, but this cluster has no Schema Registry (Edit Cluster sets one)`,
    };
  }
  const found = schemas.get(wire.schemaId);
  if (!isKnownSchema(found)) {
    return {
      format: 'hex',
      text: toHex(bytes),
      error: found ? `schema ${wire.schemaId}: ${found.error}` : `schema ${wire.schemaId} is not loaded yet`,
    };
  }
  return schemaDecode(found, wire.payload, bytes, forRow);
}

/**
 * Decodes bytes with a deserializer. `forRow` skips what only the detail view needs
 * (compacting and pretty printing JSON): the table decodes every message of a busy topic.
 * JSON is never re-serialized: a number shows exactly as the producer wrote it.
 */
export function deserialize(id: DeserializerId, bytes: Uint8Array | null, forRow = false, schemas?: SchemaLookup): Decoded {
  if (bytes === null) {
    return { format: 'null', text: 'null' };
  }
  const failed = (format: string, reason: string): Decoded => ({ format: 'hex', text: toHex(bytes), error: `not ${format}: ${reason}` });
  switch (id) {
    case 'schema-registry':
      return registryDecode(bytes, forRow, schemas);
    case 'auto': {
      // A 0 byte and an id the registry knows: Schema Registry. JSON and text never start with a 0 byte.
      const wire = schemas ? readWireHeader(bytes) : undefined;
      const known = wire ? schemas?.get(wire.schemaId) : undefined;
      if (wire && isKnownSchema(known)) {
        return schemaDecode(known, wire.payload, bytes, forRow);
      }
      const text = strictUtf8(bytes);
      if (text !== undefined) {
        const trimmed = text.trim();
        if (trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed.startsWith('"')) {
          try {
            // Parsed only to check it is JSON: what is shown are the tokens as they came.
            JSON.parse(trimmed);
            return { format: 'json', ...(forRow ? jsonRowText(trimmed) : jsonDetail(trimmed)) };
          } catch {
            // Not JSON after all: plain text below.
          }
        }
      }
      const packed = tryMsgpack(bytes);
      if (packed !== undefined) {
        return { format: 'msgpack', ...msgpackJson(packed, forRow) };
      }
      if (text !== undefined && looksLikeText(text)) {
        return { format: 'string', text };
      }
      return { format: 'hex', text: toHex(bytes) };
    }
    case 'string': {
      const text = strictUtf8(bytes);
      return text === undefined ? failed('UTF-8', 'invalid byte sequence') : { format: 'string', text };
    }
    case 'json': {
      const text = strictUtf8(bytes);
      if (text === undefined) {
        return failed('JSON', 'not UTF-8');
      }
      try {
        JSON.parse(text);
        return { format: 'json', ...(forRow ? jsonRowText(text) : jsonDetail(text)) };
      } catch (error) {
        return failed('JSON', (error as Error).message);
      }
    }
    case 'msgpack':
      try {
        return { format: 'msgpack', ...msgpackJson(unpack(bytes), forRow) };
      } catch (error) {
        return failed('msgpack', (error as Error).message);
      }
    case 'hex':
      return { format: 'hex', text: toHex(bytes) };
    case 'base64':
      return { format: 'base64', text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
    case 'int32':
      return fixed(bytes, 4, (v) => String(v.getInt32(0, false)), 'int32');
    case 'int64':
      return fixed(bytes, 8, (v) => v.getBigInt64(0, false).toString(), 'int64');
    case 'float64':
      return fixed(bytes, 8, (v) => String(v.getFloat64(0, false)), 'float64');
  }
}
