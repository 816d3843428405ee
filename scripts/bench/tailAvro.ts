/**
 * `npm run bench -- tail-avro`: the tail pipeline on a 6-partition topic of 1,000,000 Avro
 * values in the Confluent wire format, decoded through a real Schema Registry (Apicurio) with
 * the `schema-registry` deserializer, next to a bare kafkajs consumer that only counts (the
 * target is ≥ 0.8× of it) and to the same pipeline on 1,000,000 JSON messages of the same
 * content with the default `auto` deserializer, all in the same run. The pipeline is the
 * panel's: `SchemaCache.prefetch` for every batch before it is buffered, and every 100 ms
 * `toTailRow` for the rows in view only. One more row decodes every Avro message as it
 * arrives, to show what full decoding would cost, and one more the bare consumer without
 * kafkajs' default commit after every batch (the tail session does not commit either). Every
 * row decoded is checked against the record it must show, and every reader must see exactly
 * the topic's messages.
 */
import { spawnSync } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { compileAvro } from '../../src/codecs/schemas/avro';
import { writeWireValue } from '../../src/codecs/schemas/wireFormat';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { TailMessage, TailSession } from '../../src/kafka/consume/tailSession';
import { SchemaRegistryClient } from '../../src/registry/client';
import { SchemaCache } from '../../src/registry/schemaCache';
import { TailBuffer } from '../../src/features/tail/host/buffer';
import { DEFAULT_FORM } from '../../src/features/tail/host/defaults';
import type { TailRow } from '../../src/features/tail/protocol';
import { MessageDecoders, toTailRow } from '../../src/features/tail/host/rows';
import { KafkaCluster } from '../../test/harness/kafka';
import { startSchemaRegistry } from '../../test/harness/registry';
import { BenchRow } from './explorer';
import { bareKafkajs, median, timed } from './measure';
import { createBenchTopic, seedJsonLines, seedValues } from './seed';

const MESSAGES = Number(process.env.BENCH_TAIL_MESSAGES || 1000000);
const RUNS = Number(process.env.BENCH_RUNS || 3);
const PARTITIONS = 6;
/** Distinct records: message i holds record i % RECORDS. */
const RECORDS = 1000;
const BUFFER = 20000;
/** The rows in view while following, as tail.ts and the panel. */
const VIEW = 60;
const TARGET = 0.8;

const SCHEMA = JSON.stringify({
  type: 'record',
  name: 'Order',
  namespace: 'com.acme.bench',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
    { name: 'placed_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'customer', type: 'string' },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID', 'SHIPPED', 'REFUNDED'] } },
    {
      name: 'items',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'Item',
          fields: [
            { name: 'sku', type: 'string' },
            { name: 'qty', type: 'int' },
          ],
        },
      },
    },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
});

const STATUSES = ['NEW', 'PAID', 'SHIPPED', 'REFUNDED'];
/** 2^62: ids beyond 2^53, so a float anywhere would show. */
const ID_BASE = 4611686018427387904n;

/** Record k as the one-line JSON text the table shows for it (Avro decoded, or the JSON message itself). */
function orderJson(k: number): string {
  const cents = 1000 + ((k * 7919003) % 99999000);
  const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  const placedAt = new Date(Date.UTC(2026, 0, 1) + k * 61007).toISOString();
  const items = [0, 1].map((n) => `{"sku":"SKU-${(k * 7 + n) % 100}","qty":${1 + ((k + n) % 5)}}`);
  const note = k % 3 === 0 ? '"gift wrap"' : 'null';
  return `{"id":${ID_BASE + BigInt(k) * 7919n},"amount":"${amount}","placed_at":"${placedAt}","customer":"customer-${k % 97}","status":"${STATUSES[k % 4]}","items":[${items.join(',')}],"note":${note}}`;
}

