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

/** What an expression sees of one message; each part decoded only when the expression reads it. */
function activation(message: TailMessage, decoders: MessageDecoders): Record<string, unknown> {
  const cache = new Map<string, unknown>();
  const once = (name: string, make: () => unknown) => {
    if (!cache.has(name)) {
      cache.set(name, make());
    }
    return cache.get(name);
  };
  const key = () => once('key', () => celOf(decodeKey(message, decoders, true)));
  const value = () => once('value', () => celOf(decodeValue(message, decoders, true)));
  const headers = () => once('headers', () => Object.fromEntries(decodedHeaders(message, decoders).map(([name, v]) => [name, v ?? ''])));
  return {
    get key() {
      return key();
    },
    get value() {
      return value();
    },
    get headers() {
      return headers();
    },
    partition: BigInt(message.partition),
    offset: BigInt(message.offset),
    get timestamp() {
      return new Date(Number(message.timestamp));
    },
    get record() {
      return once('record', () => {
        const keyText = message.key === null ? '' : decodeKey(message, decoders, true).text;
        const valueText = message.value === null ? '' : decodeValue(message, decoders, true).text;
        const [k, v] = [key(), value()];
        return {
          partition: BigInt(message.partition),
          offset: BigInt(message.offset),
          timestampMs: BigInt(message.timestamp),
          keyAsText: keyText,
          valueAsText: valueText,
          headers: headers(),
          // As in kafbat: key and value are there only when they are structured.
          ...(typeof k === 'object' && k !== null ? { key: k } : {}),
          ...(typeof v === 'object' && v !== null ? { value: v } : {}),
        };
      });
    },
  };
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
      result = this.run(activation(message, decoders));
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
