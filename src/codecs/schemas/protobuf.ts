/**
 * Protobuf values of Confluent Schema Registry: a schema's .proto text (and the texts of the
 * files it imports) compiled once into a CompiledSchema that decodes payloads to exact JSON text
 * and encodes JSON text to payloads.
 *
 * The payload starts with Confluent's message-index list, which names the message type within
 * the schema file: a count, then that many indexes, all zigzag varints (Kafka's
 * ByteUtils.writeVarint); index i is the i-th message declared at its level, first among the
 * file's top-level messages, then among the nested ones. The common [0] is written as the single
 * byte 0 (a count of 0 means [0]). Messages are counted as Confluent's Java serializer counts them:
 * declared `message`s only, not map entries or groups.
 *
 * protobufjs parses the .proto texts (no file system: every text comes from the arguments);
 * reading and writing the bytes is done here (protobufWire.ts, protobufEncode.ts) from plans
 * (protobufPlan.ts), without protobufjs' generated code.
 */
import * as protobuf from 'protobufjs';
import { prettyJson } from '../jsonText';
import { CompiledSchema, ReferencedSchemas, SchemaDecoded } from './compiledSchema';
import {
  addDescriptor,
  decodeDescriptor,
  descriptorImports,
  descriptorProtoText,
  FileDescriptor,
  isSerializedDescriptor,
} from './protobufDescriptor';
import { writeJsonMessage } from './protobufEncode';
import { MessagePlan, PlanBuilder, withoutDot } from './protobufPlan';
import { messageJson } from './protobufPrint';
import { DecodedMessage, WireReader, readMessage } from './protobufWire';

/**
 * Imports Confluent's serializers resolve without a schema reference. protobufjs bundles the
 * Google well-known types (protobuf.common); these three it does not. descriptor.proto is only
 * the option messages, enough for custom options (`extend google.protobuf.FieldOptions`) to resolve.
 */
const BUILT_IN_IMPORTS: ReadonlyMap<string, string> = new Map([
  [
    'google/protobuf/descriptor.proto',
    `syntax = "proto2"; package google.protobuf;
     message FileOptions { extensions 1000 to max; }        message MessageOptions { extensions 1000 to max; }
     message FieldOptions { extensions 1000 to max; }       message OneofOptions { extensions 1000 to max; }
     message EnumOptions { extensions 1000 to max; }        message EnumValueOptions { extensions 1000 to max; }
     message ServiceOptions { extensions 1000 to max; }     message MethodOptions { extensions 1000 to max; }
     message ExtensionRangeOptions { extensions 1000 to max; }`,
  ],
  [
    'confluent/meta.proto',
    `syntax = "proto3"; package confluent; import "google/protobuf/descriptor.proto";
     message Meta { string doc = 1; map<string, string> params = 2; repeated string tags = 3; }
     extend google.protobuf.FileOptions { Meta file_meta = 1088; }
     extend google.protobuf.MessageOptions { Meta message_meta = 1088; }
     extend google.protobuf.FieldOptions { Meta field_meta = 1088; }
     extend google.protobuf.EnumOptions { Meta enum_meta = 1088; }
     extend google.protobuf.EnumValueOptions { Meta enum_value_meta = 1088; }`,
  ],
  [
    'confluent/type/decimal.proto',
    'syntax = "proto3"; package confluent.type; message Decimal { bytes value = 1; uint32 precision = 2; int32 scale = 3; }',
  ],
]);

/** protobufjs' bundled google/protobuf/*.proto definitions, by import path. */
const COMMON = protobuf.common as unknown as Readonly<Record<string, { nested?: Record<string, protobuf.AnyNestedObject> } | undefined>>;

interface ParsedFile {
  readonly imports: readonly string[];
  readonly weakImports: readonly string[];
}

/** A base64 FileDescriptorProto, decoded by protobufjs' descriptor.proto types. */
function readDescriptor(text: string, importPath?: string): FileDescriptor {
  try {
    return decodeDescriptor(text);
  } catch (error) {
    const where = importPath === undefined ? '' : ` (import "${importPath}")`;
    throw new Error(
      `invalid Protobuf schema${where}: neither .proto text nor a serialized FileDescriptorProto (${(error as Error).message})`,
      { cause: error },
    );
  }
}

/** A schema as .proto text: itself, or printed from the serialized descriptor a registry may keep instead. */
export function protobufSchemaText(text: string): string {
  return isSerializedDescriptor(text) ? descriptorProtoText(readDescriptor(text)) : text;
}

