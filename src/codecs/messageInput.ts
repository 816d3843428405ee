/**
 * Editor text → messages to produce, checked completely before anything is sent. Pure.
 * Every failure names its line and column in the document.
 */
import { parseJson, SerializeError, serialize, serializeValue, SerializerId } from './serializers';
import { positionAt, shiftPosition, TextPosition } from './textPosition';

/** A piece of text from the document and where it starts. */
export interface TextPiece {
  readonly text: string;
  readonly start: TextPosition;
}

export interface OutgoingMessage {
  readonly key: Buffer | null;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
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
export function messagesFromPieces(pieces: readonly TextPiece[], key: string | undefined, headers: Record<string, string>, serializers: Serializers): InputResult {
  const messages: OutgoingMessage[] = [];
  const problems: InputProblem[] = [];
  let keyBytes: Buffer | null = null;
  if (key !== undefined && key !== '') {
    try {
      keyBytes = serialize(serializers.key, key);
    } catch (error) {
      problems.push({ position: { line: 0, column: 0 }, message: `the key: ${(error as Error).message}` });
    }
  }
  for (const piece of pieces) {
    try {
      messages.push({ key: keyBytes, value: serialize(serializers.value, piece.text), headers, source: piece.start });
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
      const key = keyText === undefined ? null : serialize(serializers.key, keyText);
      try {
        messages.push({ key, value: serialize(serializers.value, valueText), headers: {}, source: lineStart });
      } catch (error) {
        problems.push(problemAt(error, valueStart, 'value'));
      }
    } catch (error) {
      problems.push(problemAt(error, lineStart, 'key'));
    }
  });
  return result(messages, problems);
}

/** Offsets where each top-level item of a JSON array starts (strings and nesting skipped). */
export function arrayItemOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let inString = false;
  let expectItem = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') {
        i++;
      } else if (ch === '"') {
        inString = false;
      }
      continue;
    }
    if (/\s/.test(ch)) {
      continue;
    }
    if (depth === 1 && expectItem && ch !== ']') {
      offsets.push(i);
      expectItem = false;
    }
    if (ch === '"') {
      inString = true;
    } else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1) {
        expectItem = true;
      }
    } else if (ch === ']' || ch === '}') {
      depth--;
    } else if (ch === ',' && depth === 1) {
      expectItem = true;
    }
  }
  return offsets;
}

const ITEM_FIELDS = new Set(['key', 'value', 'headers', 'partition', 'timestamp']);

function isMessageObject(item: unknown): item is Record<string, unknown> {
  return typeof item === 'object' && item !== null && !Array.isArray(item) && 'value' in item && Object.keys(item).every((k) => ITEM_FIELDS.has(k));
}

/**
 * A JSON array: each item is a message value, or an object { key, value, headers,
 * partition, timestamp } describing one message.
 */
export function messagesFromJsonArray(piece: TextPiece, serializers: Serializers): InputResult {
  let items: unknown;
  try {
    items = parseJson(piece.text);
  } catch (error) {
    return { ok: false, problems: [problemAt(error, piece.start, 'JSON array')] };
  }
  if (!Array.isArray(items)) {
    return { ok: false, problems: [{ position: piece.start, message: 'expected a JSON array of messages ([ ... ])' }] };
  }
  const starts = arrayItemOffsets(piece.text);
  const messages: OutgoingMessage[] = [];
  const problems: InputProblem[] = [];
  items.forEach((item, index) => {
    const source = shiftPosition(positionAt(piece.text, starts[index] ?? 0), piece.start);
    const what = `item ${index + 1}`;
    try {
      if (!isMessageObject(item)) {
        messages.push({ key: null, value: serializeValue(serializers.value, item), headers: {}, source });
        return;
      }
      const headers: Record<string, string> = {};
      if (item.headers !== undefined) {
        if (typeof item.headers !== 'object' || item.headers === null || Array.isArray(item.headers)) {
          throw new Error('"headers" must be an object of name: value');
        }
        for (const [name, value] of Object.entries(item.headers)) {
          headers[name] = typeof value === 'string' ? value : JSON.stringify(value);
        }
      }
      if (item.partition !== undefined && (!Number.isInteger(item.partition) || (item.partition as number) < 0)) {
        throw new Error('"partition" must be a whole number from 0');
      }
      if (item.timestamp !== undefined && !(typeof item.timestamp === 'number' || (typeof item.timestamp === 'string' && !Number.isNaN(Date.parse(item.timestamp))))) {
        throw new Error('"timestamp" must be epoch milliseconds or an ISO 8601 time');
      }
      messages.push({
        key: item.key === undefined || item.key === null ? null : serializeValue(serializers.key, item.key),
        value: serializeValue(serializers.value, item.value),
        headers,
        ...(item.partition !== undefined ? { partition: item.partition as number } : {}),
        ...(item.timestamp !== undefined
          ? { timestamp: String(typeof item.timestamp === 'number' ? item.timestamp : Date.parse(item.timestamp as string)) }
          : {}),
        source,
      });
    } catch (error) {
      problems.push({ position: source, message: `${what}: ${(error as Error).message}` });
    }
  });
  return result(messages, problems);
}
