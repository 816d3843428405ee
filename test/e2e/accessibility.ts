/**
 * Accessibility checks in a webview's frame: axe-core, and where the focus is and how it
 * shows. The webview's CSP lets no script tag in, so the axe source goes in through Playwright's evaluation (DevTools protocol, not subject to the
 * page's CSP). Every violation is written to test-results/axe-<panel>-<theme>.json and a
 * one-line summary printed; a serious or critical one fails the test, with the rule, its
 * impact, where and what to do.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Frame } from 'playwright-core';
import { repoRoot, resultsDir } from '../harness/paths';

export interface AxeViolation {
  readonly id: string;
  readonly impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  readonly help: string;
  readonly helpUrl: string;
  readonly nodes: ReadonlyArray<{ readonly target: readonly unknown[]; readonly html: string; readonly failureSummary?: string }>;
}

const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const;

let axeSource: string | undefined;

/** Runs every axe rule on the frame's document as it is now; returns all violations, failing on serious or critical ones. */
export async function checkAccessibility(frame: Frame, panel: string, theme: string): Promise<AxeViolation[]> {
  axeSource ??= fs.readFileSync(path.join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');
  if (!(await frame.evaluate('typeof window.axe === "object"'))) {
    await frame.evaluate(axeSource);
  }
  // A string: the test build has no DOM types, and the page's `axe` and `document` are all it uses.
  const run = (await frame.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((result) => ({
      version: result.testEngine.version,
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
      })),
    }))`)) as { version: string; violations: AxeViolation[] };
  const { violations } = run;

  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `axe-${panel}-${theme}.json`);
  fs.writeFileSync(file, JSON.stringify({ panel, theme, axe: run.version, violations }, null, 2) + '\n');
  const byImpact = IMPACTS.map((impact) => `${violations.filter((v) => v.impact === impact).length} ${impact}`);
  const rules = violations.map((v) => `${v.id} (${v.impact})`).join(', ');
  console.log(`      axe ${run.version} ${panel} in ${theme}: ${byImpact.join(', ')}${rules ? `: ${rules}` : ''}`);

  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.equal(
    blocking.length,
    0,
    `axe found ${blocking.length} serious or critical violation(s) in the ${panel} panel in ${theme} (all in ${file}):\n` +
      blocking
        .map(
          (v) =>
            `  ${v.id} (${v.impact}): ${v.help} ${v.helpUrl}\n` +
            v.nodes.map((n) => `    at ${JSON.stringify(n.target)}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`).join('\n'),
        )
        .join('\n'),
  );
  return violations;
}

export interface FocusedElement {
  readonly id: string;
  readonly rowIndex: string | null;
  /** The focused element's outline style and colour, "solid rgb(0, 120, 212)". */
  readonly outline: string;
  /** The theme's --vscode-focusBorder as a computed colour, to compare with the outline's. */
  readonly focusBorder: string;
}

/** The frame's focused element: its id, aria-rowindex and outline, and the theme's focus colour. */
export function focusedElement(frame: Frame): Promise<FocusedElement> {
  // A string: the test build has no DOM types.
  return frame.evaluate(`(() => {
    const e = document.activeElement;
    const probe = document.body.appendChild(document.createElement('div'));
    probe.style.color = 'var(--vscode-focusBorder)';
    const focusBorder = getComputedStyle(probe).color;
    probe.remove();
    const style = getComputedStyle(e);
    return { id: e.id, rowIndex: e.getAttribute('aria-rowindex'), outline: style.outlineStyle + ' ' + style.outlineColor, focusBorder };
  })()`) as Promise<FocusedElement>;
}
