/**
 * The user's JSON text → a Protobuf message's bytes. Two steps: the whole JSON tree is checked
 * against the message plan and turned into values first (every refusal a SchemaValueError with
 * the field's path and the JSON node's offset), and only then written, so nothing half-valid is
 * encoded. Numbers are taken from their tokens as written: 9007199254740993 in an int64 field
 * stays exact (JSON.parse would have rounded it). Accepts the proto3 JSON mapping's forms too:
 * 64-bit integers as strings of digits, lowerCamelCase field names, enum numbers, "NaN".
 */
import * as protobuf from 'protobufjs';
import { Node, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { SchemaValueError } from './compiledSchema';
import { FieldPlan, MessagePlan, ScalarType, ScalarValue, ValuePlan, isLongType } from './protobufPlan';
import { parseDuration, parseTimestamp } from './protobufTime';
import { EncodedMessage, Single, writeMessage } from './protobufWrite';

/** JSON nested deeper than this is refused (as protoc's recursion limit does for bytes). */
const MAX_DEPTH = 100;

const INTEGER = /^-?(?:0|[1-9]\d*)$/;
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

const RANGES: Partial<Record<ScalarType, readonly [bigint, bigint]>> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};

function describe(node: Node, text: string): string {
  switch (node.type) {
    case 'number':
      return `the number ${text.slice(node.offset, node.offset + node.length)}`;
    case 'string':
      return `the string ${JSON.stringify(node.value)}`;
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
    case 'array':
      return 'an array';
    default:
      return 'an object';
  }
}

