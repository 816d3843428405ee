/**
 * JSON Schema values (Confluent's JSONSerializer): the payload is JSON text, checked against
 * the schema. Validated by @cfworker/json-schema, which interprets the schema instead of
 * compiling it to JavaScript: a schema from a registry is untrusted, and nothing derived from it
 * is ever evaluated as code. The text shown and the bytes sent are the JSON's own tokens, so
 * numbers never change; JSON.parse only feeds the validator, and where a double cannot hold a
 * number that is checked, jsonSchemaNumbers.ts judges it on the literal.
 */
import { Schema, SchemaDraft, Validator } from '@cfworker/json-schema';
import { findNodeAtLocation, Node, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { compactJson, prettyJson } from '../jsonText';
import { CompiledSchema, ReferencedSchemas, SchemaDecoded, SchemaValueError } from './compiledSchema';
import { exactJudge, JsonDocument } from './jsonSchemaNumbers';

const DRAFTS: ReadonlyArray<readonly [string, SchemaDraft]> = [
  ['draft-04', '4'],
  ['draft-07', '7'],
  ['2019-09', '2019-09'],
  ['2020-12', '2020-12'],
];

function parseSchemaText(text: string, what: string): Schema | boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${what} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof value !== 'boolean' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new Error(`${what} is not a JSON Schema (an object or a boolean).`);
  }
  return value as Schema | boolean;
}

/** The draft a schema names in $schema; draft-07, Confluent's default, when it names none. */
function draftOf(schema: Schema | boolean): SchemaDraft {
  const declared = typeof schema === 'object' && typeof schema.$schema === 'string' ? schema.$schema : '';
  return DRAFTS.find(([marker]) => declared.includes(marker))?.[1] ?? '7';
}

/** "#/items/2/sku" → ["items", 2, "sku"] for jsonc-parser, and "items[2].sku" for people. */
function pointerSegments(pointer: string): Array<string | number> {
  const body = pointer.replace(/^#/, '');
  if (body === '' || body === '/') {
    return [];
  }
  return body
    .slice(1)
    .split('/')
    .map((raw) => decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
}

export function fieldPath(segments: ReadonlyArray<string | number>): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** The tree of JSON text that JSON.parse has accepted. */
function documentOf(text: string): JsonDocument {
  return { text, root: parseTree(text, [], { disallowComments: true }) as Node };
}

function parsedTree(text: string): Node {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    throw new SchemaValueError(`invalid JSON: ${first ? printParseErrorCode(first.error) : 'empty'}`, '', first?.offset ?? 0);
  }
  return root;
}

export function compileJsonSchema(schemaText: string, references: ReferencedSchemas): CompiledSchema {
  const schema = parseSchemaText(schemaText, 'The JSON Schema');
  // shortCircuit off: the deepest failing location is the one worth pointing at.
  const draft = draftOf(schema);
  const validator = new Validator(schema, draft, false);
  const referenced: Array<[string, JsonDocument]> = [];
  for (const [name, text] of references) {
    const value = parseSchemaText(text, `The referenced schema "${name}"`);
    if (typeof value === 'object') {
      validator.addSchema(value, name);
      referenced.push([name, documentOf(text)]);
    }
  }
  const exact = exactJudge(documentOf(schemaText), referenced, draft);

  /** The most specific problem: the innermost error at the deepest instance location. */
  const problem = (doc: JsonDocument, value: unknown): { message: string; segments: Array<string | number> } | undefined => {
    const result = exact.validate(doc) ?? validator.validate(value);
    if (result.valid) {
      return undefined;
    }
    // The last error at the deepest location: a $ref, allOf or then is reported before what failed inside it.
    const deepest = result.errors.reduce<(typeof result.errors)[number] | undefined>(
      (best, unit) => (best === undefined || unit.instanceLocation.length >= best.instanceLocation.length ? unit : best),
      undefined,
    );
    const segments = pointerSegments(deepest?.instanceLocation ?? '#');
    return { message: deepest?.error ?? 'does not match the schema', segments };
  };

  return {
    format: 'JSON',
    decode(payload: Uint8Array, forRow: boolean): SchemaDecoded {
      const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new Error(`the payload is not JSON: ${(error as Error).message}`, { cause: error });
      }
      if (forRow) {
        return { text: compactJson(text) };
      }
      // The detail says whether the value still fits the schema; the row shows it either way.
      const found = problem(documentOf(text), value);
      const notes = [
        found ? `does not match the schema at ${fieldPath(found.segments) || 'the root'}: ${found.message}` : 'matches the schema',
      ];
      return { text: compactJson(text), pretty: prettyJson(text), notes };
    },
    encode(jsonText: string): Uint8Array {
      const root = parsedTree(jsonText);
      const found = problem({ text: jsonText, root }, JSON.parse(jsonText));
      if (found) {
        const node = findNodeAtLocation(root, found.segments) ?? root;
        const path = fieldPath(found.segments);
        // A property's node is its value; point at its name when there is one.
        const offset = node.parent?.type === 'property' ? node.parent.offset : node.offset;
        throw new SchemaValueError(`${path || 'the value'}: ${found.message}`, path, offset);
      }
      return Buffer.from(compactJson(jsonText), 'utf8');
    },
  };
}
