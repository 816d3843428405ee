/**
 * The webviews' charts, drawn on a canvas in the theme's chart colours: the tail panel's
 * histogram and the group panel's lag over time share the palette, the canvas set-up, the
 * clock labels, the legend swatches and the nice axis steps. Labels are canvas text or
 * textContent, never HTML, so nothing from Kafka can become markup. No chart library: two
 * small charts do not justify one more dependency under the CSP.
 */
import { ChartTable, clock } from './chartText';
import { el } from './dom';

export { clock };

const SERIES_VARIABLES = ['blue', 'orange', 'green', 'purple', 'red', 'yellow'].map((name) => `--vscode-charts-${name}`);

export interface ChartPalette {
  readonly series: readonly string[];
  readonly selection: string;
  readonly text: string;
  readonly grid: string;
}

/** The theme's chart colours, read once per draw: reading styles per bar would cost a style recalculation each. */
export function chartPalette(): ChartPalette {
  const style = getComputedStyle(document.body);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    series: SERIES_VARIABLES.map((name) => read(name, '#888')),
    selection: read('--vscode-editor-selectionBackground', 'rgba(128,128,128,0.3)'),
    text: read('--vscode-descriptionForeground', '#888'),
    grid: read('--vscode-panel-border', 'rgba(128,128,128,0.35)'),
  };
}

export const seriesColour = (palette: ChartPalette, i: number): string => palette.series[i % palette.series.length];

/** Sizes the canvas for the screen's pixel ratio and returns a context in CSS pixels. */
export function prepareCanvas(canvas: HTMLCanvasElement, height: number): CanvasRenderingContext2D | null {
  canvas.width = canvas.clientWidth * devicePixelRatio;
  canvas.height = height * devicePixelRatio;
  const g = canvas.getContext('2d');
  g?.scale(devicePixelRatio, devicePixelRatio);
  return g;
}

/**
 * A legend entry: a square in the series' colour and its name, as text. The name keeps the
 * legend's own colour: in the series' colour it would be too faint to read in light themes
 * (on Light Modern's white, its blue is 3.6:1, orange 2.9:1, green 4.3:1; text needs 4.5:1).
 */
export function swatch(name: string, colour: string): HTMLElement {
  const mark = el('span', { className: 'swatch-mark', text: '■', attrs: { 'aria-hidden': 'true' } });
  mark.style.color = colour;
  return el('span', { className: 'swatch' }, mark, document.createTextNode(` ${name}`));
}

/**
 * A chart's text equivalent: the canvas is an image named by the summary and described by a
 * visually hidden table of its data (chartText.ts words both), refreshed as the chart redraws.
 */
export function describeChart(canvas: HTMLCanvasElement, table: HTMLTableElement, summary: string, data: ChartTable): void {
  canvas.setAttribute('aria-label', summary);
  table.replaceChildren(
    el('caption', { text: data.caption }),
    el('thead', {}, el('tr', {}, ...data.headers.map((h) => el('th', { text: h, attrs: { scope: 'col' } })))),
    el(
      'tbody',
      {},
      ...data.rows.map((cells) =>
        el('tr', {}, ...cells.map((c, i) => (i === 0 ? el('th', { text: c, attrs: { scope: 'row' } }) : el('td', { text: c })))),
      ),
    ),
  );
}

/** The smallest 1, 2 or 5 × 10^n at or above `value`: axis maxima people read at a glance. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((m) => m * power >= value) ?? 10) * power;
}

export interface TimeSeriesChart {
  readonly times: readonly number[];
  readonly series: ReadonlyArray<{ readonly name: string; readonly values: readonly number[] }>;
}

const AXIS_LEFT = 64;
const AXIS_BOTTOM = 18;

/**
 * Lines, or areas stacked in series order (the top edge is the total), over time. NaN is a
 * gap (a group not polled then). Returns the y-axis maximum it used.
 */
export function drawTimeSeries(canvas: HTMLCanvasElement, height: number, chart: TimeSeriesChart, stacked: boolean): number {
  const g = prepareCanvas(canvas, height);
  const width = canvas.clientWidth;
  if (!g) return 0;
  const palette = chartPalette();
  const { times, series } = chart;
  const tops = times.map((_, t) =>
    stacked
      ? series.reduce((sum, s) => sum + (Number.isNaN(s.values[t]) ? 0 : s.values[t]), 0)
      : Math.max(0, ...series.map((s) => (Number.isNaN(s.values[t]) ? 0 : s.values[t]))),
  );
  const max = niceCeiling(Math.max(0, ...tops));
  const plotWidth = Math.max(1, width - AXIS_LEFT - 8);
  const plotHeight = height - AXIS_BOTTOM - 6;
  const [from, to] = [times[0] ?? 0, times[times.length - 1] ?? 1];
  const x = (t: number) => AXIS_LEFT + (to === from ? plotWidth : ((t - from) / (to - from)) * plotWidth);
  const y = (v: number) => 6 + plotHeight - (v / max) * plotHeight;

  g.font = `11px ${getComputedStyle(document.body).fontFamily}`;
  g.fillStyle = palette.text;
  g.strokeStyle = palette.grid;
  g.lineWidth = 1;
  for (const share of [0, 0.5, 1]) {
    const value = max * share;
    g.beginPath();
    g.moveTo(AXIS_LEFT, Math.round(y(value)) + 0.5);
    g.lineTo(AXIS_LEFT + plotWidth, Math.round(y(value)) + 0.5);
    g.stroke();
    g.textAlign = 'right';
    g.fillText(value.toLocaleString('en-US'), AXIS_LEFT - 6, y(value) + 4);
  }
  if (times.length > 0) {
    g.textAlign = 'left';
    g.fillText(clock(from).slice(11), AXIS_LEFT, height - 4);
    g.textAlign = 'right';
    g.fillText(clock(to).slice(11), AXIS_LEFT + plotWidth, height - 4);
  }

  const base = times.map(() => 0);
  series.forEach((s, i) => {
    const colour = seriesColour(palette, i);
    g.strokeStyle = colour;
    g.fillStyle = colour;
    g.lineWidth = 1.5;
    if (stacked) {
      const top = s.values.map((v, t) => base[t] + (Number.isNaN(v) ? 0 : v));
      g.beginPath();
      times.forEach((t, k) => (k === 0 ? g.moveTo(x(t), y(top[k])) : g.lineTo(x(t), y(top[k]))));
      for (let k = times.length - 1; k >= 0; k--) g.lineTo(x(times[k]), y(base[k]));
      g.closePath();
      g.globalAlpha = 0.55;
      g.fill();
      g.globalAlpha = 1;
      top.forEach((v, t) => (base[t] = v));
    } else {
      g.beginPath();
      let drawing = false;
      s.values.forEach((v, k) => {
        if (Number.isNaN(v)) {
          drawing = false;
        } else if (drawing) {
          g.lineTo(x(times[k]), y(v));
        } else {
          g.moveTo(x(times[k]), y(v));
          drawing = true;
        }
      });
      g.stroke();
    }
    if (times.length === 1) {
      g.fillRect(x(times[0]) - 2, y(stacked ? base[0] : s.values[0]) - 2, 4, 4);
    }
  });
  return max;
}
