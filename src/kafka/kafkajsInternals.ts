/**
 * What Kafka Explorer reaches in kafkajs 2.2.4 beyond its public API, here and nowhere else:
 *  - the admin's internal Cluster, for a broker's connection by node id or as a group's
 *    coordinator, and for one Metadata request that returns brokers *with their rack*, the
 *    controller and every topic (admin.describeCluster drops the rack, fetchTopicMetadata drops
 *    the brokers; the Cluster keeps its broker pool current from it);
 *  - sending a frame on a broker's own authenticated connections (kafkajs keeps two per broker:
 *    the second is for Fetch, which the admin never sends), and which versions of an API
 *    the broker offers (its ApiVersions answer): every request of the generated wire layer
 *    (src/kafka/wire; sent by ./requests.ts) goes through sendRawRequest: the Cluster's
 *    Metadata above is the one request of kafkajs' own reached through here;
 *  - kafkajs' table of Kafka error codes, so that an error code reads as kafkajs' errors do;
 *  - the record batch header around the compressed records kafkajs hands a codec (see
 *    recordBatchHeaderOf), so that a batch that cannot be decompressed becomes one error
 *    row instead of a failed fetch.
 * kafkajs is pinned to exactly 2.2.4 in package.json, and test/integration covers every call,
 * so a change here fails loudly.
 */
import { Admin, Kafka } from 'kafkajs';

export interface RawBrokerMetadata {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly rack?: string | null;
}

export interface RawPartitionMetadata {
  readonly partitionErrorCode: number;
  readonly partitionId: number;
  readonly leader: number;
  readonly replicas: number[];
  readonly isr: number[];
  readonly offlineReplicas?: number[];
}

export interface RawTopicMetadata {
  readonly topicErrorCode: number;
  readonly topic: string;
  readonly isInternal?: boolean;
  readonly partitionMetadata: RawPartitionMetadata[];
}

export interface RawClusterMetadata {
  readonly brokers: RawBrokerMetadata[];
  readonly clusterId?: string;
  readonly controllerId?: number;
  readonly topicMetadata: RawTopicMetadata[];
}

export interface InternalBroker {
  /** Set on every broker found through metadata (findBroker, findGroupCoordinator); null on the seed broker. */
  readonly nodeId?: number | null;
  /** What the broker answered to ApiVersions: apiKey → supported versions. */
  readonly versions?: Record<number, { minVersion: number; maxVersion: number } | undefined> | null;
}

/** The part of kafkajs' internal Cluster this project uses. */
export interface InternalCluster {
  findBroker(options: { nodeId: number }): Promise<InternalBroker>;
  findGroupCoordinator(options: { groupId: string }): Promise<InternalBroker>;
  /** The node ids of the brokers kafkajs knows from its last metadata (connecting fetches it). */
  getNodeIds(): Array<string | number>;
  metadata(options?: { topics?: string[] }): Promise<RawClusterMetadata>;
}

const CREATE_CLUSTER = 'private:Kafka:createCluster';

interface KafkajsEncoder {
  writeBuffer(value: Buffer): KafkajsEncoder;
}
// kafkajs' own request encoder: its connection accepts nothing else as a request body.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Encoder = require('kafkajs/src/protocol/encoder') as new () => KafkajsEncoder;

// kafkajs' table of Kafka error codes, so an error code from a request of our own reads
// exactly as the same error thrown by kafkajs' requests does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const protocolErrors = require('kafkajs/src/protocol/error') as { createErrorFromCode(code: number): Error };

/** The KafkaJSProtocolError kafkajs would throw for a Kafka error code. */
export function protocolErrorFromCode(code: number): Error {
  return protocolErrors.createErrorFromCode(code);
}

interface ConnectionPool {
  send(request: unknown): Promise<unknown>;
  getConnection(index: number): Promise<{ send(request: unknown): Promise<unknown> }>;
}

/**
 * Which of a broker's two connections a request takes. A broker answers one request per
 * connection at a time, so large reads split over both are answered side by side. The admin
 * client never sends Fetch, so its second connection is otherwise idle (connected, and
 * authenticated, on first use).
 */
export type Lane = 0 | 1;

type Connection = Awaited<ReturnType<ConnectionPool['getConnection']>>;
/** A pool's second connection while it connects: kafkajs would open a socket per concurrent caller. */
const connectingSecond = new WeakMap<ConnectionPool, Promise<Connection>>();

function secondConnection(pool: ConnectionPool): Promise<Connection> {
  let pending = connectingSecond.get(pool);
  if (!pending) {
    pending = pool.getConnection(1).finally(() => connectingSecond.delete(pool));
    connectingSecond.set(pool, pending);
  }
  return pending;
}

/** The versions of API `apiKey` the broker offers (its ApiVersions answer, kept by kafkajs); undefined when it offers none. */
export function brokerApiVersions(broker: InternalBroker, apiKey: number): { minVersion: number; maxVersion: number } | undefined {
  const range = broker.versions?.[apiKey];
  return range ? { minVersion: range.minVersion, maxVersion: range.maxVersion } : undefined;
}

