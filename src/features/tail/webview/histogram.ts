/**
 * The tail panel's histogram: messages per time bucket, stacked by partition, drawn on a canvas
 * in the theme's chart colours. Dragging across it asks for that time range (the table then
 * shows only those rows, and the histogram zooms in); the clear button shows everything again.
 * Labels are canvas text (never HTML), so nothing from Kafka can become markup here.
 * From the keyboard: the arrow keys (Home, End; with Shift to extend) mark bars, Enter asks for
 * their time range, Escape lets go. Its text equivalent is a summary as the canvas's name and
 * a visually hidden table of the bars.
 */
import type { TailHistogram } from '../protocol';
import { chartPalette, clock, describeChart, prepareCanvas, seriesColour, swatch } from '../../../workbench/webview/chart';
import { histogramSummary, histogramTable } from '../../../workbench/webview/chartText';
import { el } from '../../../workbench/webview/dom';

const HEIGHT = 64;
const DRAW_MS = 1000;

export interface Histogram {
  readonly element: HTMLElement;
  show(histogram: TailHistogram | undefined, zoomed: boolean): void;
}

export function createHistogram(onRange: (range: { from: number; to: number } | undefined) => void): Histogram {
  const canvas = el('canvas', {
    attrs: {
      id: 'histogram',
      height: String(HEIGHT),
      role: 'img',
      tabindex: '0',
      'aria-label': 'Messages per time bucket, stacked by partition',
      'aria-describedby': 'histogramData',
    },
  });
  const data = el('table', { className: 'visually-hidden', attrs: { id: 'histogramData' } });
  const legend = el('div', { className: 'histogram-legend', attrs: { id: 'histogramLegend' } });
  const clear = el(
    'button',
    {
      className: 'icon-button',
      attrs: { id: 'clearTimeRange', title: 'Show every time again', 'aria-label': 'Show every time again', type: 'button', hidden: '' },
    },
    el('span', { className: 'codicon codicon-zoom-out', attrs: { 'aria-hidden': 'true' } }),
  );
  const element = el(
    'div',
    { className: 'histogram', attrs: { hidden: '' } },
    canvas,
    data,
    el('div', { className: 'histogram-foot' }, legend, clear),
  );
  let current: TailHistogram | undefined;
  let dragFrom: number | undefined;
  let dragTo: number | undefined;
  /** The bars marked from the keyboard: from `anchor` to `head`, indices into current.counts. */
  let marked: { anchor: number; head: number } | undefined;
  let described: TailHistogram | undefined;

  const timeAt = (x: number): number | undefined => {
    if (!current) return undefined;
    const share = Math.min(1, Math.max(0, x / canvas.clientWidth));
    return Math.round(current.from + share * current.counts.length * current.bucketMs);
  };

  const draw = () => {
    const width = canvas.clientWidth;
    const g = prepareCanvas(canvas, HEIGHT);
    if (!g || !current) return;
    const palette = chartPalette();
    const colour = (i: number) => seriesColour(palette, i);
    const max = Math.max(1, ...current.counts.map((bucket) => bucket.reduce((a, b) => a + b, 0)));
    const barWidth = width / current.counts.length;
    current.counts.forEach((bucket, i) => {
      let y = HEIGHT;
      bucket.forEach((count, s) => {
        const h = (count / max) * (HEIGHT - 2);
        g.fillStyle = colour(s);
        g.fillRect(i * barWidth + 0.5, y - h, Math.max(1, barWidth - 1), h);
        y -= h;
      });
    });
    const bars = marked && markedBars();
    const [selFrom, selTo] = bars ? [bars[0] * barWidth, (bars[1] + 1) * barWidth] : [dragFrom, dragTo];
    if (selFrom !== undefined && selTo !== undefined) {
      g.fillStyle = palette.selection;
      g.globalAlpha = 0.5;
      g.fillRect(Math.min(selFrom, selTo), 0, Math.abs(selTo - selFrom), HEIGHT);
      g.globalAlpha = 1;
    }
    const end = current.from + current.counts.length * current.bucketMs;
    const swatches = current.series.map((name, i) => swatch(name, colour(i)));
    legend.replaceChildren(
      el('span', {
        text: `${clock(current.from)} – ${clock(end)} · ${current.bucketMs.toLocaleString()} ms a bar · up to ${max.toLocaleString()} · `,
      }),
      ...swatches,
    );
    if (described !== current) {
      described = current;
      describeChart(
        canvas,
        data,
        `${histogramSummary(current)}. Arrow keys mark bars, Enter shows only their messages.`,
        histogramTable(current),
      );
    }
  };

  /** The marked bars, first and last, within the bars there are now. */
  const markedBars = (): [number, number] | undefined => {
    if (!marked || !current) return undefined;
    const last = current.counts.length - 1;
    const [a, b] = [Math.min(last, marked.anchor), Math.min(last, marked.head)];
    return [Math.min(a, b), Math.max(a, b)];
  };

  canvas.addEventListener('mousedown', (event) => {
    dragFrom = event.offsetX;
    dragTo = event.offsetX;
  });
  canvas.addEventListener('mousemove', (event) => {
    if (dragFrom === undefined) return;
    dragTo = event.offsetX;
    draw();
  });
  window.addEventListener('mouseup', () => {
    if (dragFrom === undefined || dragTo === undefined) return;
    const [a, b] = [timeAt(Math.min(dragFrom, dragTo)), timeAt(Math.max(dragFrom, dragTo))];
    const moved = Math.abs(dragTo - dragFrom) >= 3;
    dragFrom = dragTo = undefined;
    if (moved && a !== undefined && b !== undefined) onRange({ from: a, to: b });
    draw();
  });
  canvas.addEventListener('keydown', (event) => {
    if (!current || event.altKey || event.ctrlKey || event.metaKey) return;
    const last = current.counts.length - 1;
    const head = marked?.head ?? last;
    const moves: Record<string, number> = {
      ArrowLeft: marked ? head - 1 : last,
      ArrowRight: marked ? head + 1 : last,
      Home: 0,
      End: last,
    };
    if (event.key in moves) {
      const next = Math.min(last, Math.max(0, moves[event.key]));
      marked = { anchor: event.shiftKey && marked ? marked.anchor : next, head: next };
    } else if (event.key === 'Enter' && marked) {
      const [a, b] = markedBars()!;
      marked = undefined;
      onRange({ from: current.from + a * current.bucketMs, to: current.from + (b + 1) * current.bucketMs - 1 });
    } else if (event.key === 'Escape' && marked) {
      marked = undefined;
    } else {
      return;
    }
    event.preventDefault();
    draw();
  });
  canvas.addEventListener('blur', () => {
    if (marked) {
      marked = undefined;
      draw();
    }
  });
  clear.addEventListener('click', () => onRange(undefined));
  new ResizeObserver(() => draw()).observe(canvas);

  /** At most one draw per DRAW_MS while messages pour in: the status comes ten times a second. */
  let drawTimer: number | undefined;
  let lastDraw = 0;
  const drawSoon = () => {
    if (drawTimer !== undefined) return;
    drawTimer = window.setTimeout(
      () => {
        drawTimer = undefined;
        lastDraw = performance.now();
        draw();
      },
      Math.max(0, lastDraw + DRAW_MS - performance.now()),
    );
  };

  return {
    element,
    show(histogram, zoomed) {
      current = histogram;
      element.hidden = histogram === undefined;
      clear.hidden = !zoomed;
      drawSoon();
    },
  };
}
