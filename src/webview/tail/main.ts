/**
 * The tail panel's browser side: start form, toolbar, virtualized message table and
 * detail pane. It holds no state the host cannot replay, and renders every string from
 * Kafka with textContent only (see dom.ts).
 */
import type { HostToWebview, RequestEnvelope, TailDetail, TailForm, TailRequest, TailRow, TailStatus } from '../../tail/protocol';
import { el, visible } from './dom';

declare function acquireVsCodeApi(): { postMessage(message: RequestEnvelope): void };

const vscode = acquireVsCodeApi();
/** Requests still waiting for their done or failed, by id: a failed start shows under the form, others in the error line. */
const pending = new Map<number, TailRequest['type']>();
let nextRequestId = 1;
const send = (request: TailRequest) => {
  const requestId = nextRequestId++;
  pending.set(requestId, request.type);
  vscode.postMessage({ requestId, request });
};

const ROW_HEIGHT = 22;

/** The host's (filtered) buffer holds `total` rows; `windowRows` are those from `windowStart`. */
let total = 0;
let windowStart = 0;
let windowRows: readonly TailRow[] = [];
let selectedId: number | undefined;
let follow = true;

const app = document.getElementById('app')!;

// ---- start form -------------------------------------------------------------------
const formError = el('div', { className: 'form-error', attrs: { role: 'alert' } });
const inputs = {
  topics: el('input', { attrs: { id: 'topics', placeholder: 'orders, payments — or a pattern like ^orders\\..*' } }),
  pattern: el('input', { attrs: { id: 'pattern', type: 'checkbox' } }),
  partitions: el('input', { attrs: { id: 'partitions', placeholder: 'all' } }),
  start: el('select', { attrs: { id: 'start' } }),
  startValue: el('input', { attrs: { id: 'startValue', placeholder: 'offset, N, or "15 minutes ago"' } }),
  groupId: el('input', { attrs: { id: 'groupId', placeholder: 'none: an ephemeral group that leaves nothing behind' } }),
  autoCommit: el('input', { attrs: { id: 'autoCommit', type: 'checkbox' } }),
  keyDeserializer: el('select', { attrs: { id: 'keyDeserializer' } }),
  valueDeserializer: el('select', { attrs: { id: 'valueDeserializer' } }),
  headerFormat: el('select', { attrs: { id: 'headerFormat' } }),
  maxMessages: el('input', { attrs: { id: 'maxMessages', placeholder: 'never' } }),
  idleSeconds: el('input', { attrs: { id: 'idleSeconds', placeholder: 'never' } }),
};
for (const [value, label] of [['latest', 'Latest (new messages only)'], ['earliest', 'Earliest'], ['offset', 'A specific offset'], ['timestamp', 'A time'], ['lastN', 'The last N of each partition']]) {
  inputs.start.appendChild(el('option', { text: label, attrs: { value } }));
}
const field = (label: string, input: HTMLElement) => el('label', { className: 'field' }, el('span', { text: label }), input);
const startButton = el('button', { text: 'Start', attrs: { id: 'startButton' } });
const form = el(
  'form',
  { className: 'start-form' },
  field('Topics', inputs.topics),
  field('Regex', inputs.pattern),
  field('Partitions', inputs.partitions),
  field('Start at', inputs.start),
  field('Start value', inputs.startValue),
  field('Consumer group', inputs.groupId),
  field('Auto-commit', inputs.autoCommit),
  field('Key as', inputs.keyDeserializer),
  field('Value as', inputs.valueDeserializer),
  field('Headers as', inputs.headerFormat),
  field('Stop after N messages', inputs.maxMessages),
  field('Stop after idle seconds', inputs.idleSeconds),
  startButton,
  formError,
);
form.addEventListener('submit', (event) => {
  event.preventDefault();
  formError.textContent = '';
  send({ type: 'start', form: readForm() });
});

function readForm(): TailForm {
  return {
    topics: inputs.topics.value,
    pattern: inputs.pattern.checked,
    partitions: inputs.partitions.value,
    start: inputs.start.value as TailForm['start'],
    startValue: inputs.startValue.value,
    groupId: inputs.groupId.value,
    autoCommit: inputs.autoCommit.checked,
    keyDeserializer: inputs.keyDeserializer.value as TailForm['keyDeserializer'],
    valueDeserializer: inputs.valueDeserializer.value as TailForm['valueDeserializer'],
    headerFormat: inputs.headerFormat.value as TailForm['headerFormat'],
    maxMessages: inputs.maxMessages.value,
    idleSeconds: inputs.idleSeconds.value,
  };
}

function fillChoices(select: HTMLSelectElement, choices: ReadonlyArray<readonly [string, string]>): void {
  select.replaceChildren(...choices.map(([id, label]) => el('option', { text: label, attrs: { value: id } })));
}