/** Whether the broker speaks `version` of API `apiKey`. */
export function supportsApi(broker: InternalBroker, apiKey: number, version: number): boolean {
  const range = brokerApiVersions(broker, apiKey);
  return range !== undefined && range.minVersion <= version && version <= range.maxVersion;
}

/**
 * Sends a frame on the broker's own (authenticated) connection: `body` is everything after
 * kafkajs' request header v1, `decode` gets everything after the response's correlation id.
 * The generated wire layer's requests go through here (src/kafka/requests.ts).
 */
export async function sendRawRequest<T>(
  broker: InternalBroker,
  request: { apiKey: number; apiVersion: number; apiName: string; body: Buffer },
  decode: (payload: Buffer) => T,
  lane: Lane = 0,
): Promise<T> {
  const pool = (broker as unknown as { connectionPool?: ConnectionPool }).connectionPool;
  if (!pool || typeof pool.send !== 'function' || typeof pool.getConnection !== 'function') {
    throw new Error('This kafkajs version has no broker connection pool Kafka Explorer can send through (2.2.4 expected).');
  }
  const { body, ...header } = request;
  const connection = lane === 0 ? pool : await secondConnection(pool);
  return (await connection.send({
    request: { ...header, encode: async () => new Encoder().writeBuffer(body) },
    response: { decode: async (payload: Buffer) => decode(payload), parse: async (data: T) => data },
  })) as T;
}

/**
 * Creates an admin client and returns it with the internal Cluster it runs on, so both
 * share one set of broker connections.
 */
export function createAdminWithCluster(
  kafka: Kafka,
  retry: { retries: number; initialRetryTime: number; maxRetryTime: number },
): { admin: Admin; cluster: InternalCluster } {
  const holder = kafka as unknown as Record<symbol, (options: unknown) => InternalCluster>;
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === CREATE_CLUSTER);
  if (!symbol || typeof holder[symbol] !== 'function') {
    throw new Error('This kafkajs version does not have the internal cluster factory Kafka Explorer needs (2.2.4 expected).');
  }
  const createCluster = holder[symbol];
  let cluster: InternalCluster | undefined;
  holder[symbol] = (options: unknown) => (cluster = createCluster(options));
  try {
    const admin = kafka.admin({ retry });
    if (!cluster) {
      throw new Error('kafkajs admin() did not create its cluster through the expected factory.');
    }
    return { admin, cluster };
  } finally {
    holder[symbol] = createCluster;
  }
}

/** The record batch v2 header (magic 2) up to and including the record count: 61 bytes. */
const BATCH_HEADER_BYTES = 61;
/** Where the batch length counts from: after base offset (8) and the length itself (4). */
const BATCH_LENGTH_START = 12;

export interface RecordBatchHeader {
  readonly baseOffset: bigint;
  readonly lastOffsetDelta: number;
  readonly recordCount: number;
  /** The compression codec id of the batch's attributes (kafkajs' CompressionTypes). */
  readonly codecId: number;
}

/**
 * The header of the record batch whose compressed records kafkajs 2.2.4 passes to a codec's
 * `decompress`: its RecordBatch decoder reads the header, then the record count, then hands
 * over `readAll()` of the batch, a Buffer view into the fetch response. So the header is the
 * 61 bytes just before the view in the same memory. Checked, not trusted: magic 2 and a
 * batch length that ends exactly where the view ends, else undefined.
 */
export function recordBatchHeaderOf(compressed: Buffer): RecordBatchHeader | undefined {
  if (compressed.byteOffset < BATCH_HEADER_BYTES) {
    return undefined;
  }
  const header = Buffer.from(compressed.buffer, compressed.byteOffset - BATCH_HEADER_BYTES, BATCH_HEADER_BYTES);
  const magic = header.readInt8(16);
  const batchLength = header.readInt32BE(8);
  if (magic !== 2 || batchLength !== BATCH_HEADER_BYTES - BATCH_LENGTH_START + compressed.length) {
    return undefined;
  }
  return {
    baseOffset: header.readBigInt64BE(0),
    codecId: header.readInt16BE(21) & 0x07,
    lastOffsetDelta: header.readInt32BE(23),
    recordCount: header.readInt32BE(57),
  };
}

/** A record as kafkajs' record decoder gives it (the fields a tail reads). */
export interface KafkajsRecord {
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, Buffer | Buffer[] | null>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs internals, fenced here
const KafkajsDecoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => unknown;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs internals, fenced here
const decodeKafkajsRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (
  decoder: unknown,
) => Promise<{ readonly records: readonly KafkajsRecord[] }>;

/**
 * kafkajs' own decoder of one record batch (magic 2), as its consumer runs it on each batch of a
 * Fetch response, with the codec table compressionCodecs.ts fills: for the fuzz targets.
 */
export function decodeRecordBatchAsKafkajs(batch: Buffer): Promise<{ readonly records: readonly KafkajsRecord[] }> {
  return decodeKafkajsRecordBatch(new KafkajsDecoder(batch));
}
