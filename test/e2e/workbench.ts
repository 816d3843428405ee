/** Small helpers for driving VS Code's web workbench with Playwright. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as assert from 'node:assert/strict';
import { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from '../harness/browser';
import { CodeServer, CodeServerOptions, startCodeServer } from '../harness/codeServer';
import { repoRoot, resultsDir } from '../harness/paths';

export const screenshotDir = path.join(resultsDir, 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export async function openWorkbench(page: Page, url: string): Promise<void> {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  // The activity bar appears once the workbench has restored its parts.
  await page.locator('.activitybar').waitFor({ timeout: 60000 });
}

/** Runs a command by its palette title, as a user would. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = quickInput(page);
  await input.waitFor();
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor();
  await page.keyboard.press('Enter');
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

/** Chooses an item of the open quick pick by typing its label and pressing Enter. */
export async function chooseQuickPickItem(page: Page, label: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
  await quickInput(page).fill(label);
  await page.keyboard.press('Enter');
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
    }
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return session;
}
