import { Admin, Consumer, ConsumerConfig, Kafka, logLevel, LogEntry } from 'kafkajs';
import { ClusterConfig } from './clusterConfig';
import { registerCompressionCodecs } from './compressionCodecs';
import { authorizationFailure, describeKafkaError, withDeniedAction, withTimeout } from '../errors';
import { createAdminWithCluster, InternalCluster } from '../kafkajsInternals';
import { Log, silentLog } from '../../common/log';
import type { RecordWriter } from '../produce/produce';
import { kafkajsSasl, kafkajsTls } from './security';
import { REAUTHENTICATION_THRESHOLD_MS } from './oauth';
import { ClusterSecrets, usesBearerTokens } from './securitySettings';

export interface ConnectionOptions {
  /** Sent to the broker with every request; shows in broker logs and quotas. */
  readonly clientId?: string;
  /** TCP connect timeout per broker. */
  readonly connectionTimeoutMs: number;
  /** Upper bound for one query made on behalf of the UI, retries included. */
  readonly requestTimeoutMs: number;
  readonly log?: Log;
  /** The cluster's password and key passphrase, read when a connection is opened. */
  readonly secrets?: () => Promise<ClusterSecrets>;
}

const DEFAULT_CLIENT_ID = 'kafka-explorer';
// Few, short retries: the UI wraps each query in its own overall timeout.
const RETRY = { retries: 2, initialRetryTime: 200, maxRetryTime: 1000 };
const CLOSE_WAIT_MS = 2000;

/** Routes kafkajs' own log lines to our log, one level quieter: its errors are usually ours to report. */
function kafkajsLogCreator(log: Log) {
  return () => (entry: LogEntry) => {
    const { message, ...extra } = entry.log;
    const line = `[kafkajs ${entry.namespace}] ${message} ${JSON.stringify(extra)}`;
    if (entry.level === logLevel.ERROR) {
      log.warn(line);
    } else if (entry.level === logLevel.WARN) {
      log.info(line);
    } else {
      log.debug(line);
    }
  };
}

/** The timeouts in effect: the cluster's own, else the global settings. */
export function effectiveTimeouts(
  config: ClusterConfig,
  options: ConnectionOptions,
): { connectionTimeoutMs: number; requestTimeoutMs: number } {
  return {
    connectionTimeoutMs: config.connectionTimeoutMs ?? options.connectionTimeoutMs,
    requestTimeoutMs: config.requestTimeoutMs ?? options.requestTimeoutMs,
  };
}

/** Builds a kafkajs client for one cluster with timeouts suited to an interactive tool. */
export function createKafkaClient(config: ClusterConfig, options: ConnectionOptions, secrets: ClusterSecrets = {}): Kafka {
  // Every client reads and writes snappy, lz4 and zstd batches, not only gzip.
  registerCompressionCodecs();
  const timeouts = effectiveTimeouts(config, options);
  const ssl = kafkajsTls(config.tls, secrets);
  const sasl = kafkajsSasl(config.sasl, secrets, timeouts.connectionTimeoutMs, config.tls);
  return new Kafka({
    clientId: config.clientId ?? options.clientId ?? DEFAULT_CLIENT_ID,
    brokers: [...config.bootstrapServers],
    connectionTimeout: timeouts.connectionTimeoutMs,
    authenticationTimeout: timeouts.connectionTimeoutMs,
    requestTimeout: timeouts.requestTimeoutMs,
    ...(ssl ? { ssl } : {}),
    ...(sasl ? { sasl } : {}),
    // A broker with connections.max.reauth.ms ends an OAUTHBEARER (or MSK IAM) session when
    // its token expires; the broker allows one re-authentication per second (see oauth.ts).
    ...(usesBearerTokens(config.sasl) ? { reauthenticationThreshold: REAUTHENTICATION_THRESHOLD_MS } : {}),
    retry: RETRY,
    logLevel: logLevel.INFO,
    logCreator: kafkajsLogCreator(options.log ?? silentLog),
  });
}

/** A tail session's consumer, and how to delete its group once it has left. */
export interface OwnConsumer {
  readonly consumer: Consumer;
  deleteGroup(groupId: string): Promise<void>;
}

/** The admin client and the kafkajs cluster it runs on (see kafkajsInternals.ts). */
export interface AdminClients {
  readonly admin: Admin;
  readonly cluster: InternalCluster;
}

/**
 * One cluster's connections: a single admin client shared by every query of the tree,
 * connected on first use and closed with the cluster. A failed connect is forgotten so
 * that the next query (a "Retry") starts fresh.
 */
export class ClusterConnection {
  private readonly log: Log;
  private readonly requestTimeoutMs: number;
  private admin: Promise<AdminClients> | undefined;
  /** The connections produces go through: their own, so a long produce never queues the tree's queries. */
  private writerClients: Promise<AdminClients> | undefined;
  private closed = false;

  constructor(
    readonly config: ClusterConfig,
    private readonly options: ConnectionOptions,
  ) {
    this.log = options.log ?? silentLog;
    this.requestTimeoutMs = effectiveTimeouts(config, options).requestTimeoutMs;
  }

