import { parseBootstrapServers, ParseResult } from './bootstrap';

/** What the user told us about one cluster. Kept in settings: never holds a secret. */
export interface ClusterConfig {
  readonly name: string;
  readonly bootstrapServers: readonly string[];
}

const MAX_NAME_LENGTH = 100;

/** Checks a display name for a new cluster against the names already in use. */
export function validateClusterName(name: string, existingNames: readonly string[]): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') {
    return 'Give the cluster a name, for example "local" or "staging".';
  }
  if (trimmed.length > MAX_NAME_LENGTH) {
    return `A cluster name has at most ${MAX_NAME_LENGTH} characters.`;
  }
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) {
    return 'A cluster name cannot contain control characters.';
  }
  if (existingNames.some((existing) => existing.toLowerCase() === trimmed.toLowerCase())) {
    return `A cluster named "${trimmed}" already exists.`;
  }
  return undefined;
}

/** Validates raw input (from a command argument, settings or an input box) into a ClusterConfig. */
export function parseClusterConfig(
  raw: { name?: unknown; bootstrapServers?: unknown },
  existingNames: readonly string[],
): ParseResult<ClusterConfig> {
  const name = typeof raw.name === 'string' ? raw.name : '';
  const nameError = validateClusterName(name, existingNames);
  if (nameError) {
    return { ok: false, error: nameError };
  }
  const serversText = Array.isArray(raw.bootstrapServers)
    ? raw.bootstrapServers.map(String).join(',')
    : typeof raw.bootstrapServers === 'string'
      ? raw.bootstrapServers
      : '';
  const servers = parseBootstrapServers(serversText);
  if (!servers.ok) {
    return servers;
  }
  return { ok: true, value: { name: name.trim(), bootstrapServers: servers.value } };
}
