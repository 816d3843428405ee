/**
 * `npm run demo`: a local Kafka and Schema Registry with sample data (JSON, msgpack, text,
 * zstd, and Avro and Protobuf values written by Confluent's Python client) and VS Code
 * (code-server) with the extension installed and the local cluster, with its registry,
 * already added. Runs until Ctrl-C.
 *   --check   start everything, confirm in headless Chromium that the cluster's topics and
 *             schemas show in the Kafka view (screenshot in test-results/), then stop.
 * Environment: KAFKA_PORT (default 9092), CODE_SERVER_PORT (default 8080), KAFKA_VERSION.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { expandRow } from '../test/e2e/workbench';
import { launchChromium } from '../test/harness/browser';
import { startCodeServer } from '../test/harness/codeServer';
import { startKafkaCluster } from '../test/harness/kafka';
import { startSchemaRegistry } from '../test/harness/registry';
import { repoRoot, resultsDir } from '../test/harness/paths';
import { SCHEMA_TOPICS, seedSchemaSamples } from '../test/harness/schemaSamples';
import { freePort } from '../test/harness/ports';
import { LAGGING_GROUP, sampleOrder, seedSampleData, startOrderTicker } from '../test/harness/sampleData';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function preferredPort(wanted: number): Promise<number> {
  return (await portIsFree(wanted)) ? wanted : freePort();
}

function writeSampleWorkspace(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'order.json'), JSON.stringify(sampleOrder(42), null, 2) + '\n');
  fs.writeFileSync(
    path.join(dir, 'keyed-lines.txt'),
    ['alice\t{"event":"login"}', 'bob\t{"event":"logout"}', 'carol\t{"event":"purchase","cents":1299}'].join('\n') + '\n',
  );
  fs.writeFileSync(
    path.join(dir, 'README.md'),
    '# Kafka Explorer demo\n\nOpen the Kafka view in the activity bar: the cluster "local" is already added.\n',
  );
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const kafkaPort = await preferredPort(Number(process.env.KAFKA_PORT || 9092));
  console.log(`Starting Apache Kafka on 127.0.0.1:${kafkaPort} ...`);
  const [kafka, registry] = await Promise.all([startKafkaCluster({ port: kafkaPort }), startSchemaRegistry()]);
  const cleanups: Array<() => Promise<void>> = [() => kafka.stop(), () => registry.stop()];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error) => console.error(error));
    }
  };
  try {
    console.log(`Kafka ${kafka.version} is up. Creating sample topics and data ...`);
    const counts = await seedSampleData(kafka.bootstrapServers);
    for (const [topic, count] of Object.entries(counts)) {
      console.log(`  ${topic.padEnd(22)} ${count} messages`);
    }
    console.log(`  consumer group ${LAGGING_GROUP} has read half of "orders" (it shows lag)`);
    console.log(`Schema Registry (Apicurio) at ${registry.url}. Writing Avro and Protobuf values with Confluent's Python client ...`);
    for (const [topic, count] of Object.entries(await seedSchemaSamples(kafka.bootstrapServers, registry.url))) {
      console.log(`  ${topic.padEnd(22)} ${count} messages`);
    }
    cleanups.push(await startOrderTicker(kafka.bootstrapServers));

    const pkg = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
    if (pkg.status !== 0) {
      throw new Error('npm run package failed');
    }
    const workspace = path.join(repoRoot, '.cache/demo-workspace');
    writeSampleWorkspace(workspace);
    const server = await startCodeServer({
      port: await preferredPort(Number(process.env.CODE_SERVER_PORT || 8080)),
      vsix: path.join(repoRoot, 'dist/kafka-explorer.vsix'),
      workspace,
      settings: {
        'kafkaExplorer.clusters': [{ name: 'local', bootstrapServers: kafka.bootstrapServers, schemaRegistry: { url: registry.url } }],
      },
    });
    cleanups.push(() => server.stop());
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;

    if (check) {
      const browser = await launchChromium();
      cleanups.push(() => browser.close());
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.goto(url);
      await page.locator('.activitybar [aria-label^="Kafka"]').first().click({ timeout: 60000 });
      await expandRow(page, 'local');
      await expandRow(page, 'Topics');
      await page.locator('.monaco-list-row', { hasText: 'orders' }).first().waitFor({ timeout: 30000 });
      await expandRow(page, 'Consumer Groups');
      await page.locator('.monaco-list-row', { hasText: LAGGING_GROUP }).first().waitFor({ timeout: 30000 });
      await expandRow(page, 'Schemas');
      await page
        .locator('.monaco-list-row', { hasText: `${SCHEMA_TOPICS.avro}-value` })
        .first()
        .waitFor({ timeout: 30000 });
      fs.mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: path.join(resultsDir, 'demo.png') });
      console.log(
        `demo check passed: the "local" cluster lists its topics, the lagging group and its schemas (screenshot: test-results/demo.png)`,
      );
      return;
    }

    console.log(`\nVS Code (code-server) with Kafka Explorer: ${url}`);
    console.log(`Kafka bootstrap servers: ${kafka.bootstrapServers.join(',')}`);
    console.log(`Schema Registry: ${registry.url}`);
    console.log(
      'A new order is produced to "orders" every 2 s: Watch Group on ' + `"${LAGGING_GROUP}"` + ' (graph icon) shows it falling behind,',
    );
    console.log('and with its Consumer Groups folder open the tree marks its growing lag. Press Ctrl-C to stop everything.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    console.log('\nStopping ...');
  } finally {
    await stopAll();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
