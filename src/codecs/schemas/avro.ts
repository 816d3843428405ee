/**
 * Avro for Confluent Schema Registry values: the schema (and the schemas it references) is
 * parsed and compiled once into readers and encoders; decode gives exact JSON text (longs in
 * full, decimals and dates as strings, unions as the plain value with a note on the branch),
 * encode takes that same JSON back to the same bytes. Pure, no Avro library.
 */
import { prettyJson } from '../jsonText';
import { CompiledSchema, ReferencedSchemas, SchemaDecoded } from './compiledSchema';
import { ReaderCompiler } from './avroDecode';
import { compileEncoder } from './avroEncode';
import { AvroDecodeError, Cursor } from './avroRead';
import { parseAvroSchema } from './avroSchema';

const MAX_PATH = 200;

/** A decode failure as the Error the caller shows: what went wrong, at which byte, in which field. */
function decodeFailure(error: unknown): Error {
  if (error instanceof AvroDecodeError) {
    // A recursive schema can make a path thousands of fields long: keep its end, where it failed.
    const path = error.path();
    const shown = path.length > MAX_PATH ? `...${path.slice(-MAX_PATH).replace(/^\./, '')}` : path;
    return new Error(path ? `${error.detail} while reading field ${shown}` : error.detail);
  }
  if (error instanceof RangeError) {
    // A recursive schema with corrupt bytes can nest until the stack runs out.
    return new Error(`the value cannot be decoded: ${error.message}`);
  }
  return error as Error;
}

export function compileAvro(schemaText: string, references: ReferencedSchemas): CompiledSchema {
  const root = parseAvroSchema(schemaText, references);
  const readers = new ReaderCompiler();
  const read = readers.reader(root);
  const mayNote = readers.notes;
  const encode = compileEncoder(root);
  return {
    format: 'AVRO',
    decode(payload: Uint8Array, forRow: boolean): SchemaDecoded {
      const buf = Buffer.isBuffer(payload) ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
      const cursor = new Cursor(buf, !forRow && mayNote ? [] : null);
      let text: string;
      try {
        text = read(cursor);
      } catch (error) {
        throw decodeFailure(error);
      }
      if (cursor.pos < cursor.end) {
        throw new Error(`${cursor.end - cursor.pos} bytes left after the value (it ends at byte ${cursor.pos})`);
      }
      if (forRow) {
        return { text };
      }
      const notes = cursor.notes;
      return { text, pretty: prettyJson(text), ...(notes && notes.length > 0 ? { notes } : {}) };
    },
    encode,
  };
}
