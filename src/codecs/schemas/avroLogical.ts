/**
 * Avro logical types as text and back: decimals as exact decimal strings (string arithmetic,
 * never a float), dates, times and timestamps as ISO 8601 text. Calendar math is done by hand
 * (Howard Hinnant's days/civil algorithms) rather than through Date, so it is exact for every
 * day and needs no Date object per value; the range printed as text is still JS Date's
 * (±100,000,000 days around 1970), anything beyond prints as the raw number. Pure.
 */

/** The largest day count either side of 1970 a JS Date can show. */
const MAX_DAYS = 100_000_000;
const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

function pad(value: number, width: number): string {
  const text = String(value);
  return text.length >= width ? text : '0'.repeat(width - text.length) + text;
}

/** "00" to "99": dates and times are printed per message, a table beats String + padding. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => pad(i, 2));

/** Days since 1970-01-01 → [year, month, day] (proleptic Gregorian). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** [year, month, day] → days since 1970-01-01. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** "2024-01-02"; years beyond 0000–9999 as ±YYYYYY, as Date.toISOString writes them. */
function civilText(days: number): string {
  const [year, month, day] = civilFromDays(days);
  const yearText = year >= 0 && year <= 9999 ? pad(year, 4) : (year < 0 ? '-' : '+') + pad(Math.abs(year), 6);
  return `${yearText}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
}

/** A time of day in units of 10^-digits seconds → "12:34:56.789". */
function clockText(units: number, digits: number): string {
  const perSecond = POW10[digits];
  const seconds = Math.floor(units / perSecond);
  const fraction = units - seconds * perSecond;
  return `${TWO_DIGITS[Math.floor(seconds / 3600)]}:${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}.${pad(fraction, digits)}`;
}

/** date: days since 1970 → "2024-01-02", or undefined beyond JS Date's range. */
export function dateText(days: number): string | undefined {
  return days >= -MAX_DAYS && days <= MAX_DAYS ? civilText(days) : undefined;
}

/** time-millis / time-micros → "12:34:56.789(012)", or undefined when not within one day. */
export function timeText(value: number | bigint, digits: 3 | 6): string | undefined {
  return typeof value === 'number' && value >= 0 && value < 86400 * POW10[digits] ? clockText(value, digits) : undefined;
}

/** A timestamp in units of 10^-digits seconds since 1970 → ISO text ("Z" for UTC, none for local), or undefined beyond JS Date's range. */
export function timestampText(value: number | bigint, digits: 3 | 6 | 9, zulu: boolean): string | undefined {
  const perDay = 86400 * POW10[digits];
  let days: number;
  let units: number;
  if (typeof value === 'number' && Math.abs(value) <= 2 ** 52) {
    // % is exact on doubles, and value - units stays below 2^53, so the division is exact too.
    units = value % perDay;
    if (units < 0) {
      units += perDay;
    }
    days = (value - units) / perDay;
  } else {
    const big = BigInt(value);
    const bigPerDay = BigInt(perDay);
    let rest = big % bigPerDay;
    if (rest < 0n) {
      rest += bigPerDay;
    }
    const bigDays = (big - rest) / bigPerDay;
    if (bigDays < -MAX_DAYS || bigDays > MAX_DAYS) {
      return undefined;
    }
    days = Number(bigDays);
    units = Number(rest);
  }
  if (days < -MAX_DAYS || days > MAX_DAYS || (days === MAX_DAYS && units > 0)) {
    return undefined;
  }
  return `${civilText(days)}T${clockText(units, digits)}${zulu ? 'Z' : ''}`;
}

const DATE = /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})$/;
const CLOCK = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/;

/** "2024-01-02" → days since 1970; throws with what is wrong. */
export function parseDate(text: string): number {
  const match = DATE.exec(text);
  const days = match ? daysFromCivil(Number(match[1]), Number(match[2]), Number(match[3])) : NaN;
  // A day that does not exist (02-30) comes back as another date: compare the round trip.
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12 || civilText(days).slice(-5) !== `${match[2]}-${match[3]}`) {
    throw new Error(`"${text}" is not a date like 2024-01-02`);
  }
  return days;
}

/** "12:34:56.789" → units of 10^-digits seconds since midnight; throws with what is wrong. */
export function parseClock(text: string, digits: 3 | 6 | 9): bigint {
  const match = CLOCK.exec(text);
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59 || Number(match[3]) > 59) {
    throw new Error(`"${text}" is not a time of day like 12:34:56.${'0'.repeat(digits)}`);
  }
  const fraction = match[4] ?? '';
  if (fraction.length > digits) {
    throw new Error(`"${text}" has ${fraction.length} fraction digits, this type keeps ${digits}`);
  }
  const seconds = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
  return BigInt(seconds) * BigInt(POW10[digits]) + BigInt(fraction.padEnd(digits, '0') || '0');
}

/** "2024-01-02T03:04:05.123Z" (local: without "Z") → units since 1970; throws with what is wrong. */
export function parseTimestamp(text: string, digits: 3 | 6 | 9, zulu: boolean): bigint {
  const at = text.indexOf('T');
  const hasZ = text.endsWith('Z');
  if (at < 0 || hasZ !== zulu) {
    throw new Error(
      `"${text}" is not a ${zulu ? 'UTC timestamp like 2024-01-02T03:04:05.123Z' : 'local timestamp like 2024-01-02T03:04:05.123 (no zone)'}`,
    );
  }
  const days = parseDate(text.slice(0, at));
  return BigInt(days) * BigInt(86400 * POW10[digits]) + parseClock(text.slice(at + 1, hasZ ? -1 : undefined), digits);
}

/** A decimal's unscaled value as text with `scale` fraction digits, every one kept: 1210, 2 → "12.10". */
export function decimalText(unscaled: number | bigint, scale: number): string {
  const negative = unscaled < 0;
  let digits = typeof unscaled === 'bigint' ? (negative ? -unscaled : unscaled).toString() : String(Math.abs(unscaled));
  if (scale > 0) {
    if (digits.length <= scale) {
      digits = '0'.repeat(scale + 1 - digits.length) + digits;
    }
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
  return negative ? `-${digits}` : digits;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * Decimal text (a JSON number token or a string: "12.10", 12.1, 1.5e2) → the unscaled integer
 * at `scale`, by moving digits, never through a float. More fraction digits than the scale, or
 * more digits than the precision, is refused rather than rounded.
 */
export function parseDecimal(text: string, precision: number, scale: number): bigint {
  const match = DECIMAL.exec(text);
  const exponent = match?.[4] ? Number(match[4]) : 0;
  if (!match || Math.abs(exponent) > 1000) {
    throw new Error(`"${text}" is not a decimal number`);
  }
  const whole = match[2];
  const fraction = match[3] ?? '';
  const fractionDigits = Math.max(0, fraction.length - exponent);
  if (fractionDigits > scale) {
    throw new Error(`${text} has ${fractionDigits} fraction digits, decimal(${precision},${scale}) keeps ${scale}`);
  }
  // All digits, then enough zeros to put the decimal point `scale` places from the right
  // (never negative: the fraction digits were checked against the scale above).
  const unscaled = BigInt(whole + fraction + '0'.repeat(scale - (fraction.length - exponent)));
  const digitCount = unscaled === 0n ? 1 : unscaled.toString().length;
  if (digitCount > precision) {
    throw new Error(`${text} has ${digitCount} digits at scale ${scale}, decimal(${precision},${scale}) holds ${precision}`);
  }
  return match[1] === '-' ? -unscaled : unscaled;
}

/** A big-endian two's-complement integer (a decimal's bytes) → its value; empty bytes are 0. */
export function unscaledOfBytes(bytes: Uint8Array, start: number, length: number): number | bigint {
  if (length === 0) {
    return 0;
  }
  if (length <= 6) {
    // 48 bits fit a double exactly.
    let value = bytes[start] >= 0x80 ? bytes[start] - 256 : bytes[start];
    for (let i = 1; i < length; i++) {
      value = value * 256 + bytes[start + i];
    }
    return value;
  }
  const value = BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset + start, length).toString('hex')}`);
  return bytes[start] >= 0x80 ? value - (1n << BigInt(8 * length)) : value;
}

/**
 * An integer as big-endian two's complement: the fewest bytes that hold it (as Java's
 * BigInteger.toByteArray writes a bytes decimal), or exactly `size` bytes (a fixed decimal,
 * sign-extended); undefined when it does not fit `size`.
 */
export function bytesOfUnscaled(value: bigint, size?: number): Uint8Array | undefined {
  let length = 1;
  while (value < -(1n << BigInt(8 * length - 1)) || value >= 1n << BigInt(8 * length - 1)) {
    length++;
  }
  if (size !== undefined && length > size) {
    return undefined;
  }
  const total = size ?? length;
  let rest = value < 0n ? (1n << BigInt(8 * total)) + value : value;
  const bytes = new Uint8Array(total);
  for (let i = total - 1; i >= 0; i--) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}
