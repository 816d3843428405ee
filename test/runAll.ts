/**
 * `npm test`: every test layer, against real Kafka brokers started once for all of them.
 *   node out/test/runAll.js [unit] [integration] [integration-3x] [exthost] [e2e]   (default: all five)
 * The pinned Kafka (scripts/kafka/version) serves integration, exthost and e2e; integration-3x
 * runs the integration layer again against its own broker of the pinned 3.x version
 * (scripts/kafka/version-3x), beside the other layers, its output printed when it ends.
 * Prints each layer's counts and ends with "N passed, N failed". Exits non-zero when any
 * test fails, a layer runs no test, or Kafka / VS Code cannot be started.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runExtHostSuiteInCodeServer } from './exthost/runCodeServer';
import { KafkaCluster, pinnedKafka3xVersion, pinnedKafkaVersion, startKafkaCluster } from './harness/kafka';
import { trackChild } from './harness/processes';
import { SchemaRegistry, startSchemaRegistry } from './harness/registry';
import { repoRoot, resultsDir } from './harness/paths';
import { LayerResults, readResults } from './support/results';
import { LeftOutSpec, specsNotRunOn } from './support/versionedSpecs';

const LAYERS = ['unit', 'integration', 'integration-3x', 'exthost', 'e2e'] as const;
type Layer = (typeof LAYERS)[number];

/**
 * Layers that run beside the others instead of in turn. The 3.x integration run waits on its
 * own broker most of the time, so on 2 cores it costs the run little wall time (docs/testing.md
 * has the measurements).
 */
const BESIDE: readonly Layer[] = ['integration-3x'];

interface LayerOutcome {
  readonly layer: Layer;
  readonly kafkaVersion?: string;
  readonly results: LayerResults;
  readonly seconds: number;
  readonly leftOut: readonly LeftOutSpec[];
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

/**
 * Runs one mocha config in a child process; the results reporter writes the JSON. With `logFile`
 * the child's output goes there (a layer running beside others), else to this process's.
 */
async function runMocha(
  layer: Layer,
  config: string,
  env: NodeJS.ProcessEnv,
  options: { ignore?: readonly string[]; logFile?: string } = {},
): Promise<LayerResults> {
  const resultsFile = path.join(resultsDir, `${layer}-results.json`);
  fs.rmSync(resultsFile, { force: true });
  const mocha = path.join(repoRoot, 'node_modules/mocha/bin/mocha.js');
  const args = [mocha, '--config', `test/.mocharc.${config}.json`, ...(options.ignore ?? []).flatMap((file) => ['--ignore', file])];
  const log = options.logFile ? fs.openSync(options.logFile, 'w') : undefined;
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: log === undefined ? 'inherit' : ['ignore', log, log],
    env: { ...process.env, ...env, KE_RESULTS_FILE: resultsFile },
  });
  trackChild(child);
  const status = await new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(String(code ?? signal))));
  if (log !== undefined) {
    fs.closeSync(log);
  }
  const results = readResults(resultsFile);
  if (!results?.finished) {
    return failedLayer(`mocha for the ${layer} layer exited with ${status} and wrote no results`);
  }
  return results;
}

