/**
 * The tail panel's browser side: start form, toolbar, virtualized message table and
 * detail pane. It holds no state the host cannot replay, and renders every string from
 * Kafka with textContent only (see dom.ts).
 */
import type { HostToWebview, SavedTail, TailDetail, TailForm, TailRequest, TailRow, TailStatus } from '../protocol';
import { el, visible } from '../../../workbench/webview/dom';
import { openHostChannel } from '../../../workbench/webview/hostChannel';
import { announce, Announced } from './announce';
import { gridTarget, isGridKey } from './gridKeys';
import { createHistogram } from './histogram';
import { createStartForm } from './startForm';
// Bundled by esbuild into media/dist/<feature>.css beside the script.
import './styles.css';

const host = openHostChannel<TailRequest, SavedTail>();
const send = (request: TailRequest) => host.send(request);

const ROW_HEIGHT = 22;

/** The host's (filtered) buffer holds `total` rows; `windowRows` are those from `windowStart`. */
let total = 0;
let windowStart = 0;
let windowRows: readonly TailRow[] = [];
let selectedId: number | undefined;
/** Rows picked for Send to Topic: ctrl/cmd-click toggles one, shift-click takes the range from the last click. */
const picked = new Set<number>();
const pickedRanges: Array<[number, number]> = [];
const isPicked = (id: number) => picked.has(id) || pickedRanges.some(([a, b]) => id >= Math.min(a, b) && id <= Math.max(a, b));
let follow = true;
/** Whether the form was folded for the running tail (the user may open it again meanwhile). */
let folded = false;

const app = document.getElementById('app')!;
app.setAttribute('role', 'main');
/** The page's heading, for screen readers' heading navigation; the tab's title says the same to the eye. */
const pageHeading = el('h1', { className: 'visually-hidden', text: 'Tail' });

// ---- start form -------------------------------------------------------------------
let clusterName = '';
/** VS Code keeps this across a window reload: the panel comes back with its form (see panels.ts). */
const saveState = (form: TailForm) => host.setState({ clusterName, form });
const startForm = createStartForm((form) => {
  saveState(form);
  send({ type: 'start', form });
});

// ---- toolbar and status -----------------------------------------------------------
/**
 * A button with a codicon and its label as text (secondary) or as tooltip only (icon). Its
 * accessible name is the label (`name` when the visible text alone says too little, e.g.
 * "NDJSON export" for the NDJSON button: the name starts with what is shown, as speech input needs).
 */
const button = (
  icon: string,
  label: string,
  id: string,
  onClick: () => void,
  options: { iconOnly?: boolean; shortcut?: string; name?: string } = {},
) => {
  const tip = options.shortcut ? `${label} (${options.shortcut})` : label;
  const b = el(
    'button',
    {
      className: options.iconOnly ? 'icon-button' : 'secondary',
      attrs: {
        id,
        title: tip,
        'aria-label': options.name ?? label,
        type: 'button',
        ...(options.shortcut ? { 'aria-keyshortcuts': options.shortcut } : {}),
      },
    },
    el('span', { className: `codicon codicon-${icon}`, attrs: { 'aria-hidden': 'true' } }),
    options.iconOnly ? null : el('span', { text: label }),
  );
  b.addEventListener('click', onClick);
  return b;
};
const pauseButton = button('debug-pause', 'Pause', 'pause', () => send({ type: 'pause' }), { iconOnly: true, shortcut: 'Alt+P' });
const resumeButton = button('debug-continue', 'Resume', 'resume', () => send({ type: 'resume' }), { iconOnly: true, shortcut: 'Alt+P' });
const followBox = el('input', { attrs: { id: 'follow', type: 'checkbox' } });
followBox.checked = true;
followBox.addEventListener('change', () => {
  follow = followBox.checked;
  requestView();
});
const filterBox = el('input', {
  attrs: {
    id: 'filter',
    placeholder: 'filter key, value, headers',
    'aria-label': 'Filter key, value and headers',
    'aria-keyshortcuts': 'Alt+F',
  },
});
const partitionBox = el('input', { attrs: { id: 'partitionFilter', placeholder: 'partition', 'aria-label': 'Filter by partition' } });
/** A CEL expression, checked and evaluated by the host; the topic's saved expressions are offered. */
const expressionBox = el('input', {
  attrs: {
    id: 'expression',
    list: 'savedFilters',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'CEL, e.g. value.amount > 100 && headers["trace"].startsWith("a")',
    'aria-label': 'Filter expression (CEL)',
    'aria-keyshortcuts': 'Alt+X',
  },
});
const savedFilters = el('datalist', { attrs: { id: 'savedFilters' } });
let filterTimer: number | undefined;
for (const box of [filterBox, partitionBox, expressionBox]) {
  box.addEventListener('input', () => {
    window.clearTimeout(filterTimer);
    filterTimer = window.setTimeout(sendFilter, 150);
  });
}
const sendButton = button('send', 'Send to Topic…', 'sendToTopic', () =>
  send({ type: 'sendToTopic', ids: [...picked], ranges: pickedRanges.map(([a, b]) => [a, b] as const) }),
);
/** A time range dragged on the histogram, sent with the other filters. */
let timeRange: { from: number; to: number } | undefined;
const sendFilter = () =>
  send({
    type: 'filter',
    text: filterBox.value,
    partition: partitionBox.value,
    expression: expressionBox.value,
    ...(timeRange ? { timeFrom: timeRange.from, timeTo: timeRange.to } : {}),
  });
