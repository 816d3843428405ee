/** Small helpers for driving VS Code's web workbench with Playwright. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as assert from 'node:assert/strict';
import { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from '../harness/browser';
import { CodeServer, CodeServerOptions, startCodeServer } from '../harness/codeServer';
import { repoRoot, resultsDir } from '../harness/paths';
import { waitFor } from '../harness/processes';

export const screenshotDir = path.join(resultsDir, 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Where the README's pictures live (see docsPicture). */
export const docsImagesDir = path.join(repoRoot, 'docs/images');

/**
 * A picture for the README: the window in the Light Modern theme (READMEs are mostly read on
 * white pages), saved as test-results/screenshots/docs-<name>.png and, when the run is asked
 * to with KE_UPDATE_DOCS_IMAGES=1, as docs/images/<name>.png to commit. Only on request: the
 * pictures differ from run to run (times, offsets), so every test run would change tracked
 * files. Leaves the workbench in the light theme.
 */
export async function docsPicture(page: Page, name: string): Promise<string> {
  assert.match(name, /^[a-z0-9-]+$/, 'a picture name is a plain file name');
  await setColorTheme(page, 'Light Modern');
  const file = await screenshot(page, `docs-${name}`);
  if (process.env.KE_UPDATE_DOCS_IMAGES === '1') {
    fs.mkdirSync(docsImagesDir, { recursive: true });
    fs.copyFileSync(file, path.join(docsImagesDir, `${name}.png`));
  }
  return file;
}

/** The colour themes the tests use: the class each puts on the workbench and on a webview's body. */
const THEMES = {
  'Light Modern': { workbench: 'vs', webview: 'vscode-light' },
  'Dark Modern': { workbench: 'vs-dark', webview: 'vscode-dark' },
  'Dark High Contrast': { workbench: 'hc-black', webview: 'vscode-high-contrast' },
} as const;
export type ColorTheme = keyof typeof THEMES;

/** The theme classes of each open webview's body; frames without one (the workbench's own) are left out. */
async function webviewThemes(page: Page): Promise<string[][]> {
  const classes = await Promise.all(
    page.frames().map((frame) =>
      frame
        .locator('body')
        .getAttribute('class', { timeout: 1000 })
        .catch(() => null),
    ),
  );
  return classes
    .map((names) => (names ?? '').split(/\s+/).filter((name) => /^vscode-(light|dark|high-contrast)/.test(name)))
    .filter((names) => names.length > 0);
}

/**
 * Chooses a colour theme through the palette, as a user would, unless it is on already, and
 * waits until the workbench and every open webview (they take the colours from the
 * workbench a moment later) wear it.
 */
export async function setColorTheme(page: Page, theme: ColorTheme): Promise<void> {
  const { workbench, webview } = THEMES[theme];
  const themed = page.locator(`.monaco-workbench.${workbench}`);
  if ((await themed.count()) === 0) {
    // The palette row that is exactly "Preferences: Color Theme" (not the Marketplace browser), then the installed theme.
    await page.keyboard.press('F1');
    await quickInput(page).fill('>Preferences: Color Theme');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: /^Preferences: Color Theme/ })
      .first()
      .click();
    await quickInput(page).fill(theme);
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^${theme}`) })
      .first()
      .click();
  }
  await themed.waitFor({ timeout: 15000 });
  let seen: string[][] = [];
  await waitFor(
    `every webview in ${theme}`,
    async () => ((seen = await webviewThemes(page)).every((names) => names.includes(webview)) ? true : undefined),
    {
      timeoutMs: 15000,
      seen: () => JSON.stringify(seen),
    },
  );
}

export async function openWorkbench(page: Page, url: string): Promise<void> {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  // The activity bar appears once the workbench has restored its parts.
  await page.locator('.activitybar').waitFor({ timeout: 60000 });
}

/** Drags the primary side bar's edge until the bar is `width` pixels wide (long tree labels then show whole). */
export async function resizeSideBar(page: Page, width: number): Promise<void> {
  const sideBar = page.locator('.part.sidebar');
  const box = await sideBar.boundingBox();
  assert.ok(box, 'the side bar is shown');
  const y = box.y + box.height / 2;
  // The sash that resizes the bar lies on its right edge.
  await page.mouse.move(box.x + box.width, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
  let seen = box.width;
  await waitFor(
    `the side bar ${width} px wide`,
    async () => (Math.abs((seen = (await sideBar.boundingBox())?.width ?? 0) - width) <= 4 ? true : undefined),
    {
      timeoutMs: 5000,
      seen: () => `${seen} px`,
    },
  );
}

/** Runs a command by its palette title, as a user would. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = quickInput(page);
  await input.waitFor();
  await input.fill(`>${title}`);
  await acceptActiveRow(page, title, `>${title}`);
}

/**
 * VS Code's own reload (it saves the open editors first, a bare page reload may not), waited for
 * from before it starts: under load the reloaded page could finish loading while runCommand still
 * waited for its quick input to close, and a wait for "load" begun after that never ended.
 */
export async function reloadWindow(page: Page): Promise<void> {
  const loaded = page.waitForEvent('load', { timeout: 120000 });
  await runCommand(page, 'Developer: Reload Window');
  await loaded;
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
}

/** A row whose text starts with `text`: "File: New Untitled Text File" is not "File: Compare New Untitled Text Files". */
const startingWith = (text: string): RegExp => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

/**
 * Makes the row holding `text` the active one (the arrow keys walk the list, as a user would
 * when the filter puts another row first), presses Enter in the quick input, and waits until
 * the quick input took it: it closed or moved on (its input no longer holds `typed`). On a
 * busy machine the list may still be filtering when the text is typed; and Enter goes to the
 * input itself, since a webview that takes the focus would swallow a page-level key press while
 * the pick (ignoreFocusOut) stays open.
 */
async function acceptActiveRow(page: Page, text: string, typed: string): Promise<void> {
  const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  const wanted = rows.filter({ hasText: startingWith(text) }).first();
  const active = page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused').first();
  const input = quickInput(page);
  await wanted.waitFor({ timeout: 30000 });
  let seen = '';
  await waitFor(
    `the quick pick's active row to be "${text}"`,
    async () => {
      seen = (await active.textContent().catch(() => null)) ?? '(none)';
      if (startingWith(text).test(seen)) {
        return true;
      }
      if (seen !== '(none)') {
        await input.press('ArrowDown');
      }
      return undefined;
    },
    { timeoutMs: 30000, seen: () => `"${seen}" with "${typed}" typed` },
  );
  await input.press('Enter');
  await waitFor(
    `the quick pick to take "${text}"`,
    async () => ((await input.isVisible()) && (await input.inputValue()) === typed ? undefined : true),
    { timeoutMs: 30000 },
  );
}

