/**
 * The tail panel's browser side: puts the start form, toolbar, filters, status lines, message
 * grid and detail pane in the page, wires them to each other and to the host, and hands each
 * message from the host to the part it is for. It holds no state the host cannot replay, and
 * renders every string from Kafka with textContent only (see dom.ts).
 */
import type { HostToWebview, SavedTail, TailForm, TailRequest, TailStatus } from '../protocol';
import { el } from '../../../workbench/webview/dom';
import { openHostChannel } from '../../../workbench/webview/hostChannel';
import { createDetailPane } from './detailPane';
import { createFilters } from './filters';
import { createMessageGrid } from './messageGrid';
import { RowSelection } from './rowSelection';
import { createStartForm } from './startForm';
import { createStatusLines } from './statusLines';
import { createToolbar } from './toolbar';
// Bundled by esbuild into media/dist/<feature>.css beside the script.
import './styles.css';

const host = openHostChannel<TailRequest, SavedTail>();
const send = (request: TailRequest) => host.send(request);

const app = document.getElementById('app')!;
app.setAttribute('role', 'main');
/** The page's heading, for screen readers' heading navigation; the tab's title says the same to the eye. */
const pageHeading = el('h1', { className: 'visually-hidden', text: 'Tail' });

let clusterName = '';
/** VS Code keeps this across a window reload: the panel comes back with its form (see panels.ts). */
const saveState = (form: TailForm) => host.setState({ clusterName, form });
const startForm = createStartForm((form) => {
  saveState(form);
  send({ type: 'start', form });
});

/** Whether the form was folded for the running tail (the user may open it again meanwhile). */
let folded = false;
/** While a tail runs, the form is a one-line summary: the rows get the room. */
function foldFormWhileLive(state: TailStatus['state']): void {
  const live = ['starting', 'running', 'paused'].includes(state);
  if (live && !folded) {
    startForm.fold(true);
  }
  folded = live;
}

const selection = new RowSelection();
const filters = createFilters(send);
const statusLines = createStatusLines();
const detailPane = createDetailPane(send, () => selection.selectedId);
const toolbar = createToolbar({ send, filters, selection, onFollow: (follow) => grid.setFollow(follow) });
const grid = createMessageGrid({
  send,
  selection,
  onChoose: (id) => {
    detailPane.request(id);
    toolbar.showPicks(selection.picks());
  },
  onFollow: (follow) => toolbar.showFollow(follow),
});

app.append(
  pageHeading,
  startForm.element,
  toolbar.element,
  filters.expressionBar,
  ...statusLines.elements,
  filters.histogram,
  grid.element,
  detailPane.element,
);

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      detailPane.setDeserializers(message.deserializers);
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
      filters.showSaved(message.expressions);
      break;
    case 'rows':
      grid.showRows(message.total, message.start, message.rows);
      break;
    case 'status':
      statusLines.show(message.status);
      filters.showHistogram(message.status.histogram);
      toolbar.showState(message.status.state);
      foldFormWhileLive(message.status.state);
      break;
    case 'detail':
      detailPane.show(message.detail);
      break;
    // A failed start shows under the form, others in the error line.
    case 'done': {
      const type = host.settle(message);
      if (type === 'start') startForm.clearError();
      if (type === 'filter') filters.markExpression(false);
      statusLines.showError('');
      break;
    }
    case 'failed': {
      const type = host.settle(message);
      if (type === 'filter') filters.markExpression(true);
      if (type === 'start') {
        startForm.showError(message.message);
      } else {
        statusLines.showError(message.message);
      }
      break;
    }
  }
});

// Shortcuts inside the panel (Alt, so they do not clash with the editor's own keys).
document.addEventListener('keydown', (event) => {
  if (!event.altKey || event.ctrlKey || event.metaKey) return;
  const actions: Record<string, () => void> = {
    p: () => toolbar.pauseOrResume(),
    s: () => toolbar.stop(),
    k: () => toolbar.clear(),
    f: () => filters.focusText(),
    x: () => filters.focusExpression(),
    e: () => document.getElementById('editForm')?.click(),
  };
  const action = actions[event.key.toLowerCase()];
  if (action) {
    event.preventDefault();
    action();
  }
});

send({ type: 'ready' });
grid.requestView();
