/**
 * A real Apache Kafka (KRaft, combined broker+controller nodes) started from the jars
 * that scripts/kafka/fetch.sh downloads from Maven Central. Used by the integration,
 * extension-host and e2e tests, the benchmarks and the demo.
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { repoRoot } from './paths';
import { freePorts } from './ports';
import { stopChild, trackChild, waitFor } from './processes';
import { makeTestCertificates, TestCertificates } from './tls';

export interface KafkaNode {
  readonly id: number;
  readonly port: number;
  readonly controllerPort: number;
  /** SASL_PLAINTEXT listener, when `security.saslUsers` was given. */
  readonly saslPort?: number;
  /** SSL listener, when `security.tls` was given. */
  readonly tlsPort?: number;
  /** SSL listener that requires a client certificate signed by the test CA (with `security.tls`). */
  readonly mtlsPort?: number;
  /** SASL_PLAINTEXT listener with OAUTHBEARER only, when `security.oauth` was given. */
  readonly oauthPort?: number;
  readonly dir: string;
  readonly logFile: string;
}

export interface KafkaCluster {
  readonly version: string;
  readonly bootstrapServers: string[];
  /** Bootstrap servers of the SASL_PLAINTEXT listeners (empty without `security.saslUsers`). */
  readonly saslBootstrapServers: string[];
  /** Bootstrap servers of the SSL listeners (empty without `security.tls`). */
  readonly tlsBootstrapServers: string[];
  /** Bootstrap servers of the SSL listeners that require a client certificate. */
  readonly mtlsBootstrapServers: string[];
  /** Bootstrap servers of the OAUTHBEARER listeners (empty without `security.oauth`). */
  readonly oauthBootstrapServers: string[];
  /** The CA that signed the brokers' certificates, and one that did not. */
  readonly certificates?: TestCertificates;
  readonly nodes: readonly KafkaNode[];
  readonly libsDir: string;
  /** Stops one node (SIGTERM) and waits until it has exited. */
  stopNode(id: number): Promise<void>;
  /** Starts a stopped node again and waits until the cluster sees it. */
  startNode(id: number): Promise<void>;
  /** Stops every node and removes the data directory. */
  stop(): Promise<void>;
}

export interface KafkaClusterOptions {
  /** 1 (default) or 3 combined broker+controller nodes. */
  readonly nodes?: number;
  /** Defaults to $KAFKA_VERSION, else scripts/kafka/version. */
  readonly version?: string;
  /** Extra server.properties lines, applied to every node. */
  readonly config?: Readonly<Record<string, string | number | boolean>>;
  readonly readyTimeoutMs?: number;
  readonly heapMb?: number;
  /**
   * Extra listeners on every node besides PLAINTEXT: SASL_PLAINTEXT with PLAIN and
   * SCRAM-SHA-256/512 for these users, and SSL with a throwaway CA (see tls.ts).
   */
  readonly security?: {
    readonly saslUsers?: Readonly<Record<string, string>>;
    readonly tls?: boolean;
    readonly oauth?: OAuthListenerOptions;
  };
  /** Gives node N the rack "rack-N" (broker.rack). */
  readonly racks?: boolean;
  /** Client port of the first node (the demo asks for 9092); free ports otherwise. */
  readonly port?: number;
}

/**
 * A listener named OAUTH (SASL_PLAINTEXT, OAUTHBEARER only) whose brokers verify JWTs with
 * the keys at `jwksUrl` (OAuthBearerValidatorCallbackHandler), e.g. from oauthServer.ts.
 */
export interface OAuthListenerOptions {
  readonly jwksUrl: string;
  readonly audience: string;
  readonly issuer?: string;
}

export function pinnedKafkaVersion(): string {
  return process.env.KAFKA_VERSION || fs.readFileSync(path.join(repoRoot, 'scripts/kafka/version'), 'utf8').trim();
}

