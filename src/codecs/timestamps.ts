/** Parsing of the times users type: ISO 8601, epoch milliseconds, or "15 minutes ago". Pure. */
import { ParseResult } from '../common/parseResult';

const UNITS: Record<string, number> = {
  s: 1000,
  sec: 1000,
  second: 1000,
  m: 60000,
  min: 60000,
  minute: 60000,
  h: 3600000,
  hour: 3600000,
  d: 86400000,
  day: 86400000,
  w: 604800000,
  week: 604800000,
};

export function parseTimestamp(input: string, now: number): ParseResult<number> {
  const text = input.trim().toLowerCase();
  if (text === '') {
    return { ok: false, error: 'Enter a time.' };
  }
  if (text === 'now') {
    return { ok: true, value: now };
  }
  const relative = /^(\d+(?:\.\d+)?)\s*([a-z]+?)s?\s+ago$/.exec(text);
  if (relative) {
    const unit = UNITS[relative[2]];
    if (!unit) {
      return { ok: false, error: `Unknown unit "${relative[2]}": use seconds, minutes, hours, days or weeks.` };
    }
    return { ok: true, value: Math.round(now - Number(relative[1]) * unit) };
  }
  if (/^\d{10,}$/.test(text)) {
    return { ok: true, value: Number(text) };
  }
  const parsed = Date.parse(input.trim());
  if (Number.isNaN(parsed) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    return { ok: false, error: `"${input.trim()}" is not a time: use 2026-01-31T12:00:00Z, epoch milliseconds or "15 minutes ago".` };
  }
  return { ok: true, value: parsed };
}
