import { Admin, ConfigResourceTypes } from 'kafkajs';

export interface ConfigEntry {
  readonly name: string;
  readonly value: string | null;
  /** Kafka's default, not set on the topic or the broker. */
  readonly isDefault: boolean;
  readonly readOnly: boolean;
  /** Passwords and keys: Kafka never returns the value. */
  readonly sensitive: boolean;
  /** Where the value comes from (TOPIC_CONFIG, STATIC_BROKER_CONFIG, DEFAULT_CONFIG, ...). */
  readonly source: string;
}

// The ConfigSource enum of DescribeConfigs v1+.
const CONFIG_SOURCES: Record<number, string> = {
  0: 'UNKNOWN',
  1: 'TOPIC_CONFIG',
  2: 'DYNAMIC_BROKER_CONFIG',
  3: 'DYNAMIC_DEFAULT_BROKER_CONFIG',
  4: 'STATIC_BROKER_CONFIG',
  5: 'DEFAULT_CONFIG',
  6: 'DYNAMIC_BROKER_LOGGER_CONFIG',
};

/** Set on the topic first, then inherited from broker settings, then Kafka's defaults. */
function rank(entry: ConfigEntry): number {
  return entry.source === 'TOPIC_CONFIG' ? 0 : entry.isDefault ? 2 : 1;
}

/** A topic's configuration, the values that differ from Kafka's defaults first. */
export async function describeTopicConfigs(admin: Admin, topic: string): Promise<ConfigEntry[]> {
  const { resources } = await admin.describeConfigs({
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
    includeSynonyms: false,
  });
  const entries = resources[0]?.configEntries ?? [];
  return entries
    .map((e) => {
      const source = CONFIG_SOURCES[(e as { configSource?: number }).configSource ?? 0] ?? 'UNKNOWN';
      return {
        name: e.configName,
        value: e.configValue,
        isDefault: e.isDefault || source === 'DEFAULT_CONFIG',
        readOnly: e.readOnly,
        sensitive: e.isSensitive,
        source,
      };
    })
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** The topic's compression.type ("producer" unless set): a codec named here is what the broker stores anyway. */
export async function describeTopicCompression(admin: Admin, topic: string): Promise<string | undefined> {
  const { resources } = await admin.describeConfigs({
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['compression.type'] }],
    includeSynonyms: false,
  });
  return resources[0]?.configEntries.find((e) => e.configName === 'compression.type')?.configValue ?? undefined;
}

/** What a new topic gets when it sets nothing itself: the broker's defaults. */
export interface TopicDefaults {
  readonly partitions: number;
  readonly replicationFactor: number;
  /** log.retention.ms, else minutes, else hours, as the broker resolves it; '-1' is forever. */
  readonly retentionMs: string;
}

const DEFAULT_NAMES = ['num.partitions', 'default.replication.factor', 'log.retention.ms', 'log.retention.minutes', 'log.retention.hours'];

/** The topic defaults of one broker (they are the same on every broker of a sane cluster). */
export async function describeTopicDefaults(admin: Admin, brokerId: number): Promise<TopicDefaults> {
  const { resources } = await admin.describeConfigs({
    resources: [{ type: ConfigResourceTypes.BROKER, name: String(brokerId), configNames: DEFAULT_NAMES }],
    includeSynonyms: false,
  });
  const value = (name: string) => resources[0]?.configEntries.find((e) => e.configName === name)?.configValue ?? null;
  const minutes = value('log.retention.minutes');
  const hours = value('log.retention.hours') ?? '168';
  const retentionMs =
    value('log.retention.ms') ?? (minutes !== null ? String(Number(minutes) * 60_000) : String(Number(hours) * 3_600_000));
  return {
    partitions: Number(value('num.partitions') ?? 1),
    replicationFactor: Number(value('default.replication.factor') ?? 1),
    retentionMs: Number(retentionMs) < 0 ? '-1' : retentionMs,
  };
}
