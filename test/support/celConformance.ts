/**
 * The CEL specification's conformance suite (cel-spec's test data, as @bufbuild/cel-spec ships
 * it: each test in the proto JSON form of cel.expr.conformance.test.SimpleTest) run through the
 * engine the tail's filters use (@bufbuild/cel behind the filters' own check, celCheck.ts). Tests that need what a filter never has (protobuf messages,
 * wrappers, enums, containers, the extension libraries) are left out and counted as such.
 */
import { CelEnv, celUint, isCelError, isCelList, isCelMap, isCelType, isCelUint, parse, plan } from '@bufbuild/cel';
import { compileExpression } from '../../src/features/tail/host/celCheck';
import { filterEnvironment } from '../../src/features/tail/host/celEnvironment';
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
  'string_ext',
  'timestamps',
  'type_deductions',
] as const;

/** A value or expression naming a protobuf message, a wrapper, an enum or google.protobuf.Any/Struct/Value: not a filter's world. */
const PROTO_ONLY = /TestAllTypes|NestedMessage|GlobalEnum|google\.protobuf\.(?!Timestamp|Duration)|cel\.expr\.|proto[23]\.|optional\./;

class NotSupported extends Error {}

/** A protobuf Timestamp or Duration (seconds and nanos), as @bufbuild/cel takes and gives them. */
interface SecondsNanos {
  readonly $typeName: string;
  readonly seconds: bigint;
  readonly nanos: number;
}

/** RFC 3339 text to a Timestamp, nanoseconds kept (a Date would round them to milliseconds). */
function timestampOf(text: string): SecondsNanos {
  const match = /^(.*?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!match) {
    throw new NotSupported(text);
  }
  const seconds = BigInt(Math.floor(Date.parse(`${match[1]}${match[3]}`) / 1000));
  return { $typeName: 'google.protobuf.Timestamp', seconds, nanos: Number((match[2] ?? '').padEnd(9, '0').slice(0, 9)) };
}

/** "1.5s" to a Duration. */
function durationOf(text: string): SecondsNanos {
  const match = /^(-?)(\d+)(?:\.(\d+))?s$/.exec(text);
  if (!match) {
    throw new NotSupported(text);
  }
  const seconds = BigInt(match[2]);
  const nanos = Number((match[3] ?? '').padEnd(9, '0'));
  return { $typeName: 'google.protobuf.Duration', seconds: match[1] ? -seconds : seconds, nanos: match[1] ? -nanos : nanos };
}

/** A conformance value (cel.expr.Value in proto JSON) as @bufbuild/cel takes and gives it. */
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
      return celUint(BigInt(raw as string));
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
        return timestampOf(object.value as string);
      }
      if (object['@type'].endsWith('google.protobuf.Duration')) {
        return durationOf(object.value as string);
      }
      throw new NotSupported(object['@type']);
    }
    default:
      throw new NotSupported(kind);
  }
}

const isSecondsNanos = (x: unknown): x is SecondsNanos => typeof x === 'object' && x !== null && '$typeName' in x && 'seconds' in x;

/** Whether the engine's result is the expected value: ints, uints and doubles apart, NaN equal to itself. */
export function sameValue(actual: unknown, expected: unknown): boolean {
  if (isCelUint(expected)) {
    return isCelUint(actual) && actual.value === expected.value;
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
  if (isSecondsNanos(expected)) {
    return (
      isSecondsNanos(actual) &&
      actual.$typeName === expected.$typeName &&
      actual.seconds === expected.seconds &&
      actual.nanos === expected.nanos
    );
  }
  if (Array.isArray(expected)) {
    const items = isCelList(actual) ? [...actual] : [];
    return items.length === expected.length && expected.every((item, i) => sameValue(items[i], item));
  }
  if (expected instanceof Map) {
    const entries: Array<[unknown, unknown]> = isCelMap(actual) ? [...actual] : [];
    return (
      entries.length === expected.size &&
      [...expected].every(([key, value]) => entries.some(([k, v]) => sameValue(k, key) && sameValue(v, value)))
    );
  }
  if (typeof expected === 'object' && 'typeName' in expected) {
    return isCelType(actual) && actual.name === expected.typeName;
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
  // Checked as a filter is (unless the test turns checking off), then run.
  const names = new Set([...(test.typeEnv ?? []).filter((d) => d.ident !== undefined).map((d) => d.name), ...Object.keys(context)]);
  const env = filterEnvironment(names);
  let result: unknown;
  try {
    const run = test.disableCheck
      ? (plan(env, parse(test.expr)) as (variables: Record<string, unknown>) => unknown)
      : compileOrUndefined(env, test.expr, names);
    if (!run) {
      return test.evalError !== undefined ? 'pass' : 'fail';
    }
    result = run(context);
  } catch {
    return test.evalError !== undefined ? 'pass' : 'fail';
  }
  if (isCelError(result)) {
    return test.evalError !== undefined ? 'pass' : 'fail';
  }
  if (test.evalError !== undefined) {
    return 'fail';
  }
  return expectedJson === undefined || sameValue(result, expected) ? 'pass' : 'fail';
}

function compileOrUndefined(env: CelEnv, text: string, names: ReadonlySet<string>) {
  const compiled = compileExpression(env, text, new Map([...names].map((name) => [name, undefined])), false);
  return compiled.ok ? compiled.run : undefined;
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
