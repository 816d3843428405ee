/**
 * `npm run bench -- live`: what the Kafka view's live refresh costs per poll on a cluster with
 * 200 consumer groups that lag (each committed on 3 topics × 6 partitions) while messages keep
 * arriving: the poll of an expanded Consumer Groups folder and of an expanded Topics folder,
 * each made by the code the view runs (ClusterSnapshot.reload and the trends), every 5 s.
 * Per poll: wall time, the requests sent (kafkajs' request instrumentation event, which also
 * sees our own encoded requests) and this process' CPU time (process.cpuUsage deltas around the
 * polling code only, so the extension host's share), next to one `kcat -L` in the same tick.
 * Not a test: it fails only if the data it polled is wrong.
 */
import { spawnSync } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { ClusterSnapshot } from '../../src/kafka/admin/clusterSnapshot';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { createAdminWithCluster } from '../../src/kafka/kafkajsInternals';
import { messageCount } from '../../src/kafka/admin/offsets';
import { waitForLeaders } from '../../src/kafka/admin/topicAdmin';
import { ClusterTrends, groupSignature } from '../../src/kafka/trends';
import { KafkaCluster } from '../../test/harness/kafka';
import { commitManyGroups } from '../../test/support/manyGroups';
import { connectTestProducer } from '../../test/support/producers';
import { median } from './measure';

const GROUPS = Number(process.env.BENCH_LIVE_GROUPS || 200);
const TOPICS = Number(process.env.BENCH_LIVE_TOPICS || 100);
const PARTITIONS = 6;
const POLLS = Number(process.env.BENCH_LIVE_POLLS || 10);
const INTERVAL_MS = Number(process.env.BENCH_LIVE_INTERVAL_MS || 5000);

