/**
 * `npm run bench -- tail`: the tail pipeline (consume + decode + batch for the webview), on its
 * own Fetch requests and on kafkajs' consumer, on a topic of 1,000,000 JSON messages, headless,
 * next to a bare kafkajs consumer that
 * only counts (the target is ≥ 0.8× of it), `kcat -C -e` and Kafka's Java consumer perf
 * tool, all in the same run: uncompressed, then written by the Java producer with lz4 and
 * with zstd (the bare consumer has the same codecs registered). Also reports the
 * pipeline's peak heap: the buffer is bounded.
 */
import { spawnSync } from 'node:child_process';
import { Compression } from '../../src/codecs/compression/codecs';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { FetchPath, TailMessage, TailSession } from '../../src/kafka/consume/tailSession';
import { TailBuffer } from '../../src/features/tail/host/buffer';
import { DEFAULT_FORM } from '../../src/features/tail/host/defaults';
import { toTailRow } from '../../src/features/tail/host/rows';
import type { TailRow } from '../../src/features/tail/protocol';
import { KafkaCluster } from '../../test/harness/kafka';
import { runKafkaTool } from '../../test/support/kafkaTools';
import { BenchRow } from './explorer';
import { bareKafkajs, median, timed } from './measure';
import { createBenchTopic, seedJsonMessages } from './seed';

const MESSAGES = Number(process.env.BENCH_TAIL_MESSAGES || 1000000);
const RUNS = Number(process.env.BENCH_RUNS || 3);

async function pipeline(bootstrap: string[], topic: string, fetchPath: FetchPath): Promise<{ ms: number; peakHeapMb: number }> {
  const connection = new ClusterConnection(
    { name: 'bench', bootstrapServers: bootstrap },
    { connectionTimeoutMs: 5000, requestTimeoutMs: 60000 },
  );
  const buffer = new TailBuffer<{ id: number; message: TailMessage }>(20000);
  let posted = 0;
  let id = 1;
  let count = 0;
  let peakHeap = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  // What the panel does every 100 ms: decode the rows in view (the newest 60 while
  // following) and serialize them as postMessage would.
  const flusher = setInterval(() => {
    const rows: TailRow[] = buffer.slice(buffer.size - 60, buffer.size).map((e) => toTailRow(e.id, e.message, DEFAULT_FORM));
    posted += JSON.stringify({ type: 'rows', total: buffer.size, start: buffer.size - rows.length, rows }).length;
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 100);
  const session = new TailSession(
    connection,
    { topics: [topic], start: { kind: 'earliest' }, group: { kind: 'ephemeral' }, fetchPath },
    {
      onMessages: (messages) => {
        for (const message of messages) {
          buffer.push({ id: id++, message });
        }
        count += messages.length;
        if (count >= MESSAGES) done();
      },
      onState: () => undefined,
    },
  );
  const ms = await timed(async () => {
    await session.start();
    await finished;
  });
  clearInterval(flusher);
  await session.stop();
  await connection.close();
  if (posted === 0 || buffer.size !== Math.min(20000, MESSAGES)) {
    throw new Error('the pipeline did not buffer and post rows');
  }
  return { ms, peakHeapMb: peakHeap / 1024 / 1024 };
}

/** The tail benchmark on a topic whose batches the Java producer wrote with `compression`. */
export function benchTail(compression: Compression): (kafka: KafkaCluster) => Promise<BenchRow[]> {
  return (kafka) => benchTailOn(kafka, compression);
}

async function benchTailOn(kafka: KafkaCluster, compression: Compression): Promise<BenchRow[]> {
  const bootstrap = kafka.bootstrapServers;
  const topic = `bench.tail.${compression}`;
  await createBenchTopic(bootstrap, topic);
  seedJsonMessages(bootstrap, topic, MESSAGES, compression);
  const rate = (ms: number) => `${Math.round(MESSAGES / (ms / 1000)).toLocaleString('en-US')} msg/s`;
  const kcatRead = () =>
    timed(async () => {
      const run = spawnSync('sh', ['-c', `kcat -C -b ${bootstrap[0]} -t ${topic} -o beginning -e -q -f '%o\\n' | wc -l`], {
        encoding: 'utf8',
      });
      if (Number(run.stdout.trim()) < MESSAGES) throw new Error(`kcat read ${run.stdout.trim()}`);
    });
  // One untimed read first, so that every timed reader finds the log in the page cache.
  await kcatRead();
  // Alternate the JavaScript readers so none gets a warmer JIT or cache.
  const bareRuns: number[] = [];
  const runs: Record<FetchPath, Array<{ ms: number; peakHeapMb: number }>> = { own: [], kafkajs: [] };
  for (let i = 0; i < RUNS; i++) {
    bareRuns.push(await bareKafkajs(bootstrap, topic, MESSAGES));
    runs.own.push(await pipeline(bootstrap, topic, 'own'));
    runs.kafkajs.push(await pipeline(bootstrap, topic, 'kafkajs'));
  }
  const bare = median(bareRuns);
  const summary = (path: FetchPath) => ({
    ms: median(runs[path].map((r) => r.ms)),
    peakHeapMb: Math.max(...runs[path].map((r) => r.peakHeapMb)),
  });
  const kcatMs = await kcatRead();
  const javaMs = await timed(async () => {
    runKafkaTool(
      'org.apache.kafka.tools.ConsumerPerformance',
      ['--bootstrap-server', bootstrap[0], '--topic', topic, '--messages', String(MESSAGES), '--group', `bench-java-${Date.now()}`],
      600000,
    );
  });
  return [
    { name: `bare kafkajs consumer, counting only (reference)`, medianMs: bare, note: rate(bare) },
    ...(['own', 'kafkajs'] as const).map((path) => {
      const ours = summary(path);
      return {
        name: `tail pipeline (${path === 'own' ? 'own Fetch requests' : "kafkajs' consumer"}): consume + buffer + decode the rows in view every 100 ms`,
        medianMs: ours.ms,
        note: `${rate(ours.ms)}, ${(bare / ours.ms).toFixed(2)}× the bare consumer's and ${(kcatMs / ours.ms).toFixed(2)}× kcat's throughput, peak heap ${ours.peakHeapMb.toFixed(0)} MB`,
      };
    }),
    { name: 'kcat -C -e', medianMs: kcatMs, note: rate(kcatMs) },
    { name: 'Java ConsumerPerformance (JVM start included)', medianMs: javaMs, note: rate(javaMs) },
  ];
}