const histogram = createHistogram((range) => {
  timeRange = range;
  sendFilter();
});
const filtering = () => timeRange !== undefined || filterBox.value !== '' || partitionBox.value !== '' || expressionBox.value.trim() !== '';
const stopButton = button('debug-stop', 'Stop', 'stop', () => send({ type: 'stop' }), { iconOnly: true, shortcut: 'Alt+S' });
const clearButton = button('clear-all', 'Clear', 'clear', () => send({ type: 'clear' }), { iconOnly: true, shortcut: 'Alt+K' });
filterBox.title = 'Filter key, value and headers (Alt+F)';
/** Not a live region itself: it changes ten times a second. The announcer below says what matters, now and then. */
const statusLine = el('div', { className: 'status', attrs: { id: 'status' } });
const announcer = el('div', {
  className: 'visually-hidden',
  attrs: { id: 'announcer', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' },
});
let announced: Announced | undefined;
/** Why the last request failed (export, produce again, ...), until the next one succeeds. */
const errorLine = el('div', { className: 'request-error', attrs: { id: 'requestError', role: 'alert' } });
const partitionCounts = el('div', { className: 'partition-counts', attrs: { id: 'partitionCounts' } });
const toolbar = el(
  'div',
  { className: 'toolbar' },
  pauseButton,
  resumeButton,
  stopButton,
  clearButton,
  el('span', { className: 'separator' }),
  el('label', { className: 'inline', attrs: { title: 'Keep the newest rows in view' } }, followBox, el('span', { text: 'Follow newest' })),
  el('span', { className: 'codicon codicon-filter', attrs: { 'aria-hidden': 'true' } }),
  filterBox,
  partitionBox,
  el('span', { className: 'separator' }),
  button('export', 'NDJSON', 'exportNdjson', () => send({ type: 'export', format: 'ndjson', filtered: filtering() }), {
    name: 'NDJSON export',
  }),
  button('json', 'JSON', 'exportJson', () => send({ type: 'export', format: 'json', filtered: filtering() }), { name: 'JSON export' }),
  button('table', 'CSV', 'exportCsv', () => send({ type: 'export', format: 'csv', filtered: filtering() }), { name: 'CSV export' }),
  el('span', { className: 'separator' }),
  sendButton,
);
expressionBox.title = "Filter expression (CEL) over key, value, headers, partition, offset, timestamp, and kafbat's record.* (Alt+X)";
const expressionBar = el(
  'div',
  { className: 'toolbar expression-bar' },
  el('span', { className: 'codicon codicon-symbol-operator', attrs: { 'aria-hidden': 'true' } }),
  expressionBox,
  savedFilters,
  button('save', 'Save expression for this topic', 'saveFilter', () => send({ type: 'saveFilter', expression: expressionBox.value }), {
    iconOnly: true,
  }),
);

function showStatus(status: TailStatus): void {
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
  statusLine.textContent = parts.join(' · ');
  const spoken = announce(announced, status, Date.now());
  announced = spoken.said;
  if (spoken.text) announcer.textContent = spoken.text;
  showPartitionCounts(status.perPartition);
  histogram.show(status.histogram, timeRange !== undefined);
  statusLine.dataset.state = status.state;
  pauseButton.disabled = status.state !== 'running';
  resumeButton.disabled = status.state !== 'paused';
  pauseButton.hidden = status.state === 'paused';
  resumeButton.hidden = status.state !== 'paused';
  stopButton.disabled = !['starting', 'running', 'paused'].includes(status.state);
  // While a tail runs, the form is a one-line summary: the rows get the room.
  const live = ['starting', 'running', 'paused'].includes(status.state);
  if (live && !folded) {
    startForm.fold(true);
  }
  folded = live;
}

/** "12,345 of 60,000 offsets scanned (20%) · 12 matches": exact counts, the share rounded down. */
function searchProgress(search: NonNullable<TailStatus['search']>): string {
  const [scanned, total] = [BigInt(search.scanned), BigInt(search.total)];
  const share = total === 0n ? 100n : (scanned * 100n) / total;
  return `${scanned.toLocaleString()} of ${total.toLocaleString()} offsets scanned (${share}%) · ${search.matches.toLocaleString()} match${search.matches === 1 ? '' : 'es'}`;
}

function showPartitionCounts(counts: TailStatus['perPartition']): void {
  const oneTopic = new Set(counts.map((c) => c.topic)).size <= 1;
  const labels = counts.map((c) => `${oneTopic ? '' : `${c.topic} `}[${c.partition}] ${c.count.toLocaleString()}`);
  partitionCounts.textContent = labels.length > 0 ? `per partition: ${labels.join(' · ')}` : '';
  // Many partitions do not fit on one line: the tooltip has them all.
  partitionCounts.title = labels.join('\n');
}

// ---- virtualized table -----------------------------------------------------------
const COLUMNS: Array<[keyof TailRow, string]> = [
  ['timestamp', 'Time'],
  ['partition', 'Partition'],
  ['offset', 'Offset'],
  ['key', 'Key'],
  ['value', 'Value'],
  ['headerCount', 'Headers'],
];
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
/** Tells the host which rows are in view; it answers with them (and keeps them fresh while following). */
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
  followBox.checked = follow;
  requestView();
  render();
});
window.addEventListener('resize', () => requestView());

