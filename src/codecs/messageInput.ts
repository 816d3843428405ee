/**
 * Editor text → messages to produce, checked completely before anything is sent. Pure.
 * Every failure names its line and column in the document.
 */
import { Node, parseTree } from 'jsonc-parser';
import { compactJson } from './jsonText';
import { SchemaWriter, writeWithSchema } from './schemas/schemaWriter';
import { checkJson, SerializeError, serialize, serializeJsonNode, SerializerId } from './serializers';
import { positionAt, shiftPosition, TextPosition } from './textPosition';

/** A piece of text from the document and where it starts. */
export interface TextPiece {
  readonly text: string;
  readonly start: TextPosition;
}

export interface OutgoingMessage {
  readonly key: Buffer | null;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string | Buffer>>;
  readonly partition?: number;
  readonly timestamp?: string;
  /** Where the message came from in the document (for reports). */
  readonly source: TextPosition;
}

export interface InputProblem {
  readonly position: TextPosition;
  readonly message: string;
}

export type InputResult = { ok: true; messages: OutgoingMessage[] } | { ok: false; problems: InputProblem[] };

export interface Serializers {
  readonly key: SerializerId;
  readonly value: SerializerId;
  /** When set, the key or value is JSON written with this Schema Registry schema instead. */
  readonly keySchema?: SchemaWriter;
  readonly valueSchema?: SchemaWriter;
}

/** A key or value from its text: through its schema when it has one, else its serializer. */
function write(serializers: Serializers, which: 'key' | 'value', text: string): Buffer {
  const schema = which === 'key' ? serializers.keySchema : serializers.valueSchema;
  return schema ? writeWithSchema(schema, text) : serialize(serializers[which], text);
}

/** A key or value that is one node of a JSON document (an array item, or its "key"/"value"). */
function writeNode(serializers: Serializers, which: 'key' | 'value', node: Node, text: string): Buffer {
  const schema = which === 'key' ? serializers.keySchema : serializers.valueSchema;
  return schema ? writeWithSchema(schema, text, node.offset, node.length) : serializeJsonNode(serializers[which], node, text);
}

function problemAt(error: unknown, start: TextPosition, what: string): InputProblem {
  if (error instanceof SerializeError) {
    return { position: shiftPosition(error.position, start), message: `${what}: ${error.message}` };
  }
  return { position: start, message: `${what}: ${error instanceof Error ? error.message : String(error)}` };
}

function result(messages: OutgoingMessage[], problems: InputProblem[]): InputResult {
  return problems.length > 0 ? { ok: false, problems } : { ok: true, messages };
}

/** Parses "name: value" pairs separated by commas or new lines. */
export function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const part of text.split(/[\n,]/)) {
    if (part.trim() === '') {
      continue;
    }
    const colon = part.indexOf(':');
    if (colon <= 0) {
      throw new Error(`"${part.trim()}" is not a header: write name: value`);
    }
    headers[part.slice(0, colon).trim()] = part.slice(colon + 1).trim();
  }
  return headers;
}

/** Each piece (a selection) is one message with the same key and headers. */
export function messagesFromPieces(
  pieces: readonly TextPiece[],
  key: string | undefined,
  headers: Record<string, string>,
  serializers: Serializers,
): InputResult {
  const messages: OutgoingMessage[] = [];
  const problems: InputProblem[] = [];
  let keyBytes: Buffer | null = null;
  if (key !== undefined && key !== '') {
    try {
      keyBytes = write(serializers, 'key', key);
    } catch (error) {
      problems.push({ position: { line: 0, column: 0 }, message: `the key: ${(error as Error).message}` });
    }
  }
  for (const piece of pieces) {
    try {
      messages.push({ key: keyBytes, value: write(serializers, 'value', piece.text), headers, source: piece.start });
    } catch (error) {
      problems.push(problemAt(error, piece.start, 'value'));
    }
  }
  return result(messages, problems);
}

/** One message per non-empty line: key<separator>value, or a value alone when the separator is absent. */
export function messagesFromLines(piece: TextPiece, separator: string, serializers: Serializers): InputResult {
  const messages: OutgoingMessage[] = [];
  const problems: InputProblem[] = [];
  piece.text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.replace(/\r$/, '');
    if (line.trim() === '') {
      return;
    }
    const lineStart = shiftPosition({ line: index + 1, column: 1 }, piece.start);
    const at = separator === '' ? -1 : line.indexOf(separator);
    const keyText = at >= 0 ? line.slice(0, at) : undefined;
    const valueText = at >= 0 ? line.slice(at + separator.length) : line;
    const valueStart = { line: lineStart.line, column: lineStart.column + (at >= 0 ? at + separator.length : 0) };
    try {
      const key = keyText === undefined ? null : write(serializers, 'key', keyText);
      try {
        messages.push({ key, value: write(serializers, 'value', valueText), headers: {}, source: lineStart });
      } catch (error) {
        problems.push(problemAt(error, valueStart, 'value'));
      }
    } catch (error) {
      problems.push(problemAt(error, lineStart, 'key'));
    }
  });
  return result(messages, problems);
}