function childPath(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/** Standard or URL-safe base64, padding optional, as the proto3 JSON mapping accepts. */
function base64Bytes(text: string): Uint8Array | undefined {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  const body = standard.replace(/={1,2}$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(body) || body.length % 4 === 1 || (body !== standard && standard.length % 4 !== 0)) {
    return undefined;
  }
  return new Uint8Array(Buffer.from(body, 'base64'));
}

class JsonToMessage {
  constructor(private readonly text: string) {}

  private fail(message: string, path: string, node: Node): never {
    throw new SchemaValueError(message, path, node.offset);
  }

  private token(node: Node): string {
    return this.text.slice(node.offset, node.offset + node.length);
  }

  message(plan: MessagePlan, node: Node, path: string, depth: number): EncodedMessage {
    if (depth > MAX_DEPTH) {
      this.fail(`nested deeper than ${MAX_DEPTH} levels`, path, node);
    }
    switch (plan.wellKnown) {
      case 'Timestamp':
      case 'Duration':
        return node.type === 'object' ? this.plainMessage(plan, node, path, depth) : this.time(plan, node, path);
      case 'Wrapper':
        return node.type === 'object' ? this.plainMessage(plan, node, path, depth) : this.wrapper(plan, node, path, depth);
      case 'Struct':
        return this.struct(plan, node, path, depth);
      case 'Value':
        return this.value(plan, node, path, depth);
      case 'ListValue':
        return this.listValue(plan, node, path, depth);
      default:
        return this.plainMessage(plan, node, path, depth);
    }
  }

  private plainMessage(plan: MessagePlan, node: Node, path: string, depth: number): EncodedMessage {
    if (node.type !== 'object') {
      this.fail(`expected an object for message ${plan.fullName}, got ${describe(node, this.text)}`, path, node);
    }
    const message = new EncodedMessage(plan);
    const given = new Set<FieldPlan>();
    const oneofs = new Map<string, FieldPlan>();
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      const key = keyNode.value as string;
      const field = plan.byName.get(key);
      const fieldPath = childPath(path, key);
      if (field === undefined) {
        this.fail(`no field "${key}" in message ${plan.fullName}`, fieldPath, keyNode);
      }
      if (given.has(field)) {
        this.fail(`field "${field.name}" is given twice`, fieldPath, keyNode);
      }
      given.add(field);
      // null means "not set", except where google.protobuf.Value gives it a meaning.
      if (
        valueNode.type === 'null' &&
        !(field.value.kind === 'message' && field.value.message.wellKnown === 'Value' && !field.repeated && field.mapKey === undefined)
      ) {
        continue;
      }
      if (field.oneofName !== undefined) {
        const other = oneofs.get(field.oneofName);
        if (other !== undefined) {
          this.fail(`"${other.name}" and "${field.name}" are both set, but oneof "${field.oneofName}" takes one`, fieldPath, keyNode);
        }
        oneofs.set(field.oneofName, field);
      }
      this.field(message, field, valueNode, fieldPath, depth);
    }
    for (const field of plan.fields) {
      if (field.required && !message.fields.has(field)) {
        this.fail(`missing required field "${field.name}" in message ${plan.fullName}`, path, node);
      }
    }
    return message;
  }

  private field(message: EncodedMessage, field: FieldPlan, node: Node, path: string, depth: number): void {
    if (field.mapKey !== undefined) {
      message.fields.set(field, { kind: 'map', entries: this.mapEntries(field, field.mapKey, node, path, depth) });
    } else if (field.repeated) {
      if (node.type !== 'array') {
        this.fail(`expected an array for repeated field "${field.name}", got ${describe(node, this.text)}`, path, node);
      }
      const values = (node.children ?? []).map((item, index) => this.single(field.value, item, `${path}[${index}]`, depth + 1));
      message.fields.set(field, { kind: 'list', values });
    } else {
      message.setOne(field, this.single(field.value, node, path, depth + 1));
    }
  }

  private mapEntries(
    field: FieldPlan,
    keyType: ScalarType,
    node: Node,
    path: string,
    depth: number,
  ): Array<readonly [ScalarValue, Single]> {
    if (node.type !== 'object') {
      this.fail(`expected an object for map field "${field.name}", got ${describe(node, this.text)}`, path, node);
    }
    const seen = new Set<string>();
    return (node.children ?? []).map((property) => {
      const [keyNode, valueNode] = property.children ?? [];
      const key = keyNode.value as string;
      const entryPath = `${path}[${JSON.stringify(key)}]`;
      if (seen.has(key)) {
        this.fail(`map key ${JSON.stringify(key)} is given twice`, entryPath, keyNode);
      }
      seen.add(key);
      return [this.mapKey(keyType, key, entryPath, keyNode), this.single(field.value, valueNode, entryPath, depth + 1)] as const;
    });
  }

  /** JSON object keys are strings: a map<int64, …> key "42" is read as the integer. */
  private mapKey(type: ScalarType, key: string, path: string, keyNode: Node): ScalarValue {
    if (type === 'string') {
      return key;
    }
    if (type === 'bool') {
      if (key !== 'true' && key !== 'false') {
        this.fail(`expected a bool map key ("true" or "false"), got ${JSON.stringify(key)}`, path, keyNode);
      }
      return key === 'true';
    }
    return this.integer(type, key, path, keyNode);
  }

  private single(plan: ValuePlan, node: Node, path: string, depth: number): Single {
    switch (plan.kind) {
      case 'scalar':
        return this.scalar(plan.type, node, path);
      case 'enum':
        return this.enumValue(plan, node, path);
      case 'message':
        return this.message(plan.message, node, path, depth);
    }
  }

  private scalar(type: ScalarType, node: Node, path: string): ScalarValue {
    switch (type) {
      case 'bool':
        if (node.type !== 'boolean') {
          this.fail(`expected bool (true or false), got ${describe(node, this.text)}`, path, node);
        }
        return node.value as boolean;
      case 'string':
        if (node.type !== 'string') {
          this.fail(`expected string, got ${describe(node, this.text)}`, path, node);
        }
        return node.value as string;
      case 'bytes': {
        const bytes = node.type === 'string' ? base64Bytes(node.value as string) : undefined;
        if (bytes === undefined) {
          this.fail(`expected bytes as a base64 string, got ${describe(node, this.text)}`, path, node);
        }
        return bytes;
      }
      case 'float':
      case 'double':
        return this.floating(type, node, path);
      default:
        if (node.type !== 'number' && node.type !== 'string') {
          this.fail(`expected ${type}, got ${describe(node, this.text)}`, path, node);
        }
        return this.integer(type, node.type === 'number' ? this.token(node) : (node.value as string), path, node);
    }
  }

  /** An integer from its digits as written, range-checked; 64-bit types as exact bigints. */
  private integer(type: ScalarType, digits: string, path: string, node: Node): number | bigint {
    if (!INTEGER.test(digits)) {
      this.fail(`expected ${type} (an integer without fraction or exponent), got ${describe(node, this.text)}`, path, node);
    }
    const value = BigInt(digits);
    const [min, max] = RANGES[type] as readonly [bigint, bigint];
    if (value < min || value > max) {
      this.fail(`${digits} is out of range for ${type} (${min} to ${max})`, path, node);
    }
    return isLongType(type) ? value : Number(value);
  }

  private floating(type: 'float' | 'double', node: Node, path: string): number {
    const written = node.type === 'number' ? this.token(node) : node.type === 'string' ? (node.value as string) : undefined;
    if (written === 'NaN' || written === 'Infinity' || written === '-Infinity') {
      return Number(written);
    }
    if (written === undefined || !JSON_NUMBER.test(written)) {
      this.fail(`expected ${type}, got ${describe(node, this.text)}`, path, node);
    }
    const value = Number(written);
    // A float is out of range when it rounds to infinity in 32 bits (3.4028235e38 rounds down to the maximum).
    if (!Number.isFinite(value) || (type === 'float' && !Number.isFinite(Math.fround(value)))) {
      this.fail(`${written} is out of range for ${type}`, path, node);
    }
    return value;
  }

  private enumValue(plan: Extract<ValuePlan, { kind: 'enum' }>, node: Node, path: string): number {
    const { enumPlan } = plan;
    if (node.type === 'string') {
      const number = enumPlan.numberOf.get(node.value as string);
      if (number === undefined) {
        this.fail(`no value ${JSON.stringify(node.value)} in enum ${enumPlan.fullName}`, path, node);
      }
      return number;
    }
    if (node.type === 'number') {
      return this.integer('int32', this.token(node), path, node) as number;
    }
    return this.fail(`expected enum ${enumPlan.fullName} (a name or a number), got ${describe(node, this.text)}`, path, node);
  }

  private time(plan: MessagePlan, node: Node, path: string): EncodedMessage {
    const kind = plan.wellKnown === 'Timestamp' ? 'an RFC 3339 timestamp string' : 'a duration string like "1.5s"';
    if (node.type !== 'string') {
      this.fail(`expected ${kind} for ${plan.fullName}, got ${describe(node, this.text)}`, path, node);
    }
    const parsed = plan.wellKnown === 'Timestamp' ? parseTimestamp(node.value as string) : parseDuration(node.value as string);
    if (typeof parsed === 'string') {
      this.fail(parsed, path, node);
    }
    const message = new EncodedMessage(plan);
    message.setOne(plan.byId.get(1) as FieldPlan, parsed.seconds);
    message.setOne(plan.byId.get(2) as FieldPlan, parsed.nanos);
    return message;
  }

  /** A wrapper (Int64Value …) is written in JSON as its value alone. */
  private wrapper(plan: MessagePlan, node: Node, path: string, depth: number): EncodedMessage {
    const field = plan.byId.get(1) as FieldPlan;
    const message = new EncodedMessage(plan);
    message.setOne(field, this.single(field.value, node, path, depth + 1));
    return message;
  }

  private struct(plan: MessagePlan, node: Node, path: string, depth: number): EncodedMessage {
    if (node.type !== 'object') {
      this.fail(`expected an object for google.protobuf.Struct, got ${describe(node, this.text)}`, path, node);
    }
    const fields = plan.byId.get(1) as FieldPlan;
    const message = new EncodedMessage(plan);
    message.fields.set(fields, { kind: 'map', entries: this.mapEntries(fields, 'string', node, path, depth) });
    return message;
  }

  private listValue(plan: MessagePlan, node: Node, path: string, depth: number): EncodedMessage {
    if (node.type !== 'array') {
      this.fail(`expected an array for google.protobuf.ListValue, got ${describe(node, this.text)}`, path, node);
    }
    const message = new EncodedMessage(plan);
    this.field(message, plan.byId.get(1) as FieldPlan, node, path, depth);
    return message;
  }

  /** google.protobuf.Value: any JSON, into the kind that fits it (null_value, number_value …). */
  private value(plan: MessagePlan, node: Node, path: string, depth: number): EncodedMessage {
    const message = new EncodedMessage(plan);
    const kind = (id: number) => plan.byId.get(id) as FieldPlan;
    switch (node.type) {
      case 'null':
        message.setOne(kind(1), 0);
        break;
      case 'number':
        message.setOne(kind(2), this.floating('double', node, path));
        break;
      case 'string':
        message.setOne(kind(3), node.value as string);
        break;
      case 'boolean':
        message.setOne(kind(4), node.value as boolean);
        break;
      case 'object':
        message.setOne(kind(5), this.single(kind(5).value, node, path, depth + 1));
        break;
      default:
        message.setOne(kind(6), this.single(kind(6).value, node, path, depth + 1));
    }
    return message;
  }
}

/** Checks `jsonText` against the message plan and appends the message's bytes to `writer`. */
export function writeJsonMessage(writer: protobuf.Writer, plan: MessagePlan, jsonText: string): void {
  const errors: ParseError[] = [];
  const root = parseTree(jsonText, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) {
    throw new SchemaValueError(`invalid JSON: ${printParseErrorCode(errors[0].error)}`, '', errors[0].offset);
  }
  if (root === undefined) {
    throw new SchemaValueError('invalid JSON: a value is expected', '', 0);
  }
  const message = new JsonToMessage(jsonText).message(plan, root, '', 0);
  writeMessage(writer, message);
}
