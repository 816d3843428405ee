/**
 * `npm run bench`: starts a local Kafka, runs each benchmark and prints a table with
 * ratios against the reference measured in the same run. Not a test: nothing here
 * passes or fails on time; it fails only if the data it measured is wrong.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startKafkaCluster } from '../../test/harness/kafka';
import { resultsDir } from '../../test/harness/paths';
import { benchExplorer } from './explorer';

async function main(): Promise<void> {
  const kafka = await startKafkaCluster({ heapMb: 2048 });
  const lines: string[] = [];
  const print = (line: string) => {
    console.log(line);
    lines.push(line);
  };
  try {
    print(`Kafka ${kafka.version}, single node, ${new Date().toISOString()}`);
    print('');
    print('## Cluster explorer');
    const rows = await benchExplorer(kafka);
    const reference = rows[0].medianMs;
    print('');
    print('| query | median ms | × kcat -L |');
    print('| --- | ---: | ---: |');
    for (const row of rows) {
      print(`| ${row.name}${row.note ? ` (${row.note})` : ''} | ${row.medianMs.toFixed(1)} | ${(row.medianMs / reference).toFixed(2)} |`);
    }
  } finally {
    await kafka.stop();
  }
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, 'bench.md'), lines.join('\n') + '\n');
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
