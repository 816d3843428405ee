/**
 * Plans for the Protobuf codec: what each message type of a compiled schema needs to decode and
 * encode, taken once from protobufjs' reflection (fields by number and by name, types, oneofs,
 * defaults, which well-known type it is). The codec walks these plans itself instead of calling
 * protobufjs' Type.decode/encode: those are generated with `new Function` on first use, cannot
 * keep 64-bit integers exact without Long objects, and throw terse errors. Plans are built
 * lazily and cached per type, so a recursive message refers to its own plan.
 */
import * as protobuf from 'protobufjs';

export type ScalarType =
  | 'double'
  | 'float'
  | 'int32'
  | 'uint32'
  | 'sint32'
  | 'fixed32'
  | 'sfixed32'
  | 'int64'
  | 'uint64'
  | 'sint64'
  | 'fixed64'
  | 'sfixed64'
  | 'bool'
  | 'string'
  | 'bytes';

/** A scalar as the codec holds it: 64-bit integers as bigint, bytes as Uint8Array, enums as numbers. */
export type ScalarValue = number | bigint | boolean | string | Uint8Array;

/** The wire type each scalar is written with (0 varint, 1 fixed 64-bit, 2 length-delimited, 5 fixed 32-bit). */
export const WIRE_TYPE: Readonly<Record<ScalarType, number>> = {
  double: 1,
  float: 5,
  int32: 0,
  uint32: 0,
  sint32: 0,
  fixed32: 5,
  sfixed32: 5,
  int64: 0,
  uint64: 0,
  sint64: 0,
  fixed64: 1,
  sfixed64: 1,
  bool: 0,
  string: 2,
  bytes: 2,
};

/** The Google types whose proto3 JSON form is not a plain object. */
export type WellKnown = 'Timestamp' | 'Duration' | 'Wrapper' | 'Struct' | 'Value' | 'ListValue';

const WELL_KNOWN: ReadonlyMap<string, WellKnown> = new Map<string, WellKnown>([
  ['google.protobuf.Timestamp', 'Timestamp'],
  ['google.protobuf.Duration', 'Duration'],
  ['google.protobuf.DoubleValue', 'Wrapper'],
  ['google.protobuf.FloatValue', 'Wrapper'],
  ['google.protobuf.Int64Value', 'Wrapper'],
  ['google.protobuf.UInt64Value', 'Wrapper'],
  ['google.protobuf.Int32Value', 'Wrapper'],
  ['google.protobuf.UInt32Value', 'Wrapper'],
  ['google.protobuf.BoolValue', 'Wrapper'],
  ['google.protobuf.StringValue', 'Wrapper'],
  ['google.protobuf.BytesValue', 'Wrapper'],
  ['google.protobuf.Struct', 'Struct'],
  ['google.protobuf.Value', 'Value'],
  ['google.protobuf.ListValue', 'ListValue'],
]);

export interface EnumPlan {
  readonly fullName: string;
  /** Number → name; with aliases the first name declared wins. */
  readonly nameOf: ReadonlyMap<number, string>;
  readonly numberOf: ReadonlyMap<string, number>;
}

export type ValuePlan =
  | { readonly kind: 'scalar'; readonly type: ScalarType }
  | { readonly kind: 'enum'; readonly enumPlan: EnumPlan }
  | { readonly kind: 'message'; readonly message: MessagePlan };

export interface FieldPlan {
  /** The JSON key: the name as written in the .proto ("[pkg.ext]" for an extension). */
  readonly name: string;
  /** `"name":`, ready for the printer. */
  readonly jsonKey: string;
  /** The full name of the message it belongs to, for error messages. */
  readonly owner: string;
  readonly id: number;
  /** The element type (for a map: the value type). */
  readonly value: ValuePlan;
  readonly repeated: boolean;
  /** Set for map fields: the key's scalar type. */
  readonly mapKey?: ScalarType;
  /** Repeated numbers/enums written as one length-delimited run (proto3's default). */
  readonly packed: boolean;
  /** A message written between start/end-group tags (proto2 groups, editions DELIMITED). */
  readonly delimited: boolean;
  /** The other members of its oneof (proto3 `optional` is a oneof of one): set one, the rest are cleared. */
  readonly oneofName?: string;
  oneofSiblings: readonly number[];
  /** False for proto3 plain scalars: their default value is not written. */
  readonly hasPresence: boolean;
  readonly required: boolean;
  /** Shown when a singular scalar or enum is absent from the bytes. */
  readonly defaultValue: ScalarValue;
}

