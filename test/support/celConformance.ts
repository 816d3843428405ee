/**
 * The CEL specification's conformance suite (cel-spec's test data, as @bufbuild/cel-spec ships
 * it: each test in the proto JSON form of cel.expr.conformance.test.SimpleTest) run through the
 * engine the tail's filters use. Tests that need what a filter never has (protobuf messages,
 * wrappers, enums, containers, the extension libraries) are left out and counted as such.
 */
import { Environment } from '@marcbachmann/cel-js';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain data, no typings for this path
const { tests: SUITE } = require('@bufbuild/cel-spec/testdata/conformance.js') as { tests: Suite };

interface Suite {
  readonly name: string;
  readonly suites?: readonly Suite[];
  readonly tests?: ReadonlyArray<{ readonly original: SimpleTest }>;
}

type JsonValue = Record<string, unknown>;

interface SimpleTest {
  readonly name: string;
  readonly expr: string;
  readonly disableCheck?: boolean;
  readonly checkOnly?: boolean;
  readonly container?: string;
  readonly typeEnv?: ReadonlyArray<{ readonly name: string; readonly ident?: unknown }>;
  readonly bindings?: Readonly<Record<string, { readonly value?: JsonValue }>>;
  readonly value?: JsonValue;
  readonly typedResult?: { readonly result?: JsonValue };
  readonly evalError?: unknown;
}

/** The sections of the standard language; the rest need protobuf messages or extension libraries a filter does not have. */
export const STANDARD_SECTIONS = [
  'basic',
  'comparisons',
  'conversions',
  'dynamic',
  'fields',
  'fp_math',
  'integer_math',
  'lists',
  'logic',
  'macros',
  'macros2',
  'parse',
  'plumbing',
  'string',
  'timestamps',
  'type_deductions',
] as const;

/** A value or expression naming a protobuf message, a wrapper, an enum or google.protobuf.Any/Struct/Value: not a filter's world. */
const PROTO_ONLY = /TestAllTypes|NestedMessage|GlobalEnum|google\.protobuf\.(?!Timestamp|Duration)|cel\.expr\.|proto[23]\.|optional\./;

// cel-js' own classes for uint and duration, which it does not export.
const PROBE = new Environment();
type Constructor = new (...args: never[]) => unknown;
const UINT = Object.getPrototypeOf(PROBE.evaluate('0u')).constructor as Constructor;
const DURATION = Object.getPrototypeOf(PROBE.evaluate('duration("0s")')).constructor as Constructor;

class NotSupported extends Error {}

/** A conformance value (cel.expr.Value in proto JSON) as cel-js takes and gives it. */
function celValue(value: JsonValue): unknown {
  const [kind, raw] = Object.entries(value)[0] ?? ['nullValue', null];
  switch (kind) {
    case 'nullValue':
      return null;
    case 'boolValue':
    case 'stringValue':
      return raw;
    case 'int64Value':
      return BigInt(raw as string);
    case 'uint64Value':
      return PROBE.evaluate(`${BigInt(raw as string)}u`);
    case 'doubleValue':
      return typeof raw === 'string' ? Number(raw) : raw;
    case 'bytesValue':
      return new Uint8Array(Buffer.from(raw as string, 'base64'));
    case 'listValue':
      return ((raw as { values?: JsonValue[] }).values ?? []).map(celValue);
    case 'mapValue':
      return new Map(
        ((raw as { entries?: Array<{ key: JsonValue; value: JsonValue }> }).entries ?? []).map((e) => [celValue(e.key), celValue(e.value)]),
      );
    case 'typeValue':
      return { typeName: raw };
    case 'objectValue': {
      const object = raw as { '@type': string; value?: string };
      if (object['@type'].endsWith('google.protobuf.Timestamp')) {
        return new Date(object.value as string);
      }
      if (object['@type'].endsWith('google.protobuf.Duration')) {
        return PROBE.evaluate(`duration("${object.value}")`);
      }
      throw new NotSupported(object['@type']);
    }
    default:
      throw new NotSupported(kind);
  }
}

