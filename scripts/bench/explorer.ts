/**
 * `npm run bench` (explorer part): the Clusters tree's queries on a large cluster,
 * 2,000 topics x 6 partitions and 200, then 5,000 consumer groups on a local broker, next to
 * `kcat -L` (librdkafka's full metadata request) measured in the same run.
 * Prints medians of several cold runs (a fresh connection each time) and ratios.
 */
import { spawnSync } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { ClusterSnapshot } from '../../src/kafka/admin/clusterSnapshot';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { createAdminWithCluster } from '../../src/kafka/kafkajsInternals';
import { fetchClusterMetadata } from '../../src/kafka/admin/metadata';
import { fetchOffsetRanges } from '../../src/kafka/admin/offsets';
import { waitForLeaders } from '../../src/kafka/admin/topicAdmin';
import { KafkaCluster } from '../../test/harness/kafka';
import { commitManyGroups } from '../../test/support/manyGroups';
import { connectTestProducer } from '../../test/support/producers';
import { median } from './measure';

const TOPICS = Number(process.env.BENCH_TOPICS || 2000);
const PARTITIONS = 6;
const GROUPS = Number(process.env.BENCH_GROUPS || 200);
const MANY_GROUPS = Number(process.env.BENCH_MANY_GROUPS || 5000);
const RUNS = Number(process.env.BENCH_RUNS || 5);

export interface BenchRow {
  readonly name: string;
  readonly medianMs: number;
  readonly note?: string;
}

