/**
 * `npm run bench -- panel`: the tail panel in a real VS Code (code-server, the packaged
 * .vsix) in headless Chromium.
 *  - Fed 20,000 messages/s by Kafka's ProducerPerformance: the longest main-thread task
 *    (PerformanceObserver 'longtask') and the longest gap of a 50 ms timer, in the webview
 *    and in the workbench; the JS heap (after a forced GC) when the buffer is full and at
 *    the end.
 *  - Tailing 1,000,000 messages from the earliest offset: the extension host's resident
 *    memory (VmRSS of its process) from start to end.
 * Not a test: it prints what it measured; it fails only when the tail shows no messages.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Frame, Page } from 'playwright-core';
import { launchChromium } from '../../test/harness/browser';
import { startCodeServer } from '../../test/harness/codeServer';
import { KafkaCluster } from '../../test/harness/kafka';
import { repoRoot } from '../../test/harness/paths';
import { waitFor } from '../../test/harness/processes';
import { openWorkbench, runCommand } from '../../test/e2e/workbench';
import { createBenchTopic, feedJsonMessages, seedJsonMessages } from './seed';

const RATE = Number(process.env.BENCH_PANEL_RATE || 20000);
const FEED_SECONDS = Number(process.env.BENCH_PANEL_SECONDS || 30);
const MILLION = Number(process.env.BENCH_PANEL_MESSAGES || 1000000);
const BUFFER = 20000;

interface FrameProbe {
  longestTask: number;
  longestGap: number;
  heapMb: number;
}

interface Probe {
  longestTask: number;
  longestGap: number;
  /** When the 50 ms timer last fired. */
  last: number;
}

/** The browser side of a frame, typed for what this file uses (scripts/ compiles without the DOM library). */
interface BrowserGlobals {
  __probe: Probe;
  gc?: () => void;
  performance: { now(): number; memory?: { usedJSHeapSize: number } };
  PerformanceObserver: {
    new (callback: (list: { getEntries(): Array<{ duration: number }> }) => void): { observe(options: { type: string }): void };
    readonly supportedEntryTypes: readonly string[];
  };
  setInterval(handler: () => void, ms: number): unknown;
}

/** Starts watching a frame's main thread: long tasks, and how late a 50 ms timer fires. */
async function installProbe(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    const w = globalThis as unknown as BrowserGlobals;
    w.__probe = { longestTask: 0, longestGap: 0, last: w.performance.now() };
    if (w.PerformanceObserver.supportedEntryTypes.includes('longtask')) {
      new w.PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__probe.longestTask = Math.max(w.__probe.longestTask, entry.duration);
      }).observe({ type: 'longtask' });
    } else {
      w.__probe.longestTask = -1;
    }
    w.setInterval(() => {
      const now = w.performance.now();
      w.__probe.longestGap = Math.max(w.__probe.longestGap, now - w.__probe.last - 50);
      w.__probe.last = now;
    }, 50);
  });
}

/** Blocks the frame for `ms` and returns the longest task the probe then reports, to show it sees one. */
async function calibrate(frame: Frame, ms: number): Promise<number> {
  // In a timer: a task of the page's own event loop, as the panel's work would be.
  await frame.evaluate((busy) => {
    const w = globalThis as unknown as BrowserGlobals & { setTimeout(handler: () => void, ms: number): unknown };
    w.setTimeout(() => {
      const until = w.performance.now() + busy;
      while (w.performance.now() < until) {
        // a long task on purpose
      }
    }, 0);
  }, ms);
  await frame.waitForTimeout(300);
  return frame.evaluate(() => {
    const w = globalThis as unknown as BrowserGlobals;
    const seen = w.__probe.longestTask;
    w.__probe.longestTask = 0;
    w.__probe.longestGap = 0;
    w.__probe.last = w.performance.now();
    return seen;
  });
}

/** What the probe saw so far, then the heap after a forced GC (whose pause the probe does not count). */
async function readProbe(frame: Frame): Promise<FrameProbe> {
  return frame.evaluate(() => {
    const w = globalThis as unknown as BrowserGlobals;
    const { longestTask, longestGap } = w.__probe;
    w.gc?.();
    w.__probe.last = w.performance.now();
    return { longestTask, longestGap, heapMb: (w.performance.memory?.usedJSHeapSize ?? 0) / (1024 * 1024) };
  });
}

async function openTail(page: Page, topic: string, start: 'latest' | 'earliest'): Promise<Frame> {
  const before = new Set(page.frames());
  await runCommand(page, 'Kafka: Tail Topic');
  const frame = await waitFor(
    'a new tail webview',
    async () => {
      for (const f of page.frames()) {
        if (
          !before.has(f) &&
          (await f
            .locator('#rows')
            .count()
            .catch(() => 0))
        ) {
          return f;
        }
      }
      return undefined;
    },
    { timeoutMs: 60000 },
  );
  await frame.locator('#topics').fill(topic);
  await frame.locator('#start').selectOption(start);
  await frame.locator('#startButton').click();
  await frame.locator('#status', { hasText: 'running' }).waitFor({ timeout: 60000 });
  return frame;
}

/** The message count in the panel's status line ("running · 12,345 messages · ..."). */
async function shownTotal(frame: Frame): Promise<number> {
  const text = (await frame.locator('#status').textContent()) ?? '';
  return Number(/([\d,]+) messages/.exec(text)?.[1].replace(/,/g, '') ?? 0);
}

/** The extension host: the one process whose command line names it (only this code-server runs). */
function extensionHostPid(): number {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = safeRead(`/proc/${entry}/cmdline`);
    if (/extensionHost/.test(cmdline)) {
      return Number(entry);
    }
  }
  throw new Error('no extension host process found');
}

