/**
 * The tail panel's histogram: messages per time bucket, stacked by partition, drawn on a canvas
 * in the theme's chart colours. Dragging across it asks for that time range (the table then
 * shows only those rows, and the histogram zooms in); the clear button shows everything again.
 * Labels are canvas text (never HTML), so nothing from Kafka can become markup here.
 */
import type { TailHistogram } from '../protocol';
import { chartPalette, clock, prepareCanvas, seriesColour, swatch } from '../../../workbench/webview/chart';
import { el } from '../../../workbench/webview/dom';

const HEIGHT = 64;
const DRAW_MS = 1000;

export interface Histogram {
  readonly element: HTMLElement;
  show(histogram: TailHistogram | undefined, zoomed: boolean): void;
}

export function createHistogram(onRange: (range: { from: number; to: number } | undefined) => void): Histogram {
  const canvas = el('canvas', {
    attrs: { id: 'histogram', height: String(HEIGHT), role: 'img', 'aria-label': 'Messages per time bucket, stacked by partition' },
  });
  const legend = el('div', { className: 'histogram-legend', attrs: { id: 'histogramLegend' } });
  const clear = el(
    'button',
    {
      className: 'icon-button',
      attrs: { id: 'clearTimeRange', title: 'Show every time again', 'aria-label': 'Show every time again', type: 'button', hidden: '' },
    },
    el('span', { className: 'codicon codicon-zoom-out' }),
  );
  const element = el(
    'div',
    { className: 'histogram', attrs: { hidden: '' } },
    canvas,
    el('div', { className: 'histogram-foot' }, legend, clear),
  );
  let current: TailHistogram | undefined;
  let dragFrom: number | undefined;
  let dragTo: number | undefined;

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
    if (dragFrom !== undefined && dragTo !== undefined) {
      g.fillStyle = palette.selection;
      g.globalAlpha = 0.5;
      g.fillRect(Math.min(dragFrom, dragTo), 0, Math.abs(dragTo - dragFrom), HEIGHT);
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
