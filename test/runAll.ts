/**
 * `npm test`: every test layer, one real Kafka broker started once for all of them.
 *   node out/test/runAll.js [unit] [integration] [exthost] [e2e]   (default: all four)
 * Prints each layer's counts and ends with "N passed, N failed". Exits non-zero when any
 * test fails, a layer runs no test, or Kafka / VS Code cannot be started.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runExtHostSuiteInCodeServer } from './exthost/runCodeServer';
import { KafkaCluster, startKafkaCluster } from './harness/kafka';
import { SchemaRegistry, startSchemaRegistry } from './harness/registry';
import { repoRoot, resultsDir } from './harness/paths';
import { LayerResults, readResults } from './support/results';

const LAYERS = ['unit', 'integration', 'exthost', 'e2e'] as const;
type Layer = (typeof LAYERS)[number];

interface LayerOutcome {
  readonly layer: Layer;
  readonly results: LayerResults;
  readonly seconds: number;
}

function failedLayer(reason: unknown): LayerResults {
  const message = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
  return {
    passed: 0,
    failed: 1,
    pending: 0,
    finished: true,
    tests: [{ title: 'start the layer', state: 'failed', durationMs: 0, error: message }],
  };
}

/** Runs one mocha config in a child process; the results reporter writes the JSON. */
function runMocha(layer: Layer, env: NodeJS.ProcessEnv): LayerResults {
  const resultsFile = path.join(resultsDir, `${layer}-results.json`);
  fs.rmSync(resultsFile, { force: true });
  const mocha = path.join(repoRoot, 'node_modules/mocha/bin/mocha.js');
  const run = spawnSync(process.execPath, [mocha, '--config', `test/.mocharc.${layer}.json`], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, ...env, KE_RESULTS_FILE: resultsFile },
  });
  const results = readResults(resultsFile);
  if (!results?.finished) {
    return failedLayer(`mocha for the ${layer} layer exited with ${run.status ?? run.signal} and wrote no results`);
  }
  return results;
}

/** How a mocha layer finds the shared broker, its log directory (tests read segments with Kafka's tools) and the shared registry. */
function brokerEnv(kafka: KafkaCluster, registry: SchemaRegistry): NodeJS.ProcessEnv {
  return {
    KE_KAFKA_BOOTSTRAP: kafka.bootstrapServers.join(','),
    KE_KAFKA_LOG_DIR: path.join(kafka.nodes[0].dir, 'data'),
    KE_REGISTRY_URL: registry.url,
  };
}

function printResults(results: LayerResults): void {
  for (const test of results.tests) {
    const mark = test.state === 'passed' ? '✔' : test.state === 'failed' ? '✖' : '-';
    console.log(`    ${mark} ${test.title} (${test.durationMs} ms)`);
    if (test.error) {
      console.log(test.error.replace(/^/gm, '        '));
    }
  }
}

function packageVsix(): void {
  const run = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: 'inherit' });
  if (run.status !== 0) {
    throw new Error(`npm run package exited with ${run.status}`);
  }
}

async function main(): Promise<number> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((layer) => !(LAYERS as readonly string[]).includes(layer));
  if (unknown.length > 0) {
    console.error(`unknown layer(s): ${unknown.join(', ')}; choose from ${LAYERS.join(', ')}`);
    return 2;
  }
  const layers = requested.length > 0 ? (requested as Layer[]) : [...LAYERS];
  fs.mkdirSync(resultsDir, { recursive: true });
  const outcomes: LayerOutcome[] = [];
  let kafka: KafkaCluster | undefined;
  let kafkaError: unknown;
  let registry: SchemaRegistry | undefined;

  const needsKafka = layers.some((layer) => layer !== 'unit');
  if (needsKafka) {
    console.log('\n== starting Apache Kafka (KRaft, single node) and a Schema Registry for all layers');
    // Both at once: each takes a few seconds to start.
    const [startedKafka, startedRegistry] = await Promise.allSettled([startKafkaCluster(), startSchemaRegistry()]);
    if (startedKafka.status === 'fulfilled') {
      kafka = startedKafka.value;
      console.log(`   Kafka ${kafka.version} at ${kafka.bootstrapServers.join(',')}`);
    } else {
      kafkaError = startedKafka.reason;
      console.error(`   Kafka could not be started: ${(kafkaError as Error).message}`);
    }
    if (startedRegistry.status === 'fulfilled') {
      registry = startedRegistry.value;
      console.log(`   Schema Registry at ${registry.url}`);
    } else {
      // Every layer after unit needs both: without a registry they would fail test by test.
      await kafka?.stop();
      kafka = undefined;
      kafkaError = new Error(`the Schema Registry could not be started: ${(startedRegistry.reason as Error).message}`);
      console.error(`   ${(kafkaError as Error).message}`);
    }
  }

  try {
    for (const layer of layers) {
      console.log(`\n== ${layer}`);
      const started = Date.now();
      let results: LayerResults;
      if (layer !== 'unit' && !kafka) {
        results = failedLayer(`Kafka could not be started: ${String((kafkaError as Error)?.message ?? kafkaError)}`);
      } else if (layer === 'unit') {
        results = runMocha('unit', {});
      } else if (layer === 'integration') {
        results = runMocha('integration', brokerEnv(kafka!, registry!));
      } else if (layer === 'exthost') {
        results = await runExtHostSuiteInCodeServer(kafka!.bootstrapServers, registry!.url).catch(failedLayer);
        printResults(results);
      } else {
        try {
          packageVsix();
          results = runMocha('e2e', brokerEnv(kafka!, registry!));
        } catch (error) {
          results = failedLayer(error);
        }
      }
      outcomes.push({ layer, results, seconds: (Date.now() - started) / 1000 });
    }
  } finally {
    await Promise.all([kafka?.stop(), registry?.stop()]);
  }

  console.log('\n== summary');
  let passed = 0;
  let failed = 0;
  for (const { layer, results, seconds } of outcomes) {
    const empty = results.passed + results.failed + results.pending === 0;
    const layerFailed = results.failed + results.pending + (empty ? 1 : 0);
    passed += results.passed;
    failed += layerFailed;
    const note = empty ? ' (no tests ran: counted as a failure)' : '';
    console.log(
      `   ${layer.padEnd(12)} ${String(results.passed).padStart(4)} passed ${String(layerFailed).padStart(3)} failed  ${seconds.toFixed(1)} s${note}`,
    );
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
