/** The user's JSON → a Schema Registry message (header + payload), with a refusal at its line and column. Pure. */
import { SerializeError } from '../serializeError';
import { positionAt } from '../textPosition';
import { CompiledSchema, SchemaValueError } from './compiledSchema';
import { writeWireValue } from './wireFormat';

/** A subject's version, chosen for writing: its registry id goes into every message's header. */
export interface SchemaWriter {
  readonly schemaId: number;
  readonly schema: CompiledSchema;
  /** "orders-value v3 (AVRO, id 7)", for messages and reports. */
  readonly label: string;
}

/**
 * Encodes `jsonText` (a document's text, or the part from `offset` to `offset + length`
 * when the value is one item of a JSON array) under the schema. Positions point into the whole text.
 */
export function writeWithSchema(writer: SchemaWriter, text: string, offset = 0, length = text.length - offset): Buffer {
  try {
    return writeWireValue(writer.schemaId, writer.schema.encode(text.slice(offset, offset + length)));
  } catch (error) {
    if (error instanceof SchemaValueError) {
      const field = error.path === '' ? '' : ` (field ${error.path})`;
      throw new SerializeError(`does not fit ${writer.label}${field}: ${error.message}`, positionAt(text, offset + error.offset));
    }
    throw new SerializeError(`cannot be written with ${writer.label}: ${(error as Error).message}`, positionAt(text, offset));
  }
}
