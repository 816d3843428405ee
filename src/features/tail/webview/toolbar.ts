/**
 * The tail panel's toolbar: pause or resume, stop, clear, follow the newest rows, the filter
 * boxes, the exports and Send to Topic. It says to the host what the user asked and shows
 * which of those the tail's state allows.
 */
import type { TailRequest, TailStatus } from '../protocol';
import { el } from '../../../workbench/webview/dom';
import { codiconButton } from './codiconButton';
import type { Filters } from './filters';
import type { RowSelection } from './rowSelection';

export interface Toolbar {
  readonly element: HTMLElement;
  /** Enables the buttons the tail's state allows. */
  showState(state: TailStatus['state']): void;
  /** Ticks Follow newest or not, as the grid's scrolling says. */
  showFollow(follow: boolean): void;
  /** Says on Send to Topic whether it sends the picked rows or every row that matches. */
  showPicks(picks: { readonly count: number; readonly ranges: boolean }): void;
  /** The buttons' actions, for the panel's Alt shortcuts. */
  pauseOrResume(): void;
  stop(): void;
  clear(): void;
}

export interface ToolbarParts {
  readonly send: (request: TailRequest) => void;
  readonly filters: Filters;
  /** The rows Send to Topic sends. */
  readonly selection: RowSelection;
  /** The user ticked Follow newest, or unticked it. */
  readonly onFollow: (follow: boolean) => void;
}

export function createToolbar({ send, filters, selection, onFollow }: ToolbarParts): Toolbar {
  const pauseButton = codiconButton('debug-pause', 'Pause', 'pause', () => send({ type: 'pause' }), { iconOnly: true, shortcut: 'Alt+P' });
  const resumeButton = codiconButton('debug-continue', 'Resume', 'resume', () => send({ type: 'resume' }), {
    iconOnly: true,
    shortcut: 'Alt+P',
  });
  const stopButton = codiconButton('debug-stop', 'Stop', 'stop', () => send({ type: 'stop' }), { iconOnly: true, shortcut: 'Alt+S' });
  const clearButton = codiconButton('clear-all', 'Clear', 'clear', () => send({ type: 'clear' }), { iconOnly: true, shortcut: 'Alt+K' });
  const followBox = el('input', { attrs: { id: 'follow', type: 'checkbox' } });
  followBox.checked = true;
  followBox.addEventListener('change', () => onFollow(followBox.checked));
  const exportButton = (icon: string, label: string, id: string, format: 'ndjson' | 'json' | 'csv') =>
    codiconButton(icon, label, id, () => send({ type: 'export', format, filtered: filters.filtering() }), { name: `${label} export` });
  const sendButton = codiconButton('send', 'Send to Topic…', 'sendToTopic', () =>
    send({ type: 'sendToTopic', ...selection.forSendToTopic() }),
  );
  const element = el(
    'div',
    { className: 'toolbar' },
    pauseButton,
    resumeButton,
    stopButton,
    clearButton,
    el('span', { className: 'separator' }),
    el(
      'label',
      { className: 'inline', attrs: { title: 'Keep the newest rows in view' } },
      followBox,
      el('span', { text: 'Follow newest' }),
    ),
    el('span', { className: 'codicon codicon-filter', attrs: { 'aria-hidden': 'true' } }),
    filters.textBox,
    filters.partitionBox,
    el('span', { className: 'separator' }),
    exportButton('export', 'NDJSON', 'exportNdjson', 'ndjson'),
    exportButton('json', 'JSON', 'exportJson', 'json'),
    exportButton('table', 'CSV', 'exportCsv', 'csv'),
    el('span', { className: 'separator' }),
    sendButton,
  );

  return {
    element,
    showState(state) {
      pauseButton.disabled = state !== 'running';
      resumeButton.disabled = state !== 'paused';
      pauseButton.hidden = state === 'paused';
      resumeButton.hidden = state !== 'paused';
      stopButton.disabled = !['starting', 'running', 'paused'].includes(state);
    },
    showFollow(follow) {
      followBox.checked = follow;
    },
    showPicks({ count, ranges }) {
      sendButton.title =
        count > 0 || ranges
          ? 'Send the picked rows to a topic (ctrl-click or Space picks a row, shift-click or shift+arrow a range)'
          : 'Send every row that matches the filter to a topic (ctrl-click, Space, shift-click or shift+arrow pick rows)';
      sendButton.lastElementChild!.textContent =
        count > 0 || ranges ? `Send ${ranges ? 'picked' : count.toLocaleString()} to Topic…` : 'Send to Topic…';
    },
    pauseOrResume: () => (resumeButton.hidden ? pauseButton : resumeButton).click(),
    stop: () => stopButton.click(),
    clear: () => clearButton.click(),
  };
}
