/**
 * End to end: the explorer's depth on a lived-in cluster (the demo's sample data):
 * brokers, topics, partitions with offsets, and a consumer group with lag.
 */
import * as assert from 'node:assert/strict';
import { Page } from 'playwright-core';
import { KafkaCluster, startKafkaCluster } from '../harness/kafka';
import { LAGGING_GROUP, SAMPLE_TOPICS, seedSampleData } from '../harness/sampleData';
import { chooseQuickPickItem, expandRow, quickInput, quickInputMessage, runCommand, screenshot, treeRow, useWorkbench } from './workbench';

describe('the Clusters tree end to end on sample data', () => {
  // A broker of its own: only the sample data, so the screenshot shows what a user would see.
  let kafka: KafkaCluster;
  const wb = useWorkbench(async () => {
    kafka = await startKafkaCluster();
    await seedSampleData(kafka.bootstrapServers);
    return { 'kafkaExplorer.clusters': [{ name: 'sample', bootstrapServers: kafka.bootstrapServers }] };
  });
  let page: Page;
  before(() => {
    page = wb.page;
  });
  after(() => kafka?.stop());

  it('shows brokers, topics with partitions and offsets, and a consumer group with lag', async () => {
    await page.locator('.activitybar [aria-label^="Kafka"]').first().click();
    await expandRow(page, 'sample');
    await expandRow(page, 'Brokers');
    const broker = treeRow(page, 'broker 1');
    await broker.waitFor({ timeout: 30000 });
    assert.match((await broker.textContent()) ?? '', /controller/);

    await expandRow(page, 'Topics');
    const orders = page.locator('.monaco-list-row', { hasText: /^orders/ }).first();
    await orders.waitFor({ timeout: 30000 });
    assert.match((await orders.textContent()) ?? '', /6 partitions · RF 1 · ~1,200 msgs/);
    await expandRow(page, /^orders/);
    const partition = treeRow(page, 'partition 0');
    await partition.waitFor({ timeout: 30000 });
    assert.match((await partition.textContent()) ?? '', /leader 1 · replicas \[1\] · isr \[1\] · offsets 0–\d+/);

    await expandRow(page, 'Consumer Groups');
    const group = treeRow(page, LAGGING_GROUP);
    await group.waitFor({ timeout: 30000 });
    assert.match((await group.textContent()) ?? '', /Empty · 0 members · lag 600/);
    await expandRow(page, LAGGING_GROUP);
    await treeRow(page, `${SAMPLE_TOPICS.orders} [0]`).waitFor({ timeout: 30000 });
    await screenshot(page, '05-explorer-brokers-topics-partitions-group-lag');
  });

  it('produces the editor\'s text as a keyed message and shows where it went', async () => {
    await page.keyboard.press('Control+N');
    await page.locator('.monaco-editor textarea').first().waitFor();
    await page.keyboard.type('{"order": 42, "customer": "alice"}');
    await page.keyboard.press('Control+A');
    await runCommand(page, 'Kafka: Produce Selection');
    await chooseQuickPickItem(page, SAMPLE_TOPICS.logs);
    await chooseQuickPickItem(page, 'JSON (validated, compacted)');
    await chooseQuickPickItem(page, 'UTF-8 string');
    // zstd is written by WASM: this shows the packaged .vsix carries zstd.wasm.
    await chooseQuickPickItem(page, 'zstd');
    const input = quickInput(page);
    await input.fill('alice');
    await quickInputMessage(page).filter({ hasText: '→ partition 0 of 1' }).waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
    await input.fill('source: e2e');
    await page.keyboard.press('Enter');
    const notification = page.locator('.notification-toast', { hasText: `Sent to ${SAMPLE_TOPICS.logs} partition 0 at offset 200.` });
    await notification.waitFor({ timeout: 30000 });
    await screenshot(page, '06-produce-selection-result');
  });
});
