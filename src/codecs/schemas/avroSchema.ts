/**
 * Avro schema text → a tree of types, the way the Avro specification (1.11, plus the 1.12
 * nanosecond timestamps) defines it: named types live in one registry by full name, so a
 * Confluent reference schema parsed first lends its types to the main schema, and a record
 * may refer to itself. The schema JSON is walked with jsonc-parser rather than JSON.parse so a
 * field default keeps its exact text (a long default beyond 2^53 must not round). Pure.
 */
import { Node, parseTree, printParseErrorCode, ParseError } from 'jsonc-parser';

export type PrimitiveKind = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

export type TimeLogical =
  | 'date'
  | 'time-millis'
  | 'time-micros'
  | 'timestamp-millis'
  | 'timestamp-micros'
  | 'timestamp-nanos'
  | 'local-timestamp-millis'
  | 'local-timestamp-micros'
  | 'local-timestamp-nanos';

export type Logical =
  { readonly kind: 'decimal'; readonly precision: number; readonly scale: number } | { readonly kind: TimeLogical | 'uuid' };

export interface Field {
  readonly name: string;
  readonly type: AvroType;
  /** The default as written, and the text it belongs to (main schema or a reference), for its number tokens. */
  readonly default?: { readonly node: Node; readonly text: string };
}

export type AvroType =
  | { readonly kind: PrimitiveKind; readonly logical?: Logical }
  | { readonly kind: 'record'; readonly name: string; readonly fields: Field[] }
  | { readonly kind: 'enum'; readonly name: string; readonly symbols: readonly string[] }
  | { readonly kind: 'fixed'; readonly name: string; readonly size: number; readonly logical?: Logical }
  | { readonly kind: 'array'; readonly items: AvroType }
  | { readonly kind: 'map'; readonly values: AvroType }
  | { readonly kind: 'union'; readonly branches: readonly AvroType[] };

export type NamedType = Extract<AvroType, { name: string }>;

const PRIMITIVES: ReadonlySet<string> = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Which underlying type each time logical type annotates; on any other it is ignored, as the spec says. */
const TIME_LOGICALS: ReadonlyMap<string, PrimitiveKind> = new Map<string, PrimitiveKind>([
  ['date', 'int'],
  ['time-millis', 'int'],
  ['time-micros', 'long'],
  ['timestamp-millis', 'long'],
  ['timestamp-micros', 'long'],
  ['timestamp-nanos', 'long'],
  ['local-timestamp-millis', 'long'],
  ['local-timestamp-micros', 'long'],
  ['local-timestamp-nanos', 'long'],
  ['uuid', 'string'],
]);

/** The name a type goes by in a union: a named type's full name, otherwise its type name. */
export function branchName(type: AvroType): string {
  return 'name' in type ? type.name : type.kind;
}

/** The last part of a full name, for messages ("Order" rather than "com.acme.Order"). */
export function simpleName(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('.') + 1);
}

/** A JSON text as a tree; a schema that is not JSON is refused with where it goes wrong. */
function parseJson(text: string, what: string): Node {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    throw new Error(`${what} is not valid JSON${first ? `: ${printParseErrorCode(first.error)} at offset ${first.offset}` : ''}`);
  }
  return root;
}

/** One schema text's parse, sharing the registry of named types with the texts parsed before it. */
class SchemaParser {
  constructor(
    private readonly text: string,
    readonly names: Map<string, NamedType>,
  ) {}

  parse(node: Node, namespace: string): AvroType {
    switch (node.type) {
      case 'string':
        return this.byName(node.value as string, namespace);
      case 'array':
        return this.union(node, namespace);
      case 'object':
        return this.object(node, namespace);
      default:
        throw new Error(`a schema is a type name, an object or an array, not ${this.token(node)}`);
    }
  }

  private token(node: Node): string {
    return this.text.slice(node.offset, node.offset + Math.min(node.length, 40));
  }

  /** A primitive, or a named type defined before (a self-reference counts: records register first). */
  private byName(name: string, namespace: string): AvroType {
    if (PRIMITIVES.has(name)) {
      return { kind: name as PrimitiveKind };
    }
    // A dotted name is already full; a plain one is looked up in the enclosing namespace, then (as Java does) in none.
    const candidates = name.includes('.') || !namespace ? [name] : [`${namespace}.${name}`, name];
    for (const candidate of candidates) {
      const found = this.names.get(candidate);
      if (found) {
        return found;
      }
    }
    throw new Error(`unknown type "${name}"${candidates.length > 1 ? ` (looked for ${candidates.join(' and ')})` : ''}`);
  }

