/**
 * Protobuf schemas that a registry keeps as a serialized FileDescriptorProto (base64): what
 * Confluent's serializers register, and what Apicurio hands back as it was registered. Decoded
 * with our own Protobuf reader against a subset of descriptor.proto, then turned into
 * protobufjs' JSON form (for decoding and encoding) or into .proto text (for people to read).
 */

/** The parts of google/protobuf/descriptor.proto that describe types; everything else is skipped as unknown fields. */
export const DESCRIPTOR_SUBSET = `
syntax = "proto2";
package kafka_explorer.descriptor;
message FileDescriptorProto {
  optional string name = 1; optional string package = 2; repeated string dependency = 3;
  repeated DescriptorProto message_type = 4; repeated EnumDescriptorProto enum_type = 5; optional string syntax = 12;
}
message DescriptorProto {
  optional string name = 1; repeated FieldDescriptorProto field = 2; repeated DescriptorProto nested_type = 3;
  repeated EnumDescriptorProto enum_type = 4; optional MessageOptions options = 7; repeated OneofDescriptorProto oneof_decl = 8;
}
message MessageOptions { optional bool map_entry = 7; }
message FieldDescriptorProto {
  optional string name = 1; optional int32 number = 3; optional int32 label = 4; optional int32 type = 5;
  optional string type_name = 6; optional string default_value = 7; optional FieldOptions options = 8;
  optional bool proto3_optional = 17;
  // In a oneof only so that an absent index reads as absent, not as 0 (our reader shows scalar defaults).
  oneof has_oneof_index { int32 oneof_index = 9; }
}
message FieldOptions { optional bool packed = 2; }
message OneofDescriptorProto { optional string name = 1; }
message EnumDescriptorProto { optional string name = 1; repeated EnumValueDescriptorProto value = 2; }
message EnumValueDescriptorProto { optional string name = 1; optional int32 number = 2; }
`;

interface Field {
  readonly name: string;
  readonly number: number;
  readonly label: number;
  readonly type: number;
  readonly type_name: string;
  readonly oneof_index?: number;
  readonly proto3_optional: boolean;
  readonly options?: { readonly packed?: boolean };
}
interface EnumType {
  readonly name: string;
  readonly value: ReadonlyArray<{ readonly name: string; readonly number: number }>;
}
interface Message {
  readonly name: string;
  readonly field: readonly Field[];
  readonly nested_type: readonly Message[];
  readonly enum_type: readonly EnumType[];
  readonly oneof_decl: ReadonlyArray<{ readonly name: string }>;
  readonly options?: { readonly map_entry?: boolean };
}
export interface FileDescriptor {
  readonly name: string;
  readonly package: string;
  readonly dependency: readonly string[];
  readonly message_type: readonly Message[];
  readonly enum_type: readonly EnumType[];
  readonly syntax: string;
}

const SCALARS: Readonly<Record<number, string>> = {
  1: 'double',
  2: 'float',
  3: 'int64',
  4: 'uint64',
  5: 'int32',
  6: 'fixed64',
  7: 'fixed32',
  8: 'bool',
  9: 'string',
  12: 'bytes',
  13: 'uint32',
  15: 'sfixed32',
  16: 'sfixed64',
  17: 'sint32',
  18: 'sint64',
};
const REPEATED = 3;
const REQUIRED = 2;

