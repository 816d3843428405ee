import * as vscode from 'vscode';
import { ClusterConfig, parseClusterConfig } from '../../kafka/connection/clusterConfig';
import { describeSasl, describeSecurity } from '../../kafka/connection/security';
import { tlsRequiredBy } from '../../kafka/connection/securitySettings';
import { ClusterTreeNode } from '../../workbench/treeNodes';
import { askBootstrapServers, askName, askSasl, askSchemaRegistry, askTls } from './clusterWizard';
import { CommandContext, resolveCluster } from '../../workbench/commandContext';
import { checkSchemaRegistry } from './schemaRegistryCheck';
import { askInteger } from '../../workbench/prompter';

type Field = 'name' | 'servers' | 'sasl' | 'tls' | 'registry' | 'clientId' | 'timeouts';

/**
 * "Edit Cluster": change one thing about a cluster (name, servers, authentication, TLS,
 * client id, timeouts). Secrets follow a rename; the cluster's connection is reopened.
 */
export async function editCluster(ctx: CommandContext, node?: ClusterTreeNode): Promise<ClusterConfig | undefined> {
  const cluster = await resolveCluster(ctx, node);
  if (!cluster) {
    return undefined;
  }
  const prompter = ctx.prompts.current;
  const title = `Edit cluster ${cluster.name}`;
  const field = await prompter.pick(
    [
      { label: 'Name', description: cluster.name, field: 'name' as Field },
      { label: 'Bootstrap servers', description: cluster.bootstrapServers.join(', '), field: 'servers' as Field },
      { label: 'Authentication', description: cluster.sasl ? describeSasl(cluster.sasl) : 'none', field: 'sasl' as Field },
      { label: 'TLS', description: describeSecurity(undefined, cluster.tls), field: 'tls' as Field },
      { label: 'Schema Registry', description: cluster.schemaRegistry ? cluster.schemaRegistry.url : 'none', field: 'registry' as Field },
      { label: 'Client id', description: cluster.clientId ?? 'kafka-explorer (default)', field: 'clientId' as Field },
      {
        label: 'Timeouts',
        description: cluster.requestTimeoutMs ? `${cluster.connectionTimeoutMs ?? '-'} / ${cluster.requestTimeoutMs} ms` : 'from settings',
        field: 'timeouts' as Field,
      },
    ],
    { title, placeHolder: 'What do you want to change?' },
  );
  if (!field) {
    return undefined;
  }
  const otherNames = ctx.registry
    .list()
    .map((c) => c.name)
    .filter((name) => name !== cluster.name);
  let changed: Record<string, unknown> = { ...cluster };
  let password: string | undefined;
  let keyPassphrase: string | undefined;
  let registrySecret: string | undefined;
  switch (field.field) {
    case 'name': {
      const name = await askName(prompter, otherNames, title, cluster.name);
      if (name === undefined) return undefined;
      changed.name = name;
      break;
    }
    case 'servers': {
      const servers = await askBootstrapServers(prompter, title, cluster.bootstrapServers.join(','));
      if (servers === undefined) return undefined;
      changed.bootstrapServers = servers;
      break;
    }
    case 'sasl': {
      const answer = await askSasl(prompter, title, cluster.sasl);
      if (!answer) return undefined;
      changed.sasl = answer.sasl;
      password = answer.password ?? '';
      // A mechanism that needs TLS (MSK IAM) on a plaintext cluster: ask for TLS right away.
      const needs = tlsRequiredBy(answer.sasl);
      if (needs && !cluster.tls) {
        const tls = await askTls(prompter, title, needs);
        if (!tls) return undefined;
        changed.tls = tls.tls;
        keyPassphrase = tls.keyPassphrase;
      }
      break;
    }
    case 'tls': {
      const answer = await askTls(prompter, title, tlsRequiredBy(cluster.sasl));
      if (!answer) return undefined;
      changed.tls = answer.tls;
      keyPassphrase = answer.keyPassphrase;
      break;
    }
    case 'registry': {
      const answer = await askSchemaRegistry(prompter, title, cluster.schemaRegistry);
      if (!answer) return undefined;
      changed.schemaRegistry = answer.schemaRegistry;
      registrySecret = answer.secret;
      break;
    }
    case 'clientId': {
      const clientId = await prompter.input({
        title,
        prompt: 'Client id sent to the brokers (empty for the default)',
        value: cluster.clientId ?? '',
      });
      if (clientId === undefined) return undefined;
      changed.clientId = clientId;
      break;
    }
    case 'timeouts': {
      const connect = await askInteger(prompter, {
        title,
        prompt: 'Connection timeout in ms',
        value: cluster.connectionTimeoutMs ?? 5000,
        min: 100,
      });
      const request =
        connect === undefined
          ? undefined
          : await askInteger(prompter, { title, prompt: 'Request timeout in ms', value: cluster.requestTimeoutMs ?? 10000, min: 500 });
      if (request === undefined) return undefined;
      changed = { ...changed, connectionTimeoutMs: connect, requestTimeoutMs: request };
      break;
    }
  }
  const parsed = parseClusterConfig(changed, otherNames);
  if (!parsed.ok) {
    void vscode.window.showErrorMessage(`Cannot change the cluster: ${parsed.error}`);
    return undefined;
  }
  if (parsed.value.name !== cluster.name) {
    await ctx.secrets.rename(cluster.name, parsed.value.name);
  }
  // '' deletes: a TLS setting without an encrypted key leaves no passphrase behind.
  await ctx.secrets.set(parsed.value.name, {
    ...(password !== undefined ? { saslPassword: password } : {}),
    ...(keyPassphrase !== undefined ? { keyPassphrase } : {}),
    ...(registrySecret !== undefined ? { registrySecret } : {}),
  });
  ctx.pool.drop(cluster.name);
  ctx.schemaRegistries.forget(cluster.name);
  await ctx.registry.update(cluster.name, parsed.value);
  // A new password leaves the settings unchanged, so no configuration event redraws the tree.
  ctx.tree.refresh();
  if (field.field === 'registry') {
    void checkSchemaRegistry(ctx, parsed.value);
  }
  return parsed.value;
}
