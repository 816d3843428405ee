/**
 * The tail panel's start form: the fields, topic and partition suggestions from the
 * cluster, and a one-line summary it folds into once a tail runs (click to change).
 */
import type { TailForm } from '../protocol';
import { el } from '../../../workbench/webview/dom';

export interface StartForm {
  /** The form and its folded summary, to place in the page. */
  readonly element: HTMLElement;
  read(): TailForm;
  fill(
    form: TailForm,
    deserializers: ReadonlyArray<readonly [string, string]>,
    headerFormats: ReadonlyArray<readonly [string, string]>,
  ): void;
  /** Folds into the summary (a tail started) or opens again (a start failed, or the user asked). */
  fold(folded: boolean): void;
  /** Opens the form with the reason a start failed. */
  showError(message: string): void;
  clearError(): void;
  /** The cluster's topics and their partition counts, offered as the user types. */
  suggest(topics: ReadonlyArray<readonly [string, number]>): void;
}

const START_LABELS: ReadonlyArray<readonly [TailForm['start'], string]> = [
  ['latest', 'Latest (new messages only)'],
  ['earliest', 'Earliest'],
  ['offset', 'A specific offset'],
  ['timestamp', 'A time'],
  ['lastN', 'The last N of each partition'],
];

const END_LABELS: ReadonlyArray<readonly [TailForm['end'], string]> = [
  ['live', 'Never (tail live)'],
  ['now', 'The end, as it is now (search)'],
  ['timestamp', 'A time (search)'],
  ['offset', 'An offset (search)'],
];

function fillChoices(select: HTMLSelectElement, choices: ReadonlyArray<readonly [string, string]>): void {
  select.replaceChildren(...choices.map(([id, label]) => el('option', { text: label, attrs: { value: id } })));
}

