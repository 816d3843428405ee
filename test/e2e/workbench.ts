/** Small helpers for driving VS Code's web workbench with Playwright. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Locator, Page } from 'playwright-core';
import { resultsDir } from '../harness/paths';

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