export interface MessagePlan {
  /** Without protobufjs' leading dot: "com.acme.Order". */
  readonly fullName: string;
  readonly wellKnown?: WellKnown;
  /** In declaration order, for printing. */
  readonly fields: FieldPlan[];
  /** In field-number order, for writing (as protoc's serializers do). */
  readonly writeOrder: FieldPlan[];
  readonly byId: Map<number, FieldPlan>;
  /** By .proto name, and by lowerCamelCase JSON name as proto3 JSON readers also accept. */
  readonly byName: Map<string, FieldPlan>;
}

const SCALAR_TYPES: ReadonlySet<string> = new Set(Object.keys(WIRE_TYPE));

export function isScalarType(type: string): type is ScalarType {
  return SCALAR_TYPES.has(type);
}

/** Numbers and enums may be packed; strings, bytes and messages may not. */
export function isPackable(value: ValuePlan): boolean {
  return value.kind === 'enum' || (value.kind === 'scalar' && value.type !== 'string' && value.type !== 'bytes');
}

export function isLongType(type: ScalarType): boolean {
  return type === 'int64' || type === 'uint64' || type === 'sint64' || type === 'fixed64' || type === 'sfixed64';
}

export function withoutDot(fullName: string): string {
  return fullName.startsWith('.') ? fullName.slice(1) : fullName;
}

export function zeroOf(type: ScalarType): ScalarValue {
  switch (type) {
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'bytes':
      return new Uint8Array(0);
    default:
      return isLongType(type) ? 0n : 0;
  }
}

