/** What the tree shows of a registry's subjects: type, versions, latest id, compatibility. No vscode. */
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

async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Every subject with its latest version and compatibility, sorted by name. */
export async function summarizeSubjects(client: SchemaRegistryClient): Promise<SubjectSummary[]> {
  const names = [...(await client.subjects())].sort((a, b) => a.localeCompare(b));
  return mapLimited(names, PARALLEL_REQUESTS, async (name) => {
    const [latest, versions, compatibility] = await Promise.all([client.version(name, 'latest'), client.versions(name), client.compatibility(name)]);
    return { name, schemaType: latest.schemaType, versions, latestVersion: latest.version, latestId: latest.id, compatibility };
  });
}