const ITEM_FIELDS = new Set(['key', 'value', 'headers', 'partition', 'timestamp']);

/** The fields of an item that describes one message ({ value, key?, headers?, partition?, timestamp? }), else undefined. */
function messageFields(item: Node): Map<string, Node> | undefined {
  if (item.type !== 'object') {
    return undefined;
  }
  const fields = new Map<string, Node>();
  for (const property of item.children ?? []) {
    const [name, value] = property.children ?? [];
    if (!ITEM_FIELDS.has(name.value as string)) {
      return undefined;
    }
    fields.set(name.value as string, value);
  }
  return fields.has('value') ? fields : undefined;
}

/** One array item as a message: a plain value, or an object describing a message. */
function messageFromItem(item: Node, text: string, serializers: Serializers, source: TextPosition): OutgoingMessage {
  const fields = messageFields(item);
  if (!fields) {
    return { key: null, value: writeNode(serializers, 'value', item, text), headers: {}, source };
  }
  const written = (node: Node) => text.slice(node.offset, node.offset + node.length);
  const headers: Record<string, string> = {};
  const headersNode = fields.get('headers');
  if (headersNode) {
    if (headersNode.type !== 'object') {
      throw new Error('"headers" must be an object of name: value');
    }
    for (const property of headersNode.children ?? []) {
      const [name, value] = property.children ?? [];
      // A header is text: a string as it reads, anything else as its JSON, every digit kept.
      headers[name.value as string] = value.type === 'string' ? (value.value as string) : compactJson(written(value));
    }
  }
  const partition = fields.get('partition');
  if (partition && !(partition.type === 'number' && /^\d+$/.test(written(partition)) && Number.isSafeInteger(Number(written(partition))))) {
    throw new Error('"partition" must be a whole number from 0');
  }
  const timestamp = fields.get('timestamp');
  let timestampMs: string | undefined;
  if (timestamp) {
    const epoch = timestamp.type === 'number' && /^-?\d+$/.test(written(timestamp)) ? written(timestamp) : undefined;
    const iso = timestamp.type === 'string' ? Date.parse(timestamp.value as string) : NaN;
    if (epoch === undefined && Number.isNaN(iso)) {
      throw new Error('"timestamp" must be epoch milliseconds or an ISO 8601 time');
    }
    timestampMs = epoch ?? String(iso);
  }
  const key = fields.get('key');
  return {
    key: !key || key.type === 'null' ? null : writeNode(serializers, 'key', key, text),
    value: writeNode(serializers, 'value', fields.get('value')!, text),
    headers,
    ...(partition ? { partition: Number(written(partition)) } : {}),
    ...(timestampMs !== undefined ? { timestamp: timestampMs } : {}),
    source,
  };
}

/**
 * A JSON array: each item is a message value, or an object { key, value, headers,
 * partition, timestamp } describing one message. Items are serialized from their text as
 * written, so no number changes on the way.
 */
export function messagesFromJsonArray(piece: TextPiece, serializers: Serializers): InputResult {
  try {
    checkJson(piece.text);
  } catch (error) {
    return { ok: false, problems: [problemAt(error, piece.start, 'JSON array')] };
  }
  const root = parseTree(piece.text, [], { disallowComments: true, allowTrailingComma: false });
  if (root?.type !== 'array') {
    return { ok: false, problems: [{ position: piece.start, message: 'expected a JSON array of messages ([ ... ])' }] };
  }
  const messages: OutgoingMessage[] = [];
  const problems: InputProblem[] = [];
  (root.children ?? []).forEach((item, index) => {
    const source = shiftPosition(positionAt(piece.text, item.offset), piece.start);
    try {
      messages.push(messageFromItem(item, piece.text, serializers, source));
    } catch (error) {
      if (error instanceof SerializeError) {
        problems.push({ position: shiftPosition(error.position, piece.start), message: `item ${index + 1}: ${error.message}` });
      } else {
        problems.push({ position: source, message: `item ${index + 1}: ${(error as Error).message}` });
      }
    }
  });
  return result(messages, problems);
}
