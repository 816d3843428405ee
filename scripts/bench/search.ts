/**
 * `npm run bench -- search`: a search of a 6-partition topic of 1,000,000 JSON orders (from the
 * earliest offset to the end offsets taken when it starts) with the CEL filter
 * `value.amount > 990` evaluated in the host, next to `kcat -C -e | grep -c` for the same
 * condition, in the same run (the target is ≥ 0.5× kcat+grep's rate). The pipeline is a search
 * panel's: a TailSession with an ephemeral group that stops by itself ("search done"), a
 * TailModel that keeps only the matches, and every 100 ms the rows in view decoded and
 * serialized as postMessage would. Two more rows run the same pipeline with the plain text
 * filter (a different condition) and with no filter, to show what the expression costs; one
 * more is kcat alone, to show what grep costs. Every reader must find exactly the expected
 * matches, and every row shown is checked against the order it must show.
 */
import { spawnSync } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { TailSession } from '../../src/kafka/consume/tailSession';
import { DEFAULT_FORM } from '../../src/features/tail/host/defaults';
import { ExpressionFilter } from '../../src/features/tail/host/filter';
import { TailModel } from '../../src/features/tail/host/model';
import type { TailRow } from '../../src/features/tail/protocol';
import { TailFilter } from '../../src/features/tail/host/filter';
import { KafkaCluster } from '../../test/harness/kafka';
import { BenchRow } from './explorer';
import { median, timed } from './measure';
import { createBenchTopic, seedGeneratedValues } from './seed';

const MESSAGES = Number(process.env.BENCH_SEARCH_MESSAGES || 1000000);
const RUNS = Number(process.env.BENCH_RUNS || 3);
const PARTITIONS = 6;
/** The panel's default buffer (kafkaExplorer.tail.bufferSize): a search keeps its matches there. */
const BUFFER = 20000;
/** The rows in view while following, as the panel. */
const VIEW = 60;
const TARGET = 0.5;

const EXPRESSION = 'value.amount > 990';
/** The same condition for grep (two basic regular expressions, either matching), on this topic's JSON as written. */
const GREP_PATTERNS = ['"amount": 99[1-9]', '"amount": 990\\.[0-9]*[1-9]'];
/** GREP_PATTERNS as one JavaScript regular expression (they use only what both dialects read alike), to check that grep and the expression select the same orders. */
const GREP_AS_REGEXP = new RegExp(GREP_PATTERNS.join('|'));
/** The text filter's row: NOT the same condition (99, 99.x and 990 also hold it). */
const TEXT_FILTER = '"amount": 99';

const STATUSES = ['NEW', 'PAID', 'SHIPPED', 'REFUNDED'];
/** 2^62: ids beyond 2^53, so that a float anywhere would show. */
const ID_BASE = 4611686018427387904n;

/** Order i's amount as written: whole part i % 1000; cents cycle with i / 1000, some written as an integer or with one decimal. */
function amountText(i: number): string {
  const whole = i % 1000;
  const cents = (Math.floor(i / 1000) * 37) % 100;
  return cents === 0 ? `${whole}` : cents % 10 === 0 ? `${whole}.${cents / 10}` : `${whole}.${String(cents).padStart(2, '0')}`;
}

/** Message i of the topic: one JSON order, about 230 bytes. */
function orderText(i: number): string {
  const items = [0, 1].map(
    (n) => `{"sku": "SKU-${(i * 7 + n) % 100}", "qty": ${1 + ((i + n) % 5)}, "price": ${(i + n) % 50}.${(i + n) % 10}5}`,
  );
  const note = i % 3 === 0 ? '"gift wrap"' : 'null';
  return `{"id": ${ID_BASE + BigInt(i)}, "customer": "c-${i % 1000}", "amount": ${amountText(i)}, "currency": "EUR", "status": "${STATUSES[i % 4]}", "items": [${items.join(', ')}], "note": ${note}}`;
}

/** Which message a partition's offset holds (seedGeneratedValues writes message i to partition i % PARTITIONS, in order). */
const indexOf = (partition: number, offset: string): number => Number(offset) * PARTITIONS + partition;

/** How many of the MESSAGES messages partition p holds. */
const partitionCount = (p: number): number => (p < MESSAGES ? Math.floor((MESSAGES - 1 - p) / PARTITIONS) + 1 : 0);

const rate = (ms: number): string => `${Math.round(MESSAGES / (ms / 1000)).toLocaleString('en-US')} msg/s`;
const thousands = (n: number): string => n.toLocaleString('en-US');

