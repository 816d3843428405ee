/**
 * The lines under the tail panel's toolbar: the status line (counts, rate, a search's
 * progress), a polite announcer that says what matters now and then (announce.ts), why the
 * last request failed, and the count per partition.
 */
import type { TailStatus } from '../protocol';
import { el } from '../../../workbench/webview/dom';
import { announce, Announced } from './announce';

export interface StatusLines {
  /** The lines, in the order they are placed in the page. */
  readonly elements: readonly HTMLElement[];
  show(status: TailStatus): void;
  /** Why the last request failed (export, produce again, ...); '' when the next one succeeded. */
  showError(message: string): void;
}

/** "12,345 of 60,000 offsets scanned (20%) · 12 matches": exact counts, the share rounded down. */
function searchProgress(search: NonNullable<TailStatus['search']>): string {
  const [scanned, total] = [BigInt(search.scanned), BigInt(search.total)];
  const share = total === 0n ? 100n : (scanned * 100n) / total;
  return `${scanned.toLocaleString()} of ${total.toLocaleString()} offsets scanned (${share}%) · ${search.matches.toLocaleString()} match${search.matches === 1 ? '' : 'es'}`;
}

function statusText(status: TailStatus): string {
  const parts = [
    status.state,
    `${status.total.toLocaleString()} messages`,
    `${status.ratePerSecond.toLocaleString()}/s`,
    `${status.buffered.toLocaleString()} kept`,
    ...(status.dropped > 0 ? [`${status.dropped.toLocaleString()} oldest dropped (buffer full)`] : []),
    ...(status.detail ? [status.detail] : []),
    ...(status.search ? [searchProgress(status.search)] : []),
    ...(status.expressionFailures
      ? [
          `${status.expressionFailures.count.toLocaleString()} could not be evaluated by the expression (no match; first: ${status.expressionFailures.first})`,
        ]
      : []),
  ];
  return parts.join(' · ');
}

export function createStatusLines(): StatusLines {
  /** Not a live region itself: it changes ten times a second. The announcer below says what matters, now and then. */
  const statusLine = el('div', { className: 'status', attrs: { id: 'status' } });
  const announcer = el('div', {
    className: 'visually-hidden',
    attrs: { id: 'announcer', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' },
  });
  let announced: Announced | undefined;
  const errorLine = el('div', { className: 'request-error', attrs: { id: 'requestError', role: 'alert' } });
  const partitionCounts = el('div', { className: 'partition-counts', attrs: { id: 'partitionCounts' } });

  function showPartitionCounts(counts: TailStatus['perPartition']): void {
    const oneTopic = new Set(counts.map((c) => c.topic)).size <= 1;
    const labels = counts.map((c) => `${oneTopic ? '' : `${c.topic} `}[${c.partition}] ${c.count.toLocaleString()}`);
    partitionCounts.textContent = labels.length > 0 ? `per partition: ${labels.join(' · ')}` : '';
    // Many partitions do not fit on one line: the tooltip has them all.
    partitionCounts.title = labels.join('\n');
  }

  return {
    elements: [statusLine, announcer, errorLine, partitionCounts],
    show(status) {
      statusLine.textContent = statusText(status);
      const spoken = announce(announced, status, Date.now());
      announced = spoken.said;
      if (spoken.text) announcer.textContent = spoken.text;
      showPartitionCounts(status.perPartition);
      statusLine.dataset.state = status.state;
    },
    showError(message) {
      errorLine.textContent = message;
    },
  };
}
