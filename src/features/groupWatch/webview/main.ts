/**
 * The group panel's browser side: lag over time (stacked per partition, or lines; one line
 * per group when several are compared), each group's rates, catch-up estimate, members and
 * partitions. It keeps no state the host cannot send again, and renders every string from
 * Kafka with textContent only.
 */
import type { ChartMode, GroupHostToWebview, GroupRequest, GroupViewState, SavedGroupView, WatchedGroupView } from '../protocol';
import { chartPalette, clock, describeChart, drawTimeSeries, seriesColour, swatch } from '../../../workbench/webview/chart';
import { lagSummary, lagTable } from '../../../workbench/webview/chartText';
import { el } from '../../../workbench/webview/dom';
import { openHostChannel } from '../../../workbench/webview/hostChannel';
// Bundled by esbuild into media/dist/<feature>.css beside the script.
import './styles.css';

const host = openHostChannel<GroupRequest, SavedGroupView>();
const send = (request: GroupRequest) => host.send(request);

const CHART_HEIGHT = 220;
/** The polls the chart's hidden data table lists, the newest: read aloud as the chart's description, it must end soon. */
const TABLE_POLLS = 20;
let current: GroupViewState | undefined;

/** An icon button named by its tooltip; `shortcut` ("Alt+S") is told to assistive technology too. */
const iconButton = (id: string, icon: string, title: string, onClick: () => void, shortcut?: string) => {
  const button = el(
    'button',
    {
      className: 'icon-button',
      attrs: { id, title, 'aria-label': title, type: 'button', ...(shortcut ? { 'aria-keyshortcuts': shortcut } : {}) },
    },
    el('span', { className: `codicon codicon-${icon}`, attrs: { 'aria-hidden': 'true' } }),
  );
  button.addEventListener('click', onClick);
  return button;
};

const heading = el('h1', { className: 'title', attrs: { id: 'title' } });
const stackedButton = iconButton(
  'modeStacked',
  'layers',
  'Stacked: lag per partition, the top edge is the total (Alt+S)',
  () => send({ type: 'setMode', mode: 'stacked' }),
  'Alt+S',
);
const linesButton = iconButton(
  'modeLines',
  'graph-line',
  'Lines: one per partition (Alt+L)',
  () => send({ type: 'setMode', mode: 'lines' }),
  'Alt+L',
);
const compareButton = el(
  'button',
  {
    className: 'secondary',
    attrs: { id: 'addGroup', type: 'button', title: 'Compare with another group of this cluster (Alt+C)', 'aria-keyshortcuts': 'Alt+C' },
  },
  el('span', { className: 'codicon codicon-add', attrs: { 'aria-hidden': 'true' } }),
  el('span', { text: 'Compare with Group…' }),
);
compareButton.addEventListener('click', () => send({ type: 'addGroup' }));
const refreshButton = iconButton('refresh', 'refresh', 'Refresh now (Alt+R)', () => send({ type: 'refresh' }), 'Alt+R');
const note = el('span', { className: 'note', attrs: { id: 'pollNote' } });
const errorLine = el('div', { className: 'request-error', attrs: { id: 'requestError', role: 'alert' } });
const chartTitle = el('div', { className: 'chart-title', attrs: { id: 'chartTitle' } });
const canvas = el('canvas', {
  attrs: {
    id: 'lagChart',
    height: String(CHART_HEIGHT),
    role: 'img',
    'aria-label': 'Consumer lag over time',
    'aria-describedby': 'lagData',
  },
});
const chartData = el('table', { className: 'visually-hidden', attrs: { id: 'lagData' } });
const legend = el('div', { className: 'legend', attrs: { id: 'legend' } });
const groupsBox = el('div', { className: 'groups', attrs: { id: 'groups' } });

const app = document.getElementById('app')!;
app.setAttribute('role', 'main');
app.append(
  el(
    'div',
    { className: 'toolbar' },
    heading,
    el('span', { className: 'spacer' }),
    stackedButton,
    linesButton,
    el('span', { className: 'separator' }),
    refreshButton,
    compareButton,
  ),
  note,
  errorLine,
  el('div', { className: 'chart' }, chartTitle, canvas, chartData, legend),
  groupsBox,
);