export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget .quick-input-box input');
}

/** The message under the quick input (validation errors appear there). */
export function quickInputMessage(page: Page): Locator {
  return page.locator('.quick-input-widget .quick-input-message');
}

export function treeRow(page: Page, text: string): Locator {
  return page.locator('.monaco-list-row', { hasText: text }).first();
}

/** Chooses an item of the open quick pick by typing its label and pressing Enter once it is the active row. */
export async function chooseQuickPickItem(page: Page, label: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
  await quickInput(page).fill(label);
  await acceptActiveRow(page, label, label);
}

/**
 * Types `value` into the open input box and accepts it, until the box shows `next` (the next
 * step's title or prompt). On a busy machine an Enter pressed while the box still validates can
 * be lost: it is pressed again while the box still holds `value` and has not moved on.
 */
export async function enterText(page: Page, value: string, next: string): Promise<void> {
  const input = quickInput(page);
  const nextStep = page.locator('.quick-input-widget', { hasText: next });
  await input.fill(value);
  await waitFor(
    `the input box to take "${value}" and show "${next}"`,
    async () => {
      if (await nextStep.isVisible()) {
        return true;
      }
      if ((await input.inputValue().catch(() => '')) === value) {
        await input.press('Enter');
      }
      return undefined;
    },
    { timeoutMs: 30000, intervalMs: 1000 },
  );
}

/** Closes a quick input a failed test left open, so the next test starts from the workbench. */
export async function closeQuickInput(page: Page): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  for (let i = 0; i < 5 && (await widget.isVisible()); i++) {
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => undefined);
  }
}

/**
 * Expands a tree row. A click can land while the view is redrawing (after a settings
 * change, say) and be lost, so this checks aria-expanded and clicks again if needed.
 */
export async function expandRow(page: Page, text: string | RegExp, timeoutMs = 30000): Promise<Locator> {
  const row = page.locator('.monaco-list-row', { hasText: text }).first();
  const deadline = Date.now() + timeoutMs;
  await row.waitFor({ timeout: timeoutMs });
  while ((await row.getAttribute('aria-expanded')) !== 'true') {
    if (Date.now() > deadline) {
      throw new Error(`row ${String(text)} did not expand`);
    }
    await row.click();
    await page.waitForTimeout(300);
  }
  return row;
}

export interface WorkbenchSession {
  readonly page: Page;
  readonly server: CodeServer;
}

/**
 * Registers the hooks of an e2e suite: code-server with the packaged .vsix installed
 * (settings from `settings()`), headless Chromium on the workbench, a screenshot of each
 * failed test, and everything closed at the end. Use the returned object inside tests.
 */
export function useWorkbench(settings: () => Promise<Record<string, unknown>> | Record<string, unknown>): WorkbenchSession {
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const session = {
    get page(): Page {
      assert.ok(page, 'the workbench is not open');
      return page;
    },
    get server(): CodeServer {
      assert.ok(server, 'code-server is not running');
      return server;
    },
  };
  before(async () => {
    const vsix = path.join(repoRoot, 'dist/kafka-explorer.vsix');
    assert.ok(fs.existsSync(vsix), `${vsix} is missing: run npm run package first`);
    const options: CodeServerOptions = { vsix, settings: await settings() };
    server = await startCodeServer(options);
    browser = await launchChromium();
    page = await browser.newPage();
    await openWorkbench(page, `${server.url}/?folder=${encodeURIComponent(server.workspace)}`);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await screenshot(page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
      await closeQuickInput(page);
    }
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return session;
}
