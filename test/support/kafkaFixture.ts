/**
 * Mocha global fixtures for the Kafka integration and e2e layers: one real broker for the whole
 * run. test/runAll.ts starts it once for all layers and passes KE_KAFKA_BOOTSTRAP;
 * run alone, this starts its own.
 * A broker that cannot start fails the run: these tests never pass without Kafka.
 */
import * as path from 'node:path';
import { KafkaCluster, pinnedKafkaVersion, startKafkaCluster } from '../harness/kafka';
import { FetchPath, useFetchPathByDefault } from '../../src/kafka/consume/tailSession';

export interface TestKafka {
  readonly bootstrapServers: string[];
  readonly version: string;
  /** The single node's log.dirs, for reading segments with Kafka's own DumpLogSegments (unset when the broker is not ours to look into). */
  readonly logDir?: string;
}

let own: KafkaCluster | undefined;
let current: TestKafka | undefined;

export function testKafka(): TestKafka {
  if (!current) {
    throw new Error('The Kafka fixture did not start: run through mocha with this file as a required global fixture.');
  }
  return current;
}

export async function mochaGlobalSetup(): Promise<void> {
  const shared = process.env.KE_KAFKA_BOOTSTRAP;
  if (shared) {
    current = { bootstrapServers: shared.split(','), version: pinnedKafkaVersion(), logDir: process.env.KE_KAFKA_LOG_DIR };
  } else {
    own = await startKafkaCluster();
    current = { bootstrapServers: own.bootstrapServers, version: own.version, logDir: path.join(own.nodes[0].dir, 'data') };
  }
  // Which way tails without a group read: their own fetches unless KE_TAIL_FETCH_PATH says kafkajs.
  const fetchPath = (process.env.KE_TAIL_FETCH_PATH ?? 'own') as FetchPath;
  useFetchPathByDefault(fetchPath);
  console.log(
    `  Kafka ${current.version} at ${current.bootstrapServers.join(',')}; tails without a group read with ${fetchPath === 'own' ? 'their own fetches' : "kafkajs' consumer"}`,
  );
}

export async function mochaGlobalTeardown(): Promise<void> {
  await own?.stop();
}
