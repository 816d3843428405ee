/**
 * Records as the tail's Export NDJSON writes them, read back for Produce File: one JSON object
 * per line with topic, partition, offset, timestamp, key, headers, valueFormat, value (and
 * valueSchemaId for a Schema Registry value). Every line is checked before anything is sent; a
 * problem names its line. The value keeps its own tokens (never JSON.parse'd), so numbers stay
 * exact. Pure.
 */
import { Node, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { compactJson } from './jsonText';
import { msgpackOfJson } from './msgpackFromJson';
import { TextPosition } from './textPosition';

/** How the value was shown, so that it can become the same bytes again. */
export type ExportedFormat =
  'json' | 'msgpack' | 'string' | 'hex' | 'base64' | 'int32' | 'int64' | 'float64' | 'null' | 'avro' | 'protobuf' | 'json-schema';
const FORMATS: readonly ExportedFormat[] = [
  'json',
  'msgpack',
  'string',
  'hex',
  'base64',
  'int32',
  'int64',
  'float64',
  'null',
  'avro',
  'protobuf',
  'json-schema',
];
/** Formats whose value is written as JSON (the others as a JSON string of their text). */
const JSON_VALUED: ReadonlySet<ExportedFormat> = new Set(['json', 'msgpack', 'avro', 'protobuf', 'json-schema']);

export interface ExportedRecord {
  readonly line: number;
  readonly partition: number;
  readonly timestampMs: string;
  /** The key as the panel showed it (text), or null. */
  readonly key: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly valueFormat: ExportedFormat;
  /** JSON formats: the value's JSON text as written; text formats: the text itself; null: ''. */
  readonly value: string;
  readonly valueSchemaId?: number;
}

export interface ExportedProblem {
  readonly position: TextPosition;
  readonly message: string;
}

export interface ExportedRead {
  readonly records: ExportedRecord[];
  readonly problems: ExportedProblem[];
  /** Lines that stood for a record batch the tail could not decode: there is nothing to send. */
  readonly skippedErrors: number;
}

function field(fields: Map<string, Node>, name: string, type: Node['type'] | readonly Node['type'][]): Node {
  const node = fields.get(name);
  const types = typeof type === 'string' ? [type] : type;
  if (!node || !types.includes(node.type)) {
    throw new Error(`"${name}" must be ${types.join(' or ')}`);
  }
  return node;
}

function recordOf(line: string, lineNumber: number): ExportedRecord | 'error' {
  // jsonc-parser's tree forgives; a line it had to repair (cut short, say) is refused whole.
  const errors: ParseError[] = [];
  const root = parseTree(line, errors, { disallowComments: true, allowTrailingComma: false });
  if (root?.type !== 'object') {
    throw new Error('not a JSON object (Export NDJSON writes one per line)');
  }
  if (errors.length > 0) {
    throw new Error(`not JSON: ${printParseErrorCode(errors[0].error)} at column ${errors[0].offset + 1}`);
  }
  const fields = new Map((root.children ?? []).map((p) => [p.children![0].value as string, p.children![1]]));
  if (fields.has('error')) {
    return 'error';
  }
  const text = (node: Node) => line.slice(node.offset, node.offset + node.length);
  const partition = field(fields, 'partition', 'number');
  const timestamp = field(fields, 'timestamp', 'string').value as string;
  const timestampMs = Date.parse(timestamp);
  if (!Number.isFinite(timestampMs)) {
    throw new Error(`"timestamp" is not an ISO time: ${timestamp}`);
  }
  const key = field(fields, 'key', ['string', 'null']);
  const headersNode = field(fields, 'headers', 'object');
  const headers: Record<string, string> = {};
  for (const property of headersNode.children ?? []) {
    const [name, value] = property.children ?? [];
    headers[name.value as string] =
      value.type === 'string' ? (value.value as string) : value.type === 'null' ? '' : compactJson(text(value));
  }
  const format = field(fields, 'valueFormat', 'string').value as ExportedFormat;
  if (!FORMATS.includes(format)) {
    throw new Error(`"valueFormat" "${String(format)}" is none of ${FORMATS.join(', ')}`);
  }
  const valueNode = fields.get('value');
  if (!valueNode) {
    throw new Error('"value" is missing');
  }
  if (!JSON_VALUED.has(format) && valueNode.type !== 'string' && !(format === 'null' && valueNode.type === 'null')) {
    throw new Error(`a ${format} "value" is a JSON string`);
  }
  const schemaId = fields.get('valueSchemaId');
  if (schemaId && !(schemaId.type === 'number' && /^\d+$/.test(text(schemaId)))) {
    throw new Error('"valueSchemaId" must be a whole number');
  }
  if ((format === 'avro' || format === 'protobuf' || format === 'json-schema') && !schemaId) {
    throw new Error(`a ${format} value needs its "valueSchemaId"`);
  }
  return {
    line: lineNumber,
    partition: Number(text(partition)),
    timestampMs: String(timestampMs),
    key: key.type === 'null' ? null : (key.value as string),
    headers,
    valueFormat: format,
    value: JSON_VALUED.has(format) ? text(valueNode) : format === 'null' ? '' : (valueNode.value as string),
    ...(schemaId ? { valueSchemaId: Number(text(schemaId)) } : {}),
  };
}

/** Every record of an exported NDJSON text; problems name their line. */
export function readExportedRecords(text: string): ExportedRead {
  const records: ExportedRecord[] = [];
  const problems: ExportedProblem[] = [];
  let skippedErrors = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') {
      return;
    }
    try {
      const record = recordOf(line, index + 1);
      if (record === 'error') {
        skippedErrors++;
      } else {
        records.push(record);
      }
    } catch (error) {
      problems.push({ position: { line: index + 1, column: 1 }, message: (error as Error).message });
    }
  });
  return { records, problems, skippedErrors };
}

