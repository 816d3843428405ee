import * as vscode from 'vscode';
import { ClusterConfig, parseClusterConfig } from '../../kafka/connection/clusterConfig';
import { RegistrySettings } from '../../kafka/connection/clusterConfig';
import { SaslSettings, TlsSettings, tlsRequiredBy } from '../../kafka/connection/securitySettings';
import { askBootstrapServers, askName, askSasl, askSchemaRegistry, askTls } from './clusterWizard';
import { CommandContext } from '../../workbench/commandContext';
import { checkSchemaRegistry } from './schemaRegistryCheck';

/** Arguments for scripted use (tests, other extensions, keybindings); without them the user is asked. */
export interface AddClusterArgs {
  readonly name?: string;
  readonly bootstrapServers?: string | readonly string[];
  readonly clientId?: string;
  readonly sasl?: SaslSettings;
  readonly tls?: TlsSettings;
  /** Stored in SecretStorage, never in settings. */
  readonly saslPassword?: string;
  /** The TLS client key's passphrase: stored in SecretStorage, never in settings. */
  readonly keyPassphrase?: string;
  readonly schemaRegistry?: RegistrySettings;
  /** The registry's basic-auth password or bearer token: stored in SecretStorage, never in settings. */
  readonly registrySecret?: string;
}

async function askForCluster(ctx: CommandContext, existingNames: readonly string[]): Promise<AddClusterArgs | undefined> {
  const prompter = ctx.prompts.current;
  const name = await askName(prompter, existingNames, 'Add Kafka Cluster (1/5)', existingNames.length === 0 ? 'local' : '');
  const bootstrapServers = name === undefined ? undefined : await askBootstrapServers(prompter, 'Add Kafka Cluster (2/5)');
  const sasl = bootstrapServers === undefined ? undefined : await askSasl(prompter, 'Add Kafka Cluster (3/5)');
  const tls = sasl === undefined ? undefined : await askTls(prompter, 'Add Kafka Cluster (4/5)', tlsRequiredBy(sasl.sasl));
  const registry = tls === undefined ? undefined : await askSchemaRegistry(prompter, 'Add Kafka Cluster (5/5)');
  if (!registry || !tls || !sasl) {
    return undefined;
  }
  return {
    name,
    bootstrapServers,
    sasl: sasl.sasl,
    saslPassword: sasl.password,
    tls: tls.tls,
    keyPassphrase: tls.keyPassphrase,
    schemaRegistry: registry.schemaRegistry,
    registrySecret: registry.secret,
  };
}

/**
 * "Kafka: Add Cluster". Returns the added cluster, or undefined when the user cancelled or
 * the input was refused (the reason is shown to the user).
 */
export async function addCluster(ctx: CommandContext, args?: AddClusterArgs): Promise<ClusterConfig | undefined> {
  const existingNames = ctx.registry.list().map((cluster) => cluster.name);
  const raw = args?.name !== undefined && args.bootstrapServers !== undefined ? args : await askForCluster(ctx, existingNames);
  if (!raw) {
    return undefined;
  }
  const parsed = parseClusterConfig(raw, existingNames);
  if (!parsed.ok) {
    // Not awaited: a notification resolves only when dismissed.
    void vscode.window.showErrorMessage(`Cannot add the cluster: ${parsed.error}`);
    return undefined;
  }
  await ctx.secrets.delete(parsed.value.name);
  await ctx.secrets.set(parsed.value.name, {
    ...(raw.saslPassword !== undefined ? { saslPassword: raw.saslPassword } : {}),
    ...(raw.keyPassphrase ? { keyPassphrase: raw.keyPassphrase } : {}),
    ...(raw.registrySecret ? { registrySecret: raw.registrySecret } : {}),
  });
  await ctx.registry.add(parsed.value);
  void checkSchemaRegistry(ctx, parsed.value);
  void vscode.window.showInformationMessage(`Added Kafka cluster "${parsed.value.name}" (${parsed.value.bootstrapServers.join(', ')}).`);
  return parsed.value;
}
