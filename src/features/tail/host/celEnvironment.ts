/**
 * The CEL environment of the tail's filters: @bufbuild/cel's standard library and its strings
 * extension (`lowerAscii`, `split`, `substring`, `indexOf`, `replace`, `trim`, `format`, ...), with strings
 * ordered by code point as the specification says (JavaScript's `<` orders UTF-16 units, which
 * puts U+1F600 before U+FF61).
 */
import { CelEnv, celEnv, celFunc, CelScalar } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

/** Negative, zero or positive as `a` sorts before, with or after `b` by Unicode code point. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) {
      // Units before i are equal, so at i both start a code point or both continue the same one.
      return a.codePointAt(i)! - b.codePointAt(i)!;
    }
  }
  return a.length - b.length;
}

const { STRING, BOOL } = CelScalar;
const CODE_POINT_ORDER = [
  celFunc('_<_', [STRING, STRING], BOOL, (a, b) => compareCodePoints(a, b) < 0),
  celFunc('_<=_', [STRING, STRING], BOOL, (a, b) => compareCodePoints(a, b) <= 0),
  celFunc('_>_', [STRING, STRING], BOOL, (a, b) => compareCodePoints(a, b) > 0),
  celFunc('_>=_', [STRING, STRING], BOOL, (a, b) => compareCodePoints(a, b) >= 0),
];

/** An environment with these variables, each of a type known only per message (dyn). */
export function filterEnvironment(variables: Iterable<string>): CelEnv {
  return celEnv({
    variables: Object.fromEntries([...variables].map((name) => [name, CelScalar.DYN])),
    funcs: [...strings, ...CODE_POINT_ORDER],
  });
}
