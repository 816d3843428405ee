/**
 * `npm run bench [explorer] [produce] [tail] [tail-none] [tail-lz4] [tail-zstd] [tail-avro] [search] [panel] [live]` (`tail` runs all four tails): starts a local Kafka, runs the benchmarks (all by
 * default) and prints tables with ratios against the reference measured in the same run
 * (the first row of each table). Not a test: nothing here passes or fails on time; it
 * fails only if the data it measured is wrong. Results: test-results/bench.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KafkaCluster, startKafkaCluster } from '../../test/harness/kafka';
import { resultsDir } from '../../test/harness/paths';
import { BenchRow, benchExplorer } from './explorer';
import { benchProduce } from './produce';
import { benchLiveRefresh } from './liveRefresh';
import { benchPanel } from './panel';
import { benchSearch } from './search';
import { benchTail } from './tail';
import { benchTailAvro } from './tailAvro';

/** A benchmark measured against a reference (its first row), or one that prints its own table. */
type Bench =
  { title: string; run: typeof benchExplorer; unit: string } | { title: string; table: (kafka: KafkaCluster) => Promise<string[]> };

const BENCHES: Record<string, Bench> = {
  explorer: { title: 'Cluster explorer (2,000 topics × 6 partitions, 200 and 5,000 groups)', run: benchExplorer, unit: '× kcat -L' },
  produce: { title: 'Produce from the editor', run: benchProduce, unit: '× kcat -P time' },
  tail: {
    title: 'Tail pipeline (1,000,000 JSON messages, 6 partitions, uncompressed)',
    run: benchTail('none'),
    unit: '× bare kafkajs time',
  },
  'tail-lz4': {
    title: 'Tail pipeline (1,000,000 JSON messages, 6 partitions, lz4 batches)',
    run: benchTail('lz4'),
    unit: '× bare kafkajs time',
  },
  'tail-zstd': {
    title: 'Tail pipeline (1,000,000 JSON messages, 6 partitions, zstd batches)',
    run: benchTail('zstd'),
    unit: '× bare kafkajs time',
  },
  'tail-avro': {
    title: 'Tail pipeline on Avro (1,000,000 messages through a Schema Registry, 6 partitions, uncompressed) next to JSON',
    run: benchTailAvro,
    unit: '× bare kafkajs time',
  },
  search: {
    title:
      'Search a topic (1,000,000 JSON messages, 6 partitions) with the CEL filter `value.amount > 990` in the host, next to kcat -C -e piped into grep -c',
    run: benchSearch,
    unit: '× kcat+grep time',
  },
  panel: { title: 'Tail panel in VS Code (code-server + Chromium): 20,000 msg/s live, then 1,000,000 messages', table: benchPanel },
  live: { title: 'Live refresh cost (200 groups with lag, polled every 5 s)', table: benchLiveRefresh },
};

/** Names that stand for several benchmarks. */
const GROUPS: Record<string, string[]> = { tail: ['tail', 'tail-lz4', 'tail-zstd', 'tail-avro'], 'tail-none': ['tail'] };

async function main(): Promise<void> {
  const asked = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(BENCHES);
  const chosen = [...new Set(asked.flatMap((name) => GROUPS[name] ?? [name]))];
  const unknown = chosen.filter((name) => !BENCHES[name]);
  if (unknown.length > 0) {
    throw new Error(`unknown benchmark(s) ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
  }
  const kafka = await startKafkaCluster({ heapMb: 2048 });
  const lines: string[] = [];
  const print = (line: string) => {
    console.log(line);
    lines.push(line);
  };
  try {
    print(`Kafka ${kafka.version}, single node, ${new Date().toISOString()}`);
    for (const name of chosen) {
      const bench = BENCHES[name];
      print('');
      print(`## ${bench.title}`);
      if ('table' in bench) {
        print('');
        (await bench.table(kafka)).forEach(print);
        continue;
      }
      const rows: BenchRow[] = await bench.run(kafka);
      const reference = rows[0].medianMs;
      print('');
      print(`| measurement | median ms | ${bench.unit} |`);
      print('| --- | ---: | ---: |');
      for (const row of rows) {
        print(`| ${row.name}${row.note ? ` (${row.note})` : ''} | ${row.medianMs.toFixed(1)} | ${(row.medianMs / reference).toFixed(2)} |`);
      }
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
