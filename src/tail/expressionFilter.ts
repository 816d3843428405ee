/**
 * Expression filters for the tail: CEL (the Common Expression Language, as in kafbat's smart
 * filters) over a message, evaluated in the extension host by @marcbachmann/cel-js, an
 * interpreter: nothing from the user or from Kafka is ever turned into JavaScript.
 *
 * Variables: `key` and `value` (decoded: JSON, msgpack, Avro, Protobuf and JSON Schema as
 * objects, anything else as text), `headers` (name → text), `partition`, `offset`, `timestamp`;
 * and kafbat's `record.*` (`record.keyAsText`, `record.valueAsText`, `record.timestampMs`, ...),
 * so that filters written there work here. Integers are CEL ints (64-bit, exact); numbers with
 * a fraction are doubles. No vscode import.
 */
import { isUtf8 } from 'node:buffer';
import { Environment } from '@marcbachmann/cel-js';
import { Node, parseTree } from 'jsonc-parser';
import { Decoded, isJsonFormat } from '../codecs/deserializers';
import { TailMessage } from '../kafka/tailSession';
import { decodedHeaders, decodeKey, decodeValue, MessageDecoders } from './rows';

const ENVIRONMENT = new Environment()
  .registerVariable('key', 'dyn')
  .registerVariable('value', 'dyn')
  .registerVariable('headers', 'map<string, string>')
  .registerVariable('partition', 'int')
  .registerVariable('offset', 'int')
  .registerVariable('timestamp', 'google.protobuf.Timestamp')
  .registerVariable('record', 'dyn');

/** Longer expressions are refused: far beyond any real filter. */
const MAX_EXPRESSION = 2000;

export interface ExpressionProblem {
  readonly message: string;
  /** 0-based offset into the expression where the problem is. */
  readonly offset: number;
}

/** A JSON text as CEL values: integers as exact ints (bigint), other numbers as doubles; "__proto__" stays a plain key. */
function celOfJsonNode(node: Node, text: string): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries((node.children ?? []).map((p) => [p.children![0].value as string, celOfJsonNode(p.children![1], text)]));
    case 'array':
      return (node.children ?? []).map((child) => celOfJsonNode(child, text));
    case 'number': {
      const token = text.slice(node.offset, node.offset + node.length);
      return /^-?\d+$/.test(token) ? BigInt(token) : Number(token);
    }
    default:
      return node.value;
  }
}

/** A decoded key or value as CEL sees it: structured formats as objects, text as a string, no bytes as null. */
function celOf(decoded: Decoded): unknown {
  if (decoded.format === 'null') {
    return null;
  }
  if (isJsonFormat(decoded.format) && !decoded.error) {
    const root = parseTree(decoded.text);
    return root ? celOfJsonNode(root, decoded.text) : decoded.text;
  }
  return decoded.text;
}

/** Thrown by JsonReader where the text is not plain JSON it reads: the exact, general path decides then. */
const NOT_READ = new Error('not read here');

/** JSON whitespace (RFC 8259: space, tab, line feed, carriage return). */
const isJsonSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * A strict JSON reader straight to CEL values, the fast path for the common case (a UTF-8
 * JSON key or value): the same values as `celOfJsonNode` over jsonc-parser's tree (integer
 * tokens as exact bigints, other numbers as doubles, "__proto__" a plain key, the last of
 * duplicate keys wins), in one pass and without the tree. It takes only what JSON.parse takes
 * and throws NOT_READ on anything else (or a RangeError on absurd nesting), so that the
 * general path, with its own rules, answers for every other text.
 */
class JsonReader {
  private pos = 0;

  private constructor(private readonly text: string) {}

  /** The whole text as one JSON value, with JSON whitespace around it at most. */
  static read(text: string): unknown {
    const reader = new JsonReader(text);
    const value = reader.value();
    reader.space();
    if (reader.pos !== text.length) {
      throw NOT_READ;
    }
    return value;
  }

  /** Skips whitespace; the code of the character after it (NaN at the end). */
  private space(): number {
    const text = this.text;
    let pos = this.pos;
    let c = text.charCodeAt(pos);
    while (isJsonSpace(c)) {
      c = text.charCodeAt(++pos);
    }
    this.pos = pos;
    return c;
  }

  private value(): unknown {
    const c = this.space();
    switch (c) {
      case 123: // {
        return this.object();
      case 91: // [
        return this.array();
      case 34: // "
        return this.string();
      case 116:
        return this.literal('true', true);
      case 102:
        return this.literal('false', false);
      case 110:
        return this.literal('null', null);
      default:
        return this.number(c);
    }
  }