/** The 3.x version `npm test` also runs the integration layer against, pinned in scripts/kafka/version-3x. */
export function pinnedKafka3xVersion(): string {
  return process.env.KAFKA_3X_VERSION || fs.readFileSync(path.join(repoRoot, 'scripts/kafka/version-3x'), 'utf8').trim();
}

/** Whether a Kafka version is `least` or newer, comparing dotted numbers: kafkaVersionAtLeast('4.4.0', '4.3') is true. */
export function kafkaVersionAtLeast(version: string, least: string): boolean {
  const parts = (text: string) => text.split(/[.-]/).map((part) => Number.parseInt(part, 10) || 0);
  const [have, want] = [parts(version), parts(least)];
  for (let i = 0; i < want.length; i++) {
    if ((have[i] ?? 0) !== want[i]) {
      return (have[i] ?? 0) > want[i];
    }
  }
  return true;
}

/** The folder of Kafka's jars, fetched from Maven Central on first use. */
export function kafkaLibs(version = pinnedKafkaVersion()): string {
  return execFileSync('bash', [path.join(repoRoot, 'scripts/kafka/fetch.sh')], {
    env: { ...process.env, KAFKA_VERSION: version },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

/**
 * KRaft cluster ids are 16 random bytes in URL-safe base64 without padding. Like Kafka's
 * Uuid.randomUuid, never one starting with "-": the storage tool would read it as a flag
 * (1 start in 64 failed to format before this).
 */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) {
      return id;
    }
  }
}

function securityProperties(node: KafkaNode, options: KafkaClusterOptions, certificates?: TestCertificates): Record<string, string> {
  const props: Record<string, string> = {};
  const users = options.security?.saslUsers;
  if (users && node.saslPort) {
    const plainUsers = Object.entries(users)
      .map(([name, password]) => `user_${name}="${password}"`)
      .join(' ');
    props['sasl.enabled.mechanisms'] = 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512';
    props['listener.name.sasl_plaintext.plain.sasl.jaas.config'] =
      `org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`;
    for (const mechanism of ['scram-sha-256', 'scram-sha-512']) {
      props[`listener.name.sasl_plaintext.${mechanism}.sasl.jaas.config`] =
        'org.apache.kafka.common.security.scram.ScramLoginModule required;';
    }
  }
  const oauth = options.security?.oauth;
  if (oauth && node.oauthPort) {
    props['listener.name.oauth.sasl.enabled.mechanisms'] = 'OAUTHBEARER';
    props['listener.name.oauth.oauthbearer.sasl.server.callback.handler.class'] =
      'org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler';
    props['listener.name.oauth.oauthbearer.sasl.jaas.config'] =
      'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required ;';
    props['sasl.oauthbearer.jwks.endpoint.url'] = oauth.jwksUrl;
    props['sasl.oauthbearer.expected.audience'] = oauth.audience;
    if (oauth.issuer) {
      props['sasl.oauthbearer.expected.issuer'] = oauth.issuer;
    }
  }
  if (certificates && node.tlsPort) {
    props['listener.name.ssl.ssl.keystore.type'] = 'PEM';
    props['listener.name.ssl.ssl.keystore.location'] = certificates.brokerKeystore;
  }
  if (certificates && node.mtlsPort) {
    props['listener.name.mtls.ssl.keystore.type'] = 'PEM';
    props['listener.name.mtls.ssl.keystore.location'] = certificates.brokerKeystore;
    props['listener.name.mtls.ssl.client.auth'] = 'required';
    props['listener.name.mtls.ssl.truststore.type'] = 'PEM';
    props['listener.name.mtls.ssl.truststore.location'] = certificates.caFile;
  }
  return props;
}

