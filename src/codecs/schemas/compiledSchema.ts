/**
 * What every Schema Registry format (Avro, Protobuf, JSON Schema) offers once its schema text
 * is compiled: decode a payload to exact JSON text for the tail, and encode the user's JSON text
 * to the payload bytes for produce. Pure: no registry access here (the registry layer fetches
 * schema texts and their references and hands them over).
 *
 * The payload is what follows the Confluent wire-format header (magic byte 0 + 4-byte id):
 * for Protobuf it starts with the message-index list, for Avro and JSON it is the body itself.
 */
import type { TextPosition } from '../textPosition';

export type SchemaFormat = 'AVRO' | 'PROTOBUF' | 'JSON';

export interface SchemaDecoded {
  /** One-line JSON text, every number exact (64-bit integers unquoted and in full). */
  readonly text: string;
  /** Indented JSON for the detail view; left out when decoding for a table row. */
  readonly pretty?: string;
  /** Extra facts for the detail view, one line each: the Avro union branches taken, the Protobuf message type. */
  readonly notes?: readonly string[];
}

/** A value refused by the schema: what is wrong, the field path ("order.items[2].sku"), where in the text. */
export class SchemaValueError extends Error {
  constructor(
    message: string,
    /** The path of the field from the root, "" for the root itself. */
    readonly path: string,
    /** 0-based character offset into the JSON text the user wrote. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'SchemaValueError';
  }
}

export interface CompiledSchema {
  readonly format: SchemaFormat;
  /**
   * Payload bytes → JSON text. `forRow` asks for `text` only (a busy table decodes many rows).
   * Throws an Error whose message says why when the bytes do not match the schema.
   */
  decode(payload: Uint8Array, forRow: boolean): SchemaDecoded;
  /**
   * The user's JSON text → payload bytes (Protobuf: message indexes included). Throws
   * SchemaValueError when the JSON does not fit the schema; never sends half a value.
   */
  encode(jsonText: string): Uint8Array;
  /** Protobuf: every message type the schema file declares, by full name, in message-index order (produce asks which to write). */
  readonly messageTypes?: readonly string[];
}

/** Schemas that a schema references, by the reference's name (Avro: the full type name; Protobuf: the import path). */
export type ReferencedSchemas = ReadonlyMap<string, string>;

export type { TextPosition };