/** How a mocha layer finds its broker, that broker's version and log directory (tests read segments with Kafka's tools) and the shared registry. */
function brokerEnv(kafka: KafkaCluster, registry: SchemaRegistry): NodeJS.ProcessEnv {
  return {
    KAFKA_VERSION: kafka.version,
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

/**
 * Repeats each failed test with the start of its error under the summary: CI keeps only the end
 * of a long output, and a failure scrolled out of it cannot be told from the counts alone.
 */
function printFailures(outcomes: readonly LayerOutcome[]): void {
  const failures = outcomes.flatMap(({ layer, results }) =>
    results.tests.filter((test) => test.state !== 'passed').map((test) => ({ layer, test })),
  );
  if (failures.length === 0) {
    return;
  }
  console.log('\n== not passed');
  for (const { layer, test } of failures) {
    console.log(`   ${layer}: ${test.state === 'failed' ? '✖' : '-'} ${test.title}`);
    const lines = (test.error ?? '').split('\n').slice(0, 12);
    for (const line of lines) {
      console.log(`        ${line}`);
    }
  }
  console.log('');
}

function printLeftOut(version: string, leftOut: readonly LeftOutSpec[]): void {
  for (const spec of leftOut) {
    console.log(`   not run on Kafka ${version}: ${spec.file}: ${spec.reason}`);
  }
}

function packageVsix(): Promise<void> {
  const child = spawn('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: 'inherit' });
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run package exited with ${code}`)))),
  );
}

/** A broker, or why there is none. */
type Started<T> = { readonly value: T } | { readonly error: unknown };

function started<T>(settled: PromiseSettledResult<T> | undefined): Started<T> | undefined {
  if (!settled) {
    return undefined;
  }
  return settled.status === 'fulfilled' ? { value: settled.value } : { error: settled.reason };
}

function valueOf<T>(start: Started<T> | undefined): T | undefined {
  return start && 'value' in start ? start.value : undefined;
}

function errorText(start: Started<unknown> | undefined, what: string): string {
  const error = start && 'error' in start ? start.error : `${what} was not started`;
  return `${what} could not be started: ${error instanceof Error ? error.message : String(error)}`;
}

async function main(): Promise<number> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((layer) => !(LAYERS as readonly string[]).includes(layer));
  if (unknown.length > 0) {
    console.error(`unknown layer(s): ${unknown.join(', ')}; choose from ${LAYERS.join(', ')}`);
    return 2;
  }
  const layers = requested.length > 0 ? LAYERS.filter((layer) => requested.includes(layer)) : [...LAYERS];
  fs.mkdirSync(resultsDir, { recursive: true });
  const runStarted = Date.now();

  const needsMain = layers.some((layer) => layer === 'integration' || layer === 'exthost' || layer === 'e2e');
  const needs3x = layers.includes('integration-3x');
  const versions = [...(needsMain ? [pinnedKafkaVersion()] : []), ...(needs3x ? [pinnedKafka3xVersion()] : [])];
  if (versions.length > 0) {
    console.log(`\n== starting Apache Kafka ${versions.join(' and ')} (KRaft, single node each) and a Schema Registry for all layers`);
  }
  // All at once: each takes a few seconds to start.
  const [mainSettled, threeXSettled, registrySettled] = await Promise.all([
    needsMain ? Promise.allSettled([startKafkaCluster()]).then(([s]) => s) : undefined,
    needs3x ? Promise.allSettled([startKafkaCluster({ version: pinnedKafka3xVersion() })]).then(([s]) => s) : undefined,
    versions.length > 0 ? Promise.allSettled([startSchemaRegistry()]).then(([s]) => s) : undefined,
  ]);
  const mainKafka = started(mainSettled);
  const kafka3x = started(threeXSettled);
  const registryStart = started(registrySettled);
  const registry = valueOf(registryStart);
  for (const [start, what] of [
    [mainKafka, 'Kafka'],
    [kafka3x, 'Kafka 3.x'],
  ] as const) {
    const cluster = valueOf(start);
    if (cluster) {
      console.log(`   Kafka ${cluster.version} at ${cluster.bootstrapServers.join(',')}`);
    } else if (start) {
      console.error(`   ${errorText(start, what)}`);
    }
  }
  if (registry) {
    console.log(`   Schema Registry at ${registry.url}`);
  } else if (registryStart) {
    console.error(`   ${errorText(registryStart, 'the Schema Registry')}`);
  }

  /** Every layer after unit needs its broker and the registry: without either they would fail test by test. */
  const brokerFor = (layer: Layer): { kafka: KafkaCluster; registry: SchemaRegistry } | string => {
    const start = layer === 'integration-3x' ? kafka3x : mainKafka;
    const kafka = valueOf(start);
    if (!kafka) {
      return errorText(start, layer === 'integration-3x' ? 'Kafka 3.x' : 'Kafka');
    }
    return registry ? { kafka, registry } : errorText(registryStart, 'the Schema Registry');
  };

  const runLayer = async (layer: Layer, logFile?: string): Promise<LayerOutcome> => {
    const started = Date.now();
    const outcome = (results: LayerResults, kafkaVersion?: string, leftOut: readonly LeftOutSpec[] = []): LayerOutcome => ({
      layer,
      kafkaVersion,
      results,
      leftOut,
      seconds: (Date.now() - started) / 1000,
    });
    if (layer === 'unit') {
      return outcome(await runMocha('unit', 'unit', {}));
    }
    const broker = brokerFor(layer);
    if (typeof broker === 'string') {
      return outcome(failedLayer(broker));
    }
    const { kafka } = broker;
    const env = brokerEnv(kafka, broker.registry);
    if (layer === 'integration' || layer === 'integration-3x') {
      const leftOut = specsNotRunOn(kafka.version, layer === 'integration');
      if (!logFile) {
        printLeftOut(kafka.version, leftOut);
      }
      const ignore = leftOut.map((spec) => spec.file);
      // Tails without a group read with their own fetches; the 3.x run keeps kafkajs' consumer for them
      // too, so that both paths run every tail test (docs/testing.md).
      const fetchPath = layer === 'integration-3x' ? { KE_TAIL_FETCH_PATH: 'kafkajs' } : {};
      return outcome(await runMocha(layer, 'integration', { ...env, ...fetchPath }, { ignore, logFile }), kafka.version, leftOut);
    }
    if (layer === 'exthost') {
      const results = await runExtHostSuiteInCodeServer(kafka.bootstrapServers, broker.registry.url).catch(failedLayer);
      printResults(results);
      return outcome(results, kafka.version);
    }
    try {
      await packageVsix();
      return outcome(await runMocha('e2e', 'e2e', env), kafka.version);
    } catch (error) {
      return outcome(failedLayer(error), kafka.version);
    }
  };

  const outcomes: LayerOutcome[] = [];
  // Alone, a layer runs in turn, its output printed as it comes.
  const runsBeside = (layer: Layer) => layers.length > 1 && BESIDE.includes(layer);
  try {
    const beside = layers.filter(runsBeside).map((layer) => {
      const logFile = path.join(resultsDir, `${layer}.log`);
      console.log(`\n== ${layer}: started beside the other layers; its output (${path.relative(repoRoot, logFile)}) follows theirs`);
      return { layer, logFile, outcome: runLayer(layer, logFile) };
    });
    for (const layer of layers.filter((layer) => !runsBeside(layer))) {
      console.log(`\n== ${layer}`);
      outcomes.push(await runLayer(layer));
    }
    for (const { layer, logFile, outcome } of beside) {
      const result = await outcome;
      console.log(`\n== ${layer} (ran beside the layers above)`);
      printLeftOut(result.kafkaVersion ?? '?', result.leftOut);
      if (fs.existsSync(logFile)) {
        process.stdout.write(fs.readFileSync(logFile, 'utf8'));
      }
      if (result.results.tests.some((test) => test.title === 'start the layer')) {
        printResults(result.results);
      }
      outcomes.push(result);
    }
  } finally {
    await Promise.all([valueOf(mainKafka)?.stop(), valueOf(kafka3x)?.stop(), registry?.stop()]);
  }

  console.log('\n== summary');
  let passed = 0;
  let failed = 0;
  for (const layer of layers) {
    const found = outcomes.find((outcome) => outcome.layer === layer);
    if (!found) {
      continue;
    }
    const { results, seconds, kafkaVersion, leftOut } = found;
    const empty = results.passed + results.failed + results.pending === 0;
    const layerFailed = results.failed + results.pending + (empty ? 1 : 0);
    passed += results.passed;
    failed += layerFailed;
    const notes = [
      ...(kafkaVersion ? [`Kafka ${kafkaVersion}`] : []),
      ...(runsBeside(layer) ? ['beside the others'] : []),
      ...(leftOut.length > 0 ? [`${leftOut.length} file(s) not run on this version`] : []),
      ...(empty ? ['no tests ran: counted as a failure'] : []),
    ];
    console.log(
      `   ${layer.padEnd(15)} ${String(results.passed).padStart(4)} passed ${String(layerFailed).padStart(3)} failed  ${seconds.toFixed(1).padStart(6)} s${notes.length > 0 ? `  (${notes.join('; ')})` : ''}`,
    );
  }
  console.log(`   whole run ${((Date.now() - runStarted) / 1000).toFixed(1)} s`);
  printFailures(outcomes);
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
