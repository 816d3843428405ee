/**
 * A mocha reporter that prints like "spec" and also writes the results as JSON, so one
 * runner can gather per-layer counts, including from the VS Code extension host, whose
 * exit code a web workbench does not give back. The JSON path comes from the
 * reporter option `resultsFile` or the environment variable KE_RESULTS_FILE.
 */
import Mocha = require('mocha');
import { TestResult, writeResults } from './results';

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

class ResultsReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const reporterOptions = (options?.reporterOptions ?? {}) as { resultsFile?: string };
    const file = reporterOptions.resultsFile ?? process.env.KE_RESULTS_FILE;
    const tests: TestResult[] = [];
    const record = (test: Mocha.Test, state: TestResult['state'], error?: unknown) => {
      tests.push({
        title: test.fullTitle(),
        state,
        durationMs: test.duration ?? 0,
        ...(error ? { error: error instanceof Error ? (error.stack ?? error.message) : String(error) } : {}),
      });
    };
    runner.on(EVENT_TEST_PASS, (test) => record(test, 'passed'));
    runner.on(EVENT_TEST_FAIL, (test, error) => record(test, 'failed', error));
    runner.on(EVENT_TEST_PENDING, (test) => record(test, 'pending'));
    runner.once(EVENT_RUN_END, () => {
      if (!file) {
        return;
      }
      const count = (state: TestResult['state']) => tests.filter((t) => t.state === state).length;
      writeResults(file, {
        passed: count('passed'),
        failed: count('failed'),
        pending: count('pending'),
        tests,
        finished: true,
      });
    });
  }
}

export = ResultsReporter;
