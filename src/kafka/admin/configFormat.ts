/** Human-readable config values: "604800000 (7 days)", "1073741824 (1 GiB)". Pure. */

const DURATION_UNITS: Array<[number, string]> = [
  [7 * 24 * 3600 * 1000, 'week'],
  [24 * 3600 * 1000, 'day'],
  [3600 * 1000, 'hour'],
  [60 * 1000, 'minute'],
  [1000, 'second'],
];

const SIZE_UNITS: Array<[number, string]> = [
  [1024 ** 4, 'TiB'],
  [1024 ** 3, 'GiB'],
  [1024 ** 2, 'MiB'],
  [1024, 'KiB'],
];

function trimNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, '');
}

/** 604800000 → "7 days"; 90000 → "1.5 minutes"; 250 → "250 ms". Weeks only when exact. */
export function formatDuration(ms: number): string {
  for (const [size, unit] of DURATION_UNITS) {
    if (unit === 'week' && ms % size !== 0) {
      continue;
    }
    if (ms >= size) {
      const amount = ms / size;
      const text = trimNumber(amount);
      return `${text} ${unit}${text === '1' ? '' : 's'}`;
    }
  }
  return `${ms} ms`;
}

/** 1073741824 → "1 GiB"; 1500 → "1.5 KiB"; 12 → "12 bytes". */
export function formatBytes(bytes: number): string {
  for (const [size, unit] of SIZE_UNITS) {
    if (bytes >= size) {
      return `${trimNumber(bytes / size)} ${unit}`;
    }
  }
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}

/** Whether -1 means "no limit" for this config (retention, size limits). */
function unlimitedWhenNegative(name: string): boolean {
  return /^(retention\.(ms|bytes)|local\.retention\.(ms|bytes)|max\.compaction\.lag\.ms)$/.test(name);
}

/** The value as Kafka shows it, followed by a human reading where one helps. */
export function formatConfigValue(name: string, value: string | null | undefined): string {
  if (value === null || value === undefined) {
    return '(not set)';
  }
  const number = /^-?\d+$/.test(value) ? Number(value) : undefined;
  if (number === undefined) {
    return value;
  }
  if (number < 0 && unlimitedWhenNegative(name)) {
    return `${value} (unlimited)`;
  }
  if (/\.ms$/.test(name) && number > 0) {
    return number >= 1000 ? `${value} (${formatDuration(number)})` : `${value} ms`;
  }
  if (/\.bytes$/.test(name) && number >= 1024) {
    return `${value} (${formatBytes(number)})`;
  }
  return value;
}

/** 1234567 → "1,234,567". */
export function formatCount(value: number | bigint): string {
  return value.toLocaleString('en-US');
}
