/**
 * The rows the user chose in the tail panel: the selected row (the grid marks it, the detail
 * pane shows it) and the rows picked for Send to Topic. The one place the grid, the detail
 * pane and the toolbar share what was chosen, instead of each keeping a copy.
 */

/** A click's or a key's choice: one row (picks cleared), a row's pick toggled (ctrl-click, Space), or a range from the selection (shift). */
export type Choice = 'one' | 'toggle' | 'range';

export class RowSelection {
  /** The row the detail pane shows. */
  private selected: number | undefined;
  /** Rows picked one by one: ctrl/cmd-click or Space toggles one. */
  private readonly picked = new Set<number>();
  /** Ranges picked with shift: from the row selected then to the row clicked. */
  private readonly ranges: Array<[number, number]> = [];

  get selectedId(): number | undefined {
    return this.selected;
  }

  isPicked(id: number): boolean {
    return this.picked.has(id) || this.ranges.some(([a, b]) => id >= Math.min(a, b) && id <= Math.max(a, b));
  }

  /** Selects row `id`, and picks as `how` says. */
  choose(id: number, how: Choice): void {
    if (how === 'range' && this.selected !== undefined) {
      this.ranges.push([this.selected, id]);
    } else if (how === 'toggle') {
      if (this.picked.has(id)) this.picked.delete(id);
      else this.picked.add(id);
    } else {
      this.picked.clear();
      this.ranges.length = 0;
    }
    this.selected = id;
  }

  /** How many rows were picked one by one, and whether a range was picked (its size only the host knows). */
  picks(): { readonly count: number; readonly ranges: boolean } {
    return { count: this.picked.size, ranges: this.ranges.length > 0 };
  }

  /** The picks as Send to Topic asks for them (none: every row that matches the filter). */
  forSendToTopic(): { ids: number[]; ranges: Array<readonly [number, number]> } {
    return { ids: [...this.picked], ranges: this.ranges.map(([a, b]) => [a, b] as const) };
  }
}