const timeOf = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));

/** The positions of the rows wholly in view (clamped to the rows there are). */
function visibleRange(): { total: number; firstVisible: number; lastVisible: number } {
  const last = Math.max(0, total - 1);
  const firstVisible = Math.min(last, Math.ceil(viewport.scrollTop / ROW_HEIGHT));
  const lastVisible = Math.min(last, Math.max(firstVisible, Math.floor((viewport.scrollTop + viewport.clientHeight) / ROW_HEIGHT) - 1));
  return { total, firstVisible, lastVisible };
}

/** The row in the tab order: the selected one when it is in the window, else the first one in view. */
function tabStopId(): number | undefined {
  if (windowRows.some((row) => row.id === selectedId)) return selectedId;
  const { firstVisible } = visibleRange();
  return (windowRows[firstVisible - windowStart] ?? windowRows[0])?.id;
}

/** A position a key moved to beyond the window: chosen when the host sends its row, unless the user scrolls away first. */
let pendingPosition: { position: number; how: 'one' | 'range' } | undefined;
for (const type of ['wheel', 'mousedown'] as const) viewport.addEventListener(type, () => (pendingPosition = undefined), { passive: true });

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
    const nodes = windowRows.map((row, i) => {
      const line = el(
        'div',
        {
          className: `row${row.id === selectedId ? ' selected' : ''}${isPicked(row.id) ? ' picked' : ''}${row.batchError ? ' batch-error' : ''}`,
          attrs: {
            'data-id': String(row.id),
            role: 'row',
            'aria-rowindex': String(windowStart + i + 2),
            'aria-selected': String(row.id === selectedId || isPicked(row.id)),
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
      line.style.top = `${(windowStart + i) * ROW_HEIGHT}px`;
      return line;
    });
    // The rows are made anew: a row that had the focus hands it to its successor (or to the grid).
    const hadFocus = grid.contains(document.activeElement);
    spacer.replaceChildren(...nodes);
    if (hadFocus || focusWanted) {
      focusWanted = false;
      (spacer.querySelector<HTMLElement>(`.row[data-id="${selectedId}"]`) ?? grid).focus({ preventScroll: true });
    }
  });
}

