/**
 * Exact numbers for JSON Schema checks. The validator works on doubles, so 9007199254740993 and
 * 9007199254740992 are one value to it and `maximum`, `minimum`, `multipleOf`, `const`, `enum`
 * and `uniqueItems` would be judged on rounded numbers. When a double cannot hold a literal of
 * the instance, or of a schema keyword compared with it, every such number is replaced by a
 * stand-in that keeps the exact order, equality and wholeness (its rank among the literals), each
 * `multipleOf` is decided exactly here and handed to the validator as an equivalent
 * `not: {enum: […]}`, and the errors are written back with the literals. When every literal is
 * faithful to its double (nearly always), nothing of this runs.
 */
import { Schema, SchemaDraft, ValidationResult, Validator } from '@cfworker/json-schema';
import { Node } from 'jsonc-parser';
import { compareDecimals, decimalKey, ExactDecimal, isMultipleOf, isWhole, parseDecimal } from './exactDecimal';

/** A parsed JSON text kept with its syntax tree: number literals are read from the text. */
export interface JsonDocument {
  readonly text: string;
  readonly root: Node;
}

/** Keywords compared with the instance by order, and keywords compared with it by equality. */
const BOUNDS = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);
const COMPARED_DATA = new Set(['const', 'enum']);
/** Data in a schema that is never compared with the instance: plain values. */
const INERT_DATA = new Set(['default', 'examples']);
/** Keywords whose value maps names to subschemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);

/** Stand-ins: integers keep even numbers, fractions land halfway between, far from numbers a message holds otherwise. */
const STAND_IN_BASE = 2 ** 40;

type NumberOf = (literal: string) => number;

interface MultipleOfRule {
  /** Where its stand-in went in the schema object's allOf. */
  readonly allOfIndex: number;
  readonly divisor: string;
}

/** Assigns a key as data: "__proto__" stays a key, as JSON.parse keeps it. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const literalOf = (doc: JsonDocument, node: Node): string => doc.text.slice(node.offset, node.offset + node.length);

/** A JSON value from the tree, numbers through `numberOf`. */
function dataValue(doc: JsonDocument, node: Node, numberOf: NumberOf): unknown {
  switch (node.type) {
    case 'number':
      return numberOf(literalOf(doc, node));
    case 'array':
      return (node.children ?? []).map((child) => dataValue(doc, child, numberOf));
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        setOwn(result, key.value as string, dataValue(doc, value, numberOf));
      }
      return result;
    }
    default:
      return node.value;
  }
}

const plainNumber: NumberOf = (literal) => Number(literal);
/** A key in an instance location, encoded as the validator encodes it. */
const pointerKey = (key: string | number) => encodeURI(String(key).replace(/~/g, '~0').replace(/\//g, '~1')).replace(/#/g, '%23');

/** Walks a schema: compared numbers through `numberOf`, `multipleOf` through `multipleOf` (which may drop it). */
class SchemaWalker {
  readonly multipleOfRules: MultipleOfRule[] = [];
  constructor(
    private readonly doc: JsonDocument,
    private readonly numberOf: NumberOf,
    /** The `not` schema standing for `multipleOf: divisor`, or undefined to keep the keyword as it is. */
    private readonly multipleOf: (divisor: string) => unknown,
  ) {}

  schema(node: Node): unknown {
    if (node.type === 'array') {
      return (node.children ?? []).map((child) => this.schema(child));
    }
    if (node.type !== 'object') {
      return dataValue(this.doc, node, plainNumber);
    }
    const result: Record<string, unknown> = {};
    let multipleOfStandIn: { divisor: string; not: unknown } | undefined;
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      const key = keyNode.value as string;
      if (BOUNDS.has(key) && valueNode.type === 'number') {
        setOwn(result, key, this.numberOf(literalOf(this.doc, valueNode)));
      } else if (key === 'multipleOf' && valueNode.type === 'number') {
        const divisor = literalOf(this.doc, valueNode);
        const standIn = this.multipleOf(divisor);
        if (standIn === undefined) {
          setOwn(result, key, Number(divisor));
        } else {
          multipleOfStandIn = { divisor, not: standIn };
        }
      } else if (COMPARED_DATA.has(key)) {
        setOwn(result, key, dataValue(this.doc, valueNode, this.numberOf));
      } else if (INERT_DATA.has(key)) {
        setOwn(result, key, dataValue(this.doc, valueNode, plainNumber));
      } else if (SCHEMA_MAPS.has(key) && valueNode.type === 'object') {
        const map: Record<string, unknown> = {};
        for (const entry of valueNode.children ?? []) {
          const [name, subschema] = entry.children ?? [];
          setOwn(map, name.value as string, this.schema(subschema));
        }
        setOwn(result, key, map);
      } else {
        setOwn(result, key, this.schema(valueNode));
      }
    }
    if (multipleOfStandIn !== undefined) {
      const existing: unknown[] = Array.isArray(result.allOf) ? result.allOf : [];
      this.multipleOfRules.push({ allOfIndex: existing.length, divisor: multipleOfStandIn.divisor });
      setOwn(result, 'allOf', [...existing, { not: multipleOfStandIn.not }]);
    }
    return result;
  }
}

/** Whether the double JSON.parse makes of `literal` is the literal's own value (by its shortest decimal). */
function faithful(literal: string): boolean {
  // Up to 15 significant digits without an exponent, a decimal survives the round trip (DBL_DIG).
  if (literal.length <= 17 && /^-?[\d.]+$/.test(literal) && literal.replace(/[-.]/g, '').length <= 15) {
    return true;
  }
  const shortest = parseDecimal(String(Number(literal)));
  const exact = parseDecimal(literal);
  return shortest !== undefined && exact !== undefined && decimalKey(shortest) === decimalKey(exact);
}

/** Every number literal of the instance, duplicate keys' values included. */
function instanceLiteralsOf(doc: JsonDocument, node: Node, all: string[]): string[] {
  if (node.type === 'number') {
    all.push(literalOf(doc, node));
  }
  node.children?.forEach((child) => instanceLiteralsOf(doc, child, all));
  return all;
}

/** The instance's number literals by JSON pointer (the last of duplicate keys, as JSON.parse keeps): for the errors. */
function numbersByPointer(doc: JsonDocument, node: Node, pointer: string, found: Map<string, string>): Map<string, string> {
  if (node.type === 'number') {
    found.set(pointer, literalOf(doc, node));
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((child, i) => numbersByPointer(doc, child, `${pointer}/${i}`, found));
  } else if (node.type === 'object') {
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      numbersByPointer(doc, value, `${pointer}/${pointerKey(key.value as string)}`, found);
    }
  }
  return found;
}