export function createStartForm(onStart: (form: TailForm) => void): StartForm {
  const topicList = el('datalist', { attrs: { id: 'topicSuggestions' } });
  const partitionList = el('datalist', { attrs: { id: 'partitionSuggestions' } });
  const inputs = {
    topics: el('input', {
      attrs: {
        id: 'topics',
        list: 'topicSuggestions',
        placeholder: 'orders, payments — or a pattern like ^orders\\..*',
        autocomplete: 'off',
      },
    }),
    pattern: el('input', { attrs: { id: 'pattern', type: 'checkbox' } }),
    partitions: el('input', { attrs: { id: 'partitions', list: 'partitionSuggestions', placeholder: 'all', autocomplete: 'off' } }),
    start: el('select', { attrs: { id: 'start' } }),
    startValue: el('input', { attrs: { id: 'startValue', placeholder: 'offset, N, or "15 minutes ago"' } }),
    groupId: el('input', { attrs: { id: 'groupId', placeholder: 'none: every partition, nothing left on the cluster' } }),
    autoCommit: el('input', { attrs: { id: 'autoCommit', type: 'checkbox' } }),
    keyDeserializer: el('select', { attrs: { id: 'keyDeserializer' } }),
    valueDeserializer: el('select', { attrs: { id: 'valueDeserializer' } }),
    headerFormat: el('select', { attrs: { id: 'headerFormat' } }),
    maxMessages: el('input', { attrs: { id: 'maxMessages', placeholder: 'never' } }),
    idleSeconds: el('input', { attrs: { id: 'idleSeconds', placeholder: 'never' } }),
    end: el('select', { attrs: { id: 'end', title: 'A search reads to an end and stops; with an expression set, only matches are kept' } }),
    endValue: el('input', { attrs: { id: 'endValue', placeholder: 'offset, or "5 minutes ago"' } }),
  };
  fillChoices(inputs.start, START_LABELS);
  fillChoices(inputs.end, END_LABELS);
  const partitionCounts = new Map<string, number>();
  const suggestPartitions = () => {
    const first = inputs.topics.value.split(',')[0]?.trim() ?? '';
    const count = partitionCounts.get(first) ?? 0;
    partitionList.replaceChildren(...Array.from({ length: Math.min(count, 500) }, (_, p) => el('option', { attrs: { value: String(p) } })));
  };
  inputs.topics.addEventListener('input', suggestPartitions);

  const formError = el('div', { className: 'form-error', attrs: { role: 'alert', id: 'formError' } });
  const field = (label: string, input: HTMLElement) => el('label', { className: 'field' }, el('span', { text: label }), input);
  const startButton = el(
    'button',
    { className: 'primary', attrs: { id: 'startButton', type: 'submit', title: 'Start tailing (Enter)' } },
    el('span', { className: 'codicon codicon-play', attrs: { 'aria-hidden': 'true' } }),
    el('span', { text: 'Start' }),
  );
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
    field('Stop at', inputs.end),
    field('Stop value', inputs.endValue),
    field('Stop after N messages', inputs.maxMessages),
    field('Stop after idle seconds', inputs.idleSeconds),
    startButton,
    formError,
    topicList,
    partitionList,
  );
  const summaryText = el('span', { className: 'summary-text', attrs: { id: 'formSummary' } });
  const editButton = el(
    'button',
    {
      className: 'icon-button',
      attrs: {
        id: 'editForm',
        title: 'Change what is tailed (Alt+E)',
        'aria-label': 'Change what is tailed',
        'aria-keyshortcuts': 'Alt+E',
      },
    },
    el('span', { className: 'codicon codicon-edit', attrs: { 'aria-hidden': 'true' } }),
  );
  const summary = el(
    'div',
    { className: 'form-summary', attrs: { hidden: '' } },
    el('span', { className: 'codicon codicon-list-filter', attrs: { 'aria-hidden': 'true' } }),
    summaryText,
    editButton,
  );

  const read = (): TailForm => ({
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
    end: inputs.end.value as TailForm['end'],
    endValue: inputs.endValue.value,
  });

  /** "orders [0, 2] · from earliest · values as JSON · no group": what runs, on one line. */
  const describe = (f: TailForm): string => {
    const start = START_LABELS.find(([id]) => id === f.start)?.[1] ?? f.start;
    return [
      `${f.pattern ? `/${f.topics}/` : f.topics}${f.partitions.trim() ? ` [${f.partitions}]` : ''}`,
      `from ${start.toLowerCase()}${f.startValue.trim() ? ` ${f.startValue.trim()}` : ''}`,
      ...(f.end !== 'live' ? [`search to ${f.end === 'now' ? 'the end as it was' : f.endValue.trim()}`] : []),
      `keys ${f.keyDeserializer}, values ${f.valueDeserializer}`,
      f.groupId.trim() ? `group ${f.groupId.trim()}${f.autoCommit ? ' (commits)' : ''}` : 'no group',
    ].join(' · ');
  };

  const fold = (folded: boolean) => {
    form.hidden = folded;
    summary.hidden = !folded;
    summaryText.textContent = describe(read());
  };
  editButton.addEventListener('click', () => {
    fold(false);
    inputs.topics.focus();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    formError.textContent = '';
    onStart(read());
  });

  // Nothing can be typed before the host's first answer: it would overwrite what was typed.
  const controls = [...Object.values(inputs), startButton] as Array<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>;
  controls.forEach((control) => (control.disabled = true));

  return {
    element: el('div', { className: 'form-area' }, form, summary),
    read,
    fill(value, deserializers, headerFormats) {
      controls.forEach((control) => (control.disabled = false));
      for (const select of [inputs.keyDeserializer, inputs.valueDeserializer]) {
        fillChoices(select, deserializers);
      }
      fillChoices(inputs.headerFormat, headerFormats);
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
      inputs.end.value = value.end;
      inputs.endValue.value = value.endValue;
      suggestPartitions();
    },
    fold,
    showError(message) {
      fold(false);
      formError.textContent = message;
    },
    clearError() {
      formError.textContent = '';
    },
    suggest(topics) {
      partitionCounts.clear();
      topics.forEach(([name, count]) => partitionCounts.set(name, count));
      topicList.replaceChildren(...topics.map(([name]) => el('option', { attrs: { value: name } })));
      suggestPartitions();
    },
  };
}
