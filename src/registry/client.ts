/**
 * A Schema Registry client for the Confluent-compatible REST API (Confluent Schema Registry,
 * Apicurio's /apis/ccompat/v7, Karapace, Redpanda). No vscode import. Every call is bounded
 * by a timeout and every failure says which registry, what was asked and why; what the
 * registry answers is untrusted and checked before use.
 */

export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

export interface RegistryConfig {
  /** Base URL of the API, e.g. http://localhost:8081 or https://host/apis/ccompat/v7. */
  readonly url: string;
  readonly auth?: { readonly kind: 'basic'; readonly username: string; readonly password: string };
  readonly timeoutMs: number;
}

export interface RegisteredSchema {
  readonly id: number;
  readonly schemaType: SchemaType;
  /** The schema's text as the registry keeps it. */
  readonly schema: string;
  readonly references: ReadonlyArray<{ readonly name: string; readonly subject: string; readonly version: number }>;
}

export class RegistryError extends Error {
  constructor(
    message: string,
    /** The HTTP status, when the registry answered. */
    readonly status?: number,
    /** The registry's own error code (Confluent's error_code: 40401 subject not found, ...). */
    readonly code?: number,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

const SCHEMA_TYPES: readonly SchemaType[] = ['AVRO', 'PROTOBUF', 'JSON'];
const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export class SchemaRegistryClient {
  private readonly base: string;

  constructor(private readonly config: RegistryConfig) {
    let url: URL;
    try {
      url = new URL(config.url);
    } catch {
      throw new RegistryError(`"${config.url}" is not a URL (write http://host:port or https://host/path).`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new RegistryError(`A Schema Registry URL starts with http:// or https://, not ${url.protocol}//.`);
    }
    this.base = url.toString().replace(/\/+$/, '');
  }

  /** Every subject the registry knows. */
  async subjects(): Promise<string[]> {
    const body = await this.request('GET', '/subjects', 'list its subjects');
    if (!Array.isArray(body) || !body.every((s) => typeof s === 'string')) {
      throw this.malformed('list its subjects');
    }
    return body as string[];
  }

  /** The versions of a subject, oldest first. */
  async versions(subject: string): Promise<number[]> {
    const body = await this.request('GET', `/subjects/${encodeURIComponent(subject)}/versions`, `list the versions of "${subject}"`);
    if (!Array.isArray(body) || !body.every((v) => Number.isSafeInteger(v))) {
      throw this.malformed(`list the versions of "${subject}"`);
    }
    return body as number[];
  }

  /** The schema with a global id (what the wire format's 4 bytes after the magic byte name). */
  async schemaById(id: number): Promise<RegisteredSchema> {
    const what = `read schema ${id}`;
    const body = await this.request('GET', `/schemas/ids/${id}`, what);
    return this.schemaOf(body, id, what);
  }

  /** Registers a schema under a subject (or finds it there) and returns its global id. */
  async register(subject: string, schemaType: SchemaType, schema: string): Promise<number> {
    const what = `register a ${schemaType} schema under "${subject}"`;
    const body = await this.request('POST', `/subjects/${encodeURIComponent(subject)}/versions`, what, {
      schema,
      // Confluent's API leaves schemaType out for Avro, its default.
      ...(schemaType === 'AVRO' ? {} : { schemaType }),
    });
    if (!isRecord(body) || !Number.isSafeInteger(body.id)) {
      throw this.malformed(what);
    }
    return body.id as number;
  }

  private schemaOf(body: unknown, id: number, what: string): RegisteredSchema {
    if (!isRecord(body) || typeof body.schema !== 'string') {
      throw this.malformed(what);
    }
    const schemaType = (body.schemaType ?? 'AVRO') as SchemaType;
    if (!SCHEMA_TYPES.includes(schemaType)) {
      throw new RegistryError(`${this.name()} returned schema ${id} of an unknown type "${String(body.schemaType).slice(0, 40)}".`);
    }
    const references = Array.isArray(body.references)
      ? body.references.filter(isRecord).map((r) => ({ name: String(r.name), subject: String(r.subject), version: Number(r.version) }))
      : [];
    return { id, schemaType, schema: body.schema, references };
  }

  private async request(method: 'GET' | 'POST', path: string, what: string, json?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { Accept: CONTENT_TYPE };
    if (json !== undefined) {
      headers['Content-Type'] = CONTENT_TYPE;
    }
    if (this.config.auth?.kind === 'basic') {
      headers.Authorization = `Basic ${Buffer.from(`${this.config.auth.username}:${this.config.auth.password}`).toString('base64')}`;
    }
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `did not answer within ${this.config.timeoutMs / 1000} s`
          : cause === 'ECONNREFUSED'
            ? 'refused the connection (is it running on that port?)'
            : cause === 'ENOTFOUND'
              ? 'has a host name that does not resolve'
              : `could not be reached (${cause ?? (error as Error).message})`;
      throw new RegistryError(`Could not ${what}: ${this.name()} ${reason}.`);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const message = isRecord(body) && typeof body.message === 'string' ? body.message.slice(0, 300) : `HTTP ${response.status}`;
      const code = isRecord(body) && Number.isSafeInteger(body.error_code) ? (body.error_code as number) : undefined;
      const hint = response.status === 401 || response.status === 403 ? ' (check the registry credentials)' : '';
      throw new RegistryError(`Could not ${what}: ${this.name()} answered ${response.status}: ${message}${hint}.`, response.status, code);
    }
    return body;
  }

  private malformed(what: string): RegistryError {
    return new RegistryError(`Could not ${what}: ${this.name()} answered something that is not the Schema Registry API.`);
  }

  private name(): string {
    return `the Schema Registry at ${this.base}`;
  }
}