function selectRow(id: number): void {
  selectedId = id;
  send({ type: 'select', id, deserializer: (detailFormat.value as TailForm['valueDeserializer']) || undefined });
  render();
}

/** A click's or a key's choice: one row (picks cleared), a row's pick toggled (ctrl-click, Space), or a range from the selection (shift). */
function choose(id: number, how: 'one' | 'toggle' | 'range'): void {
  pendingPosition = undefined;
  if (how === 'range' && selectedId !== undefined) {
    pickedRanges.push([selectedId, id]);
  } else if (how === 'toggle') {
    if (picked.has(id)) picked.delete(id);
    else picked.add(id);
  } else {
    picked.clear();
    pickedRanges.length = 0;
  }
  selectRow(id);
  showPickedCount();
}

spacer.addEventListener('click', (event) => {
  const line = (event.target as HTMLElement).closest('.row') as HTMLElement | null;
  if (!line?.dataset.id) return;
  choose(Number(line.dataset.id), event.shiftKey && selectedId !== undefined ? 'range' : event.ctrlKey || event.metaKey ? 'toggle' : 'one');
});

function showPickedCount(): void {
  const ranges = pickedRanges.length > 0;
  sendButton.title =
    picked.size > 0 || ranges
      ? 'Send the picked rows to a topic (ctrl-click or Space picks a row, shift-click or shift+arrow a range)'
      : 'Send every row that matches the filter to a topic (ctrl-click, Space, shift-click or shift+arrow pick rows)';
  sendButton.lastElementChild!.textContent =
    picked.size > 0 || ranges ? `Send ${ranges ? 'picked' : picked.size.toLocaleString()} to Topic…` : 'Send to Topic…';
}

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
  const id = focused && spacer.contains(focused) ? Number(focused.dataset.id) : selectedId;
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

// ---- detail pane -------------------------------------------------------------------
const detailFormat = el('select', { attrs: { id: 'detailFormat', 'aria-labelledby': 'detailFormatLabel' } });
detailFormat.addEventListener('change', () => {
  if (selectedId !== undefined) send({ type: 'select', id: selectedId, deserializer: detailFormat.value as TailForm['valueDeserializer'] });
});
const detailMeta = el('div', { className: 'detail-meta', attrs: { id: 'detailMeta' } });
const detailValue = el('pre', { className: 'detail-value', attrs: { id: 'detailValue' } });
const detailRaw = el('pre', { className: 'detail-raw', attrs: { id: 'detailRaw' } });
const showWhole = button('unfold', 'Show all', 'showWhole', () => {
  if (selectedId !== undefined)
    send({ type: 'select', id: selectedId, deserializer: detailFormat.value as TailForm['valueDeserializer'], whole: true });
});
showWhole.hidden = true;
const onSelected = (type: 'openInEditor' | 'copyKcat' | 'produceAgain') => () => selectedId !== undefined && send({ type, id: selectedId });
const detail = el(
  'div',
  { className: 'detail' },
  el(
    'div',
    { className: 'detail-bar' },
    el('span', { text: 'Value as ', attrs: { id: 'detailFormatLabel' } }),
    detailFormat,
    button('go-to-file', 'Open in editor', 'openInEditor', onSelected('openInEditor')),
    button('copy', 'Copy as kcat command', 'copyKcat', onSelected('copyKcat')),
    button('debug-restart', 'Produce again…', 'produceAgain', onSelected('produceAgain')),
  ),
  detailMeta,
  detailValue,
  showWhole,
  el('div', { text: 'Raw bytes (hex)', className: 'detail-title' }),
  detailRaw,
);

