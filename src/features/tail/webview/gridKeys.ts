/**
 * The message grid's keyboard model, as a pure function: where a key moves the selection,
 * as a position among all the rows (0-based), in or out of the virtualized window.
 */

/** What the grid shows: `total` rows, of which positions firstVisible..lastVisible are in view. */
export interface GridView {
  readonly total: number;
  readonly firstVisible: number;
  readonly lastVisible: number;
}

export const GRID_KEYS = ['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End'] as const;
export type GridKey = (typeof GRID_KEYS)[number];

export const isGridKey = (key: string): key is GridKey => (GRID_KEYS as readonly string[]).includes(key);

/**
 * The position `key` moves to from `current` (the selected row's position, undefined when
 * no row is selected or the selected row is out of the window); undefined when the grid is
 * empty. Without a current row, Down and Page Down start at the first row in view, Up and
 * Page Up at the last (the newest while following). A page is the rows in view, less one
 * for context, as in VS Code's lists.
 */
export function gridTarget(key: GridKey, current: number | undefined, view: GridView): number | undefined {
  const last = view.total - 1;
  if (last < 0) return undefined;
  const clamp = (position: number) => Math.min(last, Math.max(0, position));
  const page = Math.max(1, view.lastVisible - view.firstVisible);
  switch (key) {
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'ArrowDown':
      return clamp(current === undefined ? view.firstVisible : current + 1);
    case 'ArrowUp':
      return clamp(current === undefined ? view.lastVisible : current - 1);
    case 'PageDown':
      return clamp(current === undefined ? view.firstVisible : current + page);
    case 'PageUp':
      return clamp(current === undefined ? view.lastVisible : current - page);
  }
}