/** Base64 has neither ";" nor "{", which every .proto file has. */
export function isSerializedDescriptor(text: string): boolean {
  return !/[;{]/.test(text) && /^[A-Za-z0-9+/=\s_-]+$/.test(text) && text.trim().length > 0;
}

const typeOf = (field: Field): string => SCALARS[field.type] ?? field.type_name;

/** A message's map entries, by the full name fields refer to them with. */
function mapEntries(message: Message, fullName: string): Map<string, Message> {
  return new Map(message.nested_type.filter((n) => n.options?.map_entry === true).map((n) => [`${fullName}.${n.name}`, n]));
}

const entryField = (entry: Message, number: number): Field | undefined => entry.field.find((f) => f.number === number);

/** protobufjs' JSON for one message (`INamespace` shape), nested types in declaration order. */
function messageJson(message: Message, fullName: string): Record<string, unknown> {
  const entries = mapEntries(message, fullName);
  const fields: Record<string, unknown> = {};
  for (const field of message.field) {
    const entry = entries.get(field.type_name);
    const [key, value] = entry ? [entryField(entry, 1), entryField(entry, 2)] : [];
    fields[field.name] =
      key && value
        ? { keyType: typeOf(key), type: typeOf(value), id: field.number }
        : {
            type: typeOf(field),
            id: field.number,
            ...(field.label === REPEATED ? { rule: 'repeated' } : field.label === REQUIRED ? { rule: 'required' } : {}),
            ...(field.options?.packed !== undefined ? { options: { packed: field.options.packed } } : {}),
          };
  }
  const oneofs: Record<string, { oneof: string[] }> = {};
  message.oneof_decl.forEach((oneof, index) => {
    const members = message.field.filter((f) => f.oneof_index === index && !f.proto3_optional).map((f) => f.name);
    if (members.length > 0) {
      oneofs[oneof.name] = { oneof: members };
    }
  });
  const nested = nestedJson(
    message.nested_type.filter((n) => n.options?.map_entry !== true),
    message.enum_type,
    fullName,
  );
  return { fields, ...(Object.keys(oneofs).length > 0 ? { oneofs } : {}), ...(nested ? { nested } : {}) };
}

function nestedJson(messages: readonly Message[], enums: readonly EnumType[], scope: string): Record<string, unknown> | undefined {
  if (messages.length === 0 && enums.length === 0) {
    return undefined;
  }
  const nested: Record<string, unknown> = {};
  for (const message of messages) {
    nested[message.name] = messageJson(message, `${scope}.${message.name}`);
  }
  for (const type of enums) {
    nested[type.name] = { values: Object.fromEntries(type.value.map((v) => [v.name, v.number])) };
  }
  return nested;
}

/** The file as protobufjs JSON for Root.addJSON: its package as namespaces around its types. */
export function descriptorRootJson(file: FileDescriptor): Record<string, unknown> {
  const packageParts = file.package === '' ? [] : file.package.split('.');
  let nested: Record<string, unknown> = nestedJson(file.message_type, file.enum_type, file.package === '' ? '' : `.${file.package}`) ?? {};
  for (const part of [...packageParts].reverse()) {
    nested = { [part]: { nested } };
  }
  return nested;
}

/** The file as .proto text: what a person reads in the editor (Avro and JSON Schema are shown as they are). */
export function descriptorProtoText(file: FileDescriptor): string {
  const lines = [`syntax = "${file.syntax || 'proto2'}";`];
  if (file.package) {
    lines.push(`package ${file.package};`);
  }
  lines.push(...file.dependency.map((d) => `import "${d}";`), '');
  const scope = file.package === '' ? '' : `.${file.package}`;
  const proto3 = file.syntax === 'proto3';
  const printEnum = (type: EnumType, indent: string) => {
    lines.push(`${indent}enum ${type.name} {`, ...type.value.map((v) => `${indent}  ${v.name} = ${v.number};`), `${indent}}`);
  };
  const printMessage = (message: Message, fullName: string, indent: string) => {
    const entries = mapEntries(message, fullName);
    const fieldLine = (field: Field) => {
      const entry = entries.get(field.type_name);
      const [key, value] = entry ? [entryField(entry, 1), entryField(entry, 2)] : [];
      const type = key && value ? `map<${typeOf(key)}, ${typeOf(value)}>` : typeOf(field);
      const label =
        key && value
          ? ''
          : field.label === REPEATED
            ? 'repeated '
            : field.label === REQUIRED
              ? 'required '
              : !proto3 || field.proto3_optional
                ? 'optional '
                : '';
      return `${label}${type} ${field.name} = ${field.number};`;
    };
    lines.push(`${indent}message ${message.name} {`);
    message.nested_type
      .filter((n) => n.options?.map_entry !== true)
      .forEach((n) => printMessage(n, `${fullName}.${n.name}`, `${indent}  `));
    message.enum_type.forEach((e) => printEnum(e, `${indent}  `));
    message.field.filter((f) => f.oneof_index === undefined || f.proto3_optional).forEach((f) => lines.push(`${indent}  ${fieldLine(f)}`));
    message.oneof_decl.forEach((oneof, index) => {
      const members = message.field.filter((f) => f.oneof_index === index && !f.proto3_optional);
      if (members.length > 0) {
        lines.push(`${indent}  oneof ${oneof.name} {`, ...members.map((f) => `${indent}    ${fieldLine(f)}`), `${indent}  }`);
      }
    });
    lines.push(`${indent}}`);
  };
  file.message_type.forEach((m) => printMessage(m, `${scope}.${m.name}`, ''));
  file.enum_type.forEach((e) => printEnum(e, ''));
  return lines.join('\n') + '\n';
}