function safeRead(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(safeRead(`/proc/${pid}/status`))?.[1];
  return kb ? Number(kb) / 1024 : NaN;
}

export async function benchPanel(kafka: KafkaCluster): Promise<string[]> {
  const bootstrap = kafka.bootstrapServers;
  const live = `bench.panel.live.${Date.now()}`;
  const million = `bench.panel.million.${Date.now()}`;
  await createBenchTopic(bootstrap, live);
  await createBenchTopic(bootstrap, million);
  seedJsonMessages(bootstrap, million, MILLION);

  const vsix = path.join(repoRoot, 'dist/kafka-explorer.vsix');
  const server = await startCodeServer({
    vsix,
    settings: { 'kafkaExplorer.clusters': [{ name: 'bench', bootstrapServers: bootstrap }], 'kafkaExplorer.tail.bufferSize': BUFFER },
  });
  const browser = await launchChromium(['--enable-precise-memory-info', '--js-flags=--expose-gc']);
  const rows: Array<[string, string]> = [];
  try {
    const page = await browser.newPage();
    await openWorkbench(page, `${server.url}/?folder=${encodeURIComponent(server.workspace)}`);
    await page.locator('.activitybar [aria-label^="Kafka"]').first().waitFor({ timeout: 60000 });

    // 1. A live tail fed at RATE messages/s.
    const frame = await openTail(page, live, 'latest');
    const workbench = page.mainFrame();
    await installProbe(frame);
    await installProbe(workbench);
    const calibration = await calibrate(frame, 150);
    await calibrate(workbench, 0);
    const feed = feedJsonMessages(bootstrap, live, RATE * FEED_SECONDS, RATE);
    const started = Date.now();
    await waitFor('the buffer full', async () => ((await shownTotal(frame)) >= BUFFER ? true : undefined), { timeoutMs: 120000 });
    const atFull = await readProbe(frame);
    const workbenchAtFull = await readProbe(workbench);
    const summary = await feed.done;
    const fedSeconds = (Date.now() - started) / 1000;
    await page.waitForTimeout(1000);
    const total = await shownTotal(frame);
    const end = await readProbe(frame);
    const workbenchEnd = await readProbe(workbench);
    if (total < RATE * FEED_SECONDS) {
      throw new Error(`the panel showed ${total} of ${RATE * FEED_SECONDS} messages`);
    }
    const task = (ms: number) => (ms < 0 ? 'not reported' : ms.toFixed(0));
    rows.push(
      ['messages fed (ProducerPerformance)', summary.split(',').slice(0, 2).join(',')],
      ['fed for (s) / shown in the panel', `${fedSeconds.toFixed(1)} / ${total.toLocaleString('en')}`],
      ['check: a 150 ms busy loop in the webview, as the probe saw it (ms)', task(calibration)],
      ['longest task in the webview (ms)', task(end.longestTask)],
      ['longest 50 ms timer delay in the webview (ms)', end.longestGap.toFixed(0)],
      ['longest task in the workbench (ms)', task(workbenchEnd.longestTask)],
      ['longest 50 ms timer delay in the workbench (ms)', workbenchEnd.longestGap.toFixed(0)],
      [
        'webview JS heap when the buffer is full / at the end (MB)',
        `${atFull.heapMb.toFixed(1)} / ${end.heapMb.toFixed(1)} (×${(end.heapMb / atFull.heapMb).toFixed(2)})`,
      ],
      [
        'workbench JS heap when the buffer is full / at the end (MB)',
        `${workbenchAtFull.heapMb.toFixed(1)} / ${workbenchEnd.heapMb.toFixed(1)} (×${(workbenchEnd.heapMb / workbenchAtFull.heapMb).toFixed(2)})`,
      ],
    );
    await frame.locator('#stop').click();

    // 2. The extension host while a tail reads MILLION messages from the earliest offset.
    const pid = extensionHostPid();
    const rssStart = rssMb(pid);
    const tail = await openTail(page, million, 'earliest');
    const readStarted = Date.now();
    let peak = rssStart;
    // RSS when the buffer first fills, then at each quarter of the messages: flat means bounded.
    const marks = [BUFFER, MILLION / 4, MILLION / 2, (3 * MILLION) / 4, MILLION];
    const atMark: number[] = [];
    await waitFor(
      'every message',
      async () => {
        const shown = await shownTotal(tail);
        const rss = rssMb(pid);
        peak = Math.max(peak, rss);
        while (atMark.length < marks.length && shown >= marks[atMark.length]) atMark.push(rss);
        return shown >= MILLION ? true : undefined;
      },
      { timeoutMs: 600000, intervalMs: 250 },
    );
    const readSeconds = (Date.now() - readStarted) / 1000;
    rows.push(
      [
        `${MILLION.toLocaleString('en')} messages tailed from earliest in (s)`,
        `${readSeconds.toFixed(1)} (${Math.round(MILLION / readSeconds).toLocaleString('en')} msg/s)`,
      ],
      ['extension host RSS before the tail (MB)', rssStart.toFixed(0)],
      ['extension host RSS at buffer full, ¼, ½, ¾, all of the messages (MB)', atMark.map((v) => v.toFixed(0)).join(' / ')],
      [
        'extension host RSS peak / 2 s after the last message (MB)',
        `${peak.toFixed(0)} / ${(await page.waitForTimeout(2000), rssMb(pid)).toFixed(0)}`,
      ],
    );
  } finally {
    await browser.close();
    await server.stop();
  }
  return ['| measurement | value |', '| --- | ---: |', ...rows.map(([name, value]) => `| ${name} | ${value} |`)];
}
