/*
 * A strict JSON reader straight to CEL values, the fast path of the tail's expression filters for
 * the common case (a UTF-8 JSON key or value): the same values as `celOfJsonText`
 * (src/features/tail/host/filter.ts) over jsonc-parser's tree (integer tokens as
 * exact bigints, other numbers as doubles, objects as Maps, the last of duplicate keys wins), in
 * one pass, without the tree. Maps, not objects: a key is never a property of any prototype,
 * and a payload's "constructor" key cannot change what kind of value it is.
 * It takes only what JSON.parse takes, and throws NOT_READ on anything else (or a RangeError on
 * absurd nesting), so that the general path, with its own rules, answers for every other text. With `fields`, a top-level object gets only
 * those keys (see `projectionOf`): the rest is still checked to be JSON, but nothing is made of it.
 *
 * The text and the position are module state: a read runs to its end synchronously and
 * calls nothing that reads JSON this way again.
 */

/** Thrown by the JSON reader where the text is not plain JSON it reads: the exact, general path decides then. */
const NOT_READ = new Error('not read here');

/** U+FFFD: what Buffer#toString makes of bytes that are not UTF-8 (the reader leaves any text holding it to the general path). */
const REPLACEMENT = 0xfffd;

let text = '';
let pos = 0;
/** Whether the last string skipped held an escape. */
let escaped = false;
/** readFields' note of where each wanted value starts (-1: not there), kept from read to read. */
const starts: number[] = [];

/** The whole text as one JSON value, with JSON whitespace around it at most. */
export function readJson(json: string, fields: readonly string[] | undefined): unknown {
  text = json;
  pos = 0;
  try {
    const value = fields && space() === 123 ? readFields(fields) : readValue();
    space();
    if (pos !== text.length) {
      throw NOT_READ;
    }
    return value;
  } finally {
    text = '';
  }
}

