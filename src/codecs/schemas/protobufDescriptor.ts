/**
 * Protobuf schemas that a registry keeps as a serialized FileDescriptorProto (base64): what
 * Confluent's serializers register, and what Apicurio hands back as it was registered. Decoded
 * and turned into reflection objects by protobufjs' own descriptor support
 * (protobufjs/ext/descriptor: google/protobuf/descriptor.proto and the fromDescriptor
 * methods), so a descriptor compiles to the same types as its .proto text does (presence,
 * packing, defaults, groups, json_name, editions' features). Printing it back as .proto text,
 * for people to read, is done here: protobufjs has no .proto printer at run time.
 */
import * as protobuf from 'protobufjs';
import type * as Descriptor from 'protobufjs/ext/descriptor';

export type FileDescriptor = Descriptor.IFileDescriptorProto;
type MessageDescriptor = Descriptor.IDescriptorProto;
type FieldDescriptor = Descriptor.IFieldDescriptorProto;
type EnumDescriptor = Descriptor.IEnumDescriptorProto;

let loaded: typeof Descriptor | undefined;

/**
 * The extension, loaded on first use: it builds descriptor.proto's types from JSON (about 8 ms),
 * which only schemas kept as descriptors need. It adds fromDescriptor to protobufjs' classes.
 */
function descriptorTypes(): typeof Descriptor {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load needs require()
  loaded ??= require('protobufjs/ext/descriptor') as typeof Descriptor;
  return loaded;
}

const LABEL_REQUIRED = 2;
const LABEL_REPEATED = 3;
const TYPE_GROUP = 10;
const TYPE_BYTES = 12;

/** Base64 has neither ";" nor "{", which every .proto file has. */
export function isSerializedDescriptor(text: string): boolean {
  return !/[;{]/.test(text) && /^[A-Za-z0-9+/=\s_-]+$/.test(text) && text.trim().length > 0;
}

/** A base64 FileDescriptorProto, decoded by protobufjs' descriptor.proto type (its reader checks lengths and nesting depth). */
export function decodeDescriptor(text: string): FileDescriptor {
  const bytes = Buffer.from(text.replace(/\s+/g, ''), 'base64');
  return descriptorTypes().FileDescriptorProto.decode(bytes) as FileDescriptor;
}

/** The files a descriptor imports, weak ones apart (weak_dependency holds indexes into dependency). */
export function descriptorImports(file: FileDescriptor): { imports: string[]; weakImports: string[] } {
  const dependency: string[] = file.dependency ?? [];
  const weak = new Set<number>(file.weakDependency ?? []);
  return { imports: dependency.filter((_, i) => !weak.has(i)), weakImports: dependency.filter((_, i) => weak.has(i)) };
}

const C_ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** protoc's C escapes (\001, \x01, \n, \\, \") undone, one character per byte. */
function unescapeC(text: string): string {
  return text.replace(/\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|([\s\S]))/g, (_, octal?: string, hex?: string, other?: string) =>
    octal !== undefined
      ? String.fromCharCode(parseInt(octal, 8) & 0xff)
      : hex !== undefined
        ? String.fromCharCode(parseInt(hex, 16))
        : (C_ESCAPES[other as string] ?? (other as string)),
  );
}

/**
 * The one place protobufjs' conversion is not exact: descriptor.proto keeps a bytes field's
 * default C-escaped ([default = "a\001"] is the text a\001), which Field.fromDescriptor passes on
 * as it is, and protobufjs then reads a default string as base64 where it looks like base64, else
 * as UTF-8 (bytes 61 5c 30 30 31). Given the bytes as base64, it keeps them exact (61 01).
 */
function exactBytesDefaults(fields: readonly FieldDescriptor[] | undefined, messages: readonly MessageDescriptor[] | undefined): void {
  for (const field of fields ?? []) {
    if (field.type === TYPE_BYTES && field.defaultValue) {
      field.defaultValue = Buffer.from(unescapeC(field.defaultValue), 'latin1').toString('base64');
    }
  }
  for (const message of messages ?? []) {
    exactBytesDefaults([...(message.field ?? []), ...(message.extension ?? [])], message.nestedType);
  }
}

/** Descriptor keys are camelCase (fieldPresence); protobufjs' feature options are the .proto's names (field_presence). */
const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Adds the file's types to `root` as protobufjs' Root.fromDescriptor does for each file of a set,
 * with the names as written (keepCase), but without its resolveAll: the caller loads the
 * imports first. Field.fromDescriptor and the others are protobufjs' own.
 */
