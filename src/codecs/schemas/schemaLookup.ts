/**
 * How the deserializers reach schemas without reaching a registry: a synchronous lookup that
 * the registry layer fills before messages are decoded (the tail fetches every id a batch
 * names, once, before it shows the batch). Pure.
 */
import type { CompiledSchema } from './compiledSchema';

export interface KnownSchema {
  readonly schema: CompiledSchema;
  readonly id: number;
  /** Where the registry files it, when it said: a schema may sit under several subjects (a registry gives the same text one id). */
  readonly places: readonly SubjectPlace[];
}

export interface SubjectPlace {
  readonly subject: string;
  readonly version: number;
}

export type SchemaLookupResult = KnownSchema | { readonly error: string };

export interface SchemaLookup {
  /** The schema with a registry id, why it cannot be used, or undefined when not fetched yet. */
  get(id: number): SchemaLookupResult | undefined;
}

export const isKnownSchema = (found: SchemaLookupResult | undefined): found is KnownSchema => found !== undefined && 'schema' in found;
