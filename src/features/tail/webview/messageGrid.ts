/**
 * The tail panel's message grid: an ARIA grid over every row of the host's (filtered) buffer
 * that holds in the DOM only the window of rows in view, asks the host for the rows as it
 * scrolls, and moves the selection by mouse and keyboard. It renders every string from Kafka
 * with textContent only (see dom.ts).
 */
import type { TailRequest, TailRow } from '../protocol';
import { el, visible } from '../../../workbench/webview/dom';
import { gridTarget, isGridKey } from './gridKeys';
import type { Choice, RowSelection } from './rowSelection';

const ROW_HEIGHT = 22;

const COLUMNS: Array<[keyof TailRow, string]> = [
  ['timestamp', 'Time'],
  ['partition', 'Partition'],
  ['offset', 'Offset'],
  ['key', 'Key'],
  ['value', 'Value'],
  ['headerCount', 'Headers'],
];

const timeOf = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));

export interface MessageGrid {
  readonly element: HTMLElement;
  /** A window of the host's (filtered) buffer: `total` rows exist, `rows` are those from `start`. */
  showRows(total: number, start: number, rows: readonly TailRow[]): void;
  /** Keeps the newest rows in view (the toolbar's Follow newest), or lets them go. */
  setFollow(follow: boolean): void;
  /** Tells the host which rows are in view; it answers with them (and keeps them fresh while following). */
  requestView(): void;
}

export interface MessageGridParts {
  readonly send: (request: TailRequest) => void;
  /** What is selected and picked; the grid changes it on a click or a key, and marks it. */
  readonly selection: RowSelection;
  /** A row was chosen (by click or key): the selection already says how. */
  readonly onChoose: (id: number) => void;
  /** The user scrolled to the newest rows (follow) or away from them. */
  readonly onFollow: (follow: boolean) => void;
}