const topicName = (i: number) => `live.topic.${String(i).padStart(3, '0')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface PollCost {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly requests: ReadonlyMap<string, number>;
}

async function seed(bootstrap: string[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'bench-live-seed', brokers: bootstrap, logLevel: logLevel.NOTHING, requestTimeout: 120000 });
  const { admin, cluster } = createAdminWithCluster(kafka, { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 });
  await admin.connect();
  try {
    await admin.createTopics({
      topics: Array.from({ length: TOPICS }, (_, i) => ({ topic: topicName(i), numPartitions: PARTITIONS })),
      waitForLeaders: false,
      timeout: 120000,
    });
    await waitForLeaders(admin, topicName(TOPICS - 1), PARTITIONS, 120000);
    const producer = await connectTestProducer(kafka);
    for (let i = 0; i < TOPICS; i++) {
      await producer.send({ topic: topicName(i), messages: Array.from({ length: 12 }, (_, n) => ({ key: `k${n}`, value: `v${n}` })) });
    }
    await producer.disconnect();
    // Every group committed at 0 on three topics: everything in them is lag, and it grows as messages arrive.
    await commitManyGroups(
      cluster,
      Array.from({ length: GROUPS }, (_, g) => ({
        groupId: `live-group-${g}`,
        offsets: [g, g + 1, g + 2].flatMap((t) =>
          Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: topicName(t % TOPICS), partition, offset: 0n })),
        ),
      })),
    );
  } finally {
    await admin.disconnect();
  }
}

/** Runs `work` and measures its wall time, this process' CPU time and the requests counted meanwhile. */
async function measure(counts: Map<string, number>, work: () => Promise<void>): Promise<PollCost> {
  counts.clear();
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await work();
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, requests: new Map(counts) };
}

function kcatMetadataMs(bootstrap: string): number {
  const started = process.hrtime.bigint();
  const result = spawnSync('kcat', ['-b', bootstrap, '-L', '-J'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`kcat -L failed: ${result.stderr}`);
  }
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function total(requests: ReadonlyMap<string, number>): number {
  return [...requests.values()].reduce((a, b) => a + b, 0);
}

/** "ListGroups 1, DescribeGroups 1, ...": the requests of the median poll, which are the same in every poll here. */
function byApi(polls: readonly PollCost[]): string {
  const typical = [...polls].sort((a, b) => total(a.requests) - total(b.requests))[Math.floor(polls.length / 2)];
  return [...typical.requests]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([api, n]) => `${api} ${n}`)
    .join(', ');
}

export async function benchLiveRefresh(kafka: KafkaCluster): Promise<string[]> {
  const bootstrap = kafka.bootstrapServers;
  await seed(bootstrap);
  const connection = new ClusterConnection(
    { name: 'bench-live', bootstrapServers: bootstrap },
    { connectionTimeoutMs: 5000, requestTimeoutMs: 120000 },
  );
  const writer = new Kafka({ clientId: 'bench-live-writer', brokers: bootstrap, logLevel: logLevel.NOTHING });
  const producer = await connectTestProducer(writer);
  const counts = new Map<string, number>();
  const groupPolls: PollCost[] = [];
  const topicPolls: PollCost[] = [];
  const kcatMs: number[] = [];
  let topicCount: number;
  let lagSum = 0n;
  try {
    await connection.query('count requests', async ({ admin }) => {
      admin.on(admin.events.REQUEST, ({ payload }) => void counts.set(payload.apiName, (counts.get(payload.apiName) ?? 0) + 1));
    });
    // What the tree loaded when the folders were expanded; the polls come after it.
    const snapshot = new ClusterSnapshot(connection);
    const trends = new ClusterTrends();
    const metadata = await snapshot.metadata();
    topicCount = metadata.topics.length;
    trends.lag.observe(await snapshot.consumerGroupsTaken());
    trends.throughput.observe(await snapshot.offsetsTaken());
    await snapshot.topicSizes();
    for (let poll = 0; poll < POLLS; poll++) {
      const tick = Date.now();
      // Messages keep arriving between polls (untimed): lag grows, rates are not zero.
      await producer.send({
        topic: topicName(poll % TOPICS),
        messages: Array.from({ length: 50 }, (_, n) => ({ key: `p${n}`, value: `poll ${poll}` })),
      });
      groupPolls.push(
        await measure(counts, async () => {
          const taken = await snapshot.reload('groups');
          trends.lag.observe(taken);
          taken.value.forEach((g) => groupSignature(g)); // what the view compares to find the changed nodes
          lagSum = taken.value.filter((g) => g.groupId.startsWith('live-group-')).reduce((sum, g) => sum + g.totalLag, 0n);
        }),
      );
      topicPolls.push(
        await measure(counts, async () => {
          const [offsets, sizes] = await Promise.all([snapshot.reload('offsets'), snapshot.reload('sizes')]);
          trends.throughput.observe(offsets);
          metadata.topics.forEach((t) => [messageCount(offsets.value.get(t.name)), sizes.get(t.name), trends.throughput.perSecond(t.name)]);
        }),
      );
      kcatMs.push(kcatMetadataMs(bootstrap[0]));
      await sleep(Math.max(0, tick + INTERVAL_MS - Date.now()));
    }
    const groups = (await snapshot.consumerGroups()).filter((g) => g.groupId.startsWith('live-group-'));
    if (groups.length !== GROUPS || lagSum === 0n || trends.throughput.perSecond(topicName((POLLS - 1) % TOPICS)) === undefined) {
      throw new Error(`unexpected data: ${groups.length} groups, lag ${lagSum}`);
    }
  } finally {
    await producer.disconnect();
    await connection.close();
  }
  const kcat = median(kcatMs);
  const row = (name: string, polls: PollCost[]) => {
    const wall = median(polls.map((p) => p.wallMs));
    const cpu = median(polls.map((p) => p.cpuMs));
    return `| ${name} | ${wall.toFixed(1)} | ${(wall / kcat).toFixed(2)} | ${cpu.toFixed(1)} | ${((cpu / INTERVAL_MS) * 100).toFixed(2)} % | ${median(polls.map((p) => total(p.requests)))} (${byApi(polls)}) |`;
  };
  const both = groupPolls.map((g, i) => {
    const requests = new Map(g.requests);
    topicPolls[i].requests.forEach((n, api) => requests.set(api, (requests.get(api) ?? 0) + n));
    return { wallMs: g.wallMs + topicPolls[i].wallMs, cpuMs: g.cpuMs + topicPolls[i].cpuMs, requests };
  });
  return [
    `${POLLS} polls ${INTERVAL_MS / 1000} s apart, medians per poll; ${GROUPS} groups with lag (total ${lagSum} at the end), ${topicCount} topics in the cluster, 50 messages written between polls.`,
    '',
    `| per poll | wall ms | × kcat -L | host CPU ms | CPU of the ${INTERVAL_MS / 1000} s interval | requests |`,
    '| --- | ---: | ---: | ---: | ---: | --- |',
    `| kcat -L (reference: one full metadata request, its own process) | ${kcat.toFixed(1)} | 1.00 | – | – | 1 (Metadata) |`,
    row(`Consumer Groups folder expanded: ${GROUPS} groups' lag`, groupPolls),
    row(`Topics folder expanded: ${topicCount} topics' counts, rates and sizes`, topicPolls),
    row('both folders expanded', both),
  ];
}
