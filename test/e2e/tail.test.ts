/**
 * End to end: a tail panel in code-server, fed by kcat (an independent producer), with
 * hostile payloads that must render as text and run nothing.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Page } from 'playwright-core';
import { waitFor } from '../harness/processes';
import { pythonWrite } from '../support/confluentPython';
import { testKafka } from '../support/kafkaFixture';
import { testRegistryUrl } from '../support/registryFixture';
import { uniqueName } from '../support/names';
import { spoilFirstBatch } from '../support/segments';
import { createFilledTopic, withTopic } from '../support/topics';
import { checkAccessibility, focusedElement } from './accessibility';
import { tailFrame as findTailFrame, tailFromEarliest as startTailFromEarliest } from './tailPanel';
import { reloadWindow, runCommand, screenshot, setColorTheme, useWorkbench } from './workbench';

const HOSTILE = [
  '<img src=x onerror="document.title=\'pwned\'">',
  '</script><script>document.title="pwned"</script>',
  '{"html": "<b>bold?</b>", "n": 1}',
  'bell\u0007and\u0001controls',
];

describe('the tail panel end to end', () => {
  const dialogs: string[] = [];
  const topic = uniqueName('e2e-tail');
  const wb = useWorkbench(async () => {
    await createFilledTopic(testKafka().bootstrapServers, topic);
    return {
      'kafkaExplorer.clusters': [
        { name: 'tailing', bootstrapServers: testKafka().bootstrapServers, schemaRegistry: { url: await testRegistryUrl() } },
      ],
    };
  });
  let page: Page;
  before(() => {
    page = wb.page;
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });

  const tailFrame = () => findTailFrame(page);
  const tailFromEarliest = (name: string) => startTailFromEarliest(page, name);

  it('tails a topic fed by kcat, renders hostile payloads as text, and re-decodes a message', async () => {
    // The palette knows the extension's commands once its contributions are loaded.
    await page.locator('.activitybar [aria-label^="Kafka"]').first().waitFor({ timeout: 60000 });
    const frame = await tailFromEarliest(topic);
    await frame.locator('#status', { hasText: 'running' }).waitFor({ timeout: 30000 });

    const hostileHeader = `trace=${HOSTILE[0]}`;
    const feed = spawnSync('kcat', ['-P', '-b', testKafka().bootstrapServers.join(','), '-t', topic, '-H', hostileHeader], {
      input: HOSTILE.join('\n') + '\n',
    });
    assert.equal(feed.status, 0, String(feed.stderr));
    const invalidUtf8 = spawnSync('kcat', ['-P', '-b', testKafka().bootstrapServers.join(','), '-t', topic], {
      input: Buffer.from([0xc3, 0x28, 0xff, 0x0a]),
    });
    assert.equal(invalidUtf8.status, 0);

    const rows = frame.locator('#rows .row');
    await waitFor('5 rows', async () => ((await rows.count()) >= 5 ? true : undefined), { timeoutMs: 30000 });
    await frame.locator('#status', { hasText: '5 messages' }).waitFor({ timeout: 2000 });
    assert.equal(await frame.locator('#partitionCounts').textContent(), 'per partition: [0] 5');
    const texts = await rows.allTextContents();
    assert.ok(
      texts.some((t) => t.includes('<img src=x onerror=')),
      'the img tag is shown as text',
    );
    assert.ok(
      texts.some((t) => t.includes('</script><script>')),
      'the script tags are shown as text',
    );
    assert.ok(
      texts.some((t) => t.includes('bell\u2407and\u2401controls')),
      'control characters are shown as symbols',
    );
    assert.ok(
      texts.some((t) => t.includes('c328ff')),
      'invalid UTF-8 is shown as hex',
    );
    assert.equal(await frame.locator('#rows img, #rows script, #rows b').count(), 0, 'no element was created from a payload');
    // VS Code adds a helper script of its own to every webview; none may carry payload text.
    assert.equal(await frame.locator('script', { hasText: 'pwned' }).count(), 0, 'no script from a payload');
    assert.equal(await frame.locator('script[src*="tail.js"]').count(), 1, "the panel's own script, once");
    assert.notEqual(await frame.title(), 'pwned');
    assert.notEqual(await page.title(), 'pwned');
    assert.deepEqual(dialogs, []);

    await rows.filter({ hasText: '"html"' }).first().click();
    const detail = frame.locator('#detailValue');
    await detail.filter({ hasText: '"html": "<b>bold?</b>"' }).waitFor({ timeout: 10000 });
    await frame.locator('#detailMeta', { hasText: `1 header(s): ${hostileHeader}` }).waitFor({ timeout: 10000 });
    await page.keyboard.press('ArrowUp');
    await detail.filter({ hasText: '</script><script>' }).waitFor({ timeout: 10000 });
    await page.keyboard.press('ArrowDown');
    await detail.filter({ hasText: '"html": "<b>bold?</b>"' }).waitFor({ timeout: 10000 });
    assert.equal(await frame.locator('.detail img, .detail b').count(), 0, 'no element from a value or header');
    await frame.locator('#detailFormat').selectOption('hex');
    await detail.filter({ hasText: '7b2268746d6c223a' }).waitFor({ timeout: 10000 });
    await screenshot(page, '07-tail-panel-hostile-payloads');
  });

  it('keeps its rows when hidden behind another editor and shown again', async () => {
    const before = await tailFrame();
    const rowsBefore = await before.locator('#rows .row').allTextContents();
    assert.ok(rowsBefore.length >= 5);
    await runCommand(page, 'File: New Untitled Text File');
    // Without retainContextWhenHidden, VS Code throws the hidden webview's page away.
    await waitFor('the hidden webview is gone', async () => (before.isDetached() ? true : undefined), { timeoutMs: 10000 });
    await page.locator('.tabs-container .tab', { hasText: 'Tail:' }).click();
    const after = await tailFrame();
    const rows = after.locator('#rows .row');
    await waitFor('the rows again', async () => ((await rows.count()) === rowsBefore.length ? true : undefined), { timeoutMs: 10000 });
    assert.deepEqual(await rows.allTextContents(), rowsBefore);
    await after.locator('#status', { hasText: 'running' }).waitFor({ timeout: 10000 });
  });

  it('cuts a 900 kB value (the broker takes up to 1 MB) in the table and the detail, and shows all of it on demand', async () => {
    const big = JSON.stringify({ big: 'x'.repeat(900_000) });
    const file = path.join(os.tmpdir(), `ke-big-${process.pid}.json`);
    fs.writeFileSync(file, big);
    const feed = spawnSync('kcat', ['-P', '-b', testKafka().bootstrapServers.join(','), '-t', topic, '-k', 'big', file]);
    fs.rmSync(file);
    assert.equal(feed.status, 0, String(feed.stderr));
    const frame = await tailFrame();
    const row = frame.locator('#rows .row', { hasText: '{"big":"xxx' }).first();
    await row.waitFor({ timeout: 30000 });
    const cell = (await row.locator('.cell.value').textContent()) ?? '';
    assert.ok(cell.length <= 301 && cell.endsWith('…'), `the table shows a preview (${cell.length} characters)`);
    await row.click();
    // The detail pretty-prints: {\n  "big": "…"\n} is 15 characters more than the string.
    const showAll = frame.locator('#showWhole');
    await showAll.filter({ hasText: 'Show all 900,015 characters' }).waitFor({ timeout: 10000 });
    const detailLength = () => frame.locator('#detailValue').evaluate((e) => e.textContent?.length ?? 0);
    assert.equal(await detailLength(), 100_000);
    await showAll.click();
    await waitFor('the whole value', async () => ((await detailLength()) === 900_015 ? true : undefined), { timeoutMs: 10000 });
    assert.equal(await showAll.isHidden(), true);
  });

  it('tails a zstd topic written by kcat: every digit of a 64-bit id in the row and the detail, and a spoiled batch as one error row', async () => {
    const zstdTopic = await withTopic(testKafka().bootstrapServers, 'e2e-zstd');
    const kcatZstd = (lines: string[]) => {
      // linger.ms: the lines of one call go out as one batch.
      const feed = spawnSync(
        'kcat',
        ['-P', '-z', 'zstd', '-X', 'linger.ms=500', '-b', testKafka().bootstrapServers.join(','), '-t', zstdTopic, '-K', '\t'],
        { input: lines.join('\n') + '\n' },
      );
      assert.equal(feed.status, 0, String(feed.stderr));
    };
    // librdkafka sends a batch uncompressed when zstd would not make it smaller: pad it.
    const pad = 'x'.repeat(500);
    kcatZstd([`spoiled-1\t{"n": 1, "pad": "${pad}"}`, `spoiled-2\t{"n": 2, "pad": "${pad}"}`]);
    kcatZstd(['snowflake\t{"id": 4611686018427387905, "price": 1.10}', `padding\t{"pad": "${pad}"}`]);
    // The broker serves the segment as it is on disk: spoil the first batch's compressed records.
    const logDir = testKafka().logDir;
    assert.ok(logDir, "KE_KAFKA_LOG_DIR names the broker's log directory");
    spoilFirstBatch(logDir, zstdTopic, 0);

    await runCommand(page, 'View: Close All Editors');
    const frame = await tailFromEarliest(zstdTopic);
    const rows = frame.locator('#rows .row');
    let seen = '';
    await waitFor(
      '3 rows',
      async () => {
        seen = `status "${await frame.locator('#status').textContent()}", rows ${JSON.stringify(await rows.allTextContents())}`;
        return (await rows.count()) >= 3 ? true : undefined;
      },
      { timeoutMs: 30000, seen: () => seen },
    );
    const error = frame.locator('#rows .row.batch-error');
    assert.match((await error.textContent()) ?? '', /0–1.*could not decode a zstd record batch \(offsets 0–1, 2 records\)/);
    const good = rows.filter({ hasText: 'snowflake' });
    assert.match((await good.textContent()) ?? '', /\{"id": 4611686018427387905, "price": 1\.10\}/);
    await good.click();
    await frame.locator('#detailValue').filter({ hasText: '"id": 4611686018427387905,' }).waitFor({ timeout: 10000 });
    await frame.locator('#detailValue').filter({ hasText: '"price": 1.10' }).waitFor({ timeout: 10000 });
    await screenshot(page, '08-tail-panel-zstd-exact-numbers-and-error-row');
  });

  it("decodes Avro values written by Confluent's Python client through the cluster's Schema Registry: exact longs and decimals, the schema in the detail", async () => {
    const avroTopic = await withTopic(testKafka().bootstrapServers, 'e2e-avro');
    pythonWrite(
      { bootstrapServers: testKafka().bootstrapServers, registryUrl: await testRegistryUrl(), topic: avroTopic },
      'avro',
      'payment-v1.avsc',
      [
        '{"id": 4611686018427387905, "amount": "12.10", "at": "2024-01-02T03:04:05.123Z", "day": "2024-01-02", "ref": "5b0e6c3a-4d2e-4f1a-9b3c-4d5e6f708192", "method": {"com.acme.Card": {"last4": "4242", "expires": "2027-12-31"}}, "status": "PAID", "tags": ["a"], "ratio": 0.25}',
      ],
    );
    await runCommand(page, 'View: Close All Editors');
    const frame = await tailFromEarliest(avroTopic);
    const row = frame.locator('#rows .row', { hasText: '"id":4611686018427387905,"amount":"12.10"' });
    await row.waitFor({ timeout: 30000 });
    await row.click();
    const meta = frame.locator('#detailMeta');
    // The same schema text is registered under other tests' topics too (one id): this topic's subject is named first.
    await meta.filter({ hasText: `(${avroTopic}-value v1` }).waitFor({ timeout: 10000 });
    assert.match(
      (await meta.textContent()) ?? '',
      /detected avro · schema \d+ \(.*-value v1[;)].* · method: union branch "com\.acme\.Card"/,
    );
    await frame.locator('#detailValue').filter({ hasText: '"amount": "12.10",' }).waitFor({ timeout: 10000 });
    await screenshot(page, '11-tail-panel-avro-decoded');
  });

  it('filters with a CEL expression (a broken one refused with its column), and keeps a time range dragged on the histogram', async () => {
    const minute = 60_000;
    const start = Date.now() - 10 * minute;
    const timed = await withTopic(testKafka().bootstrapServers, 'e2e-cel', {
      messages: Array.from({ length: 10 }, (_, i) => ({
        key: `k${i}`,
        value: `{"n": ${i}, "amount": ${i * 50}}`,
        timestamp: String(start + i * minute),
      })),
    });
    await runCommand(page, 'View: Close All Editors');
    const frame = await tailFromEarliest(timed);
    const rows = frame.locator('#rows .row');
    await frame.locator('#status', { hasText: '10 messages' }).waitFor({ timeout: 30000 });
    let counted = 0;
    const rowCount = (n: number) =>
      waitFor(`${n} rows`, async () => ((counted = await rows.count()) === n ? true : undefined), {
        timeoutMs: 10000,
        seen: () => `${counted} rows`,
      });

    await frame.locator('#expression').fill('value.amount >');
    await frame.locator('#requestError', { hasText: 'Expression, column 14: unexpected ">"' }).waitFor({ timeout: 10000 });
    assert.equal(await frame.locator('#expression').getAttribute('aria-invalid'), 'true');
    await rowCount(10);
    await frame.locator('#expression').fill('value.amount > 200 && record.keyAsText.startsWith("k")');
    await rowCount(5);
    assert.equal(await frame.locator('#expression').getAttribute('aria-invalid'), null);
    assert.match((await rows.first().textContent()) ?? '', /"amount": 250/);

    // Drag across the left part of the histogram: only that time range stays, until zoomed out.
    const canvas = frame.locator('#histogram');
    await canvas.waitFor({ timeout: 10000 });
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await waitFor('fewer rows', async () => ((counted = await rows.count()) < 5 && counted > 0 ? true : undefined), {
      timeoutMs: 10000,
      seen: () => `${counted} rows`,
    });
    await frame.locator('#clearTimeRange').waitFor({ timeout: 10000 });
    await screenshot(page, '12-tail-panel-expression-and-histogram');
    await frame.locator('#clearTimeRange').click();
    await rowCount(5);

    // The same from the keyboard: End marks the newest bar, Enter keeps its time range (one message), the zoom-out button undoes it.
    assert.match(
      (await canvas.getAttribute('aria-label')) ?? '',
      /^Messages from .* UTC in bars of .*: 5 messages, at most 1 in one bar/,
      "the histogram's name sums it up",
    );
    assert.equal(await frame.locator('#histogramData tbody tr').count(), 5, 'its data table has a row per bar with messages');
    assert.equal(await canvas.getAttribute('aria-describedby'), 'histogramData');
    await canvas.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await rowCount(1);
    assert.match((await rows.first().textContent()) ?? '', /"amount": 450/);
    await frame.locator('#clearTimeRange').focus();
    await page.keyboard.press('Enter');
    await rowCount(5);
  });

  it('fits 1000×700 and 1400×900 without overlap, reads well in light, dark and high-contrast themes, and comes back after a reload', async () => {
    await page.locator('.activitybar [aria-label^="Kafka"]').first().waitFor({ timeout: 60000 });
    await runCommand(page, 'View: Close All Editors');
    // Three partitions with messages, so the per-partition line is there to collide with the table.
    const looks = await withTopic(testKafka().bootstrapServers, 'e2e-looks', {
      partitions: 3,
      messages: Array.from({ length: 30 }, (_, i) => ({
        partition: i % 3,
        key: `k${i}`,
        value: `{"n": ${i}, "note": "${'·'.repeat(i)}"}`,
      })),
    });
    const frame = await tailFromEarliest(looks);
    await frame.locator('#status', { hasText: 'running · 30 messages' }).waitFor({ timeout: 30000 });
    await frame.locator('#rows .row').first().click();
    const bottom = async (selector: string) => (await frame.locator(selector).first().boundingBox())?.y ?? 0;
    for (const [width, height] of [
      [1000, 700],
      [1400, 900],
    ] as const) {
      await page.setViewportSize({ width, height });
      await waitFor(
        `the layout at ${width}×${height}`,
        async () => {
          const counts = await frame.locator('#partitionCounts').boundingBox();
          const header = await frame.locator('.row.header').boundingBox();
          const toolbar = await frame.locator('.toolbar.expression-bar').boundingBox();
          if (!counts || !header || !toolbar) return undefined;
          // Each line below the one before it and not squeezed: nothing slides under the table header.
          const squeezed = await frame.locator('#partitionCounts').evaluate((e) => e.scrollHeight > e.clientHeight + 1);
          return !squeezed && toolbar.y + toolbar.height <= counts.y + 0.5 && counts.y + counts.height <= header.y + 0.5 ? true : undefined;
        },
        { timeoutMs: 10000 },
      );
      assert.ok((await bottom('.row.header')) > (await bottom('#status')), `the table starts below the status at ${width}×${height}`);
      // The header's columns line up with the rows' (a long value must not push them aside).
      const columnStarts = (row: string) =>
        frame.locator(`${row} .cell`).evaluateAll((cells) => cells.map((c) => Math.round(c.getBoundingClientRect().left)));
      assert.deepEqual(
        (await columnStarts('#rows .row:nth-child(5)')).slice(0, 5),
        (await columnStarts('.row.header')).slice(0, 5),
        `columns at ${width}×${height}`,
      );
      await screenshot(page, `09-tail-panel-${width}x${height}`);
    }
    for (const [theme, name, bodyClass] of [
      ['Dark Modern', 'dark', 'vscode-dark'],
      ['Dark High Contrast', 'high-contrast', 'vscode-high-contrast'],
      ['Light Modern', 'light', 'vscode-light'],
    ] as const) {
      await setColorTheme(page, theme);
      assert.ok((await frame.locator('body').getAttribute('class'))?.split(' ').includes(bodyClass), `the panel in the ${name} theme`);
      await screenshot(page, `10-tail-panel-${name}-theme`);
    }

    // A window reload: VS Code asks the extension for the panel again, with its form, stopped.
    const topicsBefore = await frame.locator('#topics').inputValue();
    await reloadWindow(page);
    const restored = await tailFrame();
    await restored.locator('#status', { hasText: 'idle' }).waitFor({ timeout: 30000 });
    assert.equal(await restored.locator('#topics').inputValue(), topicsBefore, 'the form is back');
    assert.equal(await restored.locator('#startButton').isVisible(), true, 'one click starts it again');
    await restored.locator('#startButton').click();
    await restored.locator('#status', { hasText: 'running' }).waitFor({ timeout: 30000 });
    await restored.locator('#formSummary').waitFor({ timeout: 10000 });
  });

  it('is a grid screen readers can follow and the keyboard drives, with no serious or critical axe violation in light, dark and high-contrast themes', async () => {
    // The panel tailing 30 messages again after the reload above.
    const frame = await tailFrame();
    await frame.locator('#status', { hasText: 'running · 30 messages' }).waitFor({ timeout: 30000 });
    for (const [theme, name] of [
      ['Dark Modern', 'dark'],
      ['Dark High Contrast', 'high-contrast'],
      ['Light Modern', 'light'],
    ] as const) {
      await setColorTheme(page, theme);
      await checkAccessibility(frame, 'tail', name);
    }

    // A grid of all 30 rows and a header row, 6 columns; the header is row 1, so message i (from 0) is row i + 2.
    const grid = frame.locator('#messageGrid[role="grid"]');
    assert.equal(await grid.getAttribute('aria-rowcount'), '31');
    assert.equal(await grid.getAttribute('aria-colcount'), '6');
    assert.equal(await frame.locator('.row.header[aria-rowindex="1"] [role="columnheader"]').count(), 6);
    assert.equal(await frame.locator('#rows .row[role="row"]').first().locator('[role="gridcell"]').count(), 6);

    // Tab goes from the expression bar to the histogram, then to the grid's one row in the tab order.
    const focused = () => focusedElement(frame);
    await frame.locator('#saveFilter').focus();
    await page.keyboard.press('Tab');
    assert.equal((await focused()).id, 'histogram');
    await page.keyboard.press('Tab');
    const tabStop = frame.locator('#rows .row[tabindex="0"]');
    assert.equal(await tabStop.count(), 1, 'one row in the tab order');
    const onRow = await focused();
    assert.equal(onRow.rowIndex, await tabStop.getAttribute('aria-rowindex'), 'Tab lands on it');
    assert.equal(onRow.outline, `solid ${onRow.focusBorder}`, "the focused row is outlined in the theme's focus colour");

    // Enter chooses the focused row as a click does: selected, its detail shown.
    const selected = frame.locator('#rows .row[aria-selected="true"]');
    assert.equal(await selected.count(), 0, 'nothing selected after the reload');
    const key = (await tabStop.locator('.cell.key').textContent()) ?? '';
    await page.keyboard.press('Enter');
    await frame.locator(`#rows .row[aria-rowindex="${onRow.rowIndex}"][aria-selected="true"]`).waitFor({ timeout: 10000 });
    await frame.locator('#detailMeta', { hasText: `key ${key} ` }).waitFor({ timeout: 10000 });

    // The keys move the selection, the focus with it, also to rows outside the rendered window.
    const selectedAt = async (rowIndex: number) => {
      await frame.locator(`#rows .row[aria-rowindex="${rowIndex}"][aria-selected="true"]`).waitFor({ timeout: 10000 });
      assert.equal(await selected.count(), 1, 'one row selected');
      assert.equal((await focused()).rowIndex, String(rowIndex), 'the focus follows the selection');
    };
    await page.keyboard.press('Home');
    await selectedAt(2);
    await page.keyboard.press('ArrowDown');
    await selectedAt(3);
    assert.equal(await frame.locator('#rows .row[aria-rowindex="2"]').getAttribute('aria-selected'), 'false');
    await page.keyboard.press('End');
    await selectedAt(31);
    await page.keyboard.press('ArrowUp');
    await selectedAt(30);
    await page.keyboard.press('PageUp');
    // A page up may leave the rendered window: the selection moves once the host has sent those rows.
    let paged = 30;
    await waitFor(
      'Page Up to move the selection a page up',
      async () =>
        (paged = Number(
          await selected
            .first()
            .getAttribute('aria-rowindex', { timeout: 1000 })
            .catch(() => '30'),
        )) < 29
          ? true
          : undefined,
      { timeoutMs: 10000, seen: () => `row ${paged} selected` },
    );
    assert.ok(paged >= 2, `Page Up moved a page up (to row ${paged})`);
    await selectedAt(paged);
    const detailKey = (await selected.locator('.cell.key').textContent()) ?? '';
    await frame.locator('#detailMeta', { hasText: `key ${detailKey} ` }).waitFor({ timeout: 10000 });

    // The form's button opens the start form from the keyboard, focus in its first field; its fields are labelled too.
    await frame.locator('#editForm').focus();
    await page.keyboard.press('Enter');
    await frame.locator('#topics').waitFor({ state: 'visible', timeout: 10000 });
    assert.equal((await focused()).id, 'topics');
    await checkAccessibility(frame, 'tail-form', 'light');
  });
});
