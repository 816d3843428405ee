/**
 * Hand-off from a runner (code-server or @vscode/test-electron) to the suite running in
 * the extension host: a JSON file at a fixed place, because the web workbench cannot
 * pass environment variables or arguments to the test module.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resultsDir } from '../harness/paths';

export interface ExtHostTestConfig {
  /** The real broker the suite talks to. */
  readonly bootstrapServers: string[];
  /** The real Schema Registry (its Confluent-compatible API's URL). */
  readonly registryUrl: string;
  /** Where the suite writes its results (test/support/results.ts). */
  readonly resultsFile: string;
  /** Runs only the tests whose full title matches (KE_EXTHOST_GREP, for working on one file). */
  readonly grep?: string;
}

export const configFile = path.join(resultsDir, 'exthost-config.json');

export function writeExtHostConfig(config: ExtHostTestConfig): void {
  fs.mkdirSync(path.dirname(configFile), { recursive: true });
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
}

export function readExtHostConfig(): ExtHostTestConfig {
  return JSON.parse(fs.readFileSync(configFile, 'utf8')) as ExtHostTestConfig;
}
