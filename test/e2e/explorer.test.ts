/**
 * End to end: the explorer's depth on a lived-in cluster (the demo's sample data):
 * brokers, topics, partitions with offsets, and a consumer group with lag.
 */
import * as assert from 'node:assert/strict';
import { Page } from 'playwright-core';
import { KafkaCluster, startKafkaCluster } from '../harness/kafka';
import { waitFor } from '../harness/processes';
import { LAGGING_GROUP, sampleOrder, SAMPLE_TOPICS, seedSampleData } from '../harness/sampleData';
import { tailFromEarliest } from './tailPanel';
import {
  chooseQuickPickItem,
  docsPicture,
  expandRow,
  quickInput,
  quickInputMessage,
  resizeSideBar,
  runCommand,
  screenshot,
  treeRow,
  useWorkbench,
} from './workbench';

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

  it("produces the editor's text as a keyed message and shows where it went", async () => {
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
    await quickInput(page).press('Enter');
    // The key is taken once the headers step shows; typed earlier, the headers would land in the key box.
    await page.locator('.quick-input-widget', { hasText: 'Headers for' }).waitFor({ timeout: 30000 });
    await input.fill('source: e2e');
    await quickInput(page).press('Enter');
    const notification = page.locator('.notification-toast', { hasText: `Sent to ${SAMPLE_TOPICS.logs} partition 0 at offset 200.` });
    await notification.waitFor({ timeout: 30000 });
    await screenshot(page, '06-produce-selection-result');
    // The README's first picture: the tree with lag, a message just produced and where it went,
    // once the progress note is gone and the bar is wide enough for the lag to show.
    await page.locator('.notification-toast', { hasText: 'Sending 1 message' }).waitFor({ state: 'hidden', timeout: 10000 });
    await resizeSideBar(page, 520);
    await docsPicture(page, 'tree');
  });

  it("tails the sample orders through an expression filter, a row's detail open (the README's tail picture)", async () => {
    // The panel gets the whole window and nothing covers it.
    await runCommand(page, 'Notifications: Clear All Notifications');
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 10000 });
    const frame = await tailFromEarliest(page, SAMPLE_TOPICS.orders);
    await frame.locator('#status', { hasText: '1,200 messages' }).waitFor({ timeout: 30000 });
    // The orders the expression keeps, worked out from the seeded orders themselves.
    const kept = new Set(
      Array.from({ length: 1200 }, (_, i) => sampleOrder(i))
        .filter((order) => order.customer === 'alice' && order.totalCents > 5000)
        .map((order) => order.orderId),
    );
    await frame.locator('#expression').fill('value.customer == "alice" && value.totalCents > 5000');
    const rows = frame.locator('#rows .row');
    let shown: string[] = [];
    await waitFor(
      'only the orders the expression keeps',
      async () => {
        shown = (await rows.allTextContents()).map((text) => /"orderId":\s*"(o-\d+)"/.exec(text)?.[1] ?? text);
        return shown.length > 0 && shown.every((id) => kept.has(id)) ? true : undefined;
      },
      { timeoutMs: 10000, seen: () => shown.slice(0, 5).join(' | ') },
    );
    await rows.first().click();
    await frame.locator('#detailValue').filter({ hasText: '"customer": "alice"' }).waitFor({ timeout: 10000 });
    await docsPicture(page, 'tail');
  });
});