function showDetail(d: TailDetail): void {
  detailFormat.value = d.deserializer;
  const schema = d.valueSchema ? ` · ${d.valueSchema}${d.valueNotes?.length ? ` · ${d.valueNotes.join(' · ')}` : ''}` : '';
  detailMeta.textContent = `detected ${d.valueFormat}${schema}${d.valueError ? ` — ${d.valueError}` : ''} · key ${visible(d.key)} · ${d.headers.length} header(s)${d.headers.length ? ': ' + d.headers.map(([k, v]) => `${visible(k)}=${visible(v)}`).join(', ') : ''}`;
  detailValue.textContent = d.valuePretty;
  showWhole.hidden = d.valueLength === undefined;
  showWhole.lastElementChild!.textContent =
    d.valueLength === undefined ? 'Show all' : `Show all ${d.valueLength.toLocaleString()} characters`;
  detailRaw.textContent = d.rawHex.replace(/(.{2})/g, '$1 ').replace(/((?:\S\S ){16})/g, '$1\n');
}

app.append(
  pageHeading,
  startForm.element,
  toolbar,
  expressionBar,
  statusLine,
  announcer,
  errorLine,
  partitionCounts,
  histogram.element,
  grid,
  detail,
);

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      detailFormat.replaceChildren(...message.deserializers.map(([id, label]) => el('option', { text: label, attrs: { value: id } })));
      startForm.fill(message.form, message.deserializers, message.headerFormats);
      clusterName = message.clusterName;
      saveState(message.form);
      document.title = `Tail on ${message.clusterName}`;
      pageHeading.textContent = document.title;
      break;
    case 'suggestions':
      startForm.suggest(message.topics);
      break;
    case 'savedFilters':
      savedFilters.replaceChildren(...message.expressions.map((expression) => el('option', { attrs: { value: expression } })));
      break;
    case 'rows':
      total = message.total;
      windowStart = message.start;
      windowRows = message.rows;
      if (pendingPosition && windowRows[pendingPosition.position - windowStart]) {
        choose(windowRows[pendingPosition.position - windowStart].id, pendingPosition.how);
      }
      render();
      break;
    case 'status':
      showStatus(message.status);
      break;
    case 'detail':
      showDetail(message.detail);
      break;
    // A failed start shows under the form, others in the error line.
    case 'done': {
      const type = host.settle(message);
      if (type === 'start') startForm.clearError();
      if (type === 'filter') expressionBox.removeAttribute('aria-invalid');
      errorLine.textContent = '';
      break;
    }
    case 'failed': {
      const type = host.settle(message);
      if (type === 'filter') expressionBox.setAttribute('aria-invalid', 'true');
      if (type === 'start') {
        startForm.showError(message.message);
      } else {
        errorLine.textContent = message.message;
      }
      break;
    }
  }
});

// Shortcuts inside the panel (Alt, so they do not clash with the editor's own keys).
document.addEventListener('keydown', (event) => {
  if (!event.altKey || event.ctrlKey || event.metaKey) return;
  const actions: Record<string, () => void> = {
    p: () => (resumeButton.hidden ? pauseButton : resumeButton).click(),
    s: () => stopButton.click(),
    k: () => clearButton.click(),
    f: () => filterBox.focus(),
    x: () => expressionBox.focus(),
    e: () => document.getElementById('editForm')?.click(),
  };
  const action = actions[event.key.toLowerCase()];
  if (action) {
    event.preventDefault();
    action();
  }
});

send({ type: 'ready' });
requestView();
