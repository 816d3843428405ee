/**
 * The user's JSON text → Avro binary, compiled once per schema into encoder closures that walk
 * the jsonc-parser tree, so every number is taken from its token as written (a long beyond
 * 2^53 or a decimal never passes through a float). A refusal says what, the field path and
 * the offset in the text; a union tries its branches in turn and rolls back a branch that
 * refused, so nothing half-written ever comes out. Field defaults are encoded once, at
 * compile time, which also checks them. Pure.
 */
import { Node, NodeType, parseTree, printParseErrorCode, ParseError } from 'jsonc-parser';
import { SchemaValueError } from './compiledSchema';
import { AvroType, branchName, Field, simpleName } from './avroSchema';
import {
  arrayEncoder,
  bytesOf,
  decimalEncoder,
  Encode,
  enumEncoder,
  fail,
  fieldPath,
  logicalEncoder,
  logicalOf,
  mapEncoder,
  PRIMITIVE_ENCODERS,
  shown,
  Writer,
} from './avroWrite';

/** Which JSON node types a type may take (plain: its logical type aside), so a union only tries the branches that could fit. */
function jsonKinds(type: AvroType, plain: boolean): NodeType[] {
  const logical = plain ? undefined : logicalOf(type);
  switch (type.kind) {
    case 'null':
    case 'boolean':
    case 'array':
      return [type.kind];
    case 'int':
    case 'long':
      return logical ? ['number', 'string'] : ['number'];
    case 'float':
    case 'double':
      return ['number', 'string'];
    case 'bytes':
    case 'fixed':
      return logical?.kind === 'decimal' ? ['string', 'number'] : ['string'];
    case 'string':
    case 'enum':
      return ['string'];
    default:
      return ['object'];
  }
}

/** Why no union branch took a value: the one refusal if one branch was tried, else the deepest, else a summary. */
function unionFailure(errors: readonly SchemaValueError[], names: string, node: Node, w: Writer, path: string): SchemaValueError {
  if (errors.length === 1) {
    return errors[0];
  }
  const deepest = errors.reduce<SchemaValueError | undefined>(
    (best, error) => (error.path.length > (best?.path.length ?? path.length) ? error : best),
    undefined,
  );
  return deepest ?? new SchemaValueError(`${shown(node, w)} fits none of the union's branches (${names})`, path, node.offset);
}

/**
 * The keys Avro's wrapped union form may use: each branch's full name or type name, and (a
 * convenience, not Avro's) a named branch's simple name when no other branch shares it.
 */
function wrapperNames(branches: readonly AvroType[]): Map<string, number> {
  const names = new Map(branches.map((branch, i) => [branchName(branch), i]));
  const simple = branches.map((branch) => ('name' in branch ? simpleName(branch.name) : undefined));
  simple.forEach((name, i) => {
    if (name !== undefined && !names.has(name) && simple.indexOf(name) === simple.lastIndexOf(name)) {
      names.set(name, i);
    }
  });
  return names;
}

/**
 * Compiles a type tree into its encoder, once per type (recursive types through a forwarding
 * encoder). A second, "plain" tree ignores logical types: field defaults are written in the
 * underlying type's JSON form (a decimal default is a bytes string), as the spec says.
 */
class EncoderCompiler {
  private readonly done = [new Map<AvroType, Encode>(), new Map<AvroType, Encode>()];
  private readonly building = [new Map<AvroType, { encode?: Encode }>(), new Map<AvroType, { encode?: Encode }>()];
  /** Every field default's bytes, by field; each encoded once, whichever tree asks first. */
  readonly defaults = new Map<Field, () => Uint8Array>();

  encoder(type: AvroType, plain: boolean): Encode {
    const mode = plain ? 1 : 0;
    const known = this.done[mode].get(type);
    if (known) {
      return known;
    }
    const pending = this.building[mode].get(type);
    if (pending) {
      return (node, w, path) => (pending.encode as Encode)(node, w, path);
    }
    const slot: { encode?: Encode } = {};
    this.building[mode].set(type, slot);
    const encode = this.build(type, plain);
    slot.encode = encode;
    this.building[mode].delete(type);
    this.done[mode].set(type, encode);
    return encode;
  }

  private build(type: AvroType, plain: boolean): Encode {
    const logical = plain ? undefined : logicalOf(type);
    switch (type.kind) {
      case 'record':
        return this.record(type.name, type.fields, plain);
      case 'enum':
        return enumEncoder(type.name, type.symbols);
      case 'fixed': {
        if (logical?.kind === 'decimal') {
          return decimalEncoder(logical.precision, logical.scale, type.size);
        }
        const what = `fixed ${simpleName(type.name)}`;
        return (node, w, path) => {
          const bytes = bytesOf(node, w, path, what);
          if (bytes.length !== type.size) {
            fail(`${what} holds ${type.size} bytes, not ${bytes.length}`, path, node);
          }
          w.bytes(bytes);
        };
      }
      case 'array':
        return arrayEncoder(this.encoder(type.items, plain));
      case 'map':
        return mapEncoder(this.encoder(type.values, plain));
      case 'union':
        return this.union(type.branches, plain);
      default:
        return logical ? logicalEncoder(logical) : PRIMITIVE_ENCODERS[type.kind];
    }
  }