  private object(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.pos++;
    let c = this.space();
    if (c === 125) {
      this.pos++;
      return result;
    }
    for (;;) {
      if (c !== 34) {
        throw NOT_READ;
      }
      const name = this.string();
      if (this.space() !== 58) {
        throw NOT_READ;
      }
      this.pos++;
      const value = this.value();
      if (name === '__proto__') {
        // An own key, as JSON.parse and Object.fromEntries make it: no prototype is touched.
        Object.defineProperty(result, name, { value, writable: true, enumerable: true, configurable: true });
      } else {
        result[name] = value;
      }
      c = this.space();
      this.pos++;
      if (c === 125) {
        return result;
      }
      if (c !== 44) {
        throw NOT_READ;
      }
      c = this.space();
    }
  }

  private array(): unknown[] {
    const result: unknown[] = [];
    this.pos++;
    if (this.space() === 93) {
      this.pos++;
      return result;
    }
    for (;;) {
      result.push(this.value());
      const c = this.space();
      this.pos++;
      if (c === 93) {
        return result;
      }
      if (c !== 44) {
        throw NOT_READ;
      }
    }
  }

  private string(): string {
    const text = this.text;
    const start = this.pos + 1;
    for (let pos = start; ; pos++) {
      const c = text.charCodeAt(pos);
      if (c === 34) {
        this.pos = pos + 1;
        return text.slice(start, pos);
      }
      if (c === 92) {
        return this.escapedString(start);
      }
      // A control character (or the end of the text, NaN) inside a string is not JSON.
      if (!(c >= 32)) {
        throw NOT_READ;
      }
    }
  }

  /** A string with escapes: found here, decoded by JSON.parse (which refuses a bad escape). */
  private escapedString(start: number): string {
    const text = this.text;
    for (let pos = start; ; pos++) {
      const c = text.charCodeAt(pos);
      if (c === 34) {
        this.pos = pos + 1;
        return JSON.parse(text.slice(start - 1, pos + 1)) as string;
      }
      if (c === 92) {
        pos++;
      } else if (!(c >= 32)) {
        throw NOT_READ;
      }
    }
  }

  private literal(word: string, value: boolean | null): boolean | null {
    if (!this.text.startsWith(word, this.pos)) {
      throw NOT_READ;
    }
    this.pos += word.length;
    return value;
  }

  /** A number token (RFC 8259 grammar): an integer one as an exact bigint, any other as a double. */
  private number(first: number): bigint | number {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    let c = first;
    if (c === 45) {
      c = text.charCodeAt(++pos);
    }
    if (c === 48) {
      c = text.charCodeAt(++pos);
    } else if (c >= 49 && c <= 57) {
      do c = text.charCodeAt(++pos);
      while (isDigit(c));
    } else {
      throw NOT_READ;
    }
    let integer = true;
    if (c === 46) {
      integer = false;
      c = text.charCodeAt(++pos);
      if (!isDigit(c)) {
        throw NOT_READ;
      }
      do c = text.charCodeAt(++pos);
      while (isDigit(c));
    }
    if (c === 101 || c === 69) {
      integer = false;
      c = text.charCodeAt(++pos);
      if (c === 43 || c === 45) {
        c = text.charCodeAt(++pos);
      }
      if (!isDigit(c)) {
        throw NOT_READ;
      }
      do c = text.charCodeAt(++pos);
      while (isDigit(c));
    }
    this.pos = pos;
    const token = text.slice(start, pos);
    // Up to 15 digits a double holds the integer exactly, and BigInt of a number is cheaper than of a text.
    return integer ? (pos - start <= 15 ? BigInt(Number(token)) : BigInt(token)) : Number(token);
  }
}

/** Returned by `plainJsonCel` when the fast path does not apply. */
const GENERAL = Symbol('general');

/**
 * Bytes that the `auto` or `json` deserializer would show as JSON, read straight to CEL values
 * (see JsonReader); GENERAL for anything else, which then goes the general way: decoded as the
 * panel decodes it, then `celOf`. The conditions are the deserializers' own: valid UTF-8, and
 * for `auto` a text that starts with {, [ or " (a Schema Registry value starts with a 0 byte).
 */
function plainJsonCel(bytes: Buffer | null, deserializer: MessageDecoders['valueDeserializer']): unknown {
  if (bytes === null || (deserializer !== 'auto' && deserializer !== 'json') || bytes.length === 0 || bytes[0] === 0 || !isUtf8(bytes)) {
    return GENERAL;
  }
  const text = bytes.toString('utf8');
  if (deserializer === 'auto') {
    let pos = 0;
    while (isJsonSpace(text.charCodeAt(pos))) {
      pos++;
    }
    const first = text.charCodeAt(pos);
    if (first !== 123 && first !== 91 && first !== 34) {
      return GENERAL;
    }
  }
  try {
    return JsonReader.read(text);
  } catch {
    return GENERAL;
  }
}

/** A key or value as CEL sees it: the fast path for plain JSON, else decoded as the panel decodes it. */
function celOfBytes(bytes: Buffer | null, deserializer: MessageDecoders['valueDeserializer'], decode: () => Decoded): unknown {
  const fast = plainJsonCel(bytes, deserializer);
  return fast !== GENERAL ? fast : celOf(decode());
}

