/**
 * Messages per time bucket, stacked by partition: what the tail panel's histogram draws, over
 * the rows the panel holds (the buffer, or the matches). Pure.
 */
import type { TailHistogram } from '../protocol';

const BUCKETS = 60;
/** Bar widths people read at a glance: 1, 2, 5 … ms, then seconds, minutes, hours, days. */
const STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 10e3, 15e3, 30e3, 60e3, 120e3, 300e3, 600e3, 900e3, 1800e3, 3600e3, 7200e3, 21600e3,
  43200e3, 86400e3,
];

/** The narrowest nice bar width whose bars, starting on a multiple of it, hold from..to in BUCKETS bars. */
function bucketWidth(from: number, to: number): number {
  const fits = (step: number) => Math.floor(to / step) - Math.floor(from / step) + 1 <= BUCKETS;
  return STEPS.find(fits) ?? Math.ceil((to - from + 1) / (BUCKETS - 1) / 86400e3) * 86400e3;
}
/** More partitions than this share one "other" series: a stack of dozens cannot be read. */
const MAX_SERIES = 8;

export function histogramOf(
  messages: Iterable<{ readonly topic: string; readonly partition: number; readonly timestamp: string }>,
): TailHistogram | undefined {
  const times: number[] = [];
  const series: string[] = [];
  const oneTopic = new Set<string>();
  let from = Infinity;
  let to = -Infinity;
  for (const m of messages) {
    const time = Number(m.timestamp);
    times.push(time);
    oneTopic.add(m.topic);
    series.push(`${m.topic}\u0000${m.partition}`);
    if (time < from) from = time;
    if (time > to) to = time;
  }
  if (times.length === 0) {
    return undefined;
  }
  // The busiest partitions get their own series.
  const totals = new Map<string, number>();
  series.forEach((s) => totals.set(s, (totals.get(s) ?? 0) + 1));
  const named = [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_SERIES)
    .map(([s]) => s)
    .sort();
  const index = new Map(named.map((s, i) => [s, i]));
  const other = totals.size > named.length;
  const labels = named.map((s) => {
    const [topic, partition] = s.split('\u0000');
    return oneTopic.size > 1 ? `${topic} [${partition}]` : `[${partition}]`;
  });
  const bucketMs = bucketWidth(from, to);
  // Bars start on a multiple of their width: 12:00:00, 12:00:05, ... rather than wherever the first message fell.
  from = Math.floor(from / bucketMs) * bucketMs;
  const buckets = Math.floor((to - from) / bucketMs) + 1;
  const counts = Array.from({ length: buckets }, () => new Array<number>(labels.length + (other ? 1 : 0)).fill(0));
  times.forEach((time, i) => {
    const bucket = Math.min(buckets - 1, Math.floor((time - from) / bucketMs));
    counts[bucket][index.get(series[i]) ?? labels.length]++;
  });
  return { from, bucketMs, series: other ? [...labels, 'other'] : labels, counts };
}
