/** What the tree shows of a registry's subjects: type, versions, latest id, compatibility. No vscode. */
import { mapWithConcurrency } from '../common/concurrency';
import { SchemaRegistryClient, SchemaType } from './client';

export interface SubjectSummary {
  readonly name: string;
  readonly schemaType: SchemaType;
  /** Oldest first. */
  readonly versions: readonly number[];
  readonly latestVersion: number;
  readonly latestId: number;
  readonly compatibility: string;
}

/** At most this many requests at once: a registry with hundreds of subjects is asked in waves, not all at once. */
const PARALLEL_REQUESTS = 8;

/** Every subject with its latest version and compatibility, sorted by name. */
export async function summarizeSubjects(client: SchemaRegistryClient): Promise<SubjectSummary[]> {
  const names = [...(await client.subjects())].sort((a, b) => a.localeCompare(b));
  return mapWithConcurrency(names, PARALLEL_REQUESTS, async (name) => {
    const [latest, versions, compatibility] = await Promise.all([
      client.version(name, 'latest'),
      client.versions(name),
      client.compatibility(name),
    ]);
    return { name, schemaType: latest.schemaType, versions, latestVersion: latest.version, latestId: latest.id, compatibility };
  });
}