function parseInto(root: protobuf.Root, text: string, importPath?: string): ParsedFile {
  if (isSerializedDescriptor(text)) {
    const file = readDescriptor(text, importPath);
    try {
      addDescriptor(root, file);
    } catch (error) {
      throw new Error(`invalid Protobuf schema: ${(error as Error).message}`, { cause: error });
    }
    return descriptorImports(file);
  }
  try {
    const parsed = protobuf.parse(text, root, { keepCase: true });
    return { imports: parsed.imports ?? [], weakImports: parsed.weakImports ?? [] };
  } catch (error) {
    const where = importPath === undefined ? '' : ` (import "${importPath}")`;
    throw new Error(`invalid Protobuf schema${where}: ${(error as Error).message}`, { cause: error });
  }
}

/** The file's top-level messages in declaration order (its package's namespaces are walked through). */
function topLevelMessages(namespace: protobuf.NamespaceBase): protobuf.Type[] {
  const found: protobuf.Type[] = [];
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type) {
      found.push(nested);
    } else if (nested instanceof protobuf.Namespace) {
      found.push(...topLevelMessages(nested));
    }
  }
  return found;
}

function nestedMessages(type: protobuf.Type): protobuf.Type[] {
  return type.nestedArray.filter(
    (nested): nested is protobuf.Type => nested instanceof protobuf.Type && (nested as { group?: boolean }).group !== true,
  );
}

/** An import path without a leading "./" or "/": "./b.proto" and "b.proto" are one file, parsed once. */
function normalImportPath(importPath: string): string {
  return importPath.replace(/^\.?\//, '');
}

/** The text an import names: a schema reference (by the path as written or normalized), else undefined. */
function referencedText(references: ReferencedSchemas, importPath: string): string | undefined {
  return references.get(importPath) ?? references.get(normalImportPath(importPath));
}

/** Parses the schema and, breadth-first, everything it imports; returns the schema file's top-level messages. */
function loadSchema(root: protobuf.Root, schemaText: string, references: ReferencedSchemas): protobuf.Type[] {
  const main = parseInto(root, schemaText);
  // Collected before any import is parsed: what the root holds now is the schema file's own.
  const messages = topLevelMessages(root);
  const pending = [...main.imports.map((path) => ({ path, weak: false })), ...main.weakImports.map((path) => ({ path, weak: true }))];
  const loaded = new Set<string>();
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    const { path, weak } = next;
    const file = normalImportPath(path);
    if (loaded.has(file)) {
      continue;
    }
    loaded.add(file);
    const text = referencedText(references, path) ?? BUILT_IN_IMPORTS.get(file);
    // Own keys only: protobuf.common is a function, and "toString" is no .proto file.
    const common = Object.hasOwn(COMMON, file) ? COMMON[file] : undefined;
    if (text !== undefined) {
      const parsed = parseInto(root, text, path);
      pending.push(...parsed.imports.map((p) => ({ path: p, weak: false })), ...parsed.weakImports.map((p) => ({ path: p, weak: true })));
    } else if (common?.nested !== undefined) {
      root.addJSON(common.nested);
    } else if (!weak) {
      throw new Error(`the Protobuf schema imports "${path}", which is neither among its references nor a well-known type`);
    }
  }
  try {
    root.resolveAll();
  } catch (error) {
    throw new Error(`invalid Protobuf schema: ${(error as Error).message}`, { cause: error });
  }
  return messages;
}

interface MessageTarget {
  readonly indexes: readonly number[];
  readonly plan: MessagePlan;
  readonly note: string;
  /** How many messages it declares: what its nested indexes may reach. */
  readonly nestedCount: number;
}

/** Says which index of a list that names no message is out of range, and of what. */
function outOfRange(indexes: readonly number[], targets: ReadonlyMap<string, MessageTarget>, topLevelCount: number): Error {
  let depth = 0;
  while (targets.has(indexes.slice(0, depth + 1).join('.'))) {
    depth++;
  }
  const parent = targets.get(indexes.slice(0, depth).join('.'));
  const where = parent === undefined ? 'the schema file' : `message ${parent.plan.fullName}`;
  const count = parent === undefined ? topLevelCount : parent.nestedCount;
  return new Error(
    `message index ${indexes[depth]} is out of range: ${where} declares ${count} message type${count === 1 ? '' : 's'} (message indexes [${indexes.join(', ')}])`,
  );
}

/** Every message declared in the schema file, depth-first, with its message indexes. */
function declaredMessages(topLevel: protobuf.Type[], prefix: readonly number[] = []): Array<{ type: protobuf.Type; indexes: number[] }> {
  return topLevel.flatMap((type, index) => {
    const indexes = [...prefix, index];
    return [{ type, indexes }, ...declaredMessages(nestedMessages(type), indexes)];
  });
}

