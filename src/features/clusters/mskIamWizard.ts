/** The AWS MSK IAM questions of Add / Edit Cluster: the region, then where the AWS credentials come from. */
import { awsProfileProblem, awsRegionProblem, roleArnProblem, roleSessionNameProblem } from '../../kafka/connection/mskIamSettings';
import { AwsMskIamSettings } from '../../kafka/connection/securitySettings';
import { Prompter } from '../../workbench/prompter';

type Source = 'default' | 'profile' | 'role';

export async function askMskIam(prompter: Prompter, title: string, current?: AwsMskIamSettings): Promise<AwsMskIamSettings | undefined> {
  const region = await prompter.input({
    title,
    prompt: "The cluster's AWS region (the token is signed for it)",
    placeHolder: 'eu-west-1',
    value: current?.region ?? '',
    validateInput: (text) => awsRegionProblem(text),
  });
  if (region === undefined) {
    return undefined;
  }
  const source = await prompter.pick(
    [
      {
        label: 'Default AWS credentials',
        description: 'environment variables, AWS_PROFILE, ~/.aws files, SSO, EC2 or ECS role',
        source: 'default' as Source,
      },
      { label: 'A named profile…', description: 'a profile of ~/.aws/config or ~/.aws/credentials', source: 'profile' as Source },
      { label: 'Assume an IAM role…', description: 'with the default credentials, through AWS STS', source: 'role' as Source },
    ],
    { title, placeHolder: 'Which AWS credentials sign the token? (none is stored by Kafka Explorer)' },
  );
  const base = { mechanism: 'aws-msk-iam' as const, region: region.trim() };
  switch (source?.source) {
    case undefined:
      return undefined;
    case 'default':
      return base;
    case 'profile': {
      const profile = await prompter.input({
        title,
        prompt: 'AWS profile name',
        placeHolder: 'dev',
        value: current?.profile ?? '',
        validateInput: (text) => awsProfileProblem(text),
      });
      return profile === undefined ? undefined : { ...base, profile: profile.trim() };
    }
    case 'role': {
      const roleArn = await prompter.input({
        title,
        prompt: 'ARN of the IAM role to assume',
        placeHolder: 'arn:aws:iam::123456789012:role/kafka-reader',
        value: current?.roleArn ?? '',
        validateInput: (text) => roleArnProblem(text),
      });
      const sessionName =
        roleArn === undefined
          ? undefined
          : await prompter.input({
              title,
              prompt: 'Role session name (optional; shows in CloudTrail)',
              placeHolder: 'MSKSASLDefaultSession',
              value: current?.roleSessionName ?? '',
              validateInput: (text) => (text.trim() === '' ? undefined : roleSessionNameProblem(text)),
            });
      if (roleArn === undefined || sessionName === undefined) {
        return undefined;
      }
      return { ...base, roleArn: roleArn.trim(), ...(sessionName.trim() ? { roleSessionName: sessionName.trim() } : {}) };
    }
  }
}
