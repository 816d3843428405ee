/**
 * What is checked of a CEL expression before it runs on any message, over @bufbuild/cel's parse
 * tree (which has no type checker of its own): every name is a variable or a comprehension's,
 * every function exists, an operator whose operand types are all known has an overload for
 * them, and the whole gives a bool (or a type only known per message). Anything that depends on
 * a message's contents is left to evaluation, where it is no match.
 */
import { CelEnv, CelType, parse, plan } from '@bufbuild/cel';
import type { Expr } from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';

export interface CheckProblem {
  readonly message: string;
  /** 0-based offset into the expression. */
  readonly offset: number;
}

/** A type as the checker knows it: a CEL type name, or undefined where only a message can say (dyn). */
export type Known = string | undefined;

/** Functions the planner implements itself (logic and indexing), not the function resolver. */
const PLANNED = new Set(['_&&_', '_||_', '_?_:_', '_[_]', '@not_strictly_false', '@in']);

/** Identifiers that name types, as `type(x) == int` uses them. */
const TYPE_NAMES = new Set(['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'null_type', 'type']);

/** Qualified identifiers that name types. */
const QUALIFIED_TYPE_NAMES = new Set(['google.protobuf.Timestamp', 'google.protobuf.Duration']);

/** `a.b.c` of a chain of selections on an identifier, else undefined. */
function dottedName(node: Expr): string | undefined {
  const kind = node.exprKind;
  if (kind.case === 'identExpr') {
    return kind.value.name;
  }
  if (kind.case === 'selectExpr' && !kind.value.testOnly) {
    const operand = dottedName(kind.value.operand!);
    return operand === undefined ? undefined : `${operand}.${kind.value.field}`;
  }
  return undefined;
}

const SHOWN: Record<string, string> = { 'google.protobuf.Timestamp': 'timestamp', 'google.protobuf.Duration': 'duration' };
const shown = (type: string) => SHOWN[type] ?? type;

class Problem extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** `text` parsed, checked and planned: a function of the variables, or the first problem and where. */
export function compileExpression(
  env: CelEnv,
  text: string,
  variables: ReadonlyMap<string, Known>,
  /** Refuse an expression whose values are known not to be bools (a filter's). */
  boolOnly: boolean,
): { ok: true; expr: Expr; run: (variables: Record<string, unknown>) => unknown } | { ok: false; problem: CheckProblem } {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(text);
  } catch (error) {
    // A syntax error (parser.js' ParseSyntaxError, not exported) says what and where apart.
    const syntax = error as { rawMessage?: unknown; message?: unknown; location?: { start?: { offset?: number } } };
    const offset = syntax.location?.start?.offset ?? 0;
    const raw = typeof syntax.rawMessage === 'string' ? syntax.rawMessage : String(syntax.message ?? error);
    // The parser expects the end where what it read first stopped making sense: show what is there.
    const rest = text.slice(offset).trim();
    const message =
      / but expecting end of input$/.test(raw) && rest ? `unexpected "${rest.length > 20 ? `${rest.slice(0, 20)}…` : rest}"` : raw;
    return { ok: false, problem: { message, offset } };
  }
  const checked = checkExpression(env, parsed.expr, parsed.sourceInfo?.positions ?? {}, variables);
  if ('problem' in checked) {
    return { ok: false, problem: checked.problem };
  }
  if (boolOnly && checked.type !== undefined && checked.type !== 'bool') {
    return { ok: false, problem: { message: `the expression gives values of type ${shown(checked.type)}, not true or false`, offset: 0 } };
  }
  return { ok: true, expr: parsed.expr, run: plan(env, parsed) as (variables: Record<string, unknown>) => unknown };
}

/** The type of `expr` (undefined: known per message) with the variables `variables` (name → type name, or undefined for dyn), or its first problem. */
export function checkExpression(
  env: CelEnv,
  expr: Expr,
  positions: Readonly<Record<string, number>>,
  variables: ReadonlyMap<string, Known>,
): { type: Known } | { problem: CheckProblem } {
  const at = (node: Expr) => positions[String(node.id)] ?? 0;
  const typeOf = (node: Expr, scope: ReadonlyMap<string, Known>): Known => {
    const kind = node.exprKind;
    switch (kind.case) {
      case 'constExpr':
        return constantType(kind.value.constantKind.case);
      case 'identExpr': {
        const name = kind.value.name;
        if (scope.has(name)) {
          return scope.get(name);
        }
        if (TYPE_NAMES.has(name)) {
          return 'type';
        }
        throw new Problem(`unknown variable: ${name}`, at(node));
      }
      case 'selectExpr': {
        // `a.b.c` may name a variable "a.b.c" (or "a.b", then selects c), or a type.
        const dotted = dottedName(node);
        if (dotted && !scope.has(dotted.split('.')[0])) {
          const declared = [...scope.keys()].find((name) => dotted === name || dotted.startsWith(`${name}.`));
          if (declared !== undefined) {
            return declared === dotted ? scope.get(declared) : kind.value.testOnly ? 'bool' : undefined;
          }
          if (QUALIFIED_TYPE_NAMES.has(dotted)) {
            return 'type';
          }
        }
        const operand = typeOf(kind.value.operand!, scope);
        if (operand !== undefined && operand !== 'map') {
          throw new Problem(`a ${shown(operand)} has no fields (.${kind.value.field})`, at(node));
        }
        return kind.value.testOnly ? 'bool' : undefined;
      }
      case 'callExpr':
        return callType(node, kind.value.function, kind.value.target, kind.value.args, scope);
      case 'listExpr':
        kind.value.elements.forEach((element) => typeOf(element, scope));
        return 'list';
      case 'structExpr':
        if (kind.value.messageName) {
          throw new Problem(`messages (${kind.value.messageName}) are not available in filters`, at(node));
        }
        kind.value.entries.forEach((entry) => {
          if (entry.keyKind.case === 'mapKey') {
            typeOf(entry.keyKind.value, scope);
          }
          typeOf(entry.value!, scope);
        });
        return 'map';
      case 'comprehensionExpr': {
        const c = kind.value;
        typeOf(c.iterRange!, scope);
        const accuScope = new Map(scope).set(c.accuVar, typeOf(c.accuInit!, scope));
        const loopScope = new Map(accuScope).set(c.iterVar, undefined);
        if (c.iterVar2) {
          loopScope.set(c.iterVar2, undefined);
        }
        typeOf(c.loopCondition!, loopScope);
        typeOf(c.loopStep!, loopScope);
        return typeOf(c.result!, accuScope);
      }
      default:
        return undefined;
    }
  };

  const callType = (
    node: Expr,
    name: string,
    target: Expr | undefined,
    args: readonly Expr[],
    scope: ReadonlyMap<string, Known>,
  ): Known => {
    // `strings.quote(x)`: a function in a namespace, not a method of a variable `strings`.
    const namespace = target ? dottedName(target) : undefined;
    if (namespace && !scope.has(namespace.split('.')[0]) && env.funcs.find(`${namespace}.${name}`)) {
      return callType(node, `${namespace}.${name}`, undefined, args, scope);
    }
    const targetType = target ? typeOf(target, scope) : undefined;
    const argTypes = args.map((arg) => typeOf(arg, scope));
    if (PLANNED.has(name)) {
      return name === '_&&_' || name === '_||_' || name === '@not_strictly_false' || name === '@in' ? 'bool' : undefined;
    }
    const group = env.funcs.find(name);
    if (!group) {
      throw new Problem(`unknown function: ${name}`, at(node));
    }
    const fits = (param: CelType, type: Known) => type === undefined || param.name === 'dyn' || param.name === type;
    const candidates = [...group].filter(
      (f) =>
        Boolean(f.target) === Boolean(target) &&
        f.arguments.length === args.length &&
        (!f.target || fits(f.target, targetType)) &&
        f.arguments.every((param, i) => fits(param, argTypes[i])),
    );
    if (candidates.length === 0) {
      const known = [...(target ? [targetType] : []), ...argTypes];
      // Where a type is only known per message, the message decides.
      if (known.every((type) => type !== undefined) || ![...group].some((f) => Boolean(f.target) === Boolean(target))) {
        const applied = known.map((type) => (type === undefined ? 'dyn' : shown(type))).join(', ');
        throw new Problem(`no overload of ${operatorName(name)} takes (${applied})`, at(node));
      }
      return undefined;
    }
    const results = new Set(candidates.map((f) => f.result.name));
    return results.size === 1 && !results.has('dyn') ? [...results][0] : undefined;
  };

  try {
    return { type: typeOf(expr, variables) };
  } catch (error) {
    if (error instanceof Problem) {
      return { problem: { message: error.message, offset: error.offset } };
    }
    throw error;
  }
}

function constantType(kind: string | undefined): Known {
  switch (kind) {
    case 'int64Value':
      return 'int';
    case 'uint64Value':
      return 'uint';
    case 'doubleValue':
      return 'double';
    case 'stringValue':
      return 'string';
    case 'bytesValue':
      return 'bytes';
    case 'boolValue':
      return 'bool';
    case 'nullValue':
      return 'null_type';
    default:
      return undefined;
  }
}

/** `_+_` as `+`, `!_` as `!`: the operator as written. */
function operatorName(name: string): string {
  return /^[_!@-]/.test(name) && name !== '_' ? name.replace(/_/g, ' ').trim() || name : name;
}