function listenerList(node: KafkaNode, withController: boolean): string {
  return [
    `PLAINTEXT://127.0.0.1:${node.port}`,
    ...(node.saslPort ? [`SASL_PLAINTEXT://127.0.0.1:${node.saslPort}`] : []),
    ...(node.tlsPort ? [`SSL://127.0.0.1:${node.tlsPort}`] : []),
    ...(node.mtlsPort ? [`MTLS://127.0.0.1:${node.mtlsPort}`] : []),
    ...(node.oauthPort ? [`OAUTH://127.0.0.1:${node.oauthPort}`] : []),
    ...(withController ? [`CONTROLLER://127.0.0.1:${node.controllerPort}`] : []),
  ].join(',');
}

function serverProperties(
  node: KafkaNode,
  all: readonly KafkaNode[],
  options: KafkaClusterOptions,
  version: string,
  certificates?: TestCertificates,
): string {
  const replication = Math.min(3, all.length);
  const props: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': node.id,
    'controller.quorum.voters': all.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(','),
    listeners: listenerList(node, true),
    'advertised.listeners': listenerList(node, false),
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map':
      'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,MTLS:SSL,OAUTH:SASL_PLAINTEXT',
    ...securityProperties(node, options, certificates),
    'log.dirs': path.join(node.dir, 'data'),
    'num.partitions': 1,
    'default.replication.factor': replication,
    'offsets.topic.replication.factor': replication,
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': replication,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': replication,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    // Kafka 3.x has the consumer rebalance protocol (KIP-848) as a preview, off by default; 4.x has it on.
    ...(kafkaVersionAtLeast(version, '4.0') ? {} : { 'group.coordinator.rebalance.protocols': 'classic,consumer' }),
    // Tests create what they use; a typo in a topic name must fail, not create a topic.
    'auto.create.topics.enable': false,
    ...(options.racks ? { 'broker.rack': `rack-${node.id}` } : {}),
    ...options.config,
  };
  return Object.entries(props)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}

