/**
 * Serializers that turn text typed in an editor into message bytes. Pure: no vscode, no
 * Kafka. A failure says where (line and column within the text) and why.
 */
import { Node, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { compactJson } from './jsonText';
import { msgpackOfJson, msgpackOfJsonNode } from './msgpackFromJson';
import { SerializeError } from './serializeError';
import { positionAt } from './textPosition';

export { SerializeError };

export const SERIALIZERS = ['string', 'json', 'json-compact', 'msgpack', 'base64', 'hex'] as const;
export type SerializerId = (typeof SERIALIZERS)[number];

export const SERIALIZER_LABELS: Record<SerializerId, string> = {
  string: 'UTF-8 string',
  json: 'JSON (validated, sent as written)',
  'json-compact': 'JSON (validated, compacted)',
  msgpack: 'msgpack (from the JSON text, integers of up to 64 bits exact)',
  base64: 'base64 → bytes',
  hex: 'hex → bytes',
};

const JSON_ERRORS: Partial<Record<string, string>> = {
  ValueExpected: 'a value is expected',
  ColonExpected: 'a ":" is expected',
  CommaExpected: 'a "," is expected',
  CloseBraceExpected: 'a "}" is expected',
  CloseBracketExpected: 'a "]" is expected',
  EndOfFileExpected: 'the text goes on after the JSON value',
  PropertyNameExpected: 'a property name in double quotes is expected',
  InvalidSymbol: 'this is not JSON',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfComment: 'a comment is not closed',
  InvalidUnicode: 'an invalid \\u escape',
  InvalidEscapeCharacter: 'an invalid escape character',
  InvalidCharacter: 'an invalid character in a string',
  InvalidCommentToken: 'comments are not JSON',
};

/**
 * Where and why JSON.parse refused the text. V8's messages often carry no position, so
 * jsonc-parser (VS Code's own JSON scanner) finds the first error's offset.
 */
function jsonError(text: string, error: unknown): SerializeError {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  const first = errors[0];
  if (first) {
    const code = printParseErrorCode(first.error);
    return new SerializeError(`invalid JSON: ${JSON_ERRORS[code] ?? code}`, positionAt(text, first.offset));
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SerializeError(`invalid JSON: ${message}`, positionAt(text, text.length));
}

/** Throws a SerializeError with the position of the first problem unless `text` is one JSON value. */
export function checkJson(text: string): void {
  try {
    // Only a check: what is sent is built from the text's tokens, never from what JSON.parse made of them.
    JSON.parse(text);
  } catch (error) {
    throw jsonError(text, error);
  }
}

function decodeBase64(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  const bad = /[^A-Za-z0-9+/=_-]/.exec(compact);
  if (bad || /=[^=]/.test(compact) || compact.replace(/=+$/, '').length % 4 === 1) {
    const index = bad ? text.indexOf(bad[0]) : text.length;
    throw new SerializeError(
      bad ? `invalid base64: unexpected "${bad[0]}"` : 'invalid base64: wrong length or padding',
      positionAt(text, index),
    );
  }
  return Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

function decodeHex(text: string): Buffer {
  const compact = text.replace(/\s+|^0x/gi, '');
  const bad = /[^0-9a-fA-F]/.exec(compact);
  if (bad) {
    throw new SerializeError(`invalid hex: unexpected "${bad[0]}"`, positionAt(text, text.indexOf(bad[0])));
  }
  if (compact.length % 2 !== 0) {
    throw new SerializeError('invalid hex: an odd number of digits', positionAt(text, text.length));
  }
  return Buffer.from(compact, 'hex');
}

/** The bytes for `text` under a serializer; throws SerializeError with a position. */
export function serialize(id: SerializerId, text: string): Buffer {
  switch (id) {
    case 'string':
      return Buffer.from(text, 'utf8');
    case 'json':
      checkJson(text);
      return Buffer.from(text, 'utf8');
    case 'json-compact':
      checkJson(text);
      return Buffer.from(compactJson(text), 'utf8');
    case 'msgpack':
      checkJson(text);
      return msgpackOfJson(text);
    case 'base64':
      return decodeBase64(text);
    case 'hex':
      return decodeHex(text);
  }
}

/**
 * Serializes one value inside a JSON document (a JSON array's item, or its key or value):
 * a string is the text itself for the text and byte serializers; anything else is its JSON
 * as written (compacted for json-compact), or msgpack of it.
 */
export function serializeJsonNode(id: SerializerId, node: Node, text: string): Buffer {
  if (id === 'msgpack') {
    return msgpackOfJsonNode(node, text);
  }
  if (node.type === 'string' && (id === 'string' || id === 'base64' || id === 'hex')) {
    try {
      return serialize(id, node.value as string);
    } catch (error) {
      // Positions inside the string's value are not the document's: point at the string.
      throw error instanceof SerializeError ? new SerializeError(error.message, positionAt(text, node.offset)) : error;
    }
  }
  const written = text.slice(node.offset, node.offset + node.length);
  return Buffer.from(id === 'json' ? written : compactJson(written), 'utf8');
}
