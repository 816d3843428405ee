import { spawnSync } from 'node:child_process';
import { kafkaLibs, pinnedKafkaVersion } from '../harness/kafka';

/** Kafka's own Java tools, from the same jars as the broker: the reference implementation. */
export function runKafkaTool(mainClass: string, args: readonly string[], timeoutMs = 60000, input?: string): string {
  // UTF-8 in and out whatever the machine's locale: the console tools read and print message text.
  const result = spawnSync(
    'java',
    ['-Xmx256m', '-Dfile.encoding=UTF-8', '-Dstdout.encoding=UTF-8', '-cp', `${kafkaLibs(pinnedKafkaVersion())}/*`, mainClass, ...args],
    {
      encoding: 'utf8',
      timeout: timeoutMs,
      input,
    },
  );
  if (result.status !== 0) {
    throw new Error(`${mainClass} ${args.join(' ')} exited with ${result.status}:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** The console producer moved from core (Scala) to the tools module in Kafka 4.0. */
export const CONSOLE_PRODUCER = pinnedKafkaVersion().startsWith('3.')
  ? 'kafka.tools.ConsoleProducer'
  : 'org.apache.kafka.tools.ConsoleProducer';

/** Kafka's console consumer (in the tools module since 3.7). */
export const CONSOLE_CONSUMER = 'org.apache.kafka.tools.consumer.ConsoleConsumer';

export const CONSUMER_GROUP_COMMAND = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';

export interface GroupToolRow {
  readonly topic: string;
  readonly partition: number;
  readonly currentOffset: bigint | undefined;
  readonly logEndOffset: bigint;
  readonly lag: bigint | undefined;
}

/** `kafka-consumer-groups --describe --group G`, parsed. */
export function describeGroupWithKafkaTool(bootstrap: string, groupId: string): GroupToolRow[] {
  const out = runKafkaTool(CONSUMER_GROUP_COMMAND, ['--bootstrap-server', bootstrap, '--describe', '--group', groupId]);
  const lines = out.split('\n').filter((line) => line.trim() !== '');
  const header = lines.findIndex((line) => /^GROUP\s+TOPIC\s+PARTITION/.test(line));
  if (header < 0) {
    throw new Error(`unexpected kafka-consumer-groups output:\n${out}`);
  }
  const columns = lines[header].trim().split(/\s+/);
  const at = (cells: string[], name: string) => cells[columns.indexOf(name)];
  const num = (text: string) => (text === '-' ? undefined : BigInt(text));
  return lines.slice(header + 1).map((line) => {
    const cells = line.trim().split(/\s+/);
    return {
      topic: at(cells, 'TOPIC'),
      partition: Number(at(cells, 'PARTITION')),
      currentOffset: num(at(cells, 'CURRENT-OFFSET')),
      logEndOffset: BigInt(at(cells, 'LOG-END-OFFSET')),
      lag: num(at(cells, 'LAG')),
    };
  });
}
