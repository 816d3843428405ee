import { Admin, AclEntry, AclFilter } from 'kafkajs';
import { KafkaExplorerError } from '../errors';

/**
 * Kafka ACLs as plain strings. The wire uses numbers (kafkajs' enums); the tables below
 * follow Kafka's AclOperation, ResourceType, PatternType and AclPermissionType, including
 * values newer than kafkajs' enums (USER resources, token operations) so they still show.
 */
export const ACL_RESOURCE_TYPES = ['TOPIC', 'GROUP', 'CLUSTER', 'TRANSACTIONAL_ID', 'DELEGATION_TOKEN', 'USER'] as const;
export const ACL_OPERATIONS = [
  'ALL',
  'READ',
  'WRITE',
  'CREATE',
  'DELETE',
  'ALTER',
  'DESCRIBE',
  'CLUSTER_ACTION',
  'DESCRIBE_CONFIGS',
  'ALTER_CONFIGS',
  'IDEMPOTENT_WRITE',
  'CREATE_TOKENS',
  'DESCRIBE_TOKENS',
] as const;
export const ACL_PERMISSIONS = ['ALLOW', 'DENY'] as const;
export const ACL_PATTERN_TYPES = ['LITERAL', 'PREFIXED'] as const;

/** What kafkajs can send in CreateAcls and DeleteAcls (it checks against its own, older enums). */
export const CREATABLE_RESOURCE_TYPES: readonly string[] = ACL_RESOURCE_TYPES.filter((t) => t !== 'USER');
export const CREATABLE_OPERATIONS: readonly string[] = ACL_OPERATIONS.filter((o) => o !== 'CREATE_TOKENS' && o !== 'DESCRIBE_TOKENS');

export type AclResourceType = (typeof ACL_RESOURCE_TYPES)[number];
export type AclOperation = (typeof ACL_OPERATIONS)[number];
export type AclPermission = (typeof ACL_PERMISSIONS)[number];
export type AclPatternType = (typeof ACL_PATTERN_TYPES)[number];

/** One ACL: who (principal, host) may or may not do what (operation) on which resource pattern. */
export interface AclBinding {
  readonly principal: string;
  readonly host: string;
  readonly operation: AclOperation;
  readonly permission: AclPermission;
  readonly resourceType: AclResourceType;
  readonly resourceName: string;
  readonly patternType: AclPatternType;
}

/** The ACLs of a cluster, or that it has no authorizer (the broker answers SECURITY_DISABLED). */
export type AclListing = { readonly authorizer: true; readonly acls: AclBinding[] } | { readonly authorizer: false };

const RESOURCE_CODES: Record<AclResourceType, number> = {
  TOPIC: 2,
  GROUP: 3,
  CLUSTER: 4,
  TRANSACTIONAL_ID: 5,
  DELEGATION_TOKEN: 6,
  USER: 7,
};
const OPERATION_CODES: Record<AclOperation, number> = {
  ALL: 2,
  READ: 3,
  WRITE: 4,
  CREATE: 5,
  DELETE: 6,
  ALTER: 7,
  DESCRIBE: 8,
  CLUSTER_ACTION: 9,
  DESCRIBE_CONFIGS: 10,
  ALTER_CONFIGS: 11,
  IDEMPOTENT_WRITE: 12,
  CREATE_TOKENS: 13,
  DESCRIBE_TOKENS: 14,
};
const PERMISSION_CODES: Record<AclPermission, number> = { DENY: 2, ALLOW: 3 };
const PATTERN_CODES: Record<AclPatternType, number> = { LITERAL: 3, PREFIXED: 4 };
const ANY = 1;

function nameOf<T extends string>(codes: Record<T, number>, code: number, what: string): T {
  const found = (Object.keys(codes) as T[]).find((name) => codes[name] === code);
  if (found === undefined) {
    throw new KafkaExplorerError(`The broker answered an ACL with an unknown ${what} (${code}).`, false);
  }
  return found;
}

function toWire(acl: AclBinding): AclEntry {
  // kafkajs' enum types are numbers on the wire; ours go beyond them, so the cast is deliberate.
  return {
    principal: acl.principal,
    host: acl.host,
    operation: OPERATION_CODES[acl.operation],
    permissionType: PERMISSION_CODES[acl.permission],
    resourceType: RESOURCE_CODES[acl.resourceType],
    resourceName: acl.resourceName,
    resourcePatternType: PATTERN_CODES[acl.patternType],
  } as unknown as AclEntry;
}

