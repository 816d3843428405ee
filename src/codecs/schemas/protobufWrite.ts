/**
 * Writes a checked message (protobufEncode.ts builds it from JSON) as Protobuf bytes with
 * protobufjs' Writer: fields in field-number order as protoc's writers do, proto3 repeated
 * numbers packed, 64-bit values handed over as exact {low, high} halves (never through a double).
 */
import * as protobuf from 'protobufjs';
import { FieldPlan, MessagePlan, ScalarType, ScalarValue, ValuePlan, WIRE_TYPE, isPackable } from './protobufPlan';

export type Single = ScalarValue | EncodedMessage;
export type FieldContent =
  | { readonly kind: 'one'; readonly value: Single }
  | { readonly kind: 'list'; readonly values: Single[] }
  | { readonly kind: 'map'; readonly entries: Array<readonly [ScalarValue, Single]> };

/** A checked message, ready to write: its fields' contents. */
export class EncodedMessage {
  readonly fields = new Map<FieldPlan, FieldContent>();
  constructor(readonly plan: MessagePlan) {}

  /** Sets a singular field; a proto3 scalar at its default is left out, as protoc's writers do. */
  setOne(field: FieldPlan, value: Single): void {
    if (field.hasPresence || !isDefault(value)) {
      this.fields.set(field, { kind: 'one', value });
    }
  }
}

function isDefault(value: Single): boolean {
  if (typeof value === 'number') {
    return Object.is(value, 0); // -0.0 has a sign bit to keep, as protoc's writers keep it
  }
  if (value instanceof Uint8Array) {
    return value.length === 0;
  }
  return value === 0n || value === false || value === '';
}

function tag(fieldNumber: number, wireType: number): number {
  return ((fieldNumber << 3) | wireType) >>> 0;
}

/** A bigint as the {low, high} pair protobufjs' Writer takes for 64-bit values. */
function longOf(value: bigint): protobuf.Long {
  const bits = BigInt.asUintN(64, value);
  return { low: Number(bits & 0xffffffffn) | 0, high: Number(bits >> 32n) | 0, unsigned: false };
}

function writeScalar(writer: protobuf.Writer, type: ScalarType, value: ScalarValue): void {
  switch (type) {
    case 'double':
      writer.double(value as number);
      return;
    case 'float':
      writer.float(value as number);
      return;
    case 'int32':
      writer.int32(value as number);
      return;
    case 'uint32':
      writer.uint32(value as number);
      return;
    case 'sint32':
      writer.sint32(value as number);
      return;
    case 'fixed32':
      writer.fixed32(value as number);
      return;
    case 'sfixed32':
      writer.sfixed32(value as number);
      return;
    case 'int64':
      writer.int64(longOf(value as bigint));
      return;
    case 'uint64':
      writer.uint64(longOf(value as bigint));
      return;
    case 'sint64':
      writer.sint64(longOf(value as bigint));
      return;
    case 'fixed64':
      writer.fixed64(longOf(value as bigint));
      return;
    case 'sfixed64':
      writer.sfixed64(longOf(value as bigint));
      return;
    case 'bool':
      writer.bool(value as boolean);
      return;
    case 'string':
      writer.string(value as string);
      return;
    case 'bytes':
      writer.bytes(value as Uint8Array);
      return;
  }
}

function writeSingle(writer: protobuf.Writer, fieldNumber: number, plan: ValuePlan, value: Single, delimited: boolean): void {
  if (plan.kind === 'message') {
    if (delimited) {
      writer.uint32(tag(fieldNumber, 3));
      writeMessage(writer, value as EncodedMessage);
      writer.uint32(tag(fieldNumber, 4));
    } else {
      writer.uint32(tag(fieldNumber, 2)).fork();
      writeMessage(writer, value as EncodedMessage);
      writer.ldelim();
    }
    return;
  }
  const type = plan.kind === 'enum' ? 'int32' : plan.type;
  writer.uint32(tag(fieldNumber, WIRE_TYPE[type]));
  writeScalar(writer, type, value as ScalarValue);
}

function writeContent(writer: protobuf.Writer, field: FieldPlan, content: FieldContent): void {
  switch (content.kind) {
    case 'one':
      writeSingle(writer, field.id, field.value, content.value, field.delimited);
      return;
    case 'list':
      if (field.packed && isPackable(field.value) && content.values.length > 0) {
        const type = field.value.kind === 'scalar' ? field.value.type : 'int32';
        writer.uint32(tag(field.id, 2)).fork();
        content.values.forEach((value) => writeScalar(writer, type, value as ScalarValue));
        writer.ldelim();
      } else {
        content.values.forEach((value) => writeSingle(writer, field.id, field.value, value, field.delimited));
      }
      return;
    case 'map':
      for (const [key, value] of content.entries) {
        writer.uint32(tag(field.id, 2)).fork();
        writeSingle(writer, 1, { kind: 'scalar', type: field.mapKey as ScalarType }, key, false);
        writeSingle(writer, 2, field.value, value, false);
        writer.ldelim();
      }
      return;
  }
}

export function writeMessage(writer: protobuf.Writer, message: EncodedMessage): void {
  for (const field of message.plan.writeOrder) {
    const content = message.fields.get(field);
    if (content !== undefined) {
      writeContent(writer, field, content);
    }
  }
}
