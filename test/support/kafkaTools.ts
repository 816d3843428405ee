import { spawnSync } from 'node:child_process';
import { kafkaLibs, kafkaVersionAtLeast, pinnedKafkaVersion } from '../harness/kafka';

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

/**
 * The main classes of Kafka's Java tools that the tests run, and the console tools' option names,
 * for a Kafka version: the one place that knows what moved or was renamed. Checked against the
 * jars of 3.9.2, 4.0.1, 4.1.2, 4.2.0, 4.3.0 and 4.4.0.
 */
export interface KafkaTools {
  readonly consoleProducer: string;
  readonly consoleConsumer: string;
  readonly consumerGroupCommand: string;
  readonly aclCommand: string;
  readonly logDirsCommand: string;
  readonly dumpLogSegments: string;
  /** The console consumer's formatter settings (print.key, key.separator). */
  readonly formatterProperty: string;
  /** The console producer's line reader settings (parse.key, key.separator). */
  readonly readerProperty: string;
  /** A console client's own client config (group.protocol, auto.commit.interval.ms). */
  readonly clientProperty: (tool: 'producer' | 'consumer') => string;
}

export function kafkaToolsFor(version: string): KafkaTools {
  const four = kafkaVersionAtLeast(version, '4.0');
  // 4.2 renamed the console tools' options (KIP-1147); the old names print a deprecation
  // notice on stdout, among the messages the tests read.
  const renamed = kafkaVersionAtLeast(version, '4.2');
  return {
    // Moved from core (Scala) to the tools module in 4.0.
    consoleProducer: four ? 'org.apache.kafka.tools.ConsoleProducer' : 'kafka.tools.ConsoleProducer',
    aclCommand: four ? 'org.apache.kafka.tools.AclCommand' : 'kafka.admin.AclCommand',
    // Moved to the tools module in 4.3 (KAFKA-14579), with the same options.
    dumpLogSegments: kafkaVersionAtLeast(version, '4.3') ? 'org.apache.kafka.tools.DumpLogSegments' : 'kafka.tools.DumpLogSegments',
    // In the tools module since 3.7 or earlier.
    consoleConsumer: 'org.apache.kafka.tools.consumer.ConsoleConsumer',
    consumerGroupCommand: 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
    logDirsCommand: 'org.apache.kafka.tools.LogDirsCommand',
    formatterProperty: renamed ? '--formatter-property' : '--property',
    readerProperty: renamed ? '--reader-property' : '--property',
    clientProperty: (tool) => (renamed ? '--command-property' : `--${tool}-property`),
  };
}

/** The tools of the version under test ($KAFKA_VERSION, else scripts/kafka/version). */
export const KAFKA_TOOLS = kafkaToolsFor(pinnedKafkaVersion());

export interface GroupToolRow {
  readonly topic: string;
  readonly partition: number;
  readonly currentOffset: bigint | undefined;
  readonly logEndOffset: bigint;
  readonly lag: bigint | undefined;
}

/** `kafka-consumer-groups --describe --group G`, parsed. */
export function describeGroupWithKafkaTool(bootstrap: string, groupId: string): GroupToolRow[] {
  const out = runKafkaTool(KAFKA_TOOLS.consumerGroupCommand, ['--bootstrap-server', bootstrap, '--describe', '--group', groupId]);
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
