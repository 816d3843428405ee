/**
 * Runs the extension-host suite in a desktop VS Code downloaded by @vscode/test-electron
 * (`npm run test:electron`), for machines that can reach VS Code's download servers.
 * Starts its own Kafka and Schema Registry unless KE_KAFKA_BOOTSTRAP and KE_REGISTRY_URL name them.
 */
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { startKafkaCluster } from '../harness/kafka';
import { startSchemaRegistry } from '../harness/registry';
import { repoRoot, resultsDir } from '../harness/paths';
import { readResults } from '../support/results';
import { writeExtHostConfig } from './config';

async function main(): Promise<number> {
  const shared = process.env.KE_KAFKA_BOOTSTRAP;
  const kafka = shared ? undefined : await startKafkaCluster();
  const bootstrapServers = shared ? shared.split(',') : kafka!.bootstrapServers;
  const registry = process.env.KE_REGISTRY_URL ? undefined : await startSchemaRegistry();
  const resultsFile = path.join(resultsDir, 'exthost-electron-results.json');
  writeExtHostConfig({ bootstrapServers, registryUrl: process.env.KE_REGISTRY_URL ?? registry!.url, resultsFile });
  try {
    await runTests({
      version: process.env.VSCODE_VERSION || '1.99.3',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out/test/exthost/suite/index'),
      launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
    });
  } catch (error) {
    console.error(error);
  } finally {
    await Promise.all([kafka?.stop(), registry?.stop()]);
  }
  const results = readResults(resultsFile);
  console.log(results ? `${results.passed} passed, ${results.failed} failed` : 'no results: the suite did not run');
  return results && results.finished && results.failed === 0 && results.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
