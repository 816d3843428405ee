/**
 * Everything that decides which messages a tail panel shows: the partition, the time range
 * dragged on the histogram, the text box, and the expression.
 *
 * Expression filters: CEL (the Common Expression Language, as in kafbat's smart
 * filters) over a message, evaluated in the extension host by @bufbuild/cel, an interpreter
 * run against the CEL specification's conformance suite: nothing from the user or from Kafka
 * is ever turned into JavaScript.
 *
 * Variables: `key` and `value` (decoded: JSON, msgpack, Avro, Protobuf and JSON Schema as
 * objects, anything else as text), `headers` (name → text), `partition`, `offset`, `timestamp`;
 * and kafbat's `record.*` (`record.keyAsText`, `record.valueAsText`, `record.timestampMs`, ...),
 * so that filters written there work here. Integers are CEL ints, exact (also beyond 64 bits,
 * where only arithmetic is an error); numbers with a fraction are doubles. No vscode import.
 */
import { isCelError, isCelList, isCelMap, isCelUint } from '@bufbuild/cel';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { Node, parseTree } from 'jsonc-parser';
import { readJson } from '../../../codecs/celJson';
import { Decoded, isJsonFormat } from '../../../codecs/deserializers';
import { TailMessage } from '../../../kafka/consume/tailSession';
import { compileExpression } from './celCheck';
import { filterEnvironment } from './celEnvironment';
import { Projection, projectionOf } from './celProjection';
import { batchErrorText, decodedHeaders, decodeKey, decodeValue, MessageDecoders } from './rows';

/** An expression a message must satisfy (ExpressionFilter below): a failure to evaluate is no match. */
export interface MessagePredicate {
  test(message: TailMessage, decoders: MessageDecoders): boolean;
  /** Messages it could not evaluate so far, and why the first could not. */
  readonly failed: number;
  readonly firstFailure: string | undefined;
}

export interface TailFilter {
  readonly text: string;
  readonly partition: string;
  /** A CEL expression, compiled; absent when the expression box is empty. */
  readonly expression?: MessagePredicate;
  /** Only messages with a timestamp in this range (epoch ms, inclusive): dragged on the histogram. */
  readonly time?: { readonly from: number; readonly to: number };
}

export const NO_FILTER: TailFilter = { text: '', partition: '' };

export function isFiltering(filter: TailFilter): boolean {
  return filter.text !== '' || filter.partition !== '' || filter.expression !== undefined || filter.time !== undefined;
}

/** Whether a message matches the panel's filter: a partition, the expression, and text in key, value or headers (whole, as shown). */
export function matchesFilter(message: TailMessage, decoders: MessageDecoders, filter: TailFilter): boolean {
  if (filter.partition !== '' && String(message.partition) !== filter.partition) {
    return false;
  }
  if (filter.time && (Number(message.timestamp) < filter.time.from || Number(message.timestamp) > filter.time.to)) {
    return false;
  }
  // A record batch that could not be decoded has no key or value for an expression to look at.
  if (filter.expression && (message.batchError || !filter.expression.test(message, decoders))) {
    return false;
  }
  if (filter.text === '') {
    return true;
  }
  const needle = filter.text.toLowerCase();
  const has = (text: string) => text.toLowerCase().includes(needle);
  if (message.batchError) {
    return has(batchErrorText(message.batchError));
  }
  return (
    has(decodeKey(message, decoders, true).text) ||
    has(decodeValue(message, decoders, true).text) ||
    decodedHeaders(message, decoders).some(([name, value]) => has(name) || (value !== null && has(value)))
  );
}

/** The variables a filter sees, by type name (undefined: known only per message). */
const VARIABLES: ReadonlyMap<string, string | undefined> = new Map([
  ['key', undefined],
  ['value', undefined],
  ['headers', 'map'],
  ['partition', 'int'],
  ['offset', 'int'],
  ['timestamp', 'google.protobuf.Timestamp'],
  ['record', undefined],
]);