export function createMessageGrid({ send, selection, onChoose, onFollow }: MessageGridParts): MessageGrid {
  /** The host's (filtered) buffer holds `total` rows; `windowRows` are those from `windowStart`. */
  let total = 0;
  let windowStart = 0;
  let windowRows: readonly TailRow[] = [];
  let follow = true;

  /**
   * An ARIA grid: the header is row 1, message i (0-based, among all `total`) is row i + 2, told
   * by aria-rowindex since only the window's rows are in the DOM, and aria-rowcount counts them
   * all. One row at a time is in the tab order (roving tabindex): the selected one, else the
   * first in view.
   */
  const header = el(
    'div',
    { className: 'row header', attrs: { role: 'row', 'aria-rowindex': '1' } },
    ...COLUMNS.map(([name, label]) => el('span', { className: `cell ${name}`, text: label, attrs: { role: 'columnheader' } })),
  );
  const spacer = el('div', { className: 'spacer', attrs: { role: 'rowgroup' } });
  const viewport = el('div', { className: 'viewport', attrs: { id: 'rows' } }, spacer);
  const grid = el(
    'div',
    {
      className: 'table',
      attrs: {
        id: 'messageGrid',
        role: 'grid',
        'aria-label': 'Messages',
        'aria-rowcount': '1',
        'aria-colcount': String(COLUMNS.length),
        'aria-multiselectable': 'true',
        // Focusable from script only: the grid holds the focus while the selected row is scrolled out of the window.
        tabindex: '-1',
      },
    },
    header,
    viewport,
  );

  let lastRequested = '';
  function requestView(): void {
    const count = Math.ceil(viewport.clientHeight / ROW_HEIGHT) + 10;
    const start = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - 5);
    const key = `${follow ? 'f' : start}:${count}`;
    if (key !== lastRequested) {
      lastRequested = key;
      send({ type: 'view', start, count, follow });
    }
  }

  viewport.addEventListener('scroll', () => {
    follow = viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - ROW_HEIGHT;
    onFollow(follow);
    requestView();
    render();
  });
  window.addEventListener('resize', () => requestView());

  /** The positions of the rows wholly in view (clamped to the rows there are). */
  function visibleRange(): { total: number; firstVisible: number; lastVisible: number } {
    const last = Math.max(0, total - 1);
    const firstVisible = Math.min(last, Math.ceil(viewport.scrollTop / ROW_HEIGHT));
    const lastVisible = Math.min(last, Math.max(firstVisible, Math.floor((viewport.scrollTop + viewport.clientHeight) / ROW_HEIGHT) - 1));
    return { total, firstVisible, lastVisible };
  }

  /** The row in the tab order: the selected one when it is in the window, else the first one in view. */
  function tabStopId(): number | undefined {
    if (windowRows.some((row) => row.id === selection.selectedId)) return selection.selectedId;
    const { firstVisible } = visibleRange();
    return (windowRows[firstVisible - windowStart] ?? windowRows[0])?.id;
  }

  /** A position a key moved to beyond the window: chosen when the host sends its row, unless the user scrolls away first. */
  let pendingPosition: { position: number; how: 'one' | 'range' } | undefined;
  for (const type of ['wheel', 'mousedown'] as const)
    viewport.addEventListener(type, () => (pendingPosition = undefined), { passive: true });

  /** One message as a grid row, placed at its position among all the rows. */
  function rowElement(row: TailRow, position: number, tabStop: number | undefined): HTMLElement {
    const selectedId = selection.selectedId;
    const picked = selection.isPicked(row.id);
    const line = el(
      'div',
      {
        className: `row${row.id === selectedId ? ' selected' : ''}${picked ? ' picked' : ''}${row.batchError ? ' batch-error' : ''}`,
        attrs: {
          'data-id': String(row.id),
          role: 'row',
          'aria-rowindex': String(position + 2),
          'aria-selected': String(row.id === selectedId || picked),
          tabindex: row.id === tabStop ? '0' : '-1',
        },
      },
      ...COLUMNS.map(([name]) => {
        const text = name === 'timestamp' ? timeOf(row.timestamp) : String(row[name]);
        return el('span', {
          className: `cell ${name}`,
          text: visible(text),
          title: name === 'value' ? row.valueFormat : name === 'key' ? row.keyFormat : '',
          attrs: { role: 'gridcell' },
        });
      }),
    );
    line.style.top = `${position * ROW_HEIGHT}px`;
    return line;
  }

  /** Set when a key moved the selection: the next render focuses the selected row (the keyboard follows the selection). */
  let focusWanted = false;
  let renderQueued = false;
  function render(): void {
    if (renderQueued) return;
    renderQueued = true;
    requestAnimationFrame(() => {
      renderQueued = false;
      spacer.style.height = `${total * ROW_HEIGHT}px`;
      grid.setAttribute('aria-rowcount', String(total + 1));
      if (follow) viewport.scrollTop = viewport.scrollHeight;
      const tabStop = tabStopId();
      const nodes = windowRows.map((row, i) => rowElement(row, windowStart + i, tabStop));
      // The rows are made anew: a row that had the focus hands it to its successor (or to the grid).
      const hadFocus = grid.contains(document.activeElement);
      spacer.replaceChildren(...nodes);
      if (hadFocus || focusWanted) {
        focusWanted = false;
        (spacer.querySelector<HTMLElement>(`.row[data-id="${selection.selectedId}"]`) ?? grid).focus({ preventScroll: true });
      }
    });
  }

  function choose(id: number, how: Choice): void {
    pendingPosition = undefined;
    selection.choose(id, how);
    onChoose(id);
    render();
  }

  spacer.addEventListener('click', (event) => {
    const line = (event.target as HTMLElement).closest('.row') as HTMLElement | null;
    if (!line?.dataset.id) return;
    const how = event.shiftKey && selection.selectedId !== undefined ? 'range' : event.ctrlKey || event.metaKey ? 'toggle' : 'one';
    choose(Number(line.dataset.id), how);
  });

  /** Scrolls as little as needed to show the row at `position` whole. */
  function scrollToPosition(position: number): void {
    const top = position * ROW_HEIGHT;
    if (top < viewport.scrollTop) {
      viewport.scrollTop = top;
    } else if (top + ROW_HEIGHT > viewport.scrollTop + viewport.clientHeight) {
      viewport.scrollTop = top + ROW_HEIGHT - viewport.clientHeight;
    }
  }

  function moveTo(position: number, how: 'one' | 'range'): void {
    focusWanted = true;
    scrollToPosition(position);
    const row = windowRows[position - windowStart];
    if (row) {
      choose(row.id, how);
    } else {
      // Out of the window: the scroll asks the host for the rows there.
      pendingPosition = { position, how };
      requestView();
    }
  }

  /** The position of the focused row, else of the selected row, when in the window. */
  function currentPosition(): number | undefined {
    const focused = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('.row[data-id]');
    const id = focused && spacer.contains(focused) ? Number(focused.dataset.id) : selection.selectedId;
    const index = windowRows.findIndex((row) => row.id === id);
    return index === -1 ? undefined : windowStart + index;
  }

  // Up, Down, Page Up, Page Down, Home and End move the selection (and the detail) through the
  // rows, scrolling as needed; with Shift they pick the range too. Enter chooses the focused row
  // as a click does, Space picks it or drops it as a ctrl-click does.
  grid.addEventListener('keydown', (event) => {
    if (event.altKey || event.metaKey) return;
    if (event.key === 'Enter' || event.key === ' ') {
      const position = currentPosition();
      const row = position === undefined ? undefined : windowRows[position - windowStart];
      if (!row) return;
      event.preventDefault();
      choose(row.id, event.key === ' ' ? 'toggle' : 'one');
      return;
    }
    if (!isGridKey(event.key) || (event.ctrlKey && event.key !== 'Home' && event.key !== 'End')) return;
    event.preventDefault();
    const position = gridTarget(event.key, currentPosition(), visibleRange());
    if (position !== undefined) moveTo(position, event.shiftKey ? 'range' : 'one');
  });

  return {
    element: grid,
    showRows(newTotal, start, rows) {
      total = newTotal;
      windowStart = start;
      windowRows = rows;
      if (pendingPosition && windowRows[pendingPosition.position - windowStart]) {
        choose(windowRows[pendingPosition.position - windowStart].id, pendingPosition.how);
      }
      render();
    },
    setFollow(on) {
      follow = on;
      requestView();
    },
    requestView,
  };
}
