import * as vscode from 'vscode';
import {
  AclBinding,
  AclOperation,
  AclPatternType,
  AclPermission,
  AclResourceType,
  createAcl as createAclOnBroker,
  CREATABLE_OPERATIONS,
  CREATABLE_RESOURCE_TYPES,
  deleteAcl as deleteAclOnBroker,
  describeAclResource,
  validateAcl,
  validatePrincipal,
} from '../../kafka/admin/acls';
import { ClusterTreeNode } from '../../workbench/treeNodes';
import { CommandContext, resolveCluster, runAdminChange } from '../../workbench/commandContext';

const RESOURCE_HINTS: Record<string, string> = {
  TOPIC: 'produce to, consume from, describe a topic',
  GROUP: 'join, commit offsets in, describe a consumer group',
  CLUSTER: 'cluster-wide: create topics, describe ACLs, ...',
  TRANSACTIONAL_ID: 'a transactional producer id',
  DELEGATION_TOKEN: 'a delegation token',
};

/** "Kafka: Create ACL": principal, resource, pattern, operation, permission, host, then a summary to confirm. */
export async function createAcl(ctx: CommandContext, node?: ClusterTreeNode): Promise<AclBinding | undefined> {
  const cluster = await resolveCluster(ctx, node);
  if (!cluster) {
    return undefined;
  }
  const prompter = ctx.prompts.current;
  const principal = await prompter.input({
    title: `Create ACL on ${cluster.name} (1/7)`,
    prompt: 'Principal: "User:name" (User:* for every user)',
    value: 'User:',
    validateInput: (value) => validatePrincipal(value.trim()),
  });
  if (principal === undefined) {
    return undefined;
  }
  const resourceType = await prompter.pick(
    CREATABLE_RESOURCE_TYPES.map((label) => ({ label, description: RESOURCE_HINTS[label] })),
    { title: 'Create ACL (2/7)', placeHolder: 'Resource type' },
  );
  if (!resourceType) {
    return undefined;
  }
  const isCluster = resourceType.label === 'CLUSTER';
  // The cluster resource has one name; asking for it would only invite a typo.
  const resourceName = isCluster
    ? 'kafka-cluster'
    : await prompter.input({
        title: 'Create ACL (3/7)',
        prompt: `${resourceType.label} name, or a prefix of names, or "*" for all`,
        validateInput: (value) => (value === '' ? 'Enter a name ("*" for all).' : /\s/.test(value) ? 'Names have no spaces.' : undefined),
      });
  if (resourceName === undefined) {
    return undefined;
  }
  const patternType =
    isCluster || resourceName === '*'
      ? { label: 'LITERAL' }
      : await prompter.pick(
          [
            { label: 'LITERAL', description: `exactly "${resourceName}"` },
            { label: 'PREFIXED', description: `every name starting with "${resourceName}"` },
          ],
          { title: 'Create ACL (4/7)', placeHolder: 'Pattern type' },
        );
  if (!patternType) {
    return undefined;
  }
  const operation = await prompter.pick(
    CREATABLE_OPERATIONS.map((label) => ({ label })),
    { title: 'Create ACL (5/7)', placeHolder: 'Operation' },
  );
  if (!operation) {
    return undefined;
  }
  const permission = await prompter.pick(
    [
      { label: 'ALLOW', description: 'grant the operation' },
      { label: 'DENY', description: 'refuse it, even where another ACL allows it' },
    ],
    { title: 'Create ACL (6/7)', placeHolder: 'Permission' },
  );
  if (!permission) {
    return undefined;
  }
  const host = await prompter.input({
    title: 'Create ACL (7/7)',
    prompt: 'Client host (IP address) this applies to; "*" for any host',
    value: '*',
    validateInput: (value) => (value.trim() === '' ? 'Enter a host or "*".' : undefined),
  });
  if (host === undefined) {
    return undefined;
  }
  const acl: AclBinding = {
    principal: principal.trim(),
    host: host.trim(),
    operation: operation.label as AclOperation,
    permission: permission.label as AclPermission,
    resourceType: resourceType.label as AclResourceType,
    resourceName,
    patternType: patternType.label as AclPatternType,
  };
  const problem = validateAcl(acl);
  if (problem) {
    void vscode.window.showErrorMessage(`Cannot create this ACL: ${problem}`);
    return undefined;
  }
  const summary = `${acl.permission} ${acl.principal} to ${acl.operation} from ${acl.host} on ${describeAclResource(acl)}`;
  const confirmed = await prompter.confirm(`Create this ACL on ${cluster.name}?`, summary, 'Create ACL');
  if (!confirmed) {
    return undefined;
  }
  const done = await runAdminChange(ctx, cluster, `Create ACL ${summary}`, ({ admin }) => createAclOnBroker(admin, acl).then(() => true));
  ctx.tree.refreshFolder(cluster.name, 'acls');
  return done ? acl : undefined;
}

/** "Delete ACL": exactly the ACL chosen, after a modal confirmation. */
export async function deleteAcl(ctx: CommandContext, node?: ClusterTreeNode): Promise<boolean> {
  if (node?.kind !== 'acl') {
    void vscode.window.showInformationMessage("Use Delete ACL on an ACL under a cluster's ACLs folder.");
    return false;
  }
  const cluster = ctx.registry.get(node.clusterName);
  if (!cluster) {
    return false;
  }
  const { acl } = node;
  const summary = `${acl.permission} ${acl.principal} to ${acl.operation} from ${acl.host} on ${describeAclResource(acl)}`;
  const confirmed = await ctx.prompts.current.confirm(
    `Delete this ACL from ${cluster.name}?`,
    `${summary}\n\nClients relying on it lose (or, for a DENY, regain) this access at once.`,
    'Delete ACL',
  );
  if (!confirmed) {
    return false;
  }
  const deleted = await runAdminChange(ctx, cluster, `Delete ACL ${summary}`, ({ admin }) => deleteAclOnBroker(admin, acl));
  ctx.tree.refreshFolder(cluster.name, 'acls');
  if (deleted === 0) {
    void vscode.window.showWarningMessage('The broker had no such ACL any more (deleted elsewhere?).');
  }
  return deleted !== undefined && deleted > 0;
}