/** The chart the text equivalent was made for: a resize redraws, the words stay. */
let described: GroupViewState['chart'] | undefined;
function drawChart(): void {
  if (!current) return;
  const chart = current.chart;
  // Several groups compare best as lines: stacking totals of different groups means nothing.
  const stacked = current.mode === 'stacked' && current.groups.length === 1;
  const max = drawTimeSeries(canvas, CHART_HEIGHT, chart, stacked);
  const palette = chartPalette();
  chartTitle.textContent = `${chart.title}${stacked ? ' (stacked)' : ''} · up to ${max.toLocaleString('en-US')} messages`;
  legend.replaceChildren(...chart.series.map((s, i) => swatch(s.name, seriesColour(palette, i))));
  if (described !== chart) {
    described = chart;
    const byGroup = current.groups.length > 1;
    describeChart(canvas, chartData, lagSummary(chart, byGroup), lagTable(chart, byGroup, TABLE_POLLS));
  }
}

const table = (headers: readonly string[], rows: ReadonlyArray<readonly string[]>, className: string) =>
  el(
    'table',
    { className },
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { text: h, attrs: { scope: 'col' } })))),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((c) => el('td', { text: c, title: c }))))),
  );

function groupCard(group: WatchedGroupView, removable: boolean): HTMLElement {
  const remove = removable
    ? iconButton(`remove-${group.groupId}`, 'close', `Stop comparing ${group.groupId}`, () =>
        send({ type: 'removeGroup', groupId: group.groupId }),
      )
    : null;
  const figures = el(
    'div',
    { className: 'figures' },
    el('span', { text: group.type ? `${group.type} group` : '' }),
    el('span', { text: `state ${group.state}` }),
    el('span', { className: 'lag', text: `lag ${BigInt(group.totalLag || '0').toLocaleString('en-US')}` }),
    el('span', { text: group.consumeRate ? `consumes ${group.consumeRate}` : '' }),
    el('span', { text: group.produceRate ? `topics grow ${group.produceRate}` : '' }),
  );
  const estimate = el('div', { className: `estimate ${group.trend}`, text: group.estimate, attrs: { 'data-trend': group.trend } });
  const members =
    group.members.length === 0
      ? el('div', { className: 'note', text: 'No members: nobody is consuming for this group.' })
      : table(
          ['member', 'host', 'assigned partitions'],
          group.members.map((m) => [m.clientId || m.memberId, m.host, m.assignment]),
          'members',
        );
  const partitions = table(
    ['topic', 'partition', group.positionName || 'committed', 'end', 'lag', 'member'],
    group.partitions.map((p) => [p.topic, String(p.partition), p.committed, p.latest, p.lag, p.member]),
    'partitions',
  );
  return el(
    'section',
    { className: 'group', attrs: { 'data-group': group.groupId } },
    el('div', { className: 'group-head' }, el('h2', { text: group.groupId }), remove),
    figures,
    estimate,
    group.error ? el('div', { className: 'request-error', text: `Last refresh failed: ${group.error}` }) : null,
    members,
    partitions,
  );
}

function render(state: GroupViewState): void {
  current = state;
  // Kept by VS Code across a window reload: the panel comes back watching the same groups.
  host.setState({ clusterName: state.clusterName, groupIds: state.groups.map((g) => g.groupId), mode: state.mode });
  heading.textContent = `${state.clusterName} · ${state.groups.map((g) => g.groupId).join(', ')}`;
  stackedButton.classList.toggle('active', state.mode === 'stacked');
  linesButton.classList.toggle('active', state.mode === 'lines');
  stackedButton.setAttribute('aria-pressed', String(state.mode === 'stacked'));
  linesButton.setAttribute('aria-pressed', String(state.mode === 'lines'));
  note.textContent = `Refreshes every ${state.refreshSeconds} s while this panel is visible${state.polledAt ? ` · last ${clock(state.polledAt)} UTC` : ''}`;
  groupsBox.replaceChildren(...state.groups.map((g) => groupCard(g, state.groups.length > 1)));
  drawChart();
}

new ResizeObserver(() => drawChart()).observe(canvas);

window.addEventListener('message', (event: MessageEvent<GroupHostToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'state':
      render(message.state);
      break;
    case 'done':
      host.settle(message);
      errorLine.textContent = '';
      break;
    case 'failed':
      host.settle(message);
      errorLine.textContent = message.message;
      break;
  }
});

document.addEventListener('keydown', (event) => {
  if (!event.altKey || event.ctrlKey || event.metaKey) return;
  const modes: Record<string, ChartMode> = { s: 'stacked', l: 'lines' };
  const key = event.key.toLowerCase();
  if (modes[key]) send({ type: 'setMode', mode: modes[key] });
  else if (key === 'r') send({ type: 'refresh' });
  else if (key === 'c') send({ type: 'addGroup' });
  else return;
  event.preventDefault();
});

send({ type: 'ready' });
