import { ClusterConfig, RegistrySettings } from '../kafka/connection/clusterConfig';
import { kafkajsTls } from '../kafka/connection/security';
import { RegistryConfig, SchemaRegistryClient } from '../registry/client';
import { SchemaCache } from '../registry/schemaCache';
import { ClusterSecretStore } from './clusterSecrets';
import { readTimeoutSettings } from './settings';

/**
 * Each cluster's Schema Registry: one schema cache per cluster, shared by the tail panels, the
 * tree and produce, so a schema is fetched once. Forgotten when the cluster changes (Edit
 * Cluster calls forget; a settings change clears all).
 */
export class SchemaRegistries {
  /** Promises, so that two callers at once (the tree and a tail) share one cache. */
  private readonly caches = new Map<string, Promise<SchemaCache>>();

  constructor(private readonly secrets: ClusterSecretStore) {}

  /** The cluster's schema cache, or undefined when it has no registry. Throws when its TLS files cannot be read. */
  async forCluster(cluster: ClusterConfig): Promise<SchemaCache | undefined> {
    const settings = cluster.schemaRegistry;
    if (!settings) {
      return undefined;
    }
    let cache = this.caches.get(cluster.name);
    if (!cache) {
      cache = this.create(cluster, settings);
      this.caches.set(cluster.name, cache);
      // A failure (a TLS file that cannot be read) is not kept: the next call tries again.
      cache.catch(() => this.caches.get(cluster.name) === cache && this.caches.delete(cluster.name));
    }
    return cache;
  }

  private async create(cluster: ClusterConfig, settings: RegistrySettings): Promise<SchemaCache> {
    const secrets = await this.secrets.get(cluster.name);
    const secret = secrets.registrySecret ?? '';
    const auth: RegistryConfig['auth'] =
      settings.auth === 'basic'
        ? { kind: 'basic', username: settings.username ?? '', password: secret }
        : settings.auth === 'bearer'
          ? { kind: 'bearer', token: secret }
          : undefined;
    // An https registry trusts what the cluster's TLS trusts (its CA file, client certificate, verification).
    const tls = settings.url.startsWith('https:') ? kafkajsTls(cluster.tls ?? {}, secrets) : undefined;
    return new SchemaCache(
      new SchemaRegistryClient({
        url: settings.url,
        timeoutMs: cluster.requestTimeoutMs ?? readTimeoutSettings().requestTimeoutMs,
        ...(auth ? { auth } : {}),
        ...(tls ? { tls } : {}),
      }),
    );
  }

  forget(clusterName?: string): void {
    if (clusterName === undefined) {
      this.caches.clear();
    } else {
      this.caches.delete(clusterName);
    }
  }
}
