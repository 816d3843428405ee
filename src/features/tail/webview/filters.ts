/**
 * The tail panel's filters: the text and partition boxes, the CEL expression bar with the
 * topic's saved expressions, and the time range dragged on the histogram. All of them travel
 * in one `filter` request (the host filters, see host/filter.ts), so they live together here.
 */
import type { TailHistogram, TailRequest } from '../protocol';
import { el } from '../../../workbench/webview/dom';
import { codiconButton } from './codiconButton';
import { createHistogram } from './histogram';

export interface Filters {
  /** The text and partition boxes, placed in the toolbar. */
  readonly textBox: HTMLInputElement;
  readonly partitionBox: HTMLInputElement;
  /** The CEL expression's own row, with the saved expressions and the button that saves one. */
  readonly expressionBar: HTMLElement;
  readonly histogram: HTMLElement;
  /** Whether any filter is set: an export then takes only the matching rows. */
  filtering(): boolean;
  showHistogram(histogram: TailHistogram | undefined): void;
  /** The expressions saved for the tail's topics, newest first. */
  showSaved(expressions: readonly string[]): void;
  /** Marks the expression as one the host could not use (its filter request failed), or clears the mark. */
  markExpression(invalid: boolean): void;
  focusText(): void;
  focusExpression(): void;
}

export function createFilters(send: (request: TailRequest) => void): Filters {
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
  filterBox.title = 'Filter key, value and headers (Alt+F)';
  expressionBox.title = "Filter expression (CEL) over key, value, headers, partition, offset, timestamp, and kafbat's record.* (Alt+X)";
  const expressionBar = el(
    'div',
    { className: 'toolbar expression-bar' },
    el('span', { className: 'codicon codicon-symbol-operator', attrs: { 'aria-hidden': 'true' } }),
    expressionBox,
    savedFilters,
    codiconButton(
      'save',
      'Save expression for this topic',
      'saveFilter',
      () => send({ type: 'saveFilter', expression: expressionBox.value }),
      {
        iconOnly: true,
      },
    ),
  );

  return {
    textBox: filterBox,
    partitionBox,
    expressionBar,
    histogram: histogram.element,
    filtering: () => timeRange !== undefined || filterBox.value !== '' || partitionBox.value !== '' || expressionBox.value.trim() !== '',
    showHistogram: (counts) => histogram.show(counts, timeRange !== undefined),
    showSaved(expressions) {
      savedFilters.replaceChildren(...expressions.map((expression) => el('option', { attrs: { value: expression } })));
    },
    markExpression(invalid) {
      if (invalid) expressionBox.setAttribute('aria-invalid', 'true');
      else expressionBox.removeAttribute('aria-invalid');
    },
    focusText: () => filterBox.focus(),
    focusExpression: () => expressionBox.focus(),
  };
}