  private record(name: string, fields: readonly Field[], plain: boolean): Encode {
    const short = simpleName(name);
    const index = new Map(fields.map((field, i) => [field.name, i]));
    const encoders = fields.map((field) => this.encoder(field.type, plain));
    const defaults = fields.map((field) => (field.default ? this.defaultOf(field, short) : undefined));
    return (node, w, path) => {
      if (node.type !== 'object') {
        fail(`record ${short} needs a JSON object, not ${shown(node, w)}`, path, node);
      }
      const given: (Node | undefined)[] = new Array(fields.length);
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        const i = index.get(key.value as string);
        if (i === undefined) {
          fail(`no field "${key.value}" in record ${short}`, fieldPath(path, key.value as string), key);
        }
        if (given[i]) {
          fail(`field "${key.value}" is given twice`, fieldPath(path, key.value as string), key);
        }
        given[i] = value;
      }
      for (let i = 0; i < fields.length; i++) {
        const value = given[i];
        const fallback = defaults[i];
        if (value) {
          encoders[i](value, w, fieldPath(path, fields[i].name));
        } else if (fallback) {
          w.bytes(fallback());
        } else {
          fail(`missing field "${fields[i].name}" (${short})`, fieldPath(path, fields[i].name), node);
        }
      }
    };
  }

  /** A field default's bytes, encoded on first use; a union's default belongs to its first branch. */
  private defaultOf(field: Field, record: string): () => Uint8Array {
    const known = this.defaults.get(field);
    if (known) {
      return known;
    }
    const given = field.default as NonNullable<Field['default']>;
    let bytes: Uint8Array | undefined;
    let busy = false;
    const getter = (): Uint8Array => {
      if (bytes) {
        return bytes;
      }
      if (busy) {
        throw new Error(`bad default for field "${field.name}" of record ${record}: it needs itself`);
      }
      busy = true;
      const w = new Writer(given.text);
      try {
        if (field.type.kind === 'union') {
          const first = field.type.branches[0];
          if (!first) {
            fail('a union without branches has no value', '', given.node);
          }
          w.long(0);
          this.encoder(first, true)(given.node, w, field.name);
        } else {
          this.encoder(field.type, true)(given.node, w, field.name);
        }
      } catch (error) {
        throw error instanceof SchemaValueError
          ? new Error(`bad default for field "${field.name}" of record ${record}: ${error.message}`, { cause: error })
          : error;
      } finally {
        busy = false;
      }
      bytes = w.result();
      return bytes;
    };
    this.defaults.set(field, getter);
    return getter;
  }

  private union(branches: readonly AvroType[], plain: boolean): Encode {
    const encoders = branches.map((branch) => this.encoder(branch, plain));
    const byKind = new Map<NodeType, number[]>();
    branches.forEach((branch, i) => jsonKinds(branch, plain).forEach((kind) => byKind.set(kind, [...(byKind.get(kind) ?? []), i])));
    // A JSON object tries the record branches before the maps (a map would take any object).
    byKind.get('object')?.sort((a, b) => Number(branches[a].kind !== 'record') - Number(branches[b].kind !== 'record'));
    const byName = wrapperNames(branches);
    const names = branches.map(branchName).join(', ');
    return (node, w, path) => {
      const errors: SchemaValueError[] = [];
      for (const i of byKind.get(node.type) ?? []) {
        const mark = w.length;
        try {
          w.long(i);
          encoders[i](node, w, path);
          return;
        } catch (error) {
          if (!(error instanceof SchemaValueError)) {
            throw error;
          }
          w.length = mark;
          errors.push(error);
        }
      }
      // Avro's own JSON form {"branch name": value}, when the object taken as is fits no branch.
      const wrapped = node.type === 'object' && node.children?.length === 1 ? node.children[0].children : undefined;
      const chosen = wrapped ? byName.get(wrapped[0].value as string) : undefined;
      if (wrapped && chosen !== undefined) {
        w.long(chosen);
        return encoders[chosen](wrapped[1], w, path);
      }
      throw unionFailure(errors, names, node, w, path);
    };
  }
}
/** The encoder for a schema's type tree; throws (with why) when a field default does not fit its type. */
export function compileEncoder(root: AvroType): (jsonText: string) => Uint8Array {
  const compiler = new EncoderCompiler();
  const encode = compiler.encoder(root, false);
  compiler.defaults.forEach((getter) => getter());
  return (jsonText) => {
    const errors: ParseError[] = [];
    try {
      const node = parseTree(jsonText, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
      if (errors.length > 0 || !node) {
        const first = errors[0];
        throw new SchemaValueError(
          `invalid JSON${first ? ` (${printParseErrorCode(first.error)})` : ': a value is expected'}`,
          '',
          first?.offset ?? 0,
        );
      }
      const w = new Writer(jsonText);
      encode(node, w, '');
      return w.result();
    } catch (error) {
      if (error instanceof RangeError) {
        // JSON nested deeper than the stack (parser or encoder): refuse it rather than crash.
        throw new SchemaValueError(`the value cannot be encoded: ${error.message}`, '', 0);
      }
      throw error;
    }
  };
}
