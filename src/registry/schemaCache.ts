/**
 * The schemas of one registry, fetched once per id and compiled once, for decoding (a tail
 * fetches every id a batch names before it shows the batch, so rows decode synchronously) and
 * for producing (a subject's version, compiled for writing). A registry that could not be
 * reached is asked again after a pause; a schema that does not compile stays an error.
 */
import { compileSchema } from '../codecs/schemas/compile';
import { CompiledSchema } from '../codecs/schemas/compiledSchema';
import { SchemaLookup, SchemaLookupResult } from '../codecs/schemas/schemaLookup';
import { wireSchemaId } from '../codecs/schemas/wireFormat';
import { RegisteredSchema, RegistryError, SchemaRegistryClient, SubjectVersion } from './client';

/** How long an unreachable registry's answer stands before an id is asked for again. */
const RETRY_AFTER_MS = 10000;
/** References deeper than this are refused: a registry's answer is untrusted. */
const MAX_REFERENCE_DEPTH = 16;

interface Failure {
  readonly error: string;
  /** When a registry that could not be reached may be asked again; never for a schema that does not compile. */
  readonly retryAt?: number;
}

export class SchemaCache implements SchemaLookup {
  private readonly known = new Map<number, SchemaLookupResult>();
  private readonly failures = new Map<number, Failure>();
  private readonly loading = new Map<number, Promise<void>>();

  constructor(
    readonly client: SchemaRegistryClient,
    private readonly now: () => number = Date.now,
  ) {}

  get(id: number): SchemaLookupResult | undefined {
    return this.known.get(id) ?? this.failures.get(id);
  }

  /** Fetches every schema id the messages' keys and values name that is not known yet; never throws. */
  async prefetch(messages: Iterable<{ readonly key: Uint8Array | null; readonly value: Uint8Array | null }>): Promise<void> {
    const ids = new Set<number>();
    for (const message of messages) {
      for (const bytes of [message.key, message.value]) {
        const id = wireSchemaId(bytes);
        if (id !== undefined && this.wanted(id)) {
          ids.add(id);
        }
      }
    }
    await Promise.all([...ids].map((id) => this.load(id)));
  }

  /** The schema for an id, fetched when not known yet. */
  async load(id: number): Promise<SchemaLookupResult> {
    if (this.wanted(id)) {
      let pending = this.loading.get(id);
      if (!pending) {
        pending = this.fetch(id).finally(() => this.loading.delete(id));
        this.loading.set(id, pending);
      }
      await pending;
    }
    return this.get(id) as SchemaLookupResult;
  }

  /** A subject's version compiled for writing (Protobuf: the message type to write). */
  async forWriting(
    subject: string,
    version: number | 'latest',
    messageName?: string,
  ): Promise<{ readonly registered: SubjectVersion; readonly schema: CompiledSchema }> {
    const registered = await this.client.version(subject, version);
    const references = await this.referencesOf(registered, 0, new Set([`${subject}/${registered.version}`]));
    try {
      return {
        registered,
        schema: compileSchema(registered.schemaType, registered.schema, references, messageName ? { messageName } : {}),
      };
    } catch (error) {
      throw new RegistryError(`Version ${registered.version} of "${subject}" cannot be used: ${(error as Error).message}`);
    }
  }

  private wanted(id: number): boolean {
    if (this.known.has(id)) {
      return false;
    }
    const failure = this.failures.get(id);
    return !failure || (failure.retryAt !== undefined && failure.retryAt <= this.now());
  }

  private async fetch(id: number): Promise<void> {
    let registered: RegisteredSchema;
    let references: Map<string, string>;
    try {
      registered = await this.client.schemaById(id);
      references = await this.referencesOf(registered, 0, new Set());
    } catch (error) {
      const notThere = error instanceof RegistryError && error.status === 404;
      this.failures.set(
        id,
        notThere
          ? { error: 'the registry does not know this id' }
          : { error: (error as Error).message, retryAt: this.now() + RETRY_AFTER_MS },
      );
      return;
    }
    let schema: CompiledSchema;
    try {
      schema = compileSchema(registered.schemaType, registered.schema, references);
    } catch (error) {
      this.failures.set(id, { error: `the ${registered.schemaType} schema does not compile: ${(error as Error).message}` });
      return;
    }
    // Which subject and version hold it is for the detail view only: a registry that does not say is fine.
    const where = await this.client.subjectsOf(id).catch(() => []);
    this.failures.delete(id);
    this.known.set(id, { schema, id, places: where });
  }

  /**
   * Every schema a schema references, directly or through others, by reference name; the
   * referenced come before those that reference them (Avro names must be defined before use).
   */
  private async referencesOf(schema: RegisteredSchema, depth: number, seen: Set<string>): Promise<Map<string, string>> {
    const all = new Map<string, string>();
    if (depth > MAX_REFERENCE_DEPTH) {
      throw new RegistryError(`schema references nest deeper than ${MAX_REFERENCE_DEPTH} levels`);
    }
    for (const reference of schema.references) {
      const key = `${reference.subject}/${reference.version}`;
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      const referenced = await this.client.version(reference.subject, reference.version);
      for (const [name, text] of await this.referencesOf(referenced, depth + 1, seen)) {
        all.set(name, text);
      }
      all.set(reference.name, referenced.schema);
    }
    return all;
  }
}