  private union(node: Node, namespace: string): AvroType {
    const branches = (node.children ?? []).map((child) => this.parse(child, namespace));
    const seen = new Set<string>();
    for (const branch of branches) {
      // The spec: no union directly inside a union, and at most one branch per type (named types by name).
      if (branch.kind === 'union') {
        throw new Error('a union may not hold another union directly');
      }
      const name = branchName(branch);
      if (seen.has(name)) {
        throw new Error(`union has "${name}" twice`);
      }
      seen.add(name);
    }
    return { kind: 'union', branches };
  }

  private object(node: Node, namespace: string): AvroType {
    const props = this.properties(node);
    const typeNode = props.get('type');
    if (!typeNode) {
      throw new Error(`schema object without "type": ${this.token(node)}`);
    }
    if (typeNode.type !== 'string') {
      // {"type": {...}} or {"type": [...]}: the inner schema is the type.
      return this.parse(typeNode, namespace);
    }
    const type = typeNode.value as string;
    switch (type) {
      case 'record':
      case 'error':
        return this.record(props, namespace);
      case 'enum':
        return this.enumType(props, namespace);
      case 'fixed':
        return this.fixed(props, namespace);
      case 'array':
        return { kind: 'array', items: this.parse(this.required(props, 'items', 'array'), namespace) };
      case 'map':
        return { kind: 'map', values: this.parse(this.required(props, 'values', 'map'), namespace) };
      default: {
        const base = this.byName(type, namespace);
        if (!PRIMITIVES.has(type)) {
          return base;
        }
        const logical = this.logical(props, base.kind);
        return logical ? { kind: base.kind as PrimitiveKind, logical } : base;
      }
    }
  }