function fillForm(value: TailForm): void {
  inputs.topics.value = value.topics;
  inputs.pattern.checked = value.pattern;
  inputs.partitions.value = value.partitions;
  inputs.start.value = value.start;
  inputs.startValue.value = value.startValue;
  inputs.groupId.value = value.groupId;
  inputs.autoCommit.checked = value.autoCommit;
  inputs.keyDeserializer.value = value.keyDeserializer;
  inputs.valueDeserializer.value = value.valueDeserializer;
  inputs.headerFormat.value = value.headerFormat;
  inputs.maxMessages.value = value.maxMessages;
  inputs.idleSeconds.value = value.idleSeconds;
}

// ---- toolbar and status -----------------------------------------------------------
const button = (text: string, id: string, onClick: () => void) => {
  const b = el('button', { text, attrs: { id } });
  b.addEventListener('click', onClick);
  return b;
};
const pauseButton = button('Pause', 'pause', () => send({ type: 'pause' }));
const resumeButton = button('Resume', 'resume', () => send({ type: 'resume' }));
const followBox = el('input', { attrs: { id: 'follow', type: 'checkbox' } });
followBox.checked = true;
followBox.addEventListener('change', () => {
  follow = followBox.checked;
  requestView();
});
const filterBox = el('input', { attrs: { id: 'filter', placeholder: 'filter key, value, headers' } });
const partitionBox = el('input', { attrs: { id: 'partitionFilter', placeholder: 'partition' } });
let filterTimer: number | undefined;
for (const box of [filterBox, partitionBox]) {
  box.addEventListener('input', () => {
    window.clearTimeout(filterTimer);
    filterTimer = window.setTimeout(() => send({ type: 'filter', text: filterBox.value, partition: partitionBox.value }), 150);
  });
}
const statusLine = el('div', { className: 'status', attrs: { id: 'status', role: 'status' } });
/** Why the last request failed (export, produce again, ...), until the next one succeeds. */
const errorLine = el('div', { className: 'request-error', attrs: { id: 'requestError', role: 'alert' } });
const partitionCounts = el('div', { className: 'partition-counts', attrs: { id: 'partitionCounts' } });
const toolbar = el(
  'div',
  { className: 'toolbar' },
  pauseButton,
  resumeButton,
  button('Stop', 'stop', () => send({ type: 'stop' })),
  button('Clear', 'clear', () => send({ type: 'clear' })),
  el('label', { className: 'inline' }, followBox, el('span', { text: 'Follow newest' })),
  filterBox,
  partitionBox,
  button('Export NDJSON', 'exportNdjson', () => send({ type: 'export', format: 'ndjson', filtered: filterBox.value !== '' || partitionBox.value !== '' })),
  button('Export JSON', 'exportJson', () => send({ type: 'export', format: 'json', filtered: filterBox.value !== '' || partitionBox.value !== '' })),
);

function showStatus(status: TailStatus): void {
  const parts = [
    status.state,
    `${status.total.toLocaleString()} messages`,
    `${status.ratePerSecond.toLocaleString()}/s`,
    `${status.buffered.toLocaleString()} kept`,
    ...(status.dropped > 0 ? [`${status.dropped.toLocaleString()} oldest dropped (buffer full)`] : []),
    ...(status.detail ? [status.detail] : []),
  ];
  statusLine.textContent = parts.join(' · ');
  showPartitionCounts(status.perPartition);
  statusLine.dataset.state = status.state;
  pauseButton.disabled = status.state !== 'running';
  resumeButton.disabled = status.state !== 'paused';
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
const header = el('div', { className: 'row header' }, ...COLUMNS.map(([name, label]) => el('span', { className: `cell ${name}`, text: label })));
const spacer = el('div', { className: 'spacer' });
const viewport = el('div', { className: 'viewport', attrs: { id: 'rows', tabindex: '0', role: 'grid', 'aria-label': 'Messages (arrow keys select)' } }, spacer);
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

let renderQueued = false;
function render(): void {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    spacer.style.height = `${total * ROW_HEIGHT}px`;
    if (follow) viewport.scrollTop = viewport.scrollHeight;
    const nodes = windowRows.map((row, i) => {
      const line = el(
        'div',
        { className: `row${row.id === selectedId ? ' selected' : ''}${row.batchError ? ' batch-error' : ''}`, attrs: { 'data-id': String(row.id), role: 'row', 'aria-selected': String(row.id === selectedId) } },
        ...COLUMNS.map(([name]) => {
          const text = name === 'timestamp' ? timeOf(row.timestamp) : String(row[name]);
          return el('span', { className: `cell ${name}`, text: visible(text), title: name === 'value' ? row.valueFormat : name === 'key' ? row.keyFormat : '' });
        }),
      );
      line.style.top = `${(windowStart + i) * ROW_HEIGHT}px`;
      return line;
    });
    spacer.replaceChildren(...nodes);
  });
}