const ENVIRONMENT = filterEnvironment(VARIABLES.keys());

/** Longer expressions are refused: far beyond any real filter. */
const MAX_EXPRESSION = 2000;

export interface ExpressionProblem {
  readonly message: string;
  /** 0-based offset into the expression where the problem is. */
  readonly offset: number;
}

/**
 * A JSON text as CEL values: integers as exact ints (bigint), other numbers as doubles, objects
 * as Maps (a payload's keys are never properties: see celJson.ts).
 */
function celOfJsonNode(node: Node, text: string): unknown {
  switch (node.type) {
    case 'object':
      return new Map((node.children ?? []).map((p) => [p.children![0].value as string, celOfJsonNode(p.children![1], text)]));
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
  return isJsonFormat(decoded.format) && !decoded.error ? celOfJsonText(decoded.text) : decoded.text;
}

/** JSON text as CEL values the general way (through jsonc-parser's tree): what readJson's fast path must give too. */
export function celOfJsonText(text: string): unknown {
  const root = parseTree(text);
  return root ? celOfJsonNode(root, text) : text;
}

/** Returned by `plainJsonCel` when the fast path does not apply. */
const GENERAL = Symbol('general');

/**
 * Bytes that the `auto` or `json` deserializer would show as JSON, read straight to CEL values
 * (see readJson); GENERAL for anything else, which then goes the general way: decoded as the
 * panel decodes it, then `celOf`. The conditions are the deserializers' own: valid UTF-8 (a
 * text from bytes that are not holds U+FFFD, which the reader refuses), and for `auto` a text
 * that starts with {, [ or " (a Schema Registry value starts with a 0 byte).
 */
function plainJsonCel(
  bytes: Buffer | null,
  deserializer: MessageDecoders['valueDeserializer'],
  fields: readonly string[] | undefined,
): unknown {
  if (bytes === null || (deserializer !== 'auto' && deserializer !== 'json') || bytes.length === 0) {
    return GENERAL;
  }
  const json = bytes.toString('utf8');
  if (deserializer === 'auto') {
    let at = 0;
    let c = json.charCodeAt(0);
    while (c === 32 || c === 10 || c === 13 || c === 9) {
      c = json.charCodeAt(++at);
    }
    if (c !== 123 && c !== 91 && c !== 34) {
      return GENERAL;
    }
  }
  try {
    return readJson(json, fields);
  } catch {
    return GENERAL;
  }
}

/**
 * A key or value as CEL sees it: the fast path for plain JSON (only `fields` of a top-level
 * object, when given), else decoded as the panel decodes it, whole.
 */
function celOfBytes(
  bytes: Buffer | null,
  deserializer: MessageDecoders['valueDeserializer'],
  decode: () => Decoded,
  fields?: readonly string[],
): unknown {
  const fast = plainJsonCel(bytes, deserializer, fields);
  return fast !== GENERAL ? fast : celOf(decode());
}

/** Not computed yet (undefined and null are values). */
const UNSET = Symbol('unset');

/**
 * What an expression sees of one message; each part decoded only when the expression reads it
 * (@bufbuild/cel reads the variables it names as properties: these getters).
 */
class Activation {
  private keyCel: unknown = UNSET;
  private valueCel: unknown = UNSET;
  private headerMap: Map<string, string> | undefined;
  private recordMap: Map<string, unknown> | undefined;

  constructor(
    private readonly message: TailMessage,
    private readonly decoders: MessageDecoders,
    private readonly projection: Projection,
  ) {}

  get key(): unknown {
    if (this.keyCel === UNSET) {
      this.keyCel = celOfBytes(
        this.message.key,
        this.decoders.keyDeserializer,
        () => decodeKey(this.message, this.decoders, true),
        this.projection.key,
      );
    }
    return this.keyCel;
  }

  get value(): unknown {
    if (this.valueCel === UNSET) {
      this.valueCel = celOfBytes(
        this.message.value,
        this.decoders.valueDeserializer,
        () => decodeValue(this.message, this.decoders, true),
        this.projection.value,
      );
    }
    return this.valueCel;
  }

  get headers(): Map<string, string> {
    this.headerMap ??= new Map(decodedHeaders(this.message, this.decoders).map(([name, v]) => [name, v ?? '']));
    return this.headerMap;
  }

  get partition(): bigint {
    return BigInt(this.message.partition);
  }

  get offset(): bigint {
    return BigInt(this.message.offset);
  }

  get timestamp(): ReturnType<typeof timestampFromMs> {
    return timestampFromMs(Number(this.message.timestamp));
  }

  get record(): Map<string, unknown> {
    if (!this.recordMap) {
      const { message, decoders } = this;
      const keyText = message.key === null ? '' : decodeKey(message, decoders, true).text;
      const valueText = message.value === null ? '' : decodeValue(message, decoders, true).text;
      // Whole, whatever the projection (an expression that names record has none).
      const [k, v] =
        this.projection.key || this.projection.value
          ? [new Activation(message, decoders, {}).key, new Activation(message, decoders, {}).value]
          : [this.key, this.value];
      this.recordMap = new Map<string, unknown>([
        ['partition', BigInt(message.partition)],
        ['offset', BigInt(message.offset)],
        ['timestampMs', BigInt(message.timestamp)],
        ['keyAsText', keyText],
        ['valueAsText', valueText],
        ['headers', this.headers],
        // As in kafbat: key and value are there only when they are structured.
        ...(typeof k === 'object' && k !== null ? [['key', k] as const] : []),
        ...(typeof v === 'object' && v !== null ? [['value', v] as const] : []),
      ]);
    }
    return this.recordMap;
  }
}

/** A CEL value as JSON can show it: ints in full (as numbers while exact), maps as objects. */
function plainOf(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  }
  if (isCelUint(value)) {
    return plainOf(value.value);
  }
  if (isCelList(value) || Array.isArray(value)) {
    return [...(value as Iterable<unknown>)].map(plainOf);
  }
  if (isCelMap(value) || value instanceof Map) {
    return Object.fromEntries([...(value as Map<unknown, unknown>)].map(([k, v]) => [String(plainOf(k)), plainOf(v)]));
  }
  if (value instanceof Uint8Array) {
    return `b"${Buffer.from(value).toString('hex')}"`;
  }
  return value;
}

