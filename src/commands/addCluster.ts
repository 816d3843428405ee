import * as vscode from 'vscode';
import { parseBootstrapServers } from '../kafka/bootstrap';
import { ClusterConfig, parseClusterConfig, validateClusterName } from '../kafka/clusterConfig';
import { CommandContext } from './commandContext';
import { Prompter } from './prompter';

/** Arguments for scripted use (tests, other extensions, keybindings); without them the user is asked. */
export interface AddClusterArgs {
  readonly name?: string;
  readonly bootstrapServers?: string | readonly string[];
}

/**
 * "Kafka: Add Cluster". Returns the added cluster, or undefined when the user cancelled or
 * the input was refused (the reason is shown to the user).
 */
export async function addCluster(ctx: CommandContext, args?: AddClusterArgs): Promise<ClusterConfig | undefined> {
  const { registry } = ctx;
  const existingNames = registry.list().map((cluster) => cluster.name);
  const raw = args?.name !== undefined && args.bootstrapServers !== undefined ? args : await askForCluster(ctx.prompts.current, existingNames);
  if (!raw) {
    return undefined;
  }
  const parsed = parseClusterConfig(raw, existingNames);
  if (!parsed.ok) {
    // Not awaited: a notification resolves only when dismissed.
    void vscode.window.showErrorMessage(`Cannot add the cluster: ${parsed.error}`);
    return undefined;
  }
  await registry.add(parsed.value);
  void vscode.window.showInformationMessage(
    `Added Kafka cluster "${parsed.value.name}" (${parsed.value.bootstrapServers.join(', ')}).`,
  );
  return parsed.value;
}

async function askForCluster(prompter: Prompter, existingNames: readonly string[]): Promise<AddClusterArgs | undefined> {
  const name = await prompter.input({
    title: 'Add Kafka Cluster (1/2)',
    prompt: 'A name for the cluster, shown in the Clusters view',
    placeHolder: 'local',
    value: existingNames.length === 0 ? 'local' : '',
    validateInput: (value) => validateClusterName(value, existingNames),
  });
  if (name === undefined) {
    return undefined;
  }
  const bootstrapServers = await prompter.input({
    title: 'Add Kafka Cluster (2/2)',
    prompt: 'Bootstrap servers: one or more host:port, separated by commas',
    placeHolder: 'localhost:9092',
    value: 'localhost:9092',
    validateInput: (value) => {
      const parsed = parseBootstrapServers(value);
      return parsed.ok ? undefined : parsed.error;
    },
  });
  if (bootstrapServers === undefined) {
    return undefined;
  }
  return { name, bootstrapServers };
}