/** Skips JSON whitespace (space, tab, line feed, carriage return); the code of the character after it (NaN at the end). */
function space(): number {
  let c = text.charCodeAt(pos);
  while (c === 32 || c === 10 || c === 13 || c === 9) {
    c = text.charCodeAt(++pos);
  }
  return c;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function readValue(): unknown {
  const c = space();
  switch (c) {
    case 123: // {
      return readObject();
    case 91: // [
      return readArray();
    case 34: // "
      return readString();
    case 116:
      return literal('true', true);
    case 102:
      return literal('false', false);
    case 110:
      return literal('null', null);
    default:
      return readNumber(c);
  }
}

function readObject(): Map<string, unknown> {
  const result = new Map<string, unknown>();
  pos++;
  let c = space();
  if (c === 125) {
    pos++;
    return result;
  }
  for (;;) {
    if (c !== 34) {
      throw NOT_READ;
    }
    const name = readString();
    if (space() !== 58) {
      throw NOT_READ;
    }
    pos++;
    result.set(name, readValue());
    c = space();
    pos++;
    if (c === 125) {
      return result;
    }
    if (c !== 44) {
      throw NOT_READ;
    }
    c = space();
  }
}

/**
 * A top-level object with only the keys `fields`: the whole object is checked first (and
 * where each of those values starts noted, the last of duplicate keys winning, as in
 * JSON.parse), then only those values are made.
 */
function readFields(names: readonly string[]): Map<string, unknown> {
  starts.length = 0;
  for (let field = 0; field < names.length; field++) {
    starts.push(-1);
  }
  pos++;
  let c = space();
  if (c === 125) {
    pos++;
  } else {
    for (;;) {
      if (c !== 34) {
        throw NOT_READ;
      }
      const field = wantedField(names);
      if (space() !== 58) {
        throw NOT_READ;
      }
      pos++;
      if (field >= 0) {
        starts[field] = pos;
      }
      skipValue();
      c = space();
      pos++;
      if (c === 125) {
        break;
      }
      if (c !== 44) {
        throw NOT_READ;
      }
      c = space();
    }
  }
  const result = new Map<string, unknown>();
  const end = pos;
  for (let field = 0; field < names.length; field++) {
    if (starts[field] >= 0) {
      pos = starts[field];
      result.set(names[field], readValue());
    }
  }
  pos = end;
  return result;
}

/** Which of `names` the key at `pos` is (compared in place unless it holds an escape), or -1; past the key. */
function wantedField(names: readonly string[]): number {
  const start = pos + 1;
  skipString();
  if (escaped) {
    return names.indexOf(JSON.parse(text.slice(start - 1, pos)) as string);
  }
  const length = pos - 1 - start;
  for (let field = 0; field < names.length; field++) {
    if (names[field].length === length && text.startsWith(names[field], start)) {
      return field;
    }
  }
  return -1;
}

function readArray(): unknown[] {
  const result: unknown[] = [];
  pos++;
  if (space() === 93) {
    pos++;
    return result;
  }
  for (;;) {
    result.push(readValue());
    const c = space();
    pos++;
    if (c === 93) {
      return result;
    }
    if (c !== 44) {
      throw NOT_READ;
    }
  }
}

function readString(): string {
  const start = pos + 1;
  for (let at = start; ; at++) {
    const c = text.charCodeAt(at);
    if (c === 34) {
      pos = at + 1;
      return text.slice(start, at);
    }
    // An escape: found by skipString, decoded by JSON.parse (which refuses a bad one).
    if (c === 92) {
      skipString();
      return JSON.parse(text.slice(start - 1, pos)) as string;
    }
    // A control character, the end of the text (NaN), or bytes that were not UTF-8.
    if (!(c >= 32) || c === REPLACEMENT) {
      throw NOT_READ;
    }
  }
}

/** Past a string, its escapes checked as JSON.parse checks them; `escaped` says whether it held one. */
function skipString(): void {
  escaped = false;
  for (let at = pos + 1; ; at++) {
    const c = text.charCodeAt(at);
    if (c === 34) {
      pos = at + 1;
      return;
    }
    if (c === 92) {
      escaped = true;
      const e = text.charCodeAt(++at);
      if (e === 117) {
        // \uXXXX: four hex digits.
        for (let k = 0; k < 4; k++) {
          const h = text.charCodeAt(++at);
          if (!(isDigit(h) || (h >= 97 && h <= 102) || (h >= 65 && h <= 70))) {
            throw NOT_READ;
          }
        }
      } else if (e !== 34 && e !== 92 && e !== 47 && e !== 98 && e !== 102 && e !== 110 && e !== 114 && e !== 116) {
        throw NOT_READ;
      }
    } else if (!(c >= 32) || c === REPLACEMENT) {
      throw NOT_READ;
    }
  }
}

/** Checks one JSON value, as `readValue` reads it, without making anything of it. */
function skipValue(): void {
  const c = space();
  if (c === 34) {
    skipString();
  } else if (c === 123 || c === 91) {
    skipContainer(c === 123);
  } else if (c === 116) {
    literal('true', true);
  } else if (c === 102) {
    literal('false', false);
  } else if (c === 110) {
    literal('null', null);
  } else {
    numberEnd(c);
  }
}

function skipContainer(isObject: boolean): void {
  const close = isObject ? 125 : 93;
  pos++;
  let c = space();
  if (c === close) {
    pos++;
    return;
  }
  for (;;) {
    if (isObject) {
      if (c !== 34) {
        throw NOT_READ;
      }
      skipString();
      if (space() !== 58) {
        throw NOT_READ;
      }
      pos++;
    }
    skipValue();
    c = space();
    pos++;
    if (c === close) {
      return;
    }
    if (c !== 44) {
      throw NOT_READ;
    }
    c = space();
  }
}

function literal(word: string, value: boolean | null): boolean | null {
  if (!text.startsWith(word, pos)) {
    throw NOT_READ;
  }
  pos += word.length;
  return value;
}

/** Exact powers of ten as doubles (10^22 is the last). */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A number token: an integer one as an exact bigint, any other as a double. Up to 15 digits
 * without an exponent the digits are read here: a double holds them exactly, and one division
 * by an exact power of ten rounds as Number() does (Clinger's fast path); else Number() or
 * BigInt() of the token.
 */
function readNumber(first: number): bigint | number {
  const start = pos;
  let at = first === 45 ? pos + 1 : pos;
  let c = text.charCodeAt(at);
  let digits = 0;
  let n = 0;
  while (isDigit(c)) {
    n = n * 10 + c - 48;
    digits++;
    c = text.charCodeAt(++at);
  }
  let places = 0;
  if (c === 46) {
    c = text.charCodeAt(++at);
    while (isDigit(c)) {
      n = n * 10 + c - 48;
      places++;
      c = text.charCodeAt(++at);
    }
  }
  // The grammar (a leading 0 alone, digits after a point) is numberEnd's to check.
  const integer = numberEnd(first);
  if (pos !== at || digits + places > 15) {
    // An exponent, or more digits than a double holds.
    return integer ? BigInt(text.slice(start, pos)) : Number(text.slice(start, pos));
  }
  const value = first === 45 ? -n : n;
  return integer ? BigInt(value) : value / POWERS_OF_TEN[places];
}

/** Past a number token (RFC 8259 grammar); whether it is an integer one (no fraction, no exponent). */
function numberEnd(first: number): boolean {
  let at = pos;
  let c = first;
  if (c === 45) {
    c = text.charCodeAt(++at);
  }
  if (c === 48) {
    c = text.charCodeAt(++at);
  } else if (c >= 49 && c <= 57) {
    do c = text.charCodeAt(++at);
    while (isDigit(c));
  } else {
    throw NOT_READ;
  }
  let integer = true;
  if (c === 46) {
    integer = false;
    c = text.charCodeAt(++at);
    if (!isDigit(c)) {
      throw NOT_READ;
    }
    do c = text.charCodeAt(++at);
    while (isDigit(c));
  }
  if (c === 101 || c === 69) {
    integer = false;
    c = text.charCodeAt(++at);
    if (c === 43 || c === 45) {
      c = text.charCodeAt(++at);
    }
    if (!isDigit(c)) {
      throw NOT_READ;
    }
    do c = text.charCodeAt(++at);
    while (isDigit(c));
  }
  pos = at;
  return integer;
}