export interface ExactJudge {
  /** The validation with exact numbers, or undefined when doubles already hold every number involved. */
  validate(instance: JsonDocument): ValidationResult | undefined;
}

export function exactJudge(
  schema: JsonDocument,
  references: ReadonlyArray<readonly [string, JsonDocument]>,
  draft: SchemaDraft,
): ExactJudge {
  // The schemas' compared literals, found once: a walk that only records them.
  const schemaLiterals: string[] = [];
  const divisors: string[] = [];
  const record = (literal: string) => (schemaLiterals.push(literal), Number(literal));
  for (const doc of [schema, ...references.map(([, d]) => d)]) {
    new SchemaWalker(doc, record, (divisor) => void divisors.push(divisor)).schema(doc.root);
  }
  const schemaFaithful = [...schemaLiterals, ...divisors].every(faithful);

  return {
    validate(instance: JsonDocument): ValidationResult | undefined {
      // The common case, on every value checked: every number fits its double, and nothing more is made.
      const instanceLiterals = instanceLiteralsOf(instance, instance.root, []);
      if (schemaFaithful && instanceLiterals.every(faithful)) {
        return undefined;
      }
      const numbersAt = numbersByPointer(instance, instance.root, '#', new Map());
      const literals = [...schemaLiterals, ...divisors, ...instanceLiterals];
      const exact = new Map(literals.map((literal) => [literal, parseDecimal(literal) as ExactDecimal]));
      // Ranks in exact order: equal values share a stand-in, order and wholeness are kept.
      const distinct = new Map<string, ExactDecimal>();
      exact.forEach((value) => distinct.set(decimalKey(value), value));
      const sorted = [...distinct.values()].sort(compareDecimals);
      const standIns = new Map(sorted.map((value, rank) => [decimalKey(value), STAND_IN_BASE + 2 * rank + (isWhole(value) ? 0 : 0.5)]));
      const literalFor = new Map<number, string>();
      const numberOf: NumberOf = (literal) => {
        const standIn = standIns.get(decimalKey(exact.get(literal) as ExactDecimal)) as number;
        literalFor.set(standIn, literal);
        return standIn;
      };
      const notMultiples = (divisor: string) => ({
        enum: [...new Set(instanceLiterals)]
          .filter((literal) => !isMultipleOf(exact.get(literal) as ExactDecimal, exact.get(divisor) as ExactDecimal))
          .map(numberOf),
      });
      const rules: MultipleOfRule[] = [];
      const rewrite = (doc: JsonDocument) => {
        const walker = new SchemaWalker(doc, numberOf, notMultiples);
        const value = walker.schema(doc.root);
        rules.push(...walker.multipleOfRules);
        return value;
      };
      const validator = new Validator(rewrite(schema) as Schema | boolean, draft, false);
      for (const [name, doc] of references) {
        const value = rewrite(doc);
        if (typeof value === 'object' && value !== null) {
          validator.addSchema(value as Schema, name);
        }
      }
      const result = validator.validate(dataValue(instance, instance.root, numberOf));
      const withLiterals = (message: string) => message.replace(/\d+(?:\.5)?/g, (digits) => literalFor.get(Number(digits)) ?? digits);
      return {
        valid: result.valid,
        errors: result.errors.map((unit) => {
          // Through a $ref the location is the path taken, not the definition's: the stand-in is
          // known by its allOf index and by a divisor the value is no multiple of (the check itself is exact either way).
          const value = numbersAt.get(unit.instanceLocation);
          const rule =
            unit.keyword === 'not' && value !== undefined
              ? rules.find(
                  (r) =>
                    unit.keywordLocation.endsWith(`/allOf/${r.allOfIndex}/not`) &&
                    !isMultipleOf(exact.get(value) as ExactDecimal, exact.get(r.divisor) as ExactDecimal),
                )
              : undefined;
          if (rule !== undefined) {
            return { ...unit, keyword: 'multipleOf', error: `${value} is not a multiple of ${rule.divisor}.` };
          }
          return { ...unit, error: withLiterals(unit.error) };
        }),
      };
    },
  };
}
