/**
 * JSON number literals as exact decimals (digits × 10^exponent), compared and divided without
 * rounding: what JSON Schema's numeric keywords are judged on when a double cannot hold the
 * value (integers beyond 2^53, literals that round to the same double). Every operation is
 * bounded by the literals' lengths, never by their exponents: "1e999999999" allocates nothing large.
 */

export interface ExactDecimal {
  readonly negative: boolean;
  /** No trailing zeros; 0n for zero (then negative is false and exponent 0). */
  readonly digits: bigint;
  readonly exponent: number;
}

const NUMBER = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** A JSON number literal, exactly; undefined when `text` is not one. -0 is 0. */
export function parseDecimal(text: string): ExactDecimal | undefined {
  const match = NUMBER.exec(text);
  if (!match) {
    return undefined;
  }
  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  let digitText = (whole + fraction).replace(/^0+/, '');
  // An exponent too long for a number is too large for any comparison to need more than its sign.
  let exponent = Number(exponentText) - fraction.length;
  if (digitText === '') {
    return { negative: false, digits: 0n, exponent: 0 };
  }
  const trailing = digitText.length - digitText.replace(/0+$/, '').length;
  digitText = digitText.slice(0, digitText.length - trailing);
  exponent += trailing;
  return { negative: sign === '-', digits: BigInt(digitText), exponent };
}

/** One text per value: 1.0, 1 and 10e-1 share "1e0". */
export function decimalKey(value: ExactDecimal): string {
  return `${value.negative ? '-' : ''}${value.digits}e${value.exponent}`;
}

export function isWhole(value: ExactDecimal): boolean {
  return value.exponent >= 0;
}

const digitCount = (digits: bigint): number => digits.toString().length;

function compareMagnitudes(a: ExactDecimal, b: ExactDecimal): number {
  if (a.digits === 0n || b.digits === 0n) {
    return (a.digits === 0n ? 0 : 1) - (b.digits === 0n ? 0 : 1);
  }
  const orderA = digitCount(a.digits) + a.exponent;
  const orderB = digitCount(b.digits) + b.exponent;
  if (orderA !== orderB) {
    return orderA < orderB ? -1 : 1;
  }
  // Same order of magnitude: the exponents differ by less than the longer digit string.
  const shift = a.exponent - b.exponent;
  const left = shift > 0 ? a.digits * 10n ** BigInt(shift) : a.digits;
  const right = shift < 0 ? b.digits * 10n ** BigInt(-shift) : b.digits;
  return left === right ? 0 : left < right ? -1 : 1;
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compareDecimals(a: ExactDecimal, b: ExactDecimal): number {
  if (a.negative !== b.negative) {
    return a.negative ? -1 : 1;
  }
  const magnitude = compareMagnitudes(a, b);
  return a.negative ? -magnitude : magnitude;
}

const bitLength = (value: bigint): number => value.toString(2).length;

/**
 * Whether value / divisor is an integer (divisor > 0). Powers of ten past the divisor's bit length
 * add nothing (its factors of 2 and 5 are fewer), so the scaling is capped there.
 */
export function isMultipleOf(value: ExactDecimal, divisor: ExactDecimal): boolean {
  if (value.digits === 0n) {
    return true;
  }
  if (divisor.digits === 0n || divisor.negative) {
    return false;
  }
  const shift = value.exponent - divisor.exponent;
  if (shift >= 0) {
    return (value.digits * 10n ** BigInt(Math.min(shift, bitLength(divisor.digits)))) % divisor.digits === 0n;
  }
  // value.digits must hold divisor.digits × 10^-shift: impossible when that has more digits than value.digits.
  if (-shift >= digitCount(value.digits)) {
    return false;
  }
  return value.digits % (divisor.digits * 10n ** BigInt(-shift)) === 0n;
}
