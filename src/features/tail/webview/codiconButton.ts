/**
 * The tail panel's buttons, made one way: the toolbar and the detail pane both use them, so
 * every button gets the same tooltip, accessible name and keyboard-shortcut attributes.
 */
import { el } from '../../../workbench/webview/dom';

/**
 * A button with a codicon and its label as text (secondary) or as tooltip only (icon). Its
 * accessible name is the label (`name` when the visible text alone says too little, e.g.
 * "NDJSON export" for the NDJSON button: the name starts with what is shown, as speech input needs).
 */
export function codiconButton(
  icon: string,
  label: string,
  id: string,
  onClick: () => void,
  options: { iconOnly?: boolean; shortcut?: string; name?: string } = {},
): HTMLButtonElement {
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
}
