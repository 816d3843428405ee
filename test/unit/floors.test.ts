/**
 * The lint rules made from docs/architecture.md's floors table (scripts/lint/floors.mjs): each
 * case lints a made-up file with the project's own ESLint config, so a table or rule that stops
 * catching an import up a floor, into another feature, or in a circle fails here.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../harness/paths';

interface Case {
  readonly file: string;
  readonly code: string;
}

/** Runs an ES module snippet in a child Node (the lint plugin and ESLint are ES modules) and parses what it prints. */
function runModule<T>(source: string): T {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', source], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as T;
}

/** The floors/* messages ESLint gives each case. */
function floorMessages(cases: readonly Case[]): string[][] {
  return runModule<string[][]>(`
    import { ESLint } from 'eslint';
    const eslint = new ESLint({ cwd: ${JSON.stringify(repoRoot)} });
    const cases = ${JSON.stringify(cases)};
    const out = [];
    for (const c of cases) {
      const [result] = await eslint.lintText(c.code, { filePath: c.file });
      out.push(result.messages.filter((m) => (m.ruleId ?? '').startsWith('floors/')).map((m) => m.message));
    }
    console.log(JSON.stringify(out));
  `);
}

describe('the floors of docs/architecture.md, as lint rules', function () {
  this.timeout(60_000);

  it('refuses imports up a floor, into another feature, and APIs a floor cannot have; allows the rest', () => {
    const cases: Case[] = [
      { file: 'src/kafka/admin/example.ts', code: "import * as vscode from 'vscode';\nexport const a = vscode;\n" },
      {
        file: 'src/codecs/example.ts',
        code: "import { KafkaExplorerError } from '../kafka/errors';\nexport const a = KafkaExplorerError;\n",
      },
      { file: 'src/features/tail/host/example.ts', code: "import { produce } from '../../produce/produce';\nexport const a = produce;\n" },
      { file: 'src/features/tail/webview/example.ts', code: "import * as fs from 'node:fs';\nexport const a = fs;\n" },
      {
        file: 'src/workbench/example.ts',
        code: "import { TailPanels } from '../features/tail/host/panels';\nexport const a = TailPanels;\n",
      },
      // Allowed: a feature reaching down into the Kafka layer, and its webview into its own protocol.
      {
        file: 'src/features/tail/host/example.ts',
        code: "import { KafkaExplorerError } from '../../../kafka/errors';\nexport const a = KafkaExplorerError;\n",
      },
      {
        file: 'src/features/tail/webview/example.ts',
        code: "import { DETAIL_CHARS } from '../protocol';\nexport const a = DETAIL_CHARS;\n",
      },
    ];
    const messages = floorMessages(cases);
    assert.match(messages[0].join(), /kafka runs in node: no vscode API here/);
    assert.match(messages[1].join(), /codecs may not import kafka/);
    assert.match(messages[2].join(), /may not import another feature's code \(src\/features\/produce\/produce\.ts\)/);
    assert.match(messages[3].join(), /runs in the browser: no Node built-ins/);
    assert.match(messages[4].join(), /workbench may not import features/);
    assert.deepEqual(messages.slice(5), [[], []]);
  });

  it('finds files that import each other in a circle, type imports included', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-explorer-floors-'));
    try {
      fs.mkdirSync(path.join(root, 'src/kafka'), { recursive: true });
      fs.writeFileSync(path.join(root, 'src/kafka/a.ts'), "import { b } from './b';\nexport const a = b;\n");
      fs.writeFileSync(path.join(root, 'src/kafka/b.ts'), "import type { C } from './c';\nexport const b: C = 1;\n");
      fs.writeFileSync(path.join(root, 'src/kafka/c.ts'), "import { a } from './a';\nexport type C = typeof a;\n");
      fs.writeFileSync(path.join(root, 'src/kafka/d.ts'), "import { a } from './a';\nexport const d = a;\n");
      const plugin = pathToFileURL(path.join(repoRoot, 'scripts/lint/floors.mjs')).href;
      const circles = runModule<string[][]>(
        `import { importCircles } from ${JSON.stringify(plugin)}; console.log(JSON.stringify(importCircles(${JSON.stringify(root)})));`,
      );
      assert.deepEqual(circles, [['src/kafka/a.ts', 'src/kafka/b.ts', 'src/kafka/c.ts']]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('finds no circle in src/ today', () => {
    const plugin = pathToFileURL(path.join(repoRoot, 'scripts/lint/floors.mjs')).href;
    const circles = runModule<string[][]>(
      `import { importCircles } from ${JSON.stringify(plugin)}; console.log(JSON.stringify(importCircles(${JSON.stringify(repoRoot)})));`,
    );
    assert.deepEqual(circles, []);
  });
});