  /** An object's properties by key; a key given twice is refused (which one would count?). */
  private properties(node: Node): Map<string, Node> {
    const props = new Map<string, Node>();
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      const name = key.value as string;
      if (props.has(name)) {
        throw new Error(`"${name}" given twice in ${this.token(node)}`);
      }
      if (value) {
        props.set(name, value);
      }
    }
    return props;
  }

  private required(props: Map<string, Node>, key: string, owner: string): Node {
    const value = props.get(key);
    if (!value) {
      throw new Error(`${owner} without "${key}"`);
    }
    return value;
  }

  private string(props: Map<string, Node>, key: string, owner: string): string | undefined {
    const value = props.get(key);
    if (value && value.type !== 'string') {
      throw new Error(`"${key}" of ${owner} must be a string`);
    }
    return value?.value as string | undefined;
  }

  private integer(node: Node | undefined): number | undefined {
    if (!node || node.type !== 'number') {
      return undefined;
    }
    const token = this.text.slice(node.offset, node.offset + node.length);
    return /^\d{1,9}$/.test(token) ? Number(token) : undefined;
  }

  /** The full name a named type defines, registered before its contents so it can refer to itself. */
  private define(
    props: Map<string, Node>,
    namespace: string,
    kind: string,
    make: (name: string) => NamedType,
  ): { type: NamedType; namespace: string } {
    const name = this.string(props, 'name', kind);
    if (name === undefined) {
      throw new Error(`${kind} without "name"`);
    }
    const ownNamespace = this.string(props, 'namespace', kind);
    const full = name.includes('.') ? name : (ownNamespace ?? namespace) ? `${ownNamespace ?? namespace}.${name}` : name;
    const parts = full.split('.');
    if (!parts.every((part) => NAME.test(part))) {
      throw new Error(`"${full}" is not a valid Avro name`);
    }
    if (PRIMITIVES.has(parts[parts.length - 1])) {
      throw new Error(`"${full}" redefines the primitive type ${parts[parts.length - 1]}`);
    }
    if (this.names.has(full)) {
      throw new Error(`type "${full}" is defined twice`);
    }
    const type = make(full);
    this.names.set(full, type);
    return { type, namespace: full.slice(0, Math.max(0, full.lastIndexOf('.'))) };
  }

  private record(props: Map<string, Node>, namespace: string): AvroType {
    const fields: Field[] = [];
    const { type, namespace: inner } = this.define(props, namespace, 'record', (name) => ({ kind: 'record', name, fields }));
    const list = this.required(props, 'fields', `record ${type.name}`);
    if (list.type !== 'array') {
      throw new Error(`"fields" of record ${type.name} must be an array`);
    }
    for (const fieldNode of list.children ?? []) {
      if (fieldNode.type !== 'object') {
        throw new Error(`a field of record ${type.name} must be an object`);
      }
      const fieldProps = this.properties(fieldNode);
      const name = this.string(fieldProps, 'name', `a field of record ${type.name}`);
      if (name === undefined || !NAME.test(name)) {
        throw new Error(`record ${type.name} has a field without a valid name (${name === undefined ? 'none' : `"${name}"`})`);
      }
      if (fields.some((field) => field.name === name)) {
        throw new Error(`record ${type.name} has field "${name}" twice`);
      }
      const order = this.string(fieldProps, 'order', `field ${name}`);
      if (order !== undefined && !['ascending', 'descending', 'ignore'].includes(order)) {
        throw new Error(`field "${name}" of record ${type.name} has an unknown order "${order}"`);
      }
      let fieldType: AvroType;
      try {
        fieldType = this.parse(this.required(fieldProps, 'type', `field "${name}"`), inner);
      } catch (error) {
        throw new Error(`field "${name}" of record ${type.name}: ${(error as Error).message}`, { cause: error });
      }
      const defaultNode = fieldProps.get('default');
      fields.push({ name, type: fieldType, ...(defaultNode ? { default: { node: defaultNode, text: this.text } } : {}) });
    }
    return type;
  }

  private enumType(props: Map<string, Node>, namespace: string): AvroType {
    const symbols: string[] = [];
    const { type } = this.define(props, namespace, 'enum', (name) => ({ kind: 'enum', name, symbols }));
    const list = this.required(props, 'symbols', `enum ${type.name}`);
    if (list.type !== 'array') {
      throw new Error(`"symbols" of enum ${type.name} must be an array`);
    }
    for (const symbol of list.children ?? []) {
      const value = symbol.value as unknown;
      if (symbol.type !== 'string' || !NAME.test(value as string) || symbols.includes(value as string)) {
        throw new Error(`enum ${type.name}: ${this.token(symbol)} is not a valid, unique symbol`);
      }
      symbols.push(value as string);
    }
    const fallback = this.string(props, 'default', `enum ${type.name}`);
    if (fallback !== undefined && !symbols.includes(fallback)) {
      throw new Error(`enum ${type.name}: default "${fallback}" is not one of its symbols`);
    }
    return type;
  }

  private fixed(props: Map<string, Node>, namespace: string): AvroType {
    const size = this.integer(props.get('size'));
    if (size === undefined) {
      throw new Error(`fixed ${this.string(props, 'name', 'fixed') ?? ''} needs a non-negative integer "size"`);
    }
    const logical = this.logical(props, 'fixed', size);
    return this.define(props, namespace, 'fixed', (name) => ({ kind: 'fixed', name, size, ...(logical ? { logical } : {}) })).type;
  }

  /**
   * The logical type on a primitive or fixed. The spec says an unknown or invalid one (a date
   * on a string, a decimal whose scale exceeds its precision) is ignored, not an error.
   */
  private logical(props: Map<string, Node>, base: string, fixedSize?: number): Logical | undefined {
    const name = props.get('logicalType')?.value as unknown;
    if (name === 'decimal' && (base === 'bytes' || base === 'fixed')) {
      const precision = this.integer(props.get('precision'));
      const scale = props.has('scale') ? this.integer(props.get('scale')) : 0;
      // A fixed of n bytes holds at most floor(log10(2^(8n-1) - 1)) decimal digits.
      const maxDigits = fixedSize === undefined ? Infinity : Math.floor(Math.log10(2) * (8 * fixedSize - 1));
      const valid = precision !== undefined && precision > 0 && precision <= maxDigits && scale !== undefined && scale <= precision;
      return valid ? { kind: 'decimal', precision, scale } : undefined;
    }
    return typeof name === 'string' && TIME_LOGICALS.get(name) === base ? { kind: name as TimeLogical | 'uuid' } : undefined;
  }
}

/**
 * Parses the referenced schemas (each may use the names of those before it; an order that does
 * not work is retried until nothing more parses), then the main schema, into one name registry.
 */
export function parseAvroSchema(schemaText: string, references: ReadonlyMap<string, string>): AvroType {
  let names = new Map<string, NamedType>();
  let pending = [...references];
  while (pending.length > 0) {
    const failed: [string, string, Error][] = [];
    for (const [refName, text] of pending) {
      // A trial on a copy: a reference that fails half-way must not leave half its names behind.
      const trial = new SchemaParser(text, new Map(names));
      try {
        trial.parse(parseJson(text, `referenced schema "${refName}"`), '');
        names = trial.names;
      } catch (error) {
        failed.push([refName, text, error as Error]);
      }
    }
    if (failed.length === pending.length) {
      const [refName, , error] = failed[0];
      throw new Error(`referenced schema "${refName}": ${error.message}`);
    }
    pending = failed.map(([refName, text]) => [refName, text]);
  }
  return new SchemaParser(schemaText, names).parse(parseJson(schemaText, 'the schema'), '');
}