export function addDescriptor(root: protobuf.Root, file: FileDescriptor): void {
  const types = descriptorTypes();
  let edition = file.syntax === 'proto3' ? 'proto3' : 'proto2';
  if (file.syntax === 'editions') {
    // EDITION_2023 → "2023", as protobufjs' Root.fromDescriptor names editions.
    const name = types.FileDescriptorProto.lookupEnum('Edition').valuesById[file.edition ?? 0] ?? `${file.edition}`;
    if (!/^EDITION_\d{4}$/.test(name)) {
      throw new Error(`unsupported edition ${name}`);
    }
    edition = name.slice('EDITION_'.length);
  }
  // FileOptions.features is in descriptor.proto, though not in the extension's typings.
  const fileFeatures = (file.options as { features?: protobuf.Message } | undefined)?.features;
  const features = fileFeatures
    ? Object.fromEntries(Object.entries(types.FeatureSet.toObject(fileFeatures, { enums: String })).map(([k, v]) => [snakeCase(k), v]))
    : undefined;
  const context = { edition, keepCase: true, ...(features ? { features: features as Descriptor.IFeatureSet } : {}) };
  exactBytesDefaults(file.extension, file.messageType);
  const scope = file.package ? root.define(file.package) : root;
  // A top-level message used by a group extension is that group's type.
  const groups = new Set(
    (file.extension ?? []).filter((f) => f.type === TYPE_GROUP && f.typeName).map((f) => f.typeName?.split('.').pop()),
  );
  for (const message of file.messageType ?? []) {
    const type = protobuf.Type.fromDescriptor(message, context);
    if (groups.has(type.name)) {
      (type as { group?: boolean }).group = true;
    }
    scope.add(type);
  }
  for (const type of file.enumType ?? []) {
    scope.add(protobuf.Enum.fromDescriptor(type, context));
  }
  for (const extension of file.extension ?? []) {
    scope.add(protobuf.Field.fromDescriptor(extension, context));
  }
  for (const service of file.service ?? []) {
    scope.add(protobuf.Service.fromDescriptor(service, context));
  }
}

/** A scalar's .proto name from descriptor.proto's own Type enum (TYPE_INT64 → int64); undefined for groups, messages and enums. */
function scalarName(type: number | undefined): string | undefined {
  const name = type === undefined ? undefined : descriptorTypes().FieldDescriptorProto.lookupEnum('Type').valuesById[type];
  return name === undefined || name === 'TYPE_GROUP' || name === 'TYPE_MESSAGE' || name === 'TYPE_ENUM'
    ? undefined
    : name.slice(5).toLowerCase();
}

const typeOf = (field: FieldDescriptor): string => scalarName(field.type) ?? field.typeName ?? '';

/** Decoded descriptors keep scalar defaults on the prototype: an absent oneof_index would read 0. */
const oneofIndexOf = (field: FieldDescriptor): number | undefined => (Object.hasOwn(field, 'oneofIndex') ? field.oneofIndex : undefined);

const isMapEntry = (message: MessageDescriptor) => message.options?.mapEntry === true;

/** A message's map entries, by the full name fields refer to them with. */
function mapEntries(message: MessageDescriptor, fullName: string): Map<string, MessageDescriptor> {
  return new Map((message.nestedType ?? []).filter(isMapEntry).map((n) => [`${fullName}.${n.name}`, n]));
}

const entryField = (entry: MessageDescriptor, number: number): FieldDescriptor | undefined =>
  (entry.field ?? []).find((f) => f.number === number);

/** The file as .proto text: what a person reads in the editor (Avro and JSON Schema are shown as they are). */
export function descriptorProtoText(file: FileDescriptor): string {
  const lines = [`syntax = "${file.syntax || 'proto2'}";`];
  if (file.package) {
    lines.push(`package ${file.package};`);
  }
  lines.push(...(file.dependency ?? []).map((d: string) => `import "${d}";`), '');
  const scope = file.package ? `.${file.package}` : '';
  const proto3 = file.syntax === 'proto3';
  const printEnum = (type: EnumDescriptor, indent: string) => {
    lines.push(`${indent}enum ${type.name} {`, ...(type.value ?? []).map((v) => `${indent}  ${v.name} = ${v.number};`), `${indent}}`);
  };
  const printMessage = (message: MessageDescriptor, fullName: string, indent: string) => {
    const entries = mapEntries(message, fullName);
    const fields = message.field ?? [];
    const fieldLine = (field: FieldDescriptor) => {
      const entry = entries.get(field.typeName ?? '');
      const [key, value] = entry ? [entryField(entry, 1), entryField(entry, 2)] : [];
      const type = key && value ? `map<${typeOf(key)}, ${typeOf(value)}>` : typeOf(field);
      const label =
        key && value
          ? ''
          : field.label === LABEL_REPEATED
            ? 'repeated '
            : field.label === LABEL_REQUIRED
              ? 'required '
              : !proto3 || field.proto3Optional
                ? 'optional '
                : '';
      return `${label}${type} ${field.name} = ${field.number};`;
    };
    lines.push(`${indent}message ${message.name} {`);
    (message.nestedType ?? []).filter((n) => !isMapEntry(n)).forEach((n) => printMessage(n, `${fullName}.${n.name}`, `${indent}  `));
    (message.enumType ?? []).forEach((e) => printEnum(e, `${indent}  `));
    fields.filter((f) => oneofIndexOf(f) === undefined || f.proto3Optional).forEach((f) => lines.push(`${indent}  ${fieldLine(f)}`));
    (message.oneofDecl ?? []).forEach((oneof, index) => {
      const members = fields.filter((f) => oneofIndexOf(f) === index && !f.proto3Optional);
      if (members.length > 0) {
        lines.push(`${indent}  oneof ${oneof.name} {`, ...members.map((f) => `${indent}    ${fieldLine(f)}`), `${indent}  }`);
      }
    });
    lines.push(`${indent}}`);
  };
  (file.messageType ?? []).forEach((m) => printMessage(m, `${scope}.${m.name}`, ''));
  (file.enumType ?? []).forEach((e) => printEnum(e, ''));
  return lines.join('\n') + '\n';
}
