/**
 * Which top-level fields of `key` and `value` an expression reads, from @bufbuild/cel's parse
 * tree, so that a JSON object need not be made whole to evaluate it (see filter.ts).
 */
import type { Expr } from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';

/**
 * The only top-level fields an expression reads of the key and of the value, where it reads
 * nothing else of them; absent where it may use more (then the key or value is made whole).
 */
export interface Projection {
  readonly key?: readonly string[];
  readonly value?: readonly string[];
}

type Projected = 'key' | 'value';
const isProjected = (name: string): name is Projected => name === 'key' || name === 'value';

/**
 * The projection of `expr`: where all it does with `key` or `value` is `.name`, `["name"]` or
 * `has(value.name)`, each such access sees exactly what it would in the whole object. Any other
 * use (the variable as such, an index that is not a string literal, `record`, which holds both)
 * makes it whole, as does a comprehension variable of that name (or of `record`), and a text
 * that names it where the tree shows no use (a tree this does not understand).
 */
export function projectionOf(expr: Expr, text: string): Projection {
  const fields = { key: new Set<string>(), value: new Set<string>() };
  const whole = { key: false, value: false };
  const seen = { key: false, value: false, record: false };

  /** The field `node` selects of a projected variable it applies to directly, if that is all it does. */
  const selected = (node: Expr): { name: Projected; field: string } | undefined => {
    const kind = node.exprKind;
    const operand =
      kind.case === 'selectExpr'
        ? kind.value.operand
        : kind.case === 'callExpr' && kind.value.function === '_[_]'
          ? kind.value.args[0]
          : undefined;
    if (operand?.exprKind.case !== 'identExpr' || !isProjected(operand.exprKind.value.name)) {
      return undefined;
    }
    if (kind.case === 'selectExpr') {
      return { name: operand.exprKind.value.name, field: kind.value.field };
    }
    const index = kind.case === 'callExpr' ? kind.value.args[1]?.exprKind : undefined;
    return index?.case === 'constExpr' && index.value.constantKind.case === 'stringValue'
      ? { name: operand.exprKind.value.name, field: index.value.constantKind.value }
      : undefined;
  };

  const visit = (node: Expr | undefined): void => {
    if (!node) {
      return;
    }
    const field = selected(node);
    if (field) {
      seen[field.name] = true;
      fields[field.name].add(field.field);
      return;
    }
    const kind = node.exprKind;
    switch (kind.case) {
      case 'identExpr': {
        const name = kind.value.name;
        if (name === 'record') {
          seen.record = true;
        } else if (isProjected(name)) {
          seen[name] = true;
          whole[name] = true;
        }
        return;
      }
      case 'selectExpr':
        return visit(kind.value.operand);
      case 'callExpr':
        visit(kind.value.target);
        return kind.value.args.forEach(visit);
      case 'listExpr':
        return kind.value.elements.forEach(visit);
      case 'structExpr':
        return kind.value.entries.forEach((entry) => {
          visit(entry.keyKind.case === 'mapKey' ? entry.keyKind.value : undefined);
          visit(entry.value);
        });
      case 'comprehensionExpr': {
        const c = kind.value;
        for (const name of [c.iterVar, c.iterVar2, c.accuVar]) {
          if (name === 'record') {
            seen.record = true;
          } else if (isProjected(name)) {
            whole[name] = true;
          }
        }
        [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result].forEach(visit);
        return;
      }
      default:
        return;
    }
  };
  visit(expr);
  const named = (word: string) => new RegExp(`\\b${word}\\b`).test(text);
  const recordUsed = seen.record || named('record');
  const projected = (name: Projected) => (!recordUsed && !whole[name] && (seen[name] || !named(name)) ? { [name]: [...fields[name]] } : {});
  return { ...projected('key'), ...projected('value') };
}
