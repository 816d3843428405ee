/**
 * `npm run icon`: renders icon.svg (beside this script, the source) to media/icon.png, the
 * 128×128 PNG the Marketplace and VS Code's extension views show (they refuse SVG icons).
 * Drawn by the headless Chromium the e2e tests use, so no image tool has to be installed;
 * run it after changing the SVG and commit both files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchChromium } from '../../test/harness/browser';
import { repoRoot } from '../../test/harness/paths';
import { readPngHeader } from '../../test/support/png';

const SIZE = 128;

async function main(): Promise<void> {
  const svg = fs.readFileSync(path.join(repoRoot, 'scripts/icon/icon.svg'), 'utf8');
  const browser = await launchChromium();
  try {
    // Device scale 1: one CSS pixel is one PNG pixel, so the picture is exactly SIZE × SIZE.
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
    await page.setContent(
      `<!DOCTYPE html><html><body style="margin:0">${svg.replace('<svg ', `<svg style="display:block" `)}</body></html>`,
    );
    const png = await page.screenshot({ clip: { x: 0, y: 0, width: SIZE, height: SIZE }, omitBackground: true });
    const { width, height } = readPngHeader(png);
    if (width !== SIZE || height !== SIZE) {
      throw new Error(`rendered ${width}×${height}, expected ${SIZE}×${SIZE}`);
    }
    const out = path.join(repoRoot, 'media/icon.png');
    fs.writeFileSync(out, png);
    console.log(`wrote ${path.relative(repoRoot, out)} (${width}×${height}, ${png.length.toLocaleString()} bytes)`);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
