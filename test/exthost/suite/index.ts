/**
 * Entry point of the extension-host suite (VS Code's `extensionTestsPath`): runs every
 * *.test.js beside this file with mocha inside the extension host, under either runner.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha = require('mocha');
import ResultsReporter = require('../../support/resultsReporter');
import { writeResults } from '../../support/results';
import { readExtHostConfig } from '../config';

export function run(): Promise<void> {
  const { resultsFile, grep } = readExtHostConfig();
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60000,
    color: false,
    forbidOnly: true,
    forbidPending: true,
    reporter: ResultsReporter,
    reporterOptions: { resultsFile },
    ...(grep ? { grep } : {}),
  });
  for (const file of fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host tests failed`)) : resolve()));
    } catch (error) {
      // A suite that cannot even load still has to be reported as a failure.
      writeResults(resultsFile, {
        passed: 0,
        failed: 1,
        pending: 0,
        finished: true,
        tests: [{ title: 'load the extension-host suite', state: 'failed', durationMs: 0, error: String(error) }],
      });
      reject(error);
    }
  });
}
