/**
 * The aws-msk-iam SASL settings: their checks (shared by the settings parser and the Add /
 * Edit Cluster wizard) and how they are named to the user. No secret is part of them: the
 * AWS credentials are found by the AWS SDK, never stored by us.
 */
import type { ParseResult } from '../../common/parseResult';
import type { AwsMskIamSettings } from './securitySettings';

// Regions are <area>-<direction…>-<n>: eu-west-1, us-gov-west-1, cn-northwest-1, us-isob-east-1.
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
// An ARN of an IAM role in any partition (aws, aws-cn, aws-us-gov…), with an optional path.
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
// STS' own rule for RoleSessionName.
const ROLE_SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
// A profile is a [section] name of ~/.aws/config: no white space or brackets.
const PROFILE = /^[^\s[\]]+$/;

/** MSK's IAM listeners (9098 in the VPC, 9198 public) speak TLS only. */
export const MSK_IAM_NEEDS_TLS =
  "AWS MSK IAM needs TLS: MSK's IAM listener (port 9098, or 9198 for public access) accepts TLS connections only. Turn TLS on (the system's certificate authorities trust MSK's brokers).";

export function awsRegionProblem(text: string): string | undefined {
  const region = text.trim();
  if (AWS_REGION.test(region)) {
    return undefined;
  }
  if (AWS_REGION.test(region.replace(/[a-z]$/, ''))) {
    return `"${region}" is an availability zone; give its region, ${region.slice(0, -1)}.`;
  }
  return 'Write the AWS region of the cluster, for example eu-west-1 or us-east-1.';
}

export function awsProfileProblem(text: string): string | undefined {
  return PROFILE.test(text.trim()) ? undefined : 'Write the name of a profile of ~/.aws/config or ~/.aws/credentials, for example dev.';
}

export function roleArnProblem(text: string): string | undefined {
  return ROLE_ARN.test(text.trim()) ? undefined : 'Write the ARN of an IAM role, for example arn:aws:iam::123456789012:role/kafka-reader.';
}

export function roleSessionNameProblem(text: string): string | undefined {
  return ROLE_SESSION_NAME.test(text.trim()) ? undefined : 'A role session name has 2 to 64 letters, digits or +=,.@_- characters.';
}

/** Where the AWS credentials come from: "profile dev", "role arn:…", "default credentials". */
export function describeAwsCredentials(sasl: AwsMskIamSettings): string {
  return sasl.roleArn ? `role ${sasl.roleArn}` : sasl.profile ? `profile ${sasl.profile}` : 'default credentials';
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Checks the settings JSON of an aws-msk-iam cluster (TLS is checked with the whole cluster). */
export function parseAwsMskIam(raw: Record<string, unknown>): ParseResult<AwsMskIamSettings> {
  const region = optionalText(raw.region);
  if (!region) {
    return { ok: false, error: 'SASL AWS MSK IAM needs the region of the cluster, for example "region": "eu-west-1".' };
  }
  const regionProblem = awsRegionProblem(region);
  if (regionProblem) {
    return { ok: false, error: `SASL AWS MSK IAM: ${regionProblem}` };
  }
  const profile = optionalText(raw.profile);
  const roleArn = optionalText(raw.roleArn);
  const roleSessionName = optionalText(raw.roleSessionName);
  // The signer assumes a role with the default chain's credentials only, never a profile's.
  if (profile && roleArn) {
    return {
      ok: false,
      error:
        'SASL AWS MSK IAM takes either a profile or a roleArn, not both (the role is assumed with the default credentials; a profile of ~/.aws/config can assume it with role_arn).',
    };
  }
  const problem =
    (profile && awsProfileProblem(profile)) ||
    (roleArn && roleArnProblem(roleArn)) ||
    (roleSessionName && !roleArn ? 'roleSessionName goes with roleArn.' : undefined) ||
    (roleSessionName && roleSessionNameProblem(roleSessionName));
  if (problem) {
    return { ok: false, error: `SASL AWS MSK IAM: ${problem}` };
  }
  return {
    ok: true,
    value: {
      mechanism: 'aws-msk-iam',
      region,
      ...(profile ? { profile } : {}),
      ...(roleArn ? { roleArn } : {}),
      ...(roleSessionName ? { roleSessionName } : {}),
    },
  };
}
