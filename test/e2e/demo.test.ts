/** The README's first command, checked: `npm run demo -- --check` brings up Kafka + VS Code with the cluster visible. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from '../harness/paths';
import { freePort } from '../harness/ports';

describe('the demo', function () {
  this.timeout(240000);

  it('starts Kafka with sample data and VS Code showing the cluster, topics and the lagging group', async () => {
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'out/scripts/demo.js'), '--check'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 230000,
      env: { ...process.env, KAFKA_PORT: String(await freePort()), CODE_SERVER_PORT: String(await freePort()) },
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /orders\s+1200 messages/);
    assert.match(run.stdout, /demo check passed: the "local" cluster lists its topics, the lagging group and its schemas/);
  });
});