/** Not computed yet (undefined and null are values). */
const UNSET = Symbol('unset');

/**
 * What an expression sees of one message; each part decoded only when the expression reads it
 * (cel-js reads the variables it names as properties: these getters).
 */
class Activation {
  private keyCel: unknown = UNSET;
  private valueCel: unknown = UNSET;
  private headerMap: Record<string, string> | undefined;
  private recordMap: Record<string, unknown> | undefined;

  constructor(
    private readonly message: TailMessage,
    private readonly decoders: MessageDecoders,
  ) {}

  get key(): unknown {
    if (this.keyCel === UNSET) {
      this.keyCel = celOfBytes(this.message.key, this.decoders.keyDeserializer, () => decodeKey(this.message, this.decoders, true));
    }
    return this.keyCel;
  }

  get value(): unknown {
    if (this.valueCel === UNSET) {
      this.valueCel = celOfBytes(this.message.value, this.decoders.valueDeserializer, () => decodeValue(this.message, this.decoders, true));
    }
    return this.valueCel;
  }

  get headers(): Record<string, string> {
    this.headerMap ??= Object.fromEntries(decodedHeaders(this.message, this.decoders).map(([name, v]) => [name, v ?? '']));
    return this.headerMap;
  }

  get partition(): bigint {
    return BigInt(this.message.partition);
  }

  get offset(): bigint {
    return BigInt(this.message.offset);
  }

  get timestamp(): Date {
    return new Date(Number(this.message.timestamp));
  }

  get record(): Record<string, unknown> {
    if (!this.recordMap) {
      const { message, decoders } = this;
      const keyText = message.key === null ? '' : decodeKey(message, decoders, true).text;
      const valueText = message.value === null ? '' : decodeValue(message, decoders, true).text;
      const [k, v] = [this.key, this.value];
      this.recordMap = {
        partition: BigInt(message.partition),
        offset: BigInt(message.offset),
        timestampMs: BigInt(message.timestamp),
        keyAsText: keyText,
        valueAsText: valueText,
        headers: this.headers,
        // As in kafbat: key and value are there only when they are structured.
        ...(typeof k === 'object' && k !== null ? { key: k } : {}),
        ...(typeof v === 'object' && v !== null ? { value: v } : {}),
      };
    }
    return this.recordMap;
  }
}

/** The first line of cel-js' message (the rest is a caret drawing for a terminal). */
const firstLine = (error: unknown): string => String((error as Error).message ?? error).split('\n')[0];

/**
 * A compiled filter that also counts the messages it could not evaluate (a missing field, a
 * type that does not fit): those count as no match, and the panel says how many.
 */
export class ExpressionFilter {
  failed = 0;
  firstFailure: string | undefined;

  private constructor(
    readonly text: string,
    private readonly run: (context: Record<string, unknown>) => unknown,
  ) {}

  /** The filter, or what is wrong with the expression and where. */
  static compile(text: string): { ok: true; filter: ExpressionFilter } | { ok: false; problem: ExpressionProblem } {
    if (text.length > MAX_EXPRESSION) {
      return { ok: false, problem: { message: `an expression has at most ${MAX_EXPRESSION} characters`, offset: MAX_EXPRESSION } };
    }
    let checked: { valid: boolean; type?: string; error?: { message: string; node?: { pos?: number } } };
    try {
      checked = ENVIRONMENT.check(text) as typeof checked;
    } catch (error) {
      return { ok: false, problem: { message: firstLine(error), offset: (error as { node?: { pos?: number } }).node?.pos ?? 0 } };
    }
    if (!checked.valid) {
      return { ok: false, problem: { message: firstLine(checked.error), offset: checked.error?.node?.pos ?? 0 } };
    }
    if (checked.type !== 'bool' && checked.type !== 'dyn') {
      return { ok: false, problem: { message: `the expression gives values of type ${checked.type}, not true or false`, offset: 0 } };
    }
    const run = ENVIRONMENT.parse(text) as unknown as (context: Record<string, unknown>) => unknown;
    return { ok: true, filter: new ExpressionFilter(text, run) };
  }

  /** Whether the message matches; an evaluation that fails or gives no boolean is no match, and counted. */
  test(message: TailMessage, decoders: MessageDecoders): boolean {
    let result: unknown;
    try {
      result = this.run(new Activation(message, decoders) as unknown as Record<string, unknown>);
    } catch (error) {
      return this.failure(firstLine(error));
    }
    return result === true || (result !== false && this.failure(`gave ${typeof result === 'bigint' ? `${result}` : JSON.stringify(result) ?? String(result)}, not true or false`));
  }

  private failure(reason: string): false {
    this.failed++;
    this.firstFailure ??= reason;
    return false;
  }
}