/** Big-endian bytes of a number shown by the int32/int64/float64 deserializers. */
function fixedBytes(format: 'int32' | 'int64' | 'float64', text: string): Buffer {
  const bytes = Buffer.alloc(format === 'int32' ? 4 : 8);
  if (format === 'float64') {
    const value = Number(text);
    if (text.trim() === '' || Number.isNaN(value) !== (text.trim() === 'NaN')) {
      throw new Error(`"${text}" is not a float64`);
    }
    bytes.writeDoubleBE(value);
  } else if (!/^-?\d+$/.test(text)) {
    throw new Error(`"${text}" is not a whole number`);
  } else if (format === 'int32') {
    bytes.writeInt32BE(Number(text));
  } else {
    bytes.writeBigInt64BE(BigInt(text));
  }
  return bytes;
}

/**
 * The value's bytes again, from what the panel showed: JSON as its tokens, msgpack built from
 * them, text, hex and base64 as the bytes they stand for. `schemaValue` writes Schema Registry
 * values (the caller has the registry). Throws with the reason when the value cannot be written.
 */
export function exportedValueBytes(record: ExportedRecord, schemaValue: (schemaId: number, jsonText: string) => Buffer): Buffer | null {
  const text = record.value;
  switch (record.valueFormat) {
    case 'null':
      return null;
    case 'json':
      return Buffer.from(text, 'utf8');
    case 'msgpack':
      return msgpackOfJson(text);
    case 'string':
      return Buffer.from(text, 'utf8');
    case 'hex':
      if (!/^([0-9a-fA-F]{2})*$/.test(text)) {
        throw new Error('the hex value has an odd length or a character that is no hex digit');
      }
      return Buffer.from(text, 'hex');
    case 'base64':
      return Buffer.from(text, 'base64');
    case 'int32':
    case 'int64':
    case 'float64':
      return fixedBytes(record.valueFormat, text);
    case 'avro':
    case 'protobuf':
    case 'json-schema':
      return schemaValue(record.valueSchemaId as number, text);
  }
}