async function timeRuns(runs: number, work: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

const topicName = (i: number) => `bench.topic.${String(i).padStart(4, '0')}`;

export async function seed(bootstrap: string[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'bench-seed', brokers: bootstrap, logLevel: logLevel.NOTHING, requestTimeout: 120000 });
  const admin = kafka.admin();
  await admin.connect();
  const started = Date.now();
  for (let start = 0; start < TOPICS; start += 250) {
    const batch = Array.from({ length: Math.min(250, TOPICS - start) }, (_, i) => ({
      topic: topicName(start + i),
      numPartitions: PARTITIONS,
    }));
    await admin.createTopics({ topics: batch, waitForLeaders: false, timeout: 120000 });
  }
  await waitForLeaders(admin, topicName(TOPICS - 1), PARTITIONS, 300000);
  const producer = await connectTestProducer(kafka);
  // A few messages in every 10th topic, so offsets and lag are not all zero.
  for (let i = 0; i < TOPICS; i += 10) {
    await producer.send({ topic: topicName(i), messages: Array.from({ length: 12 }, (_, n) => ({ key: `k${n}`, value: `v${n}` })) });
  }
  await producer.disconnect();
  await admin.disconnect();
  await seedGroups(bootstrap, 0, GROUPS);
  console.log(
    `  seeded ${TOPICS} topics x ${PARTITIONS} partitions and ${GROUPS} groups in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}

/** Groups `from` to `to` - 1, each with committed offsets on 3 topics (18 partitions), 64 commits at a time. */
export async function seedGroups(bootstrap: string[], from: number, to: number): Promise<void> {
  const kafka = new Kafka({ clientId: 'bench-groups', brokers: bootstrap, logLevel: logLevel.NOTHING, requestTimeout: 120000 });
  const { admin, cluster } = createAdminWithCluster(kafka, { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 });
  await admin.connect();
  try {
    const groups = Array.from({ length: to - from }, (_, i) => {
      const g = from + i;
      const topics = [(g * 10) % TOPICS, (g * 10 + 1) % TOPICS, (g * 10 + 2) % TOPICS];
      const offsets = topics.flatMap((t) =>
        Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: topicName(t), partition, offset: 0n })),
      );
      return { groupId: `bench-group-${g}`, offsets };
    });
    await commitManyGroups(cluster, groups);
  } finally {
    await admin.disconnect();
  }
}

function kcatMetadata(bootstrap: string): number {
  const result = spawnSync('kcat', ['-b', bootstrap, '-L', '-J'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`kcat -L failed: ${result.stderr}`);
  }
  return (JSON.parse(result.stdout) as { topics: unknown[] }).topics.length;
}

export async function benchExplorer(kafka: KafkaCluster): Promise<BenchRow[]> {
  const bootstrap = kafka.bootstrapServers;
  await seed(bootstrap);
  const connect = () =>
    new ClusterConnection({ name: 'bench', bootstrapServers: bootstrap }, { connectionTimeoutMs: 5000, requestTimeoutMs: 120000 });
  const cold = async (work: (snapshot: ClusterSnapshot, connection: ClusterConnection) => Promise<void>) => {
    const connection = connect();
    try {
      await work(new ClusterSnapshot(connection), connection);
    } finally {
      await connection.close();
    }
  };

  let topicCount = 0;
  const kcatMs = await timeRuns(RUNS, async () => {
    topicCount = kcatMetadata(bootstrap[0]);
  });
  const metadataMs = await timeRuns(RUNS, () => cold(async (s) => void (await s.metadata())));
  const topicsMs = await timeRuns(RUNS, () => cold(async (s) => void (await Promise.all([s.metadata(), s.offsets()]))));
  // What the Topics folder asks since it shows sizes: DescribeLogDirs to every broker beside the offsets.
  let sizedTopics = 0;
  const topicsWithSizesMs = await timeRuns(RUNS, () =>
    cold(async (s) => {
      const [, , sizes] = await Promise.all([s.metadata(), s.offsets(), s.topicSizes()]);
      sizedTopics = [...sizes.values()].filter((size) => size.leaderBytes !== undefined).length;
    }),
  );
  const oneTopicColdMs = await timeRuns(RUNS, () =>
    cold((_, c) =>
      c.query('one topic', async ({ cluster }) => {
        const metadata = await fetchClusterMetadata(cluster, [topicName(10)]);
        await fetchOffsetRanges(cluster, metadata, [{ topic: topicName(10), partitions: [0, 1, 2, 3, 4, 5] }]);
      }),
    ),
  );
  let expandMs = 0;
  await cold(async (s) => {
    await Promise.all([s.metadata(), s.offsets()]);
    expandMs = await timeRuns(RUNS, async () => {
      const offsets = await s.offsets();
      const topic = (await s.metadata()).topics.find((t) => t.name === topicName(10));
      if (!topic || !offsets.get(topic.name)) {
        throw new Error('topic missing from the snapshot');
      }
    });
  });
  let groupCount = 0;
  let lagSum = 0;
  const listGroups = () =>
    cold(async (s) => {
      const groups = await s.consumerGroups();
      groupCount = groups.length;
      lagSum = groups.reduce((sum, g) => sum + Number(g.totalLag), 0);
    });
  const groupsMs = await timeRuns(RUNS, listGroups);
  const fewGroups = { count: groupCount, lag: lagSum };
  // What a tool that asks one topic at a time pays (admin.fetchTopicOffsets per topic).
  const perTopicMs = await timeRuns(1, () =>
    cold((_, c) =>
      c.query('per topic', async ({ admin }) => {
        for (let i = 0; i < TOPICS; i++) {
          await admin.fetchTopicOffsets(topicName(i));
        }
      }),
    ),
  );
  // Last, as it adds groups: the Consumer Groups folder of a company cluster.
  const seedStarted = Date.now();
  await seedGroups(bootstrap, GROUPS, MANY_GROUPS);
  const seedManyMs = Date.now() - seedStarted;
  const manyGroupsMs = await timeRuns(RUNS, listGroups);
  if (topicCount < TOPICS || fewGroups.count < GROUPS || fewGroups.lag === 0 || groupCount < MANY_GROUPS) {
    throw new Error(`unexpected data: ${topicCount} topics, ${fewGroups.count} then ${groupCount} groups, lag ${fewGroups.lag}`);
  }
  return [
    { name: `kcat -L (reference: metadata of ${topicCount} topics)`, medianMs: kcatMs },
    { name: 'metadata: brokers + topics + partitions (1 request)', medianMs: metadataMs },
    { name: 'list topics with message counts (metadata + offsets)', medianMs: topicsMs },
    {
      name: 'list topics with counts and sizes on disk (+ DescribeLogDirs per broker)',
      medianMs: topicsWithSizesMs,
      note: `${sizedTopics} topics sized`,
    },
    { name: 'expand one topic with offsets (from the snapshot)', medianMs: expandMs },
    { name: "one topic's metadata and offsets, cold connection", medianMs: oneTopicColdMs },
    { name: `list ${fewGroups.count} groups with lag`, medianMs: groupsMs, note: `total lag ${fewGroups.lag}` },
    {
      name: `list ${groupCount} groups with lag`,
      medianMs: manyGroupsMs,
      note: `total lag ${lagSum}; ${MANY_GROUPS - GROUPS} groups committed in ${(seedManyMs / 1000).toFixed(1)} s`,
    },
    { name: `offsets one topic at a time (${TOPICS} topics, 1 run)`, medianMs: perTopicMs, note: 'what per-topic tools pay' },
  ];
}
