/**
 * What the tail panel says through its polite live region, as a pure function of the last
 * status said and the new one. The status arrives ten times a second: a screen reader would
 * read nothing else if every count were said. So a change of state (running, paused,
 * stopped, an error) is said at once, and the count while running at most every
 * COUNT_EVERY_MS, and only when it grew.
 */
import type { TailStatus } from '../protocol';

export const COUNT_EVERY_MS = 10_000;

export type AnnouncedStatus = Pick<TailStatus, 'state' | 'total' | 'detail'>;

/** What was said last, and when. */
export interface Announced {
  readonly state: TailStatus['state'];
  readonly detail: string | undefined;
  readonly total: number;
  readonly at: number;
}

const messages = (n: number) => `${n.toLocaleString('en-US')} message${n === 1 ? '' : 's'}`;

function stateText(status: AnnouncedStatus): string | undefined {
  const detail = status.detail ? `: ${status.detail}` : '';
  switch (status.state) {
    case 'idle':
      return undefined;
    case 'starting':
      return 'Tail starting';
    case 'running':
      return `Tail running, ${messages(status.total)}`;
    case 'paused':
      return `Tail paused at ${messages(status.total)}`;
    case 'stopped':
      return `Tail stopped after ${messages(status.total)}${detail}`;
    case 'error':
      return `Tail error${detail || ': the consumer stopped'}`;
  }
}

/** The sentence to say for `status` (undefined: say nothing) and what to remember as said. */
export function announce(last: Announced | undefined, status: AnnouncedStatus, now: number): { text?: string; said: Announced } {
  const said: Announced = { state: status.state, detail: status.detail, total: status.total, at: now };
  // A panel opened (or shown again) idle has nothing to say yet.
  if (!last) return status.state === 'idle' ? { said } : { text: stateText(status), said };
  if (status.state !== last.state || (status.state === 'error' && status.detail !== last.detail)) {
    const text = stateText(status);
    return text ? { text, said } : { said };
  }
  if (status.state === 'running' && status.total !== last.total && now - last.at >= COUNT_EVERY_MS) {
    return { text: messages(status.total), said };
  }
  return { said: last };
}