/** A result that is no boolean, as a reason can show it: long ones cut. */
function shownResult(result: unknown): string {
  const text = JSON.stringify(plainOf(result)) ?? String(result);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

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
    /** What the expression reads of the key and value (see projectionOf). */
    private readonly projection: Projection,
  ) {}

  /** The filter, or what is wrong with the expression and where. */
  static compile(text: string): { ok: true; filter: ExpressionFilter } | { ok: false; problem: ExpressionProblem } {
    if (text.length > MAX_EXPRESSION) {
      return { ok: false, problem: { message: `an expression has at most ${MAX_EXPRESSION} characters`, offset: MAX_EXPRESSION } };
    }
    const compiled = compileExpression(ENVIRONMENT, text, VARIABLES, true);
    if (!compiled.ok) {
      return compiled;
    }
    return { ok: true, filter: new ExpressionFilter(text, compiled.run, projectionOf(compiled.expr, text)) };
  }

  /** Whether the message matches; an evaluation that fails or gives no boolean is no match, and counted. */
  test(message: TailMessage, decoders: MessageDecoders): boolean {
    let result: unknown;
    try {
      result = this.run(new Activation(message, decoders, this.projection) as unknown as Record<string, unknown>);
    } catch (error) {
      return this.failure(String((error as Error).message ?? error));
    }
    if (isCelError(result)) {
      return this.failure(result.message);
    }
    return result === true || (result !== false && this.failure(`gave ${shownResult(result)}, not true or false`));
  }

  private failure(reason: string): false {
    this.failed++;
    this.firstFailure ??= reason;
    return false;
  }
}
