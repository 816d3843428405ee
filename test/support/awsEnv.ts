/**
 * An AWS environment of a test's own for the MSK IAM tests: every AWS_* variable of the
 * machine is cleared (so a developer's own credentials or ~/.aws never take part), the
 * config and credentials files are fresh temporary files, the EC2 instance metadata service
 * is off unless the test says otherwise, and everything is put back afterwards.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface AwsFiles {
  /** Contents of the AWS config file (~/.aws/config), e.g. "[profile dev]\nregion = eu-west-1". */
  readonly config?: string;
  /** Contents of the shared credentials file (~/.aws/credentials). */
  readonly credentials?: string;
}

export async function withAwsEnv<T>(vars: Readonly<Record<string, string>>, files: AwsFiles, work: () => Promise<T>): Promise<T> {
  const saved = Object.entries(process.env).filter(([name]) => name.startsWith('AWS_'));
  // A new directory each time: the AWS SDK caches the files it has read by their path.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ke-aws-'));
  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  fs.writeFileSync(configFile, files.config ?? '');
  fs.writeFileSync(credentialsFile, files.credentials ?? '');
  for (const [name] of saved) {
    delete process.env[name];
  }
  Object.assign(
    process.env,
    { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_EC2_METADATA_DISABLED: 'true' },
    vars,
  );
  try {
    return await work();
  } finally {
    for (const name of Object.keys(process.env).filter((key) => key.startsWith('AWS_'))) {
      delete process.env[name];
    }
    Object.assign(process.env, Object.fromEntries(saved));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