const LOG4J2 = `
status = error
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.stdout.ref = STDOUT
logger.server.name = kafka.server.KafkaRaftServer
logger.server.level = info
`;

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Brokers that answer a metadata request through `bootstrap`. */
async function liveBrokerIds(bootstrap: string[]): Promise<number[]> {
  const admin = new Kafka({
    clientId: 'kafka-harness',
    brokers: bootstrap,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    const { brokers } = await admin.describeCluster();
    return brokers.map((b) => b.nodeId).sort();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export async function startKafkaCluster(options: KafkaClusterOptions = {}): Promise<KafkaCluster> {
  const count = options.nodes ?? 1;
  const version = options.version ?? pinnedKafkaVersion();
  const libsDir = kafkaLibs(version);
  const classpath = `${libsDir}/*`;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-explorer-kafka-'));
  fs.writeFileSync(path.join(root, 'log4j2.properties'), LOG4J2);
  const perNode = 6;
  const ports = await freePorts(count * perNode);
  if (options.port !== undefined) {
    ports[0] = options.port;
  }
  const nodes: KafkaNode[] = Array.from({ length: count }, (_, i) => {
    const dir = path.join(root, `node-${i + 1}`);
    return {
      id: i + 1,
      port: ports[perNode * i],
      controllerPort: ports[perNode * i + 1],
      ...(options.security?.saslUsers ? { saslPort: ports[perNode * i + 2] } : {}),
      ...(options.security?.tls ? { tlsPort: ports[perNode * i + 3], mtlsPort: ports[perNode * i + 4] } : {}),
      ...(options.security?.oauth ? { oauthPort: ports[perNode * i + 5] } : {}),
      dir,
      logFile: path.join(dir, 'server.log'),
    };
  });
  const certificates = options.security?.tls ? makeTestCertificates(path.join(root, 'tls')) : undefined;
  // SCRAM credentials live in the cluster metadata; KRaft writes them at format time.
  const scramArgs = Object.entries(options.security?.saslUsers ?? {}).flatMap(([name, password]) =>
    ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((mechanism) => ['--add-scram', `${mechanism}=[name=${name},password=${password}]`]),
  );
  const clusterId = newClusterId();
  const processes = new Map<number, ChildProcess>();
  const bootstrapServers = nodes.map((n) => `127.0.0.1:${n.port}`);
  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin/java') : 'java';
  const jvmLog = [
    `-Dlog4j2.configurationFile=${path.join(root, 'log4j2.properties')}`,
    `-Dkafka.logs.dir=${root}`,
    // Kafka 4 fetches OAuth URLs (the JWKS) only when this system property allows them.
    ...(options.security?.oauth ? [`-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=${options.security.oauth.jwksUrl}`] : []),
  ];

  for (const node of nodes) {
    fs.mkdirSync(node.dir, { recursive: true });
    const propsFile = path.join(node.dir, 'server.properties');
    fs.writeFileSync(propsFile, serverProperties(node, nodes, options, version, certificates));
    // A static quorum (controller.quorum.voters) formats the same way on Kafka 3.9 and 4.x.
    const format = spawnSync(
      java,
      [...jvmLog, '-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', propsFile, ...scramArgs],
      { encoding: 'utf8' },
    );
    if (format.status !== 0) {
      throw new Error(`Formatting node ${node.id} failed (${format.status}):\n${format.stdout}\n${format.stderr}`);
    }
  }

  const launch = (node: KafkaNode): void => {
    const out = fs.openSync(node.logFile, 'a');
    const child = spawn(
      java,
      [
        `-Xmx${options.heapMb ?? 512}m`,
        '-XX:+UseG1GC',
        '-Djava.awt.headless=true',
        ...jvmLog,
        '-cp',
        classpath,
        'kafka.Kafka',
        path.join(node.dir, 'server.properties'),
      ],
      { stdio: ['ignore', out, out] },
    );
    fs.closeSync(out);
    trackChild(child);
    processes.set(node.id, child);
  };

  const exitedNode = (): string | undefined => {
    for (const node of nodes) {
      const child = processes.get(node.id);
      if (child && child.exitCode !== null) {
        return `node ${node.id} exited with code ${child.exitCode}; its log ends with:\n${tail(node.logFile)}`;
      }
    }
    return undefined;
  };

  const waitForBrokers = (expected: number[]): Promise<number[]> =>
    waitFor(
      `Kafka ${version} (${bootstrapServers.join(',')})`,
      async () => {
        const live = await liveBrokerIds(bootstrapServers);
        return expected.every((id) => live.includes(id)) && live.length === expected.length ? live : undefined;
      },
      { timeoutMs: options.readyTimeoutMs ?? 120000, intervalMs: 500, fail: exitedNode },
    );

  const stopAll = async (): Promise<void> => {
    await Promise.all([...processes.values()].map((child) => stopChild(child)));
    processes.clear();
  };

  try {
    nodes.forEach(launch);
    await waitForBrokers(nodes.map((n) => n.id));
  } catch (error) {
    await stopAll();
    throw error;
  }

  return {
    version,
    bootstrapServers,
    saslBootstrapServers: nodes.filter((n) => n.saslPort).map((n) => `127.0.0.1:${n.saslPort}`),
    tlsBootstrapServers: nodes.filter((n) => n.tlsPort).map((n) => `127.0.0.1:${n.tlsPort}`),
    mtlsBootstrapServers: nodes.filter((n) => n.mtlsPort).map((n) => `127.0.0.1:${n.mtlsPort}`),
    oauthBootstrapServers: nodes.filter((n) => n.oauthPort).map((n) => `127.0.0.1:${n.oauthPort}`),
    certificates,
    nodes,
    libsDir,
    async stopNode(id: number) {
      const child = processes.get(id);
      if (!child) {
        throw new Error(`node ${id} is not running`);
      }
      processes.delete(id);
      await stopChild(child);
    },
    async startNode(id: number) {
      const node = nodes.find((n) => n.id === id);
      if (!node || processes.has(id)) {
        throw new Error(`node ${id} is unknown or already running`);
      }
      launch(node);
      await waitForBrokers([...processes.keys()].sort());
    },
    async stop() {
      await stopAll();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
