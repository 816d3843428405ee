/**
 * The charts' text equivalents: a one-sentence summary for the canvas's accessible name
 * (role=img) and the series data as table rows for a visually hidden table, so a screen
 * reader user learns what a sighted user reads off the chart. Pure functions (no DOM), so
 * the unit tests check the wording.
 */

/** "2026-11-26 12:00:05" (UTC, as Kafka's tools print times). */
export const clock = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '');

const count = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, unit: string): string => `${count(n)} ${unit}${n === 1 ? '' : 's'}`;

/** "5 minutes", "40 seconds", "2 hours", "1 hour 30 minutes", "3 days": a span in the largest whole units that read well. */
export function spanText(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return plural(Math.max(0, seconds), 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  if (hours < 48) return minutes % 60 === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} ${plural(minutes % 60, 'minute')}`;
  return plural(Math.round(hours / 24), 'day');
}

export interface SeriesChart {
  readonly times: readonly number[];
  /** NaN: no value at that time (a group not polled then). */
  readonly series: ReadonlyArray<{ readonly name: string; readonly values: readonly number[] }>;
}

/** Rows of a visually hidden table: a caption, the column headers, the cells as text. */
export interface ChartTable {
  readonly caption: string;
  readonly headers: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

const valueAt = (values: readonly number[], t: number): number => (Number.isNaN(values[t]) || values[t] === undefined ? 0 : values[t]);
const totalAt = (chart: SeriesChart, t: number): number => chart.series.reduce((sum, s) => sum + valueAt(s.values, t), 0);
/** The last value a series has (NaN values skipped); undefined when it has none. */
const lastValue = (values: readonly number[]): number | undefined => [...values].reverse().find((v) => !Number.isNaN(v));
const firstValue = (values: readonly number[]): number | undefined => values.find((v) => !Number.isNaN(v));

/** "480, up from 120" / "0, down from 35" / "480, unchanged": the newest value and how it moved since the oldest. */
function movement(last: number, first: number | undefined): string {
  if (first === undefined || first === last) return `${count(last)}${first === undefined ? '' : ', unchanged'}`;
  return `${count(last)}, ${last > first ? 'up' : 'down'} from ${count(first)}`;
}

/**
 * The Watch Group chart in one sentence, e.g. "Lag per partition of orders-app over the last
 * 5 minutes (61 polls): total 480, up from 120; orders[0] 80, orders[1] 95, …". With
 * several groups (`byGroup`), each group's total lag and how it moved.
 */
export function lagSummary(chart: SeriesChart & { readonly title: string }, byGroup: boolean): string {
  const title = chart.title.charAt(0).toUpperCase() + chart.title.slice(1);
  const polls = chart.times.length;
  if (polls === 0) return `${title}: no poll yet`;
  const span =
    polls === 1 ? ', one poll so far' : ` over the last ${spanText(chart.times[polls - 1] - chart.times[0])} (${count(polls)} polls)`;
  if (byGroup) {
    return `${title}${span}: ${chart.series.map((s) => `${s.name} ${movement(lastValue(s.values) ?? 0, polls > 1 ? firstValue(s.values) : undefined)}`).join('; ')}`;
  }
  const total = movement(totalAt(chart, polls - 1), polls > 1 ? totalAt(chart, 0) : undefined);
  const parts = chart.series.map((s) => `${s.name} ${count(lastValue(s.values) ?? 0)}`);
  return `${title}${span}: total ${total}${parts.length > 0 ? `; ${parts.join(', ')}` : ''}`;
}

/** The chart's data, one row per poll, the newest `maxRows` (a description read aloud must end some time). */
export function lagTable(chart: SeriesChart, byGroup: boolean, maxRows: number): ChartTable {
  const shown = Math.min(chart.times.length, maxRows);
  const first = chart.times.length - shown;
  const cell = (v: number) => (Number.isNaN(v) ? 'not polled' : count(v));
  return {
    caption:
      shown < chart.times.length
        ? `Lag at the last ${count(shown)} of ${count(chart.times.length)} polls`
        : `Lag at each poll (${plural(shown, 'poll')})`,
    headers: ['time (UTC)', ...chart.series.map((s) => s.name), ...(byGroup ? [] : ['total'])],
    rows: chart.times
      .slice(first)
      .map((time, i) => [
        clock(time).slice(11),
        ...chart.series.map((s) => cell(s.values[first + i])),
        ...(byGroup ? [] : [count(totalAt(chart, first + i))]),
      ]),
  };
}

export interface HistogramData {
  readonly from: number;
  readonly bucketMs: number;
  readonly series: readonly string[];
  /** counts[bucket][series] */
  readonly counts: ReadonlyArray<readonly number[]>;
}

const bucketTotal = (bucket: readonly number[]): number => bucket.reduce((a, b) => a + b, 0);

/**
 * The tail histogram in one sentence, e.g. "Messages from 2026-11-26 12:00:00 to 12:05:00 UTC
 * in bars of 5 seconds: 30 messages, at most 12 in one bar (12:01:05); [0] 10, [1] 10, [2] 10".
 */
export function histogramSummary(h: HistogramData): string {
  const end = h.from + h.counts.length * h.bucketMs;
  const [start, stop] = [clock(h.from), clock(end)];
  const to = start.slice(0, 10) === stop.slice(0, 10) ? stop.slice(11) : stop;
  const totals = h.counts.map(bucketTotal);
  const all = totals.reduce((a, b) => a + b, 0);
  const busiest = totals.indexOf(Math.max(0, ...totals));
  const perSeries = h.series.map((name, s) => `${name} ${count(h.counts.reduce((sum, bucket) => sum + (bucket[s] ?? 0), 0))}`);
  return (
    `Messages from ${start} to ${to} UTC in bars of ${spanText(h.bucketMs)}: ${plural(all, 'message')}` +
    (all > 0 ? `, at most ${count(totals[busiest])} in one bar (${clock(h.from + busiest * h.bucketMs).slice(11)})` : '') +
    (perSeries.length > 0 ? `; ${perSeries.join(', ')}` : '')
  );
}

/** The bars that hold messages, one row each: when the bar starts, its count per series, its total. */
export function histogramTable(h: HistogramData): ChartTable {
  const rows = h.counts
    .map((bucket, i) => ({ bucket, i }))
    .filter(({ bucket }) => bucketTotal(bucket) > 0)
    .map(({ bucket, i }) => [
      clock(h.from + i * h.bucketMs).slice(11),
      ...h.series.map((_, s) => count(bucket[s] ?? 0)),
      count(bucketTotal(bucket)),
    ]);
  return {
    caption: `Messages per bar of ${spanText(h.bucketMs)} (${plural(rows.length, 'bar')} with messages)`,
    headers: ['bar from (UTC)', ...h.series, 'total'],
    rows,
  };
}
