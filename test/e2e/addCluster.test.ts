/**
 * End to end: the packaged .vsix installed in code-server, driven through the workbench
 * in headless Chromium like a user: palette, input boxes, the Kafka view.
 */
import * as assert from 'node:assert/strict';
import { Page } from 'playwright-core';
import { freePort } from '../harness/ports';
import { testKafka } from '../support/kafkaFixture';
import { testRegistryUrl } from '../support/registryFixture';
import { withTopic } from '../support/topics';
import {
  chooseQuickPickItem,
  enterText,
  expandRow,
  quickInput,
  quickInputMessage,
  runCommand,
  screenshot,
  treeRow,
  useWorkbench,
} from './workbench';

describe('Kafka Explorer end to end in code-server', () => {
  const wb = useWorkbench(() => ({ 'kafkaExplorer.requestTimeoutMs': 4000 }));
  let page: Page;
  before(() => {
    page = wb.page;
  });

  it('shows the welcome view with an Add Cluster button when no cluster is configured', async () => {
    await page.locator('.activitybar [aria-label^="Kafka"]').first().click();
    const welcome = page.locator('.welcome-view-content', { hasText: 'No Kafka clusters yet.' });
    await welcome.waitFor({ timeout: 30000 });
    assert.ok(await welcome.locator('a, .monaco-button', { hasText: 'Add Cluster' }).first().isVisible());
    await screenshot(page, '01-welcome');
  });

  it('refuses a malformed address in the input box, then adds the cluster and lists its topics', async () => {
    const topic = await withTopic(testKafka().bootstrapServers, 'e2e-orders', { partitions: 3 });

    await runCommand(page, 'Kafka: Add Cluster');
    const input = quickInput(page);
    await enterText(page, 'local e2e', 'Bootstrap servers');
    await input.fill('localhost');
    await quickInputMessage(page).filter({ hasText: 'has no port' }).waitFor({ timeout: 10000 });
    await screenshot(page, '02-malformed-address');
    await quickInput(page).press('Enter'); // refused: the box stays open
    assert.ok(await input.isVisible(), 'the input box stays open on invalid input');

    await enterText(page, testKafka().bootstrapServers.join(','), 'Add Kafka Cluster (3/5)');
    await chooseQuickPickItem(page, 'No authentication');
    await chooseQuickPickItem(page, 'No TLS');
    await chooseQuickPickItem(page, 'Schema Registry…');
    await page.locator('.quick-input-widget', { hasText: 'Schema Registry URL' }).waitFor();
    await input.fill('localhost:8081');
    await quickInputMessage(page).filter({ hasText: 'starts with http' }).waitFor({ timeout: 10000 });
    await input.fill(await testRegistryUrl());
    await quickInput(page).press('Enter');
    await chooseQuickPickItem(page, 'No authentication');

    const clusterRow = await expandRow(page, 'local e2e');
    await expandRow(page, 'Topics');
    const topicRow = treeRow(page, topic);
    await topicRow.waitFor({ timeout: 30000 });
    assert.match((await topicRow.textContent()) ?? '', /3 partitions · RF 1 · ~0 msgs/);
    await screenshot(page, '03-cluster-with-topic');
    await clusterRow.click(); // collapse again for the next test
  });

  it('shows an unreachable cluster as an error node with the reason', async () => {
    const port = await freePort();
    await runCommand(page, 'Kafka: Add Cluster');
    await enterText(page, 'unreachable', 'Bootstrap servers');
    await enterText(page, `127.0.0.1:${port}`, 'Add Kafka Cluster (3/5)');
    await chooseQuickPickItem(page, 'No authentication');
    await chooseQuickPickItem(page, 'No TLS');
    await chooseQuickPickItem(page, 'No Schema Registry');

    await treeRow(page, 'unreachable').waitFor({ timeout: 30000 });
    const started = Date.now();
    await expandRow(page, 'unreachable');
    const errorRow = treeRow(page, 'connection refused');
    await errorRow.waitFor({ timeout: 15000 });
    assert.ok(Date.now() - started < 10000, `error shown after ${Date.now() - started} ms`);
    assert.ok(await errorRow.locator('.codicon-error').isVisible());
    await screenshot(page, '04-unreachable-cluster');
  });
});