function isSecurityDisabled(error: unknown): boolean {
  let current = error as { type?: unknown; cause?: unknown; originalError?: unknown } | undefined;
  for (let depth = 0; depth < 10 && current && typeof current === 'object'; depth++) {
    if (current.type === 'SECURITY_DISABLED') {
      return true;
    }
    current = (current.cause ?? current.originalError) as typeof current;
  }
  return false;
}

/** Every ACL of the cluster (a filter of ANY everything), sorted for a stable display. */
export async function listAcls(admin: Admin): Promise<AclListing> {
  const filter = { resourceType: ANY, resourcePatternType: ANY, operation: ANY, permissionType: ANY } as unknown as AclFilter;
  let response;
  try {
    response = await admin.describeAcls(filter);
  } catch (error) {
    if (isSecurityDisabled(error)) {
      return { authorizer: false };
    }
    throw error;
  }
  const acls: AclBinding[] = [];
  for (const resource of response.resources) {
    for (const acl of resource.acls) {
      acls.push({
        principal: acl.principal,
        host: acl.host,
        operation: nameOf(OPERATION_CODES, acl.operation, 'operation'),
        permission: nameOf(PERMISSION_CODES, acl.permissionType, 'permission'),
        resourceType: nameOf(RESOURCE_CODES, resource.resourceType, 'resource type'),
        resourceName: resource.resourceName,
        patternType: nameOf(PATTERN_CODES, resource.resourcePatternType, 'pattern type'),
      });
    }
  }
  return { authorizer: true, acls: acls.sort((a, b) => aclKey(a).localeCompare(aclKey(b))) };
}

/** A key that identifies an ACL (for ids and sorting): every field of it. */
export function aclKey(acl: AclBinding): string {
  return [acl.resourceType, acl.resourceName, acl.patternType, acl.principal, acl.host, acl.operation, acl.permission].join('\u0000');
}

/** "TOPIC orders (LITERAL)": the resource pattern an ACL applies to. */
export function describeAclResource(acl: Pick<AclBinding, 'resourceType' | 'resourceName' | 'patternType'>): string {
  return `${acl.resourceType} ${acl.resourceName} (${acl.patternType})`;
}

/** "ALLOW READ from * on TOPIC orders": one ACL without its principal. */
export function describeAclRule(acl: AclBinding): string {
  const prefix = acl.patternType === 'PREFIXED' ? ' (prefix)' : '';
  return `${acl.permission} ${acl.operation} from ${acl.host} on ${acl.resourceType} ${acl.resourceName}${prefix}`;
}

/** Why an ACL cannot be created as given, or undefined; the broker's checks, said before asking it. */
export function validateAcl(acl: AclBinding): string | undefined {
  return (
    (!CREATABLE_RESOURCE_TYPES.includes(acl.resourceType) || !CREATABLE_OPERATIONS.includes(acl.operation)
      ? `This client cannot send ACLs on ${acl.resourceType} resources or for ${acl.operation}; use kafka-acls.sh.`
      : undefined) ??
    validatePrincipal(acl.principal) ??
    (acl.host.trim() === '' ? 'Enter a host ("*" for any host).' : undefined) ??
    (acl.resourceName === '' ? 'Enter a resource name ("*" for all).' : undefined) ??
    (acl.resourceType === 'CLUSTER' && acl.resourceName !== 'kafka-cluster'
      ? 'The CLUSTER resource is named "kafka-cluster".'
      : undefined) ??
    (acl.patternType === 'PREFIXED' && acl.resourceName === '*' ? 'A PREFIXED pattern cannot be "*"; use LITERAL "*" for all.' : undefined)
  );
}

/** A principal is "Type:name", e.g. User:alice; "User:*" is every user. */
export function validatePrincipal(principal: string): string | undefined {
  return /^[A-Za-z][A-Za-z0-9_]*:\S.*$/.test(principal)
    ? undefined
    : 'A principal is "Type:name", e.g. User:alice (or User:* for all users).';
}

export async function createAcl(admin: Admin, acl: AclBinding): Promise<void> {
  const problem = validateAcl(acl);
  if (problem) {
    throw new KafkaExplorerError(problem, false);
  }
  await admin.createAcls({ acl: [toWire(acl)] });
}

/**
 * Deletes exactly this ACL: a filter with every field given matches only itself, never
 * (as an ANY field would) its neighbours. Returns how many ACLs the broker deleted.
 */
export async function deleteAcl(admin: Admin, acl: AclBinding): Promise<number> {
  const problem = validateAcl(acl);
  if (problem) {
    throw new KafkaExplorerError(problem, false);
  }
  const filter = toWire(acl) as unknown as AclFilter;
  const response = await admin.deleteAcls({ filters: [filter] });
  return response.filterResponses.reduce((n, r) => n + r.matchingAcls.length, 0);
}
