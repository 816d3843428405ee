/**
 * A decoded Protobuf message as compact JSON text, in the proto3 JSON mapping with the .proto's
 * field names: 64-bit integers unquoted and exact (JSON.stringify cannot, and the mapping's
 * quoted strings would read back as text in our editors), enums by name, bytes as base64,
 * Timestamp/Duration/wrappers/Struct in their JSON forms, scalars without presence shown with
 * their defaults, unset fields with presence (messages, oneofs, `optional`) left out. Fields in
 * declaration order.
 */
import { DecodedMap, DecodedMessage, Single } from './protobufWire';
import { FieldPlan, ScalarType, ScalarValue, ValuePlan } from './protobufPlan';
import { durationText, timestampText } from './protobufTime';

/** Proto3 JSON writes NaN and the infinities as strings; -0 stays -0. */
function nonFiniteText(value: number): string | undefined {
  if (Number.isNaN(value)) {
    return '"NaN"';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? '"Infinity"' : '"-Infinity"';
  }
  return Object.is(value, -0) ? '-0' : undefined;
}

export function doubleText(value: number): string {
  return nonFiniteText(value) ?? String(value);
}

/** The shortest decimal that reads back to the same float32: 0.1f prints as 0.1, not 0.10000000149011612. */
export function floatText(value: number): string {
  const special = nonFiniteText(value);
  if (special !== undefined) {
    return special;
  }
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) {
      return String(candidate);
    }
  }
  return String(Number(value.toPrecision(9)));
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function scalarText(type: ScalarType, value: ScalarValue): string {
  switch (type) {
    case 'double':
      return doubleText(value as number);
    case 'float':
      return floatText(value as number);
    case 'string':
      return JSON.stringify(value);
    case 'bytes':
      return `"${base64(value as Uint8Array)}"`;
    default:
      // Integers (number or bigint) and booleans: String() writes them exactly.
      return String(value);
  }
}

/** Appends to one string: V8 builds it as a rope, faster here than collecting parts to join. */
class JsonPrinter {
  out = '';

  message(message: DecodedMessage): void {
    if (message.plan.wellKnown !== undefined && this.wellKnown(message)) {
      return;
    }
    this.out += '{';
    let first = true;
    for (const field of message.plan.fields) {
      const value = message.values.get(field.id);
      if (value === undefined && !showsWhenAbsent(field)) {
        continue;
      }
      this.out += first ? field.jsonKey : `,${field.jsonKey}`;
      first = false;
      this.field(field, value);
    }
    this.out += '}';
  }

  private field(field: FieldPlan, value: Single | Single[] | DecodedMap | undefined): void {
    if (field.mapKey !== undefined) {
      this.map(field.value, value as DecodedMap | undefined);
    } else if (field.repeated) {
      this.out += '[';
      ((value as Single[] | undefined) ?? []).forEach((item, index) => {
        this.out += index === 0 ? '' : ',';
        this.single(field.value, item);
      });
      this.out += ']';
    } else {
      this.single(field.value, (value as Single | undefined) ?? field.defaultValue);
    }
  }

  private map(valuePlan: ValuePlan, map: DecodedMap | undefined): void {
    this.out += '{';
    let first = true;
    for (const [key, value] of map ?? []) {
      this.out += `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      this.single(valuePlan, value);
    }
    this.out += '}';
  }

  private single(plan: ValuePlan, value: Single): void {
    switch (plan.kind) {
      case 'scalar':
        this.out += scalarText(plan.type, value as ScalarValue);
        return;
      case 'enum': {
        // An unknown number (a newer writer's value) prints as the number.
        const name = plan.enumPlan.nameOf.get(value as number);
        this.out += name === undefined ? String(value) : JSON.stringify(name);
        return;
      }
      case 'message':
        this.message(value as DecodedMessage);
        return;
    }
  }

  /** Prints a well-known type in its JSON form; false when its value has none (then it prints as a message). */
  private wellKnown(message: DecodedMessage): boolean {
    const { plan, values } = message;
    switch (plan.wellKnown) {
      case 'Timestamp':
      case 'Duration': {
        const seconds = (values.get(1) as bigint | undefined) ?? 0n;
        const nanos = (values.get(2) as number | undefined) ?? 0;
        const text = plan.wellKnown === 'Timestamp' ? timestampText(seconds, nanos) : durationText(seconds, nanos);
        if (text !== undefined) {
          this.out += `"${text}"`;
        }
        return text !== undefined;
      }
      case 'Wrapper': {
        const field = plan.byId.get(1) as FieldPlan;
        this.single(field.value, (values.get(1) as Single | undefined) ?? field.defaultValue);
        return true;
      }
      case 'Struct':
        this.map((plan.byId.get(1) as FieldPlan).value, values.get(1) as DecodedMap | undefined);
        return true;
      case 'ListValue':
        this.field(plan.byId.get(1) as FieldPlan, values.get(1));
        return true;
      case 'Value':
        this.value(message);
        return true;
      default:
        return false;
    }
  }

  /** google.protobuf.Value: whichever kind is set, as plain JSON; none set reads as null. */
  private value(message: DecodedMessage): void {
    for (const field of message.plan.fields) {
      const value = message.values.get(field.id);
      if (value !== undefined) {
        if (field.value.kind === 'enum') {
          this.out += 'null'; // the NullValue kind, whose only value is JSON null
        } else {
          this.single(field.value, value as Single);
        }
        return;
      }
    }
    this.out += 'null';
  }
}

/**
 * Absent maps and lists show empty, and absent proto3 plain scalars their default (they have no
 * presence: absent and default are one value). A field with presence (message fields, oneof
 * members, proto3 `optional`, proto2 `optional`/`required`, editions' explicit presence) is shown
 * only when it was on the wire, so a shown field is written back present and an absent one stays absent.
 */
function showsWhenAbsent(field: FieldPlan): boolean {
  return field.mapKey !== undefined || field.repeated || !field.hasPresence;
}

export function messageJson(message: DecodedMessage): string {
  const printer = new JsonPrinter();
  printer.message(message);
  return printer.out;
}