/** Whether cel-js' result is the expected value: ints, uints and doubles apart, NaN equal to itself. */
export function sameValue(actual: unknown, expected: unknown): boolean {
  if (expected instanceof UINT) {
    return actual instanceof UINT && (actual as unknown as { value: bigint }).value === (expected as unknown as { value: bigint }).value;
  }
  if (typeof expected === 'number') {
    return typeof actual === 'number' && (Object.is(actual, expected) || actual === expected);
  }
  if (typeof expected === 'bigint' || typeof expected === 'string' || typeof expected === 'boolean' || expected === null) {
    return actual === expected;
  }
  if (expected instanceof Uint8Array) {
    return actual instanceof Uint8Array && Buffer.from(actual).equals(Buffer.from(expected));
  }
  if (expected instanceof Date) {
    return actual instanceof Date && actual.getTime() === expected.getTime();
  }
  if (expected instanceof DURATION) {
    return actual instanceof DURATION && String(actual) === String(expected);
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => sameValue(actual[i], item));
  }
  if (expected instanceof Map) {
    const entries: Array<[unknown, unknown]> =
      actual instanceof Map ? [...actual] : typeof actual === 'object' && actual !== null ? Object.entries(actual) : [];
    return (
      entries.length === expected.size &&
      [...expected].every(([key, value]) =>
        entries.some(([k, v]) => (sameValue(k, key) || String(k) === String(key)) && sameValue(v, value)),
      )
    );
  }
  if (typeof expected === 'object' && 'typeName' in expected) {
    return typeof actual === 'object' && actual !== null && (actual as { name?: unknown }).name === expected.typeName;
  }
  return false;
}

export type Outcome = 'pass' | 'fail' | 'not supported';

/** Runs one test as a filter would: type-checked first (unless the test turns checking off), then evaluated. */
export function runTest(test: SimpleTest): Outcome {
  const expectedJson = test.value ?? test.typedResult?.result;
  if (
    test.checkOnly ||
    test.container ||
    PROTO_ONLY.test(test.expr) ||
    PROTO_ONLY.test(JSON.stringify(test.bindings ?? {}) + JSON.stringify(expectedJson ?? {}))
  ) {
    return 'not supported';
  }
  let expected: unknown;
  let context: Record<string, unknown>;
  try {
    expected = expectedJson === undefined ? undefined : celValue(expectedJson);
    context = Object.fromEntries(Object.entries(test.bindings ?? {}).map(([name, binding]) => [name, celValue(binding.value ?? {})]));
  } catch (error) {
    if (error instanceof NotSupported) {
      return 'not supported';
    }
    throw error;
  }
  const env = new Environment();
  const names = new Set([...(test.typeEnv ?? []).filter((d) => d.ident !== undefined).map((d) => d.name), ...Object.keys(context)]);
  names.forEach((name) => env.registerVariable(name, 'dyn'));
  let result: unknown;
  try {
    if (!test.disableCheck) {
      const checked = env.check(test.expr) as { valid?: boolean };
      if (checked.valid === false) {
        return test.evalError !== undefined ? 'pass' : 'fail';
      }
    }
    result = env.parse(test.expr)(context);
  } catch {
    return test.evalError !== undefined ? 'pass' : 'fail';
  }
  if (test.evalError !== undefined) {
    return 'fail';
  }
  return expectedJson === undefined || sameValue(result, expected) ? 'pass' : 'fail';
}

export interface SectionCount {
  readonly section: string;
  readonly passed: number;
  readonly failed: number;
  readonly notSupported: number;
  readonly failures: readonly string[];
}

/** Every test of the standard sections, counted per section. */
export function runConformance(): SectionCount[] {
  return STANDARD_SECTIONS.map((section) => {
    const suite = SUITE.suites?.find((s) => s.name === section);
    const counts = { passed: 0, failed: 0, notSupported: 0, failures: [] as string[] };
    const visit = (s: Suite, path: string): void => {
      s.suites?.forEach((child) => visit(child, `${path}/${child.name}`));
      for (const { original } of s.tests ?? []) {
        const outcome = runTest(original);
        if (outcome === 'pass') {
          counts.passed++;
        } else if (outcome === 'fail') {
          counts.failed++;
          counts.failures.push(`${path}/${original.name}: ${original.expr}`);
        } else {
          counts.notSupported++;
        }
      }
    };
    if (suite) {
      visit(suite, section);
    }
    return { section, ...counts };
  });
}