/** `kcat -C -e` over the whole topic, each value on a line, piped into `sink`, whose output must be the number `expected`. */
async function kcatInto(bootstrap: string, topic: string, sink: string, expected: number): Promise<number> {
  let out = '';
  const ms = await timed(() => {
    const run = spawnSync('sh', ['-c', `kcat -C -b ${bootstrap} -t ${topic} -o beginning -e -q -f '%s\\n' | ${sink}`], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (run.status !== 0 && !(run.status === 1 && run.stdout.trim() === '0')) {
      throw new Error(`kcat | ${sink} exited with ${run.status}: ${run.stderr}`);
    }
    out = run.stdout.trim();
  });
  if (Number(out) !== expected || out === '') {
    throw new Error(`kcat | ${sink} counted ${out} messages of ${topic}, not ${expected}`);
  }
  return ms;
}

/**
 * `kcat -C -e` over the whole topic into /dev/null: what kcat takes without a pipe (through one,
 * its time moves in steps of about half a second as it waits for the reader). Its
 * end-of-partition lines must add up to the topic's messages.
 */
async function kcatAlone(bootstrap: string, topic: string): Promise<number> {
  let ends: number[] = [];
  const ms = await timed(() => {
    const run = spawnSync('sh', ['-c', `kcat -C -b ${bootstrap} -t ${topic} -o beginning -e -f '%s\\n' > /dev/null`], { encoding: 'utf8' });
    if (run.status !== 0) {
      throw new Error(`kcat exited with ${run.status}: ${run.stderr}`);
    }
    ends = [...run.stderr.matchAll(/Reached end of topic \S+ \[(\d+)\] at offset (\d+)/g)].map((m) => Number(m[2]));
  });
  if (ends.length !== PARTITIONS || ends.reduce((a, b) => a + b, 0) !== MESSAGES) {
    throw new Error(`kcat reached the end of ${topic} at offsets ${ends.join('/')}, not ${MESSAGES} messages in all`);
  }
  return ms;
}

interface SearchCase {
  readonly name: string;
  /** A fresh filter for each run (an expression filter counts its failures). */
  readonly filter: () => TailFilter;
  /** The messages the search must keep (every message when undefined). */
  readonly expected: ReadonlySet<number> | undefined;
}

interface SearchRun {
  /** From start to "search done" (the consumer has left and the group is deleted). */
  readonly ms: number;
  /** From start to the last message in the model. */
  readonly lastMessageMs: number;
  readonly peakHeapMb: number;
}

async function search(bootstrap: string[], topic: string, c: SearchCase): Promise<SearchRun> {
  const connection = new ClusterConnection(
    { name: 'bench', bootstrapServers: bootstrap },
    { connectionTimeoutMs: 5000, requestTimeoutMs: 60000 },
  );
  const model = new TailModel(BUFFER, () => DEFAULT_FORM);
  const filter = c.filter();
  model.setSearch(true);
  model.setFilter(filter);
  model.setWindow({ start: 0, count: VIEW, follow: true });
  let posted = 0;
  let checked = 0;
  let wrong: string | undefined;
  let peakHeap = 0;
  let lastMessageAt = 0n;
  const errors: string[] = [];
  const verify = (row: TailRow): void => {
    checked++;
    const i = indexOf(row.partition, row.offset);
    if (
      wrong === undefined &&
      (row.valueFormat !== 'json' || row.value !== orderText(i) || (c.expected !== undefined && !c.expected.has(i)))
    ) {
      wrong = `${row.partition}/${row.offset} shows (${row.valueFormat}) ${row.value}`;
    }
  };
  // What the panel does every 100 ms: post the status and the rows in view (the newest while following), decoded.
  const flush = () => {
    const window = model.windowRows();
    window.rows.forEach(verify);
    posted += JSON.stringify({ type: 'status', status: model.status() }).length + JSON.stringify({ type: 'rows', ...window }).length;
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    return window;
  };
  const flusher = setInterval(flush, 100);
  let done: (detail: string) => void = () => undefined;
  const finished = new Promise<string>((resolve) => (done = resolve));
  const session = new TailSession(
    connection,
    { topics: [topic], start: { kind: 'earliest' }, end: { kind: 'now' }, group: { kind: 'ephemeral' } },
    {
      onMessages: (messages) => {
        model.add(messages);
        lastMessageAt = process.hrtime.bigint();
      },
      onState: (state, detail) => {
        model.setConsumerState(state, detail);
        if (state === 'error') errors.push(detail ?? 'error');
        if (state === 'stopped') done(detail ?? '');
      },
      room: () => model.room(),
    },
  );
  const started = process.hrtime.bigint();
  let detail = '';
  const ms = await timed(async () => {
    await session.start();
    detail = await finished;
  });
  clearInterval(flusher);
  await connection.close();
  // The last window once more, after the search is done: the newest match must be right too.
  const last = flush();
  const status = model.status();
  const entries = model.entries(false);
  const kept = entries.map((e) => indexOf(e.message.partition, e.message.offset));
  const expectedKept = c.expected?.size ?? Math.min(BUFFER, MESSAGES);
  const expression = filter.expression;
  const problems = [
    detail !== `search done: ${thousands(MESSAGES)} offsets scanned` ? `ended with "${detail}"` : '',
    errors.length > 0 ? `errors: ${errors.join('; ')}` : '',
    status.total !== MESSAGES ? `scanned ${status.total} messages, not ${MESSAGES}` : '',
    status.perPartition.some((p) => p.count !== partitionCount(p.partition)) || status.perPartition.length !== PARTITIONS
      ? `scanned ${status.perPartition.map((p) => `${p.partition}:${p.count}`).join('/')} a partition`
      : '',
    model.matches !== (c.expected?.size ?? MESSAGES) ? `kept ${model.matches} messages, not ${c.expected?.size ?? MESSAGES}` : '',
    entries.length !== expectedKept ? `buffered ${entries.length}, not ${expectedKept}` : '',
    new Set(kept).size !== kept.length ? 'buffered a message twice' : '',
    c.expected && kept.some((i) => !c.expected!.has(i)) ? 'buffered a message that does not match' : '',
    entries.some((e, n) => e.message.value?.toString() !== orderText(kept[n])) ? 'a buffered message is not the order it must be' : '',
    expression && expression.failed > 0 ? `the expression failed on ${expression.failed} messages: ${expression.firstFailure}` : '',
    posted === 0 ? 'posted nothing' : '',
    last.total !== expectedKept ||
    last.rows.length !== Math.min(VIEW, expectedKept) ||
    last.rows[last.rows.length - 1]?.id !== entries[entries.length - 1]?.id
      ? 'the last window is not the newest rows'
      : '',
    wrong ?? '',
  ].filter((p) => p !== '');
  if (problems.length > 0) {
    throw new Error(`search "${c.name}" on ${topic} is wrong (${checked} rows checked): ${problems.join('; ')}`);
  }
  return { ms, lastMessageMs: Number(lastMessageAt - started) / 1e6, peakHeapMb: peakHeap / 1024 / 1024 };
}

/** Each partition's end offset (the topic starts at offset 0): must be exactly what seeding wrote. */
async function checkEndOffsets(bootstrap: string[], topic: string): Promise<void> {
  const admin = new Kafka({ brokers: bootstrap, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    if (offsets.length !== PARTITIONS || offsets.some((o) => Number(o.high) !== partitionCount(o.partition) || o.low !== '0')) {
      throw new Error(
        `${topic} holds ${offsets.map((o) => `${o.partition}:${o.low}-${o.high}`).join(' ')}, not ${MESSAGES} messages from offset 0`,
      );
    }
  } finally {
    await admin.disconnect();
  }
}

export async function benchSearch(kafka: KafkaCluster): Promise<BenchRow[]> {
  const bootstrap = kafka.bootstrapServers;
  const topic = 'bench.search.json';

  // Which orders each condition selects, worked out here: the amount as a number for the
  // expression, the grep pattern as a regular expression, the text filter as a substring.
  const celMatches = new Set<number>();
  const textMatches = new Set<number>();
  let bytes = 0;
  for (let i = 0; i < MESSAGES; i++) {
    const text = orderText(i);
    bytes += Buffer.byteLength(text);
    const byAmount = Number(amountText(i)) > 990;
    if (byAmount !== GREP_AS_REGEXP.test(text)) {
      throw new Error(`the grep pattern and ${EXPRESSION} disagree on ${text}`);
    }
    if (byAmount) celMatches.add(i);
    if (text.toLowerCase().includes(TEXT_FILTER.toLowerCase())) textMatches.add(i);
    if (text.length >= 300 || text.includes('\n')) throw new Error(`order ${i} is not one short line: ${text}`);
  }
  if (celMatches.size === 0 || celMatches.size > BUFFER || textMatches.size > BUFFER) {
    throw new Error(`${celMatches.size} orders match ${EXPRESSION} and ${textMatches.size} the text filter: each must be 1..${BUFFER}`);
  }

  await createBenchTopic(bootstrap, topic, PARTITIONS);
  const seedMs = await timed(() => seedGeneratedValues(bootstrap, topic, MESSAGES, (i) => Buffer.from(orderText(i)), PARTITIONS));
  await checkEndOffsets(bootstrap, topic);
  console.log(
    `search: ${thousands(MESSAGES)} JSON orders (${(bytes / MESSAGES).toFixed(0)} B) seeded with kafkajs in ${(seedMs / 1000).toFixed(1)} s; ` +
      `${thousands(celMatches.size)} match ${EXPRESSION}, ${thousands(textMatches.size)} hold ${TEXT_FILTER}`,
  );

  // Without a | in the command, so that it can stand in a Markdown table.
  const grep = `grep -c ${GREP_PATTERNS.map((p) => `-e '${p}'`).join(' ')}`;
  // One untimed read first, so that every timed reader finds the log in the page cache.
  await kcatInto(bootstrap[0], topic, 'wc -l', MESSAGES);

  const cel: SearchCase = {
    name: EXPRESSION,
    filter: () => {
      const compiled = ExpressionFilter.compile(EXPRESSION);
      if (!compiled.ok) throw new Error(compiled.problem.message);
      return { text: '', partition: '', expression: compiled.filter };
    },
    expected: celMatches,
  };
  const text: SearchCase = { name: `text ${TEXT_FILTER}`, filter: () => ({ text: TEXT_FILTER, partition: '' }), expected: textMatches };
  const none: SearchCase = { name: 'no filter', filter: () => ({ text: '', partition: '' }), expected: undefined };

  // Interleaved, so no reader gets a warmer JIT or cache than the others.
  const grepRuns: number[] = [];
  const kcatRuns: number[] = [];
  const aloneRuns: number[] = [];
  const celRuns: SearchRun[] = [];
  const textRuns: SearchRun[] = [];
  const noneRuns: SearchRun[] = [];
  for (let run = 0; run < RUNS; run++) {
    grepRuns.push(await kcatInto(bootstrap[0], topic, grep, celMatches.size));
    celRuns.push(await search(bootstrap, topic, cel));
    textRuns.push(await search(bootstrap, topic, text));
    noneRuns.push(await search(bootstrap, topic, none));
    kcatRuns.push(await kcatInto(bootstrap[0], topic, 'wc -l', MESSAGES));
    aloneRuns.push(await kcatAlone(bootstrap[0], topic));
  }
  const each = (runs: number[]) => runs.map((ms) => ms.toFixed(0)).join(', ');
  console.log(
    `search: each run in ms: kcat+grep ${each(grepRuns)}; CEL ${each(celRuns.map((r) => r.ms))}; text ${each(textRuns.map((r) => r.ms))}; ` +
      `no filter ${each(noneRuns.map((r) => r.ms))}; kcat+wc ${each(kcatRuns)}; kcat alone ${each(aloneRuns)}`,
  );
  const reference = median(grepRuns);
  const summary = (runs: SearchRun[]) => ({
    ms: median(runs.map((r) => r.ms)),
    lastMessageMs: median(runs.map((r) => r.lastMessageMs)),
    heap: Math.max(...runs.map((r) => r.peakHeapMb)).toFixed(0),
  });
  const ours = summary(celRuns);
  const byText = summary(textRuns);
  const unfiltered = summary(noneRuns);
  const kcat = median(kcatRuns);
  const alone = median(aloneRuns);
  const ratio = (ms: number) => reference / ms;
  const detail = (s: ReturnType<typeof summary>) =>
    `${rate(s.ms)}, ${ratio(s.ms).toFixed(2)}× kcat+grep's rate; last message in after ${s.lastMessageMs.toFixed(0)} ms; peak heap ${s.heap} MB`;
  return [
    {
      name: `kcat -C -e -q -f '%s\\n' piped into ${grep} (reference: ${thousands(celMatches.size)} matches)`,
      medianMs: reference,
      note: rate(reference),
    },
    {
      name: `search pipeline, CEL \`${EXPRESSION}\` in the host: consume to the end offsets + evaluate every message + keep ${thousands(celMatches.size)} matches + decode the rows in view every 100 ms, to "search done"`,
      medianMs: ours.ms,
      note: `${detail(ours)} (target ≥ ${TARGET.toFixed(2)}: ${ratio(ours.ms) >= TARGET ? 'met' : 'NOT met'})`,
    },
    {
      name: `the same pipeline with the text filter \`${TEXT_FILTER}\` (NOT the same condition: ${thousands(textMatches.size)} matches)`,
      medianMs: byText.ms,
      note: detail(byText),
    },
    {
      name: `the same pipeline with no filter (keeps every message; the buffer holds the newest ${thousands(BUFFER)})`,
      medianMs: unfiltered.ms,
      note: detail(unfiltered),
    },
    { name: "kcat -C -e -q -f '%s\\n' piped into wc -l (no grep)", medianMs: kcat, note: rate(kcat) },
    { name: "kcat -C -e -f '%s\\n' > /dev/null (no pipe)", medianMs: alone, note: rate(alone) },
  ];
}
