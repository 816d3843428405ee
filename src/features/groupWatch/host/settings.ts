import * as vscode from 'vscode';
import { SECTION } from '../../../state/settings';

/** How often a visible group panel polls its groups (seconds; at least 1). */
export function groupViewRefreshSeconds(): number {
  const value = vscode.workspace.getConfiguration(`${SECTION}.groupView`).get<number>('refreshSeconds', 5);
  return Number.isFinite(value) ? Math.max(1, value) : 5;
}
