/**
 * google.protobuf.Timestamp and Duration as their proto3 JSON text: "2024-01-02T03:04:05.123Z"
 * and "1.5s". The fraction has as many digits as it needs (none for whole seconds), which every
 * proto3 JSON reader accepts and which reads back to the same seconds and nanos. Values outside
 * the ranges the mapping allows have no text (undefined): the printer then shows the plain message.
 */

/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range proto3 JSON allows for a Timestamp. */
const MIN_TIMESTAMP = -62135596800n;
const MAX_TIMESTAMP = 253402300799n;
/** ±10000 years, the range of a Duration. */
const MAX_DURATION = 315576000000n;
const MAX_NANOS = 999_999_999;

export interface SecondsAndNanos {
  readonly seconds: bigint;
  readonly nanos: number;
}

function fractionText(nanos: number): string {
  return nanos === 0 ? '' : `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`;
}

function nanosOf(fraction: string | undefined): number {
  return fraction === undefined ? 0 : Number(fraction.padEnd(9, '0'));
}

export function timestampText(seconds: bigint, nanos: number): string | undefined {
  if (seconds < MIN_TIMESTAMP || seconds > MAX_TIMESTAMP || nanos < 0 || nanos > MAX_NANOS) {
    return undefined;
  }
  // Within these bounds toISOString writes a 4-digit year: "YYYY-MM-DDTHH:MM:SS.000Z".
  const iso = new Date(Number(seconds) * 1000).toISOString();
  return `${iso.slice(0, 19)}${fractionText(nanos)}Z`;
}

export function durationText(seconds: bigint, nanos: number): string | undefined {
  const mixedSigns = (seconds > 0n && nanos < 0) || (seconds < 0n && nanos > 0);
  if (seconds > MAX_DURATION || seconds < -MAX_DURATION || Math.abs(nanos) > MAX_NANOS || mixedSigns) {
    return undefined;
  }
  const negative = seconds < 0n || nanos < 0;
  const whole = negative ? -seconds : seconds;
  return `${negative ? '-' : ''}${whole}${fractionText(Math.abs(nanos))}s`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** An RFC 3339 date-time → seconds and nanos since the epoch, or the reason it is not one. */
export function parseTimestamp(text: string): SecondsAndNanos | string {
  const match = RFC3339.exec(text);
  if (!match) {
    return 'expected an RFC 3339 timestamp like "2024-01-02T03:04:05.123Z"';
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const offsetHours = match[9] === undefined ? 0 : Number(match[9]);
  const offsetMinutes = match[10] === undefined ? 0 : Number(match[10]);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offsetHours > 23 ||
    offsetMinutes > 59
  ) {
    return `"${text}" is not a valid date and time`;
  }
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const offset = (offsetHours * 3600 + offsetMinutes * 60) * (match[8] === '-' ? -1 : 1);
  const seconds = BigInt(date.getTime() / 1000 - offset);
  if (seconds < MIN_TIMESTAMP || seconds > MAX_TIMESTAMP) {
    return `"${text}" is outside 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z`;
  }
  return { seconds, nanos: nanosOf(match[7]) };
}

const DURATION = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/;

/** "1.5s", "-0.25s" → seconds and nanos (both negative for a negative duration), or the reason it is not one. */
export function parseDuration(text: string): SecondsAndNanos | string {
  const match = DURATION.exec(text);
  if (!match) {
    return 'expected a duration in seconds like "1.5s"';
  }
  const seconds = BigInt(match[2]);
  if (seconds > MAX_DURATION) {
    return `"${text}" is longer than ${MAX_DURATION}s`;
  }
  const nanos = nanosOf(match[3]);
  return match[1] === '-' ? { seconds: -seconds, nanos: nanos === 0 ? 0 : -nanos } : { seconds, nanos };
}