  /** Where this cluster's clients log (tail sessions use it too). */
  get logger(): Log {
    return this.log;
  }

  /** Runs `work` with the shared admin client, bounded by the request timeout. */
  async query<T>(what: string, work: (clients: AdminClients) => Promise<T>): Promise<T> {
    this.assertOpen();
    const started = Date.now();
    const label = `${this.config.name}: ${what}`;
    try {
      const result = await withTimeout(this.connectedAdmin().then(work), this.requestTimeoutMs, this.clusterLabel());
      this.log.debug(`${label} took ${Date.now() - started} ms`);
      return result;
    } catch (error) {
      this.log.warn(`${label} failed after ${Date.now() - started} ms: ${describeKafkaError(error)}`);
      // Not awaited: a connect still in progress (to a host that never answers, say) must
      // not delay the error the user is waiting for.
      if (!authorizationFailure(error)) {
        void this.resetAdmin();
      }
      // "Not authorized" names what was asked for: the tree and the commands show it as is.
      throw withDeniedAction(error, what);
    }
  }

  /**
   * What produceMessages sends through, with `retries` retries of a partition's batches
   * (idempotent: a batch sent again is never written twice), connected on first use and
   * kept for the cluster's lifetime.
   */
  async recordWriter(retries: number): Promise<RecordWriter> {
    this.assertOpen();
    if (!this.writerClients) {
      this.writerClients = this.connectClients();
      this.writerClients.catch(() => (this.writerClients = undefined));
    }
    const { cluster } = await this.writerClients;
    return { cluster, retries, requestTimeoutMs: this.requestTimeoutMs };
  }

  /**
   * A consumer on a client of its own (a tail session owns and disconnects it), with the
   * means to delete its group afterwards that still works once this connection is closed.
   */
  async ownConsumer(config: ConsumerConfig): Promise<OwnConsumer> {
    this.assertOpen();
    const client = await this.newClient();
    return {
      consumer: client.consumer(config),
      deleteGroup: async (groupId) => {
        const admin = client.admin({ retry: RETRY });
        try {
          await withTimeout(
            admin.connect().then(() => admin.deleteGroups([groupId])),
            this.requestTimeoutMs,
            `Deleting group ${groupId}`,
          );
        } finally {
          void admin
            .disconnect()
            .catch((error) =>
              this.log.debug(`${this.config.name}: closing the admin client that deleted ${groupId}: ${describeKafkaError(error)}`),
            );
        }
      },
    };
  }

  /**
   * Connections of their own (a tail's fetches, which wait at the broker for new messages and so
   * must not queue the tree's queries), on a client with the cluster's current secrets; the
   * caller closes them.
   */
  async ownClients(): Promise<AdminClients & { close(): Promise<void> }> {
    this.assertOpen();
    const clients = createAdminWithCluster(await this.newClient(), RETRY);
    try {
      await withTimeout(clients.admin.connect(), this.requestTimeoutMs, this.clusterLabel());
    } catch (error) {
      void clients.admin.disconnect().catch(() => undefined);
      throw error;
    }
    return {
      ...clients,
      close: () =>
        withTimeout(clients.admin.disconnect(), CLOSE_WAIT_MS, 'close').catch((error) =>
          this.log.debug(`${this.config.name}: closing a tail's connections: ${describeKafkaError(error)}`),
        ),
    };
  }

  /** Closes the admin client and the produce connections; waits at most a moment for a connect still in progress. */
  async close(): Promise<void> {
    this.closed = true;
    const writer = this.writerClients;
    this.writerClients = undefined;
    const disconnect = writer?.then(
      ({ admin }) => admin.disconnect(),
      () => undefined,
    );
    await withTimeout(Promise.all([this.resetAdmin(), disconnect]), CLOSE_WAIT_MS, 'close').catch((error) =>
      this.log.debug(`${this.config.name}: closing: ${describeKafkaError(error)}`),
    );
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new Error(`The connection to cluster "${this.config.name}" is closed.`);
    }
  }

  /** The cluster as a timeout's error names it. */
  private clusterLabel(): string {
    return `Cluster "${this.config.name}" (${this.config.bootstrapServers.join(', ')})`;
  }

  /** A kafkajs client with the cluster's current secrets (read when a connection opens). */
  private async newClient(): Promise<Kafka> {
    return createKafkaClient(this.config, this.options, (await this.options.secrets?.()) ?? {});
  }

  private connectedAdmin(): Promise<AdminClients> {
    this.admin ??= this.connectClients();
    return this.admin;
  }

  private async connectClients(): Promise<AdminClients> {
    const clients = createAdminWithCluster(await this.newClient(), RETRY);
    await clients.admin.connect();
    return clients;
  }

  /** Forgets the shared admin client and disconnects it once its connect has settled. */
  private async resetAdmin(): Promise<void> {
    const pending = this.admin;
    this.admin = undefined;
    await pending?.then(
      ({ admin }) => admin.disconnect(),
      () => undefined, // the connect itself failed: nothing is open
    );
  }
}