/** `messageName` as a full name ("com.acme.Order"), or a name its full name ends with ("Order", "Order.Item"). */
function findMessage(declared: ReturnType<typeof declaredMessages>, messageName: string): { type: protobuf.Type; indexes: number[] } {
  const wanted = withoutDot(messageName);
  const exact = declared.find(({ type }) => withoutDot(type.fullName) === wanted);
  if (exact !== undefined) {
    return exact;
  }
  const matches = declared.filter(({ type }) => type.fullName.endsWith(`.${wanted}`));
  if (matches.length === 1) {
    return matches[0];
  }
  const names = (list: typeof declared) => list.map(({ type }) => withoutDot(type.fullName)).join(', ');
  throw new Error(
    matches.length === 0
      ? `no message "${messageName}" in the Protobuf schema (it declares ${names(declared)})`
      : `message name "${messageName}" is ambiguous in the Protobuf schema: ${names(matches)}`,
  );
}

/** The message-index list: a zigzag varint count, then the indexes; a count of 0 means [0]. */
function readMessageIndexes(reader: WireReader): number[] {
  try {
    return readIndexes(reader);
  } catch (error) {
    const message = (error as Error).message;
    throw new Error(message.startsWith('bad ') ? message : `bad Protobuf message-index list: ${message}`, { cause: error });
  }
}

function readIndexes(reader: WireReader): number[] {
  const zigzag = (bits: number) => (bits >>> 1) ^ -(bits & 1);
  const count = zigzag(reader.uint32());
  if (count === 0) {
    return [0];
  }
  // Every index takes at least a byte: a larger count is corrupt, and must not size an array.
  if (count < 0 || count > reader.limit - reader.pos) {
    throw new Error(`bad Protobuf message-index list: a count of ${count} with ${reader.limit - reader.pos} bytes left`);
  }
  const indexes: number[] = [];
  for (let i = 0; i < count; i++) {
    const index = zigzag(reader.uint32());
    if (index < 0) {
      throw new Error(`bad Protobuf message-index list: negative index ${index}`);
    }
    indexes.push(index);
  }
  return indexes;
}

function writeMessageIndexes(writer: protobuf.Writer, indexes: readonly number[]): void {
  if (indexes.length === 1 && indexes[0] === 0) {
    writer.uint32(0);
    return;
  }
  writer.sint32(indexes.length); // sint32 is protobuf's zigzag varint, as Confluent writes these
  indexes.forEach((index) => writer.sint32(index));
}

/**
 * Compiles a Protobuf schema. `references` maps import paths to .proto texts; the Google
 * well-known types and Confluent's meta/decimal need none. `messageName` picks the message
 * type to encode (default: the first top-level message). Throws when the schema does not parse,
 * an import is missing or a type does not resolve.
 */
export function compileProtobuf(schemaText: string, references: ReferencedSchemas, messageName?: string): CompiledSchema {
  const root = new protobuf.Root();
  const topLevel = loadSchema(root, schemaText, references);
  if (topLevel.length === 0) {
    throw new Error('the Protobuf schema declares no message type');
  }
  const builder = new PlanBuilder();
  const declared = declaredMessages(topLevel);
  const targets = new Map<string, MessageTarget>();
  for (const { type, indexes } of declared) {
    const plan = builder.message(type);
    const note = `message type: ${plan.fullName} (message indexes [${indexes.join(', ')}])`;
    targets.set(indexes.join('.'), { indexes, plan, note, nestedCount: nestedMessages(type).length });
  }
  const encodeAs = messageName === undefined ? declared[0] : findMessage(declared, messageName);
  const encodeTarget = targets.get(encodeAs.indexes.join('.')) as MessageTarget;

  const targetAt = (indexes: readonly number[]): MessageTarget => {
    const target = targets.get(indexes.join('.'));
    if (target === undefined) {
      throw outOfRange(indexes, targets, topLevel.length);
    }
    return target;
  };

  return {
    format: 'PROTOBUF',
    messageTypes: declared.map(({ type }) => withoutDot(type.fullName)),
    decode(payload: Uint8Array, forRow: boolean): SchemaDecoded {
      const reader = new WireReader(payload);
      const target = targetAt(readMessageIndexes(reader));
      let text: string;
      try {
        text = messageJson(readMessage(reader, new DecodedMessage(target.plan)));
      } catch (error) {
        throw new Error(`cannot decode Protobuf ${target.plan.fullName}: ${(error as Error).message}`, { cause: error });
      }
      return forRow ? { text } : { text, pretty: prettyJson(text), notes: [target.note] };
    },
    encode(jsonText: string): Uint8Array {
      const writer = protobuf.Writer.create();
      writeMessageIndexes(writer, encodeTarget.indexes);
      writeJsonMessage(writer, encodeTarget.plan, jsonText);
      return writer.finish();
    },
  };
}
