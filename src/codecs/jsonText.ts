/**
 * JSON reshaped without being re-serialized. JSON.parse turns 9007199254740993 into
 * 9007199254740992 and 1.10 into 1.1; here every token (number, string, literal) stays as
 * written and only the white space between tokens changes, so a value reads the same in a
 * row, the detail, an editor, an export and a resend. Decoded values (msgpack) print with
 * 64-bit integers in full and -0 as -0. Pure; the text given must be valid JSON.
 */
import { createScanner, SyntaxKind } from 'jsonc-parser';

const TRIVIA = new Set([SyntaxKind.Trivia, SyntaxKind.LineBreakTrivia, SyntaxKind.LineCommentTrivia, SyntaxKind.BlockCommentTrivia]);

/** The tokens of a JSON text, as written. */
function tokens(text: string): string[] {
  const scanner = createScanner(text, false);
  const result: string[] = [];
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (!TRIVIA.has(kind)) {
      result.push(text.slice(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength()));
    }
  }
  return result;
}

/** The JSON on one line with no white space between tokens. */
export function compactJson(text: string): string {
  return tokens(text).join('');
}

/** The JSON indented like JSON.stringify(value, null, indent), every token as written. */
export function prettyJson(text: string, indent = 2): string {
  const list = tokens(text);
  const parts: string[] = [];
  let depth = 0;
  const newline = () => `\n${' '.repeat(depth * indent)}`;
  for (let i = 0; i < list.length; i++) {
    const token = list[i];
    if (token === '{' || token === '[') {
      const close = token === '{' ? '}' : ']';
      if (list[i + 1] === close) {
        parts.push(token, close);
        i++;
        continue;
      }
      depth++;
      parts.push(token, newline());
    } else if (token === '}' || token === ']') {
      depth--;
      parts.push(newline(), token);
    } else if (token === ',') {
      parts.push(',', newline());
    } else if (token === ':') {
      parts.push(': ');
    } else {
      parts.push(token);
    }
  }
  return parts.join('');
}

function numberText(value: number): string {
  // Not JSON, but what the bytes hold (Python's json writes and reads these too).
  if (Number.isNaN(value)) {
    return 'NaN';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? 'Infinity' : '-Infinity';
  }
  return Object.is(value, -0) ? '-0' : String(value);
}

/**
 * A decoded value (msgpack's: objects, arrays, strings, numbers, 64-bit bigints, binary,
 * dates) as compact JSON text, exactly: bigints in full, -0 as -0, binary as hex text.
 */
export function jsonOfValue(value: unknown): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      return numberText(value);
    case 'boolean':
      return String(value);
    case 'string':
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      return JSON.stringify(String(value));
  }
  if (value instanceof Uint8Array) {
    return JSON.stringify(`<${value.length} bytes: ${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}>`);
  }
  if (value instanceof Date) {
    return JSON.stringify(Number.isNaN(value.getTime()) ? String(value) : value.toISOString());
  }
  if (Array.isArray(value)) {
    return `[${value.map(jsonOfValue).join(',')}]`;
  }
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return `{${entries.map(([k, v]) => `${JSON.stringify(typeof k === 'string' ? k : jsonOfValue(k))}:${jsonOfValue(v)}`).join(',')}}`;
}
