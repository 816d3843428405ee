/**
 * A Schema Registry client for the Confluent-compatible REST API (Confluent Schema Registry,
 * Apicurio's /apis/ccompat/v7, Karapace, Redpanda). No vscode import. Every call is bounded
 * by a timeout and every failure says which registry, what was asked and why; what the
 * registry answers is untrusted and checked before use.
 */
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { HttpAnswer, HttpFailure, httpRequest } from '../common/http';

export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

export interface RegistryConfig {
  /** Base URL of the API, e.g. http://localhost:8081 or https://host/apis/ccompat/v7. */
  readonly url: string;
  readonly auth?:
    { readonly kind: 'basic'; readonly username: string; readonly password: string } | { readonly kind: 'bearer'; readonly token: string };
  readonly timeoutMs: number;
  /** For an https URL: the CA, client certificate and verification, like the cluster's. */
  readonly tls?: TlsOptions;
}

export interface RegisteredSchema {
  readonly id: number;
  readonly schemaType: SchemaType;
  /** The schema's text as the registry keeps it. */
  readonly schema: string;
  readonly references: readonly SchemaReference[];
}

export interface SchemaReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** A schema as one version of a subject. */
export interface SubjectVersion extends RegisteredSchema {
  readonly subject: string;
  readonly version: number;
}

export const COMPATIBILITY_LEVELS = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
] as const;

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
  async register(subject: string, schemaType: SchemaType, schema: string, references: readonly SchemaReference[] = []): Promise<number> {
    const what = `register a ${schemaType} schema under "${subject}"`;
    const body = await this.request(
      'POST',
      `/subjects/${encodeURIComponent(subject)}/versions`,
      what,
      schemaBody(schemaType, schema, references),
    );
    if (!isRecord(body) || !Number.isSafeInteger(body.id)) {
      throw this.malformed(what);
    }
    return body.id as number;
  }

  /** One version of a subject ("latest" for the newest). */
  async version(subject: string, version: number | 'latest'): Promise<SubjectVersion> {
    const what = `read version ${version} of "${subject}"`;
    const body = await this.request('GET', `/subjects/${encodeURIComponent(subject)}/versions/${version}`, what);
    if (!isRecord(body) || !Number.isSafeInteger(body.id) || !Number.isSafeInteger(body.version)) {
      throw this.malformed(what);
    }
    return { ...this.schemaOf(body, body.id as number, what), subject, version: body.version as number };
  }

  /** The subjects and versions that hold a schema id (empty when the registry does not say). */
  async subjectsOf(id: number): Promise<Array<{ subject: string; version: number }>> {
    const body = await this.request('GET', `/schemas/ids/${id}/versions`, `find the subjects of schema ${id}`);
    return Array.isArray(body)
      ? body
          .filter(isRecord)
          .flatMap((e) =>
            typeof e.subject === 'string' && Number.isSafeInteger(e.version) ? [{ subject: e.subject, version: e.version as number }] : [],
          )
      : [];
  }

  /** The compatibility level of a subject, or the registry's default when the subject has none of its own. */
  async compatibility(subject: string): Promise<string> {
    const level = async (path: string): Promise<string | undefined> => {
      const body = await this.request('GET', path, `read the compatibility of "${subject}"`);
      return isRecord(body) && typeof body.compatibilityLevel === 'string' ? body.compatibilityLevel : undefined;
    };
    try {
      const own = await level(`/config/${encodeURIComponent(subject)}`);
      if (own) {
        return own;
      }
    } catch (error) {
      if (!(error instanceof RegistryError && error.status === 404)) {
        throw error;
      }
    }
    return (await level('/config')) ?? 'unknown';
  }

  /** Whether a schema could be registered as the next version of a subject (against its latest version). */
  async checkCompatibility(
    subject: string,
    schemaType: SchemaType,
    schema: string,
    references: readonly SchemaReference[] = [],
  ): Promise<{ compatible: boolean; messages: string[] }> {
    const what = `check a schema against "${subject}"`;
    const body = await this.request(
      'POST',
      `/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest?verbose=true`,
      what,
      schemaBody(schemaType, schema, references),
    );
    if (!isRecord(body) || typeof body.is_compatible !== 'boolean') {
      throw this.malformed(what);
    }
    // Confluent says why in `messages`, Apicurio in `reason`.
    const messages = Array.isArray(body.messages)
      ? body.messages.map((m) => String(m).slice(0, 500))
      : typeof body.reason === 'string'
        ? [body.reason.slice(0, 500)]
        : [];
    return { compatible: body.is_compatible, messages };
  }

  /** Deletes one version (soft, as the registry does by default). */
  async deleteVersion(subject: string, version: number): Promise<void> {
    await this.request(
      'DELETE',
      `/subjects/${encodeURIComponent(subject)}/versions/${version}`,
      `delete version ${version} of "${subject}"`,
    );
  }

  /** Deletes a subject and all its versions; returns the versions deleted. */
  async deleteSubject(subject: string): Promise<number[]> {
    const body = await this.request('DELETE', `/subjects/${encodeURIComponent(subject)}`, `delete "${subject}"`);
    return Array.isArray(body) ? body.filter((v): v is number => Number.isSafeInteger(v)) : [];
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

  private async request(method: 'GET' | 'POST' | 'DELETE', path: string, what: string, json?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { Accept: CONTENT_TYPE };
    if (json !== undefined) {
      headers['Content-Type'] = CONTENT_TYPE;
    }
    const auth = this.config.auth;
    if (auth?.kind === 'basic') {
      headers.Authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    } else if (auth?.kind === 'bearer') {
      headers.Authorization = `Bearer ${auth.token}`;
    }
    let answer: HttpAnswer;
    try {
      answer = await httpRequest(new URL(`${this.base}${path}`), {
        method,
        headers,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
        timeoutMs: this.config.timeoutMs,
        ...(this.config.tls ? { tls: this.config.tls } : {}),
      });
    } catch (error) {
      throw new RegistryError(`Could not ${what}: ${this.name()} ${unreachableReason(error)}.`);
    }
    let body: unknown;
    try {
      body = answer.body === '' ? undefined : JSON.parse(answer.body);
    } catch {
      body = undefined;
    }
    if (answer.status < 200 || answer.status >= 300) {
      const message = isRecord(body) && typeof body.message === 'string' ? body.message.slice(0, 300) : `HTTP ${answer.status}`;
      const code = isRecord(body) && Number.isSafeInteger(body.error_code) ? (body.error_code as number) : undefined;
      const hint = answer.status === 401 || answer.status === 403 ? ' (check the registry credentials)' : '';
      throw new RegistryError(`Could not ${what}: ${this.name()} answered ${answer.status}: ${message}${hint}.`, answer.status, code);
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

/** What register and the compatibility check send: Confluent's API leaves schemaType out for Avro, its default. */
function schemaBody(schemaType: SchemaType, schema: string, references: readonly SchemaReference[]): Record<string, unknown> {
  return { schema, ...(schemaType === 'AVRO' ? {} : { schemaType }), ...(references.length > 0 ? { references } : {}) };
}

function unreachableReason(error: unknown): string {
  const code = error instanceof HttpFailure ? error.code : 'UNKNOWN';
  switch (code) {
    case 'TIMEOUT':
    case 'TOO_LARGE':
      return (error as Error).message;
    case 'ECONNREFUSED':
      return 'refused the connection (is it running on that port?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'has a host name that does not resolve';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `has a TLS certificate that could not be verified (${code}; set the cluster's CA file)`;
    default:
      return `could not be reached (${code}: ${(error as Error).message})`;
  }
}