function selectRow(id: number): void {
  selectedId = id;
  send({ type: 'select', id, deserializer: detailFormat.value as TailForm['valueDeserializer'] || undefined });
  render();
}

spacer.addEventListener('click', (event) => {
  const line = (event.target as HTMLElement).closest('.row') as HTMLElement | null;
  if (line?.dataset.id) {
    selectRow(Number(line.dataset.id));
  }
});

// Up and down move the selection (and the detail) through the rows, scrolling as needed.
viewport.addEventListener('keydown', (event) => {
  const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
  if (step === 0 || windowRows.length === 0) return;
  event.preventDefault();
  const index = windowRows.findIndex((row) => row.id === selectedId);
  const nextIndex = index === -1 ? (step > 0 ? 0 : windowRows.length - 1) : index + step;
  const next = windowRows[nextIndex];
  if (!next) return;
  selectRow(next.id);
  const top = (windowStart + nextIndex) * ROW_HEIGHT;
  if (top < viewport.scrollTop) {
    viewport.scrollTop = top;
  } else if (top + ROW_HEIGHT > viewport.scrollTop + viewport.clientHeight) {
    viewport.scrollTop = top + ROW_HEIGHT - viewport.clientHeight;
  }
});

// ---- detail pane -------------------------------------------------------------------
const detailFormat = el('select', { attrs: { id: 'detailFormat' } });
detailFormat.addEventListener('change', () => {
  if (selectedId !== undefined) send({ type: 'select', id: selectedId, deserializer: detailFormat.value as TailForm['valueDeserializer'] });
});
const detailMeta = el('div', { className: 'detail-meta', attrs: { id: 'detailMeta' } });
const detailValue = el('pre', { className: 'detail-value', attrs: { id: 'detailValue' } });
const detailRaw = el('pre', { className: 'detail-raw', attrs: { id: 'detailRaw' } });
const showWhole = button('Show all', 'showWhole', () => {
  if (selectedId !== undefined) send({ type: 'select', id: selectedId, deserializer: detailFormat.value as TailForm['valueDeserializer'], whole: true });
});
showWhole.hidden = true;
const onSelected = (type: 'openInEditor' | 'copyKcat' | 'produceAgain') => () => selectedId !== undefined && send({ type, id: selectedId });
const detail = el(
  'div',
  { className: 'detail' },
  el(
    'div',
    { className: 'detail-bar' },
    el('span', { text: 'Value as ' }),
    detailFormat,
    button('Open in editor', 'openInEditor', onSelected('openInEditor')),
    button('Copy as kcat command', 'copyKcat', onSelected('copyKcat')),
    button('Produce again…', 'produceAgain', onSelected('produceAgain')),
  ),
  detailMeta,
  detailValue,
  showWhole,
  el('div', { text: 'Raw bytes (hex)', className: 'detail-title' }),
  detailRaw,
);

function showDetail(d: TailDetail): void {
  detailFormat.value = d.deserializer;
  detailMeta.textContent = `detected ${d.valueFormat}${d.valueError ? ` — ${d.valueError}` : ''} · key ${visible(d.key)} · ${d.headers.length} header(s)${d.headers.length ? ': ' + d.headers.map(([k, v]) => `${visible(k)}=${visible(v)}`).join(', ') : ''}`;
  detailValue.textContent = d.valuePretty;
  showWhole.hidden = d.valueLength === undefined;
  showWhole.textContent = d.valueLength === undefined ? 'Show all' : `Show all ${d.valueLength.toLocaleString()} characters`;
  detailRaw.textContent = d.rawHex.replace(/(.{2})/g, '$1 ').replace(/((?:\S\S ){16})/g, '$1\n');
}

app.append(form, toolbar, statusLine, errorLine, partitionCounts, el('div', { className: 'table' }, header, viewport), detail);

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      for (const select of [inputs.keyDeserializer, inputs.valueDeserializer, detailFormat]) {
        fillChoices(select, message.deserializers);
      }
      fillChoices(inputs.headerFormat, message.headerFormats);
      fillForm(message.form);
      document.title = `Tail on ${message.clusterName}`;
      break;
    case 'rows':
      total = message.total;
      windowStart = message.start;
      windowRows = message.rows;
      render();
      break;
    case 'status':
      showStatus(message.status);
      break;
    case 'detail':
      showDetail(message.detail);
      break;
    case 'done':
      if (pending.get(message.requestId) === 'start') formError.textContent = '';
      pending.delete(message.requestId);
      errorLine.textContent = '';
      break;
    case 'failed': {
      const type = message.requestId === undefined ? undefined : pending.get(message.requestId);
      if (message.requestId !== undefined) pending.delete(message.requestId);
      if (type === 'start') {
        formError.textContent = message.message;
      } else {
        errorLine.textContent = message.message;
      }
      break;
    }
  }
});

send({ type: 'ready' });
requestView();