/** A protobufjs Long (or Long-like {low, high}) as an exact bigint. */
function bigintOfLong(value: { low: number; high: number }, unsigned: boolean): bigint {
  const bits = (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
  return unsigned ? bits : BigInt.asIntN(64, bits);
}

/** protobufjs' resolved default (proto2 `[default = …]` or the type's zero) in the codec's own form. */
function scalarDefault(type: ScalarType, raw: unknown): ScalarValue {
  if (raw === null || raw === undefined) {
    return zeroOf(type);
  }
  if (isLongType(type)) {
    const unsigned = type === 'uint64' || type === 'fixed64';
    if (typeof raw === 'object' && 'low' in raw && 'high' in raw) {
      return bigintOfLong(raw as { low: number; high: number }, unsigned);
    }
    return typeof raw === 'number' && Number.isInteger(raw) ? BigInt(raw) : 0n;
  }
  switch (type) {
    case 'bool':
      return raw === true;
    case 'string':
      return String(raw);
    case 'bytes':
      return raw instanceof Uint8Array || Array.isArray(raw) ? Uint8Array.from(raw as ArrayLike<number>) : new Uint8Array(0);
    default:
      return typeof raw === 'number' ? raw : Number(raw);
  }
}

/** Does a well-known type have the fields its JSON form relies on (a user could redefine the name)? */
function hasWellKnownShape(kind: WellKnown, type: protobuf.Type): boolean {
  const field = (id: number) => type.fieldsArray.find((f) => f.id === id);
  switch (kind) {
    case 'Timestamp':
    case 'Duration':
      return field(1)?.type === 'int64' && field(2)?.type === 'int32';
    case 'Wrapper':
      return field(1) !== undefined && isScalarType(field(1)?.type ?? '') && !field(1)?.repeated;
    case 'Struct':
      return field(1)?.map === true;
    case 'Value':
      return type.fieldsArray.length === 6;
    case 'ListValue':
      return field(1)?.repeated === true;
  }
}

export class PlanBuilder {
  private readonly messages = new Map<protobuf.Type, MessagePlan>();
  private readonly enums = new Map<protobuf.Enum, EnumPlan>();

  message(type: protobuf.Type): MessagePlan {
    const cached = this.messages.get(type);
    if (cached) {
      return cached;
    }
    const fullName = withoutDot(type.fullName);
    const wellKnown = WELL_KNOWN.get(fullName);
    const plan: MessagePlan = {
      fullName,
      wellKnown: wellKnown !== undefined && hasWellKnownShape(wellKnown, type) ? wellKnown : undefined,
      fields: [],
      writeOrder: [],
      byId: new Map(),
      byName: new Map(),
    };
    // Cached before its fields are planned: a field of this very type finds it here.
    this.messages.set(type, plan);
    for (const field of type.fieldsArray) {
      const fieldPlan = this.field(field, fullName);
      plan.fields.push(fieldPlan);
      plan.byId.set(fieldPlan.id, fieldPlan);
      plan.byName.set(fieldPlan.name, fieldPlan);
    }
    // JSON names only where they do not shadow a .proto name.
    for (const field of type.fieldsArray) {
      if (!plan.byName.has(field.jsonName)) {
        plan.byName.set(field.jsonName, plan.byId.get(field.id) as FieldPlan);
      }
    }
    for (const fieldPlan of plan.fields) {
      if (fieldPlan.oneofName !== undefined) {
        fieldPlan.oneofSiblings = plan.fields.filter((f) => f !== fieldPlan && f.oneofName === fieldPlan.oneofName).map((f) => f.id);
      }
    }
    plan.writeOrder.push(...[...plan.fields].sort((a, b) => a.id - b.id));
    return plan;
  }

  private field(field: protobuf.Field, owner: string): FieldPlan {
    field.resolve();
    const value = this.valueOf(field);
    const isMap = field.map && field instanceof protobuf.MapField;
    const mapKey = isMap ? field.keyType : undefined;
    if (mapKey !== undefined && !isScalarType(mapKey)) {
      throw new Error(`map field ${withoutDot(field.fullName)} has a key type ${mapKey} that is not a scalar`);
    }
    const name = field.declaringField ? `[${withoutDot(field.declaringField.fullName)}]` : field.protoName || field.name;
    return {
      name,
      jsonKey: `${JSON.stringify(name)}:`,
      owner,
      id: field.id,
      value,
      repeated: field.repeated,
      mapKey,
      packed: field.repeated && isPackable(value) && field.packed,
      delimited: field.delimited,
      oneofName: field.partOf?.name,
      oneofSiblings: [],
      // protobufjs gives proto3 message fields implicit presence; they have it (set or absent, never a default).
      hasPresence: field.hasPresence || value.kind === 'message',
      required: field.required,
      defaultValue: this.defaultOf(field, value),
    };
  }

  private valueOf(field: protobuf.Field): ValuePlan {
    const resolved = field.resolvedType;
    if (resolved instanceof protobuf.Type) {
      return { kind: 'message', message: this.message(resolved) };
    }
    if (resolved instanceof protobuf.Enum) {
      return { kind: 'enum', enumPlan: this.enumPlan(resolved) };
    }
    if (!isScalarType(field.type)) {
      throw new Error(`field ${withoutDot(field.fullName)} has an unresolved type ${field.type}`);
    }
    return { kind: 'scalar', type: field.type };
  }

  private defaultOf(field: protobuf.Field, value: ValuePlan): ScalarValue {
    if (value.kind === 'scalar') {
      return scalarDefault(value.type, field.typeDefault);
    }
    if (value.kind === 'enum') {
      // protobufjs resolves the default to the first declared value or the proto2 [default = NAME].
      return typeof field.typeDefault === 'number' ? field.typeDefault : ([...value.enumPlan.nameOf.keys()][0] ?? 0);
    }
    return 0; // never shown: an absent message is left out
  }

  private enumPlan(type: protobuf.Enum): EnumPlan {
    const cached = this.enums.get(type);
    if (cached) {
      return cached;
    }
    const nameOf = new Map<number, string>();
    const numberOf = new Map<string, number>();
    for (const [name, number] of Object.entries(type.values)) {
      numberOf.set(name, number);
      if (!nameOf.has(number)) {
        nameOf.set(number, name);
      }
    }
    const plan: EnumPlan = { fullName: withoutDot(type.fullName), nameOf, numberOf };
    this.enums.set(type, plan);
    return plan;
  }
}
