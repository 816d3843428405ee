import * as vscode from 'vscode';
import { ClusterSecrets } from '../kafka/connection/securitySettings';

const FIELDS = ['saslPassword', 'keyPassphrase', 'registrySecret'] as const;

/** Cluster passwords and key passphrases in VS Code's SecretStorage (never in settings or logs). */
export class ClusterSecretStore {
  constructor(private readonly storage: vscode.SecretStorage) {}

  private key(clusterName: string, field: (typeof FIELDS)[number]): string {
    return `kafkaExplorer.cluster/${encodeURIComponent(clusterName)}/${field}`;
  }

  async get(clusterName: string): Promise<ClusterSecrets> {
    const values = await Promise.all(FIELDS.map((field) => this.storage.get(this.key(clusterName, field))));
    return Object.fromEntries(FIELDS.flatMap((field, i) => (values[i] !== undefined ? [[field, values[i]]] : []))) as ClusterSecrets;
  }

  /** Stores the given fields; an empty string deletes one. */
  async set(clusterName: string, secrets: Partial<ClusterSecrets>): Promise<void> {
    for (const field of FIELDS) {
      const value = secrets[field];
      if (value === '') {
        await this.storage.delete(this.key(clusterName, field));
      } else if (value !== undefined) {
        await this.storage.store(this.key(clusterName, field), value);
      }
    }
  }

  async delete(clusterName: string): Promise<void> {
    await Promise.all(FIELDS.map((field) => this.storage.delete(this.key(clusterName, field))));
  }

  async rename(from: string, to: string): Promise<void> {
    const secrets = await this.get(from);
    await this.set(to, secrets);
    await this.delete(from);
  }
}
