/**
 * The tail panel's detail pane: the selected message decoded as the chosen format, its key,
 * headers and raw bytes, and what can be done with it (open in an editor, copy as kcat,
 * produce again). Every string from Kafka goes in as text.
 */
import type { TailDetail, TailForm, TailRequest } from '../protocol';
import { el, visible } from '../../../workbench/webview/dom';
import { codiconButton } from './codiconButton';

export interface DetailPane {
  readonly element: HTMLElement;
  /** The deserializers the value may be shown as, by id and label. */
  setDeserializers(deserializers: ReadonlyArray<readonly [string, string]>): void;
  /** Asks the host for row `id`, decoded as the chosen format (none chosen yet: as the host detects). */
  request(id: number): void;
  show(detail: TailDetail): void;
}

/** `selectedId` says which row the pane shows (the grid chooses it). */
export function createDetailPane(send: (request: TailRequest) => void, selectedId: () => number | undefined): DetailPane {
  const detailFormat = el('select', { attrs: { id: 'detailFormat', 'aria-labelledby': 'detailFormatLabel' } });
  const deserializer = () => detailFormat.value as TailForm['valueDeserializer'];
  detailFormat.addEventListener('change', () => {
    const id = selectedId();
    if (id !== undefined) send({ type: 'select', id, deserializer: deserializer() });
  });
  const detailMeta = el('div', { className: 'detail-meta', attrs: { id: 'detailMeta' } });
  const detailValue = el('pre', { className: 'detail-value', attrs: { id: 'detailValue' } });
  const detailRaw = el('pre', { className: 'detail-raw', attrs: { id: 'detailRaw' } });
  const showWhole = codiconButton('unfold', 'Show all', 'showWhole', () => {
    const id = selectedId();
    if (id !== undefined) send({ type: 'select', id, deserializer: deserializer(), whole: true });
  });
  showWhole.hidden = true;
  const onSelected = (type: 'openInEditor' | 'copyKcat' | 'produceAgain') => () => {
    const id = selectedId();
    if (id !== undefined) send({ type, id });
  };
  const element = el(
    'div',
    { className: 'detail' },
    el(
      'div',
      { className: 'detail-bar' },
      el('span', { text: 'Value as ', attrs: { id: 'detailFormatLabel' } }),
      detailFormat,
      codiconButton('go-to-file', 'Open in editor', 'openInEditor', onSelected('openInEditor')),
      codiconButton('copy', 'Copy as kcat command', 'copyKcat', onSelected('copyKcat')),
      codiconButton('debug-restart', 'Produce again…', 'produceAgain', onSelected('produceAgain')),
    ),
    detailMeta,
    detailValue,
    showWhole,
    el('div', { text: 'Raw bytes (hex)', className: 'detail-title' }),
    detailRaw,
  );

  return {
    element,
    setDeserializers(deserializers) {
      detailFormat.replaceChildren(...deserializers.map(([id, label]) => el('option', { text: label, attrs: { value: id } })));
    },
    request(id) {
      send({ type: 'select', id, deserializer: deserializer() || undefined });
    },
    show(d) {
      detailFormat.value = d.deserializer;
      const schema = d.valueSchema ? ` · ${d.valueSchema}${d.valueNotes?.length ? ` · ${d.valueNotes.join(' · ')}` : ''}` : '';
      detailMeta.textContent = `detected ${d.valueFormat}${schema}${d.valueError ? ` — ${d.valueError}` : ''} · key ${visible(d.key)} · ${d.headers.length} header(s)${d.headers.length ? ': ' + d.headers.map(([k, v]) => `${visible(k)}=${visible(v)}`).join(', ') : ''}`;
      detailValue.textContent = d.valuePretty;
      showWhole.hidden = d.valueLength === undefined;
      showWhole.lastElementChild!.textContent =
        d.valueLength === undefined ? 'Show all' : `Show all ${d.valueLength.toLocaleString()} characters`;
      detailRaw.textContent = d.rawHex.replace(/(.{2})/g, '$1 ').replace(/((?:\S\S ){16})/g, '$1\n');
    },
  };
}
