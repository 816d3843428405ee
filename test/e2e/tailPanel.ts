/** Helpers for the tail panel's webview in e2e tests. */
import { Frame, Page } from 'playwright-core';
import { waitFor } from '../harness/processes';
import { runCommand } from './workbench';

/** The tail panel's webview frame: the page frame that holds the rows table. */
export function tailFrame(page: Page): Promise<Frame> {
  return waitFor(
    'the tail webview frame',
    async () => {
      for (const frame of page.frames()) {
        if (
          await frame
            .locator('#rows')
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
}

/** Kafka: Tail Topic from the palette, the form filled as a user would, started from the earliest offset. */
export async function tailFromEarliest(page: Page, topic: string): Promise<Frame> {
  await runCommand(page, 'Kafka: Tail Topic');
  const frame = await tailFrame(page);
  await frame.locator('#topics').fill(topic);
  await frame.locator('#start').selectOption('earliest');
  await frame.locator('#startButton').click();
  return frame;
}
