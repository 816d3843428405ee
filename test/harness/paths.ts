import * as path from 'node:path';

/** The repository root, found from this compiled file (out/test/harness) or its source. */
export const repoRoot = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../..' : '../..');

/** Git-ignored folder for test results, screenshots and runner hand-offs. */
export const resultsDir = path.join(repoRoot, 'test-results');
