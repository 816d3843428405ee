/**
 * End to end: the walkthrough of the installed .vsix, followed as a first-time user would:
 * Kafka: Get Started, then each step's button (add the cluster, produce the sample, tail the
 * topic), each step ticking itself off. Also checks that the .vsix carries what the
 * extension's page shows besides the README: the icon and the change log.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Locator, Page } from 'playwright-core';
import { waitFor } from '../harness/processes';
import { testKafka } from '../support/kafkaFixture';
import { withTopic } from '../support/topics';
import { tailFrame } from './tailPanel';
import { chooseQuickPickItem, enterText, quickInput, quickInputMessage, runCommand, screenshot, useWorkbench } from './workbench';

const STEPS = ['Add a Kafka cluster', 'Produce from the editor', 'Tail a topic live'];

describe('the Get Started walkthrough end to end', () => {
  // No cluster at first: the walkthrough is what a new user starts from.
  const wb = useWorkbench(() => ({}));
  let page: Page;
  let topic: string;
  before(async () => {
    page = wb.page;
    topic = await withTopic(testKafka().bootstrapServers, 'e2e-get-started');
  });

  const walkthrough = () => page.locator('.gettingStartedSlideDetails');
  const step = (title: string): Locator =>
    walkthrough().locator('button.getting-started-step', { has: page.locator('.step-title', { hasText: title }) });
  /** A step's button (the walkthrough shows a command link on a line of its own as one). */
  const stepButton = (title: string, label: string) => step(title).locator('.monaco-button', { hasText: label });
  const ticked = async (title: string) => (await step(title).getAttribute('aria-checked')) === 'true';
  const waitTicked = (title: string) =>
    waitFor(`"${title}" ticked`, async () => ((await ticked(title)) ? true : undefined), { timeoutMs: 15000 });

  async function showWalkthrough(): Promise<void> {
    await page.getByRole('tab', { name: 'Walkthrough: Kafka Explorer' }).click();
    await walkthrough().locator('h2.category-title').waitFor({ timeout: 10000 });
  }

  /** Expands a step (its button shows only then); clicking an expanded step keeps it open. */
  async function openStep(title: string): Promise<void> {
    await step(title).locator('.step-title').click();
    await waitFor(`"${title}" expanded`, async () => ((await step(title).getAttribute('aria-expanded')) === 'true' ? true : undefined), {
      timeoutMs: 10000,
    });
  }

  it("opens from Kafka: Get Started with its three steps, none done, and the step's picture drawn in the theme's colours", async () => {
    // The palette knows the extension's commands once its contributions are loaded.
    await page.locator('.activitybar [aria-label^="Kafka"]').first().waitFor({ timeout: 60000 });
    await runCommand(page, 'Kafka: Get Started');
    await walkthrough().locator('h2.category-title', { hasText: 'Get started with Kafka Explorer' }).waitFor({ timeout: 30000 });
    assert.deepEqual(await walkthrough().locator('button.getting-started-step .step-title').allTextContents(), STEPS);
    for (const title of STEPS) {
      assert.equal(await ticked(title), false, `"${title}" is not done in a fresh profile`);
    }
    // The SVG is drawn in a webview of its own, so finding its text there shows the .vsix carries it.
    await waitFor(
      "the first step's picture",
      async () => {
        for (const frame of page.frames()) {
          if (
            await frame
              .locator('svg text', { hasText: 'Add Kafka Cluster (2/5)' })
              .count()
              .catch(() => 0)
          ) {
            return true;
          }
        }
        return undefined;
      },
      { timeoutMs: 15000 },
    );
    await screenshot(page, '13-walkthrough');
  });

  it("adds the cluster through the first step's button, and the step ticks itself", async () => {
    await showWalkthrough();
    await openStep(STEPS[0]);
    await stepButton(STEPS[0], 'Add Cluster').click();
    await page.locator('.quick-input-widget', { hasText: 'Add Kafka Cluster (1/5)' }).waitFor({ timeout: 30000 });
    await enterText(page, 'walkthrough', 'Add Kafka Cluster (2/5)');
    await enterText(page, testKafka().bootstrapServers.join(','), 'Add Kafka Cluster (3/5)');
    await chooseQuickPickItem(page, 'No authentication');
    await chooseQuickPickItem(page, 'No TLS');
    await chooseQuickPickItem(page, 'No Schema Registry');
    // Ticked by the kafkaExplorer.hasClusters context, which turns true only once the cluster is saved.
    await waitTicked(STEPS[0]);
    assert.equal(await ticked(STEPS[1]), false, 'the other steps stay open');
  });

  it("produces the sample message through the second step's button", async () => {
    await showWalkthrough();
    await openStep(STEPS[1]);
    await stepButton(STEPS[1], 'Produce a Sample Message').click();
    await chooseQuickPickItem(page, topic);
    await chooseQuickPickItem(page, 'JSON (validated, compacted)');
    await chooseQuickPickItem(page, 'UTF-8 string');
    await chooseQuickPickItem(page, 'none');
    await quickInput(page).fill('alice');
    await quickInputMessage(page).filter({ hasText: '→ partition 0 of 1' }).waitFor({ timeout: 10000 });
    await quickInput(page).press('Enter');
    // The key is taken once the headers step shows; typed earlier, '' would land in the key box.
    await page.locator('.quick-input-widget', { hasText: 'Headers for' }).waitFor({ timeout: 30000 });
    await quickInput(page).fill('');
    await quickInput(page).press('Enter');
    await page.locator('.notification-toast', { hasText: `Sent to ${topic} partition 0 at offset 0.` }).waitFor({ timeout: 30000 });
    // The sample went out from an editor of its own, selected whole.
    assert.match((await page.locator('.tabs-container .tab.active').textContent()) ?? '', /Untitled/);
    await showWalkthrough();
    await waitTicked(STEPS[1]);
  });

  it("tails the topic through the third step's button and finds the sample there; every step is done", async () => {
    await showWalkthrough();
    await openStep(STEPS[2]);
    await stepButton(STEPS[2], 'Tail Topic').click();
    const frame = await tailFrame(page);
    await frame.locator('#topics').fill(topic);
    await frame.locator('#start').selectOption('earliest');
    await frame.locator('#startButton').click();
    const row = frame.locator('#rows .row', { hasText: '"orderId":"o-00042"' });
    await row.waitFor({ timeout: 30000 });
    assert.match((await row.textContent()) ?? '', /alice/);
    await showWalkthrough();
    await waitTicked(STEPS[2]);
    for (const title of STEPS) {
      assert.equal(await ticked(title), true, `"${title}" is done`);
    }
    await screenshot(page, '13-walkthrough-done');
  });

  it('was installed from a .vsix that carries the icon and the change log', () => {
    const [installed] = fs.readdirSync(wb.server.extensionsDir).filter((name) => name.startsWith('kafka-explorer.kafka-explorer-'));
    assert.ok(installed, 'the extension is installed');
    const root = path.join(wb.server.extensionsDir, installed);
    const files = fs.readdirSync(root).map((name) => name.toLowerCase());
    assert.ok(files.includes('changelog.md'), `a change log among ${files.join(', ')}`);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.ok(fs.existsSync(path.join(root, manifest.icon)), `the icon ${manifest.icon}`);
  });
});
