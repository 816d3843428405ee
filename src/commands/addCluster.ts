import * as vscode from 'vscode';
import { ClusterConfig, parseClusterConfig } from '../kafka/clusterConfig';
import { SaslSettings, TlsSettings } from '../kafka/security';
import { askBootstrapServers, askName, askSasl, askTls } from './clusterWizard';
import { CommandContext } from './commandContext';

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
}

async function askForCluster(ctx: CommandContext, existingNames: readonly string[]): Promise<AddClusterArgs | undefined> {
  const prompter = ctx.prompts.current;
  const name = await askName(prompter, existingNames, 'Add Kafka Cluster (1/4)', existingNames.length === 0 ? 'local' : '');
  const bootstrapServers = name === undefined ? undefined : await askBootstrapServers(prompter, 'Add Kafka Cluster (2/4)');
  const sasl = bootstrapServers === undefined ? undefined : await askSasl(prompter, 'Add Kafka Cluster (3/4)');
  const tls = sasl === undefined ? undefined : await askTls(prompter, 'Add Kafka Cluster (4/4)');
  if (!tls || !sasl) {
    return undefined;
  }
  return { name, bootstrapServers, sasl: sasl.sasl, saslPassword: sasl.password, tls: tls.tls, keyPassphrase: tls.keyPassphrase };
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
  });
  await ctx.registry.add(parsed.value);
  void vscode.window.showInformationMessage(
    `Added Kafka cluster "${parsed.value.name}" (${parsed.value.bootstrapServers.join(', ')}).`,
  );
  return parsed.value;
}
