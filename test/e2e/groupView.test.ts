/**
 * End to end: Watch Group in the workbench on the demo's sample data, while orders arrive
 * between polls for a group nobody consumes for: the chart draws, the lag grows poll by poll
 * and the panel says the group is falling behind.
 */
import * as assert from 'node:assert/strict';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { Frame, Page } from 'playwright-core';
import { KafkaCluster, startKafkaCluster } from '../harness/kafka';
import { waitFor } from '../harness/processes';
import { LAGGING_GROUP, sampleOrder, SAMPLE_TOPICS, seedSampleData } from '../harness/sampleData';
import { connectTestProducer } from '../support/producers';
import { checkAccessibility, focusedElement } from './accessibility';
import { chooseQuickPickItem, docsPicture, reloadWindow, runCommand, screenshot, setColorTheme, useWorkbench } from './workbench';

describe('the Watch Group panel end to end', () => {
  let kafka: KafkaCluster;
  let producer: Producer;
  const wb = useWorkbench(async () => {
    kafka = await startKafkaCluster();
    await seedSampleData(kafka.bootstrapServers);
    return {
      'kafkaExplorer.clusters': [{ name: 'sample', bootstrapServers: kafka.bootstrapServers }],
      'kafkaExplorer.groupView.refreshSeconds': 1,
    };
  });
  let page: Page;
  before(() => {
    page = wb.page;
  });
  after(async () => {
    await producer?.disconnect();
    await kafka?.stop();
  });

  const produceOrders = (round: number) =>
    producer.send({
      topic: SAMPLE_TOPICS.orders,
      messages: Array.from({ length: 120 }, (_, i) => ({ key: `c${i % 8}`, value: JSON.stringify(sampleOrder(10000 + round * 120 + i)) })),
    });

  const groupFrame = (): Promise<Frame> =>
    waitFor(
      'the group webview frame',
      async () => {
        for (const frame of page.frames()) {
          if (
            await frame
              .locator('#lagChart')
              .count()
              .catch(() => 0)
          ) {
            return frame;
          }
        }
        return undefined;
      },
      { timeoutMs: 30000 },
    );

  it('draws the lag of a group falling behind and says so', async () => {
    await page.locator('.activitybar [aria-label^="Kafka"]').first().click();
    producer = await connectTestProducer(new Kafka({ brokers: kafka.bootstrapServers, logLevel: logLevel.NOTHING }));
    await runCommand(page, 'Kafka: Watch Group');
    await chooseQuickPickItem(page, LAGGING_GROUP);
    const frame = await groupFrame();
    const pollNote = frame.locator('#pollNote');
    await pollNote.filter({ hasText: 'last' }).waitFor({ timeout: 30000 });
    // Orders arrive between polls: each poll sees 120 more than the one before.
    for (let round = 0; round < 6; round++) {
      const before = await pollNote.textContent();
      await produceOrders(round);
      await waitFor('the next poll', async () => ((await pollNote.textContent()) !== before ? true : undefined), {
        timeoutMs: 30000,
        intervalMs: 100,
      });
    }
    const card = frame.locator(`section[data-group="${LAGGING_GROUP}"]`);
    await card.locator('.estimate[data-trend="falling-behind"]').waitFor({ timeout: 30000 });
    assert.match((await card.locator('.estimate').textContent()) ?? '', /^falling behind by [\d,.]+ msg\/s$/);
    assert.match((await card.locator('.figures').textContent()) ?? '', /lag [\d,]+.*topics grow [\d,.]+ msg\/s/);
    assert.equal(await card.locator('table.partitions tbody tr').count(), 6, 'one row per partition of orders');
    assert.match((await frame.locator('#pollNote').textContent()) ?? '', /Refreshes every 1 s while this panel is visible/);
    // The canvas was drawn: some pixels differ from the first one.
    const drawn = await frame.locator('#lagChart').evaluate((element) => {
      // The test build has no DOM types: the canvas API used here, described by hand.
      const canvas = element as unknown as {
        width: number;
        height: number;
        getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
      };
      const data = Array.from(canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data);
      return data.some((value, i) => value !== data[i % 4]);
    });
    assert.ok(drawn, 'the chart has something drawn on it');
    await frame.locator('#modeLines').click();
    await frame.locator('#chartTitle', { hasText: /^lag per partition of billing-service · up to/ }).waitFor({ timeout: 10000 });
    await frame.locator('#modeStacked').click();
    await frame.locator('#chartTitle', { hasText: '(stacked)' }).waitFor({ timeout: 10000 });
    await screenshot(page, '14-watch-group');
    await docsPicture(page, 'group');

    // The chart's text equivalent: a summary as its name, the polls in a hidden table that describes it.
    const chart = frame.locator('#lagChart[role="img"]');
    assert.match(
      (await chart.getAttribute('aria-label')) ?? '',
      new RegExp(
        `^Lag per partition of ${LAGGING_GROUP} over the last [\\w ]+ \\(\\d+ polls\\): total [\\d,]+, up from [\\d,]+; orders\\[0\\] [\\d,]+`,
      ),
    );
    assert.equal(await chart.getAttribute('aria-describedby'), 'lagData');
    assert.ok((await frame.locator('#lagData tbody tr').count()) >= 6, 'a row per poll in the data table');

    // A window reload: VS Code asks the extension for the panel again; it watches the same group, in lines mode.
    await frame.locator('#modeLines').click();
    await frame.locator('#modeLines[aria-pressed="true"]').waitFor({ timeout: 10000 });
    await reloadWindow(page);
    const restored = await groupFrame();
    await restored.locator(`section[data-group="${LAGGING_GROUP}"] table.partitions tbody tr`).first().waitFor({ timeout: 30000 });
    assert.equal(await restored.locator('#modeLines').getAttribute('aria-pressed'), 'true', 'the chart mode came back too');
  });

  it('is usable from the keyboard, with a visible focus, and has no serious or critical axe violation in light, dark and high-contrast themes', async () => {
    // The panel that came back after the reload above, in lines mode.
    const frame = await groupFrame();
    await frame.locator(`section[data-group="${LAGGING_GROUP}"] table.partitions tbody tr`).first().waitFor({ timeout: 30000 });
    for (const [theme, name] of [
      ['Dark Modern', 'dark'],
      ['Dark High Contrast', 'high-contrast'],
      ['Light Modern', 'light'],
    ] as const) {
      await setColorTheme(page, theme);
      await checkAccessibility(frame, 'group', name);
    }

    // Tab walks the toolbar; Enter presses the focused toggle, outlined in the theme's focus colour.
    const focused = () => focusedElement(frame);
    await frame.locator('#modeStacked').focus();
    const order = [(await focused()).id];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      order.push((await focused()).id);
    }
    assert.deepEqual(order, ['modeStacked', 'modeLines', 'refresh', 'addGroup']);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    assert.equal((await focused()).id, 'modeStacked');
    await page.keyboard.press('Enter');
    await frame.locator('#modeStacked[aria-pressed="true"]').waitFor({ timeout: 10000 });
    assert.equal(await frame.locator('#modeLines').getAttribute('aria-pressed'), 'false');
    const pressed = await focused();
    assert.equal(
      pressed.outline,
      `solid ${pressed.focusBorder}`,
      "the pressed, focused toggle shows the focus colour, not the pressed one's",
    );
  });
});
