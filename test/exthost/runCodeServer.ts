/**
 * Runs the extension-host suite inside code-server (a real VS Code extension host),
 * opened by headless Chromium: the runner for machines where @vscode/test-electron
 * cannot download VS Code. Results come back through the suite's results file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchChromium } from '../harness/browser';
import { developmentUrl, startCodeServer } from '../harness/codeServer';
import { repoRoot, resultsDir } from '../harness/paths';
import { waitFor } from '../harness/processes';
import { LayerResults, readResults } from '../support/results';
import { writeExtHostConfig } from './config';

export async function runExtHostSuiteInCodeServer(
  bootstrapServers: string[],
  registryUrl: string,
  timeoutMs = 10 * 60000,
): Promise<LayerResults> {
  const resultsFile = path.join(resultsDir, 'exthost-results.json');
  fs.rmSync(resultsFile, { force: true });
  writeExtHostConfig({
    bootstrapServers,
    registryUrl,
    resultsFile,
    ...(process.env.KE_EXTHOST_GREP ? { grep: process.env.KE_EXTHOST_GREP } : {}),
  });
  const server = await startCodeServer();
  const browser = await launchChromium();
  const consoleLines: string[] = [];
  try {
    const page = await browser.newPage();
    page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
    const testsPath = path.join(repoRoot, 'out/test/exthost/suite/index');
    await page.goto(developmentUrl(server, repoRoot, testsPath));
    return await waitFor(
      'extension-host suite results',
      async () => {
        const results = readResults(resultsFile);
        return results?.finished ? results : undefined;
      },
      { timeoutMs, intervalMs: 1000 },
    );
  } catch (error) {
    const logs = [
      '--- browser console (last 60 lines) ---',
      ...consoleLines.slice(-60),
      '--- code-server log (last 40 lines) ---',
      ...fs.readFileSync(server.logFile, 'utf8').split('\n').slice(-40),
    ];
    throw new Error(`${(error as Error).message}\n${logs.join('\n')}`, { cause: error });
  } finally {
    await browser.close();
    await server.stop();
  }
}
