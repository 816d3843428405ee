import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ClusterSnapshot } from '../../src/kafka/admin/clusterSnapshot';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { fetchReplicaSizes } from '../../src/kafka/admin/logDirs';
import { fetchClusterMetadata } from '../../src/kafka/admin/metadata';
import { versionFor } from '../../src/kafka/requests';
import { DESCRIBE_LOG_DIRS } from '../../src/kafka/wire/generated/describeLogDirs';
import { repoRoot } from '../harness/paths';
import { testKafka } from '../support/kafkaFixture';
import { KAFKA_TOOLS, runKafkaTool } from '../support/kafkaTools';
import { uniqueName } from '../support/names';
import { createFilledTopic } from '../support/topics';

interface ToolLogDirs {
  readonly brokers: Array<{
    broker: number;
    logDirs: Array<{ logDir: string; error: string | null; partitions: Array<{ partition: string; size: number; isFuture: boolean }> }>;
  }>;
}

/** `kafka-log-dirs --describe --topic-list <topic>`: broker id → partition → bytes (current replicas). */
function logDirsWithKafkaTool(bootstrap: string, topic: string): Map<number, Map<number, bigint>> {
  const out = runKafkaTool(KAFKA_TOOLS.logDirsCommand, ['--bootstrap-server', bootstrap, '--describe', '--topic-list', topic]);
  const json = out.split('\n').find((line) => line.startsWith('{'));
  if (!json) {
    throw new Error(`unexpected kafka-log-dirs output:\n${out}`);
  }
  const result = new Map<number, Map<number, bigint>>();
  for (const { broker, logDirs } of (JSON.parse(json) as ToolLogDirs).brokers) {
    const partitions = new Map<number, bigint>();
    for (const dir of logDirs.filter((d) => d.error === null)) {
      for (const p of dir.partitions.filter((q) => !q.isFuture)) {
        partitions.set(Number(p.partition.slice(topic.length + 1)), BigInt(p.size));
      }
    }
    result.set(broker, partitions);
  }
  return result;
}

describe('topic sizes on disk from DescribeLogDirs (API 35), next to kafka-log-dirs', function () {
  this.timeout(120000);
  const topic = uniqueName('it-sizes');
  let bootstrapServers: string[];
  let connection: ClusterConnection;

  before(async () => {
    bootstrapServers = testKafka().bootstrapServers;
    // Partitions of different sizes, one empty: a size put on the wrong partition shows.
    const value = (n: number) => 'x'.repeat(50 + n * 7);
    await createFilledTopic(bootstrapServers, topic, {
      partitions: 3,
      messages: [
        ...Array.from({ length: 40 }, (_, n) => ({ partition: 0, value: value(n) })),
        ...Array.from({ length: 5 }, (_, n) => ({ partition: 1, key: `k${n}`, value: value(n) })),
      ],
    });
    connection = new ClusterConnection({ name: 'it-sizes', bootstrapServers }, { connectionTimeoutMs: 5000, requestTimeoutMs: 30000 });
  });

  after(() => connection?.close());

  it("gives each replica's size exactly as kafka-log-dirs --describe does, with the newest version the broker speaks", async () => {
    const { sizes, skipped, versions } = await connection.query('describe the log dirs', async ({ cluster }) => {
      const metadata = await fetchClusterMetadata(cluster);
      const brokers = await Promise.all(metadata.brokers.map((b) => cluster.findBroker({ nodeId: b.id })));
      return {
        ...(await fetchReplicaSizes(
          cluster,
          metadata.brokers.map((b) => b.id),
        )),
        versions: brokers.map((b) => versionFor(b, DESCRIBE_LOG_DIRS)),
      };
    });
    assert.deepEqual(skipped, []);
    // Kafka 3.3 to 4.1 speak v4 (with the volume sizes); the pinned Kafka speaks every version of
    // its own jar's spec, which the generated code was made from.
    const generatedFrom = fs.readFileSync(path.join(repoRoot, 'scripts/kafka/version'), 'utf8').trim();
    const newest = testKafka().version === generatedFrom ? DESCRIBE_LOG_DIRS.maxVersion : 4;
    assert.deepEqual(
      versions,
      versions.map(() => newest),
    );
    const tool = logDirsWithKafkaTool(bootstrapServers[0], topic);
    assert.equal(tool.size, sizes.size);
    for (const [broker, partitions] of tool) {
      assert.deepEqual(sizes.get(broker)?.get(topic), partitions, `broker ${broker}`);
    }
    const perPartition = [...tool.values()][0];
    assert.ok(
      perPartition.get(0)! > perPartition.get(1)! && perPartition.get(1)! > 0n && perPartition.get(2) === 0n,
      `sizes ${[...perPartition]}`,
    );
  });

  it("sums a topic's partitions in the snapshot, and the sums match the segment files on disk", async () => {
    const tool = logDirsWithKafkaTool(bootstrapServers[0], topic);
    const total = [...tool.values()].flatMap((partitions) => [...partitions.values()]).reduce((a, b) => a + b, 0n);
    const size = (await new ClusterSnapshot(connection).topicSizes()).get(topic);
    // One node: the leader replicas are all the replicas.
    assert.deepEqual(size, { leaderBytes: total, replicaBytes: total });
    const logDir = testKafka().logDir;
    if (logDir) {
      // The broker's own files, when it is ours to look into: the size is the segments' (.log) bytes.
      const onDisk = [0, 1, 2]
        .flatMap((p) =>
          fs
            .readdirSync(path.join(logDir, `${topic}-${p}`))
            .filter((f) => f.endsWith('.log'))
            .map((f) => path.join(logDir, `${topic}-${p}`, f)),
        )
        .reduce((sum, file) => sum + BigInt(fs.statSync(file).size), 0n);
      assert.equal(onDisk, total);
    }
  });
});