/** Which record a message of the Avro topic holds (seedValues writes message i to partition i % PARTITIONS, in order). */
const recordOf = (message: TailMessage): number => (Number(message.offset) * PARTITIONS + message.partition) % RECORDS;

/** How many of the MESSAGES messages partition p holds. */
const partitionCount = (p: number): number => (p < MESSAGES ? Math.floor((MESSAGES - 1 - p) / PARTITIONS) + 1 : 0);

const rate = (ms: number): string => `${Math.round(MESSAGES / (ms / 1000)).toLocaleString('en-US')} msg/s`;

interface PipelineCase {
  readonly topic: string;
  readonly valueDeserializer: MessageDecoders['valueDeserializer'];
  /** Decode every message as it arrives too (not what the panel does). */
  readonly decodeAll: boolean;
  /** How many messages each partition holds (its end offset). */
  readonly partitionCounts: readonly number[];
  /** Whether a row shows what its message must hold. */
  readonly check: (message: TailMessage, row: TailRow) => boolean;
}

interface PipelineRun {
  readonly ms: number;
  readonly peakHeapMb: number;
}

async function pipeline(bootstrap: string[], registryUrl: string, c: PipelineCase): Promise<PipelineRun> {
  const connection = new ClusterConnection(
    { name: 'bench', bootstrapServers: bootstrap },
    { connectionTimeoutMs: 5000, requestTimeoutMs: 60000 },
  );
  // A fresh cache, as a new tail of a cluster with a registry: its one schema is fetched during the run.
  const cache = new SchemaCache(new SchemaRegistryClient({ url: registryUrl, timeoutMs: 10000 }));
  const decoders: MessageDecoders = { ...DEFAULT_FORM, valueDeserializer: c.valueDeserializer, schemas: cache };
  const buffer = new TailBuffer<{ id: number; message: TailMessage }>(BUFFER);
  const perPartition = new Array<number>(PARTITIONS).fill(0);
  let posted = 0;
  let checked = 0;
  let wrong: string | undefined;
  let id = 1;
  let count = 0;
  let peakHeap = 0;
  const verify = (message: TailMessage, row: TailRow): void => {
    checked++;
    if (wrong === undefined && !c.check(message, row)) {
      wrong = `${message.topic}/${message.partition} offset ${message.offset} shows (${row.valueFormat}) ${row.value}`;
    }
  };
  const windowRows = (): TailRow[] =>
    buffer.slice(buffer.size - VIEW, buffer.size).map((e) => {
      const row = toTailRow(e.id, e.message, decoders);
      verify(e.message, row);
      return row;
    });
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  // What the panel does every 100 ms: decode the rows in view (the newest while following)
  // and serialize them as postMessage would.
  const flusher = setInterval(() => {
    const rows = windowRows();
    posted += JSON.stringify({ type: 'rows', total: buffer.size, start: buffer.size - rows.length, rows }).length;
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 100);
  const session = new TailSession(
    connection,
    { topics: [c.topic], start: { kind: 'earliest' }, group: { kind: 'ephemeral' } },
    {
      // As the panel's onMessages: every schema id the batch names is fetched (once) before its rows can be shown.
      onMessages: async (messages) => {
        await cache.prefetch(messages);
        for (const message of messages) {
          const entry = { id: id++, message };
          if (c.decodeAll) {
            verify(message, toTailRow(entry.id, message, decoders));
          }
          buffer.push(entry);
        }
        perPartition[messages[0].partition] += messages.length;
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
  // The last window once more, after the last message: the newest row must be right too.
  const last = windowRows();
  const problems = [
    count !== MESSAGES ? `saw ${count} messages, not ${MESSAGES}` : '',
    perPartition.some((n, p) => n !== c.partitionCounts[p]) ? `saw ${perPartition.join('/')} messages a partition` : '',
    buffer.size !== Math.min(BUFFER, MESSAGES) ? `buffered ${buffer.size}` : '',
    posted === 0 ? 'posted no rows' : '',
    last.length === 0 || last[last.length - 1].id !== MESSAGES ? 'the last row is not the last message' : '',
    wrong ?? '',
  ].filter((p) => p !== '');
  if (problems.length > 0) {
    throw new Error(`the ${c.valueDeserializer} pipeline on ${c.topic} is wrong (${checked} rows checked): ${problems.join('; ')}`);
  }
  return { ms, peakHeapMb: peakHeap / 1024 / 1024 };
}

/** Each partition's end offset (every topic here starts at offset 0, so its message count). */
async function endOffsets(bootstrap: string[], topic: string): Promise<number[]> {
  const admin = new Kafka({ brokers: bootstrap, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const counts = new Array<number>(PARTITIONS).fill(0);
    for (const o of offsets) counts[o.partition] = Number(o.high);
    if (counts.reduce((a, b) => a + b, 0) !== MESSAGES) {
      throw new Error(`${topic} holds ${counts.join('/')} messages a partition, not ${MESSAGES} in all`);
    }
    return counts;
  } finally {
    await admin.disconnect();
  }
}

export async function benchTailAvro(kafka: KafkaCluster): Promise<BenchRow[]> {
  const registry = await startSchemaRegistry();
  try {
    return await benchWithRegistry(kafka.bootstrapServers, registry.url);
  } finally {
    await registry.stop();
  }
}

async function benchWithRegistry(bootstrap: string[], registryUrl: string): Promise<BenchRow[]> {
  const avroTopic = 'bench.tail.avro';
  const jsonTopic = 'bench.tail.avro-json';
  const schemaId = await new SchemaRegistryClient({ url: registryUrl, timeoutMs: 10000 }).register(`${avroTopic}-value`, 'AVRO', SCHEMA);

  // The records, encoded with our own codec and checked to decode to the very text the JSON topic holds.
  const codec = compileAvro(SCHEMA, new Map());
  const lines = Array.from({ length: RECORDS }, (_, k) => orderJson(k));
  const values = lines.map((line) => {
    const payload = codec.encode(line);
    const back = codec.decode(payload, true).text;
    if (back !== line || line.length >= 300) {
      throw new Error(`record ${line} reads back as ${back}`);
    }
    return writeWireValue(schemaId, payload);
  });
  const known = new Set(lines);
  const avroBytes = values.reduce((sum, v) => sum + v.length, 0) / RECORDS;
  const jsonBytes = lines.reduce((sum, l) => sum + Buffer.byteLength(l), 0) / RECORDS;

  await createBenchTopic(bootstrap, avroTopic, PARTITIONS);
  await createBenchTopic(bootstrap, jsonTopic, PARTITIONS);
  const seedMs = await timed(() => seedValues(bootstrap, avroTopic, MESSAGES, values, PARTITIONS));
  seedJsonLines(bootstrap, jsonTopic, MESSAGES, lines);
  console.log(
    `tail-avro: ${MESSAGES} Avro messages (schema ${schemaId}) seeded with kafkajs in ${(seedMs / 1000).toFixed(1)} s; ${MESSAGES} JSON messages with ProducerPerformance`,
  );

  // One untimed read of each topic first, so that every timed reader finds the logs in the page cache.
  for (const topic of [avroTopic, jsonTopic]) {
    const run = spawnSync('sh', ['-c', `kcat -C -b ${bootstrap[0]} -t ${topic} -o beginning -e -q -f '%o\\n' | wc -l`], {
      encoding: 'utf8',
    });
    if (Number(run.stdout.trim()) !== MESSAGES) throw new Error(`kcat read ${run.stdout.trim()} messages of ${topic}`);
  }

  const avroCounts = await endOffsets(bootstrap, avroTopic);
  if (avroCounts.some((n, p) => n !== partitionCount(p))) {
    throw new Error(`${avroTopic} holds ${avroCounts.join('/')} messages a partition`);
  }
  const avro: PipelineCase = {
    topic: avroTopic,
    valueDeserializer: 'schema-registry',
    decodeAll: false,
    partitionCounts: avroCounts,
    check: (message, row) => row.valueFormat === 'avro' && row.value === lines[recordOf(message)],
  };
  const avroAll: PipelineCase = { ...avro, decodeAll: true };
  const json: PipelineCase = {
    topic: jsonTopic,
    valueDeserializer: 'auto',
    decodeAll: false,
    partitionCounts: await endOffsets(bootstrap, jsonTopic),
    check: (_message, row) => row.valueFormat === 'json' && known.has(row.value),
  };

  // Interleaved, so no reader gets a warmer JIT or cache than the others.
  const bareAvroRuns: number[] = [];
  const bareJsonRuns: number[] = [];
  const bareNoCommitRuns: number[] = [];
  const avroRuns: PipelineRun[] = [];
  const jsonRuns: PipelineRun[] = [];
  const avroAllRuns: PipelineRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    bareAvroRuns.push(await bareKafkajs(bootstrap, avroTopic, MESSAGES));
    avroRuns.push(await pipeline(bootstrap, registryUrl, avro));
    jsonRuns.push(await pipeline(bootstrap, registryUrl, json));
    bareJsonRuns.push(await bareKafkajs(bootstrap, jsonTopic, MESSAGES));
    avroAllRuns.push(await pipeline(bootstrap, registryUrl, avroAll));
    bareNoCommitRuns.push(await bareKafkajs(bootstrap, avroTopic, MESSAGES, false));
  }
  const bare = median(bareAvroRuns);
  const bareJson = median(bareJsonRuns);
  const bareNoCommit = median(bareNoCommitRuns);
  const summary = (runs: PipelineRun[]) => ({
    ms: median(runs.map((r) => r.ms)),
    heap: Math.max(...runs.map((r) => r.peakHeapMb)).toFixed(0),
  });
  const ours = summary(avroRuns);
  const ourJson = summary(jsonRuns);
  const all = summary(avroAllRuns);
  const ratio = (ms: number) => bare / ms;
  return [
    {
      name: `bare kafkajs consumer on the Avro topic, counting only (reference; values ${avroBytes.toFixed(0)} B)`,
      medianMs: bare,
      note: rate(bare),
    },
    {
      name: 'tail pipeline, Avro through the Schema Registry: consume + prefetch schemas + buffer + decode the rows in view every 100 ms',
      medianMs: ours.ms,
      note: `${rate(ours.ms)}, ${ratio(ours.ms).toFixed(2)}× the bare consumer's throughput (target ≥ ${TARGET.toFixed(2)}: ${ratio(ours.ms) >= TARGET ? 'met' : 'NOT met'}), ${(bareNoCommit / ours.ms).toFixed(2)}× the non-committing one's, peak heap ${ours.heap} MB`,
    },
    {
      name: `the same pipeline on JSON of the same content, auto deserializer (values ${jsonBytes.toFixed(0)} B)`,
      medianMs: ourJson.ms,
      note: `${rate(ourJson.ms)}, ${ratio(ourJson.ms).toFixed(2)}× the bare consumer's on the Avro topic, ${(bareJson / ourJson.ms).toFixed(2)}× its on the JSON topic, peak heap ${ourJson.heap} MB`,
    },
    { name: 'bare kafkajs consumer on the JSON topic, counting only', medianMs: bareJson, note: rate(bareJson) },
    {
      name: 'Avro pipeline decoding EVERY message as it arrives (not what the panel does)',
      medianMs: all.ms,
      note: `${rate(all.ms)}, ${ratio(all.ms).toFixed(2)}× the bare consumer's throughput, peak heap ${all.heap} MB`,
    },
    {
      name: 'bare kafkajs consumer on the Avro topic, counting only, autoCommit: false (as the tail session: no offset commit after each batch)',
      medianMs: bareNoCommit,
      note: rate(bareNoCommit),
    },
  ];
}
