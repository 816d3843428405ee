/** The questions that describe a cluster, shared by Add Cluster and Edit Cluster. */
import { parseBootstrapServers } from '../../kafka/connection/bootstrap';
import {
  formatExtensions,
  parseExtensionsText,
  RegistrySettings,
  registryUrlProblem,
  tokenEndpointProblem,
  validateClusterName,
} from '../../kafka/connection/clusterConfig';
import { OAuthBearerSettings, SaslMechanism, SaslSettings, TlsSettings } from '../../kafka/connection/securitySettings';
import { askMskIam } from './mskIamWizard';
import { Prompter } from '../../workbench/prompter';

/** A step's answer; `undefined` means the user cancelled. */
type Step<T> = Promise<T | undefined>;

export async function askName(prompter: Prompter, existingNames: readonly string[], title: string, value = ''): Step<string> {
  return prompter.input({
    title,
    prompt: 'A name for the cluster, shown in the Clusters view',
    placeHolder: 'local',
    value,
    validateInput: (text) => validateClusterName(text, existingNames),
  });
}

export async function askBootstrapServers(prompter: Prompter, title: string, value = 'localhost:9092'): Step<string> {
  return prompter.input({
    title,
    prompt: 'Bootstrap servers: one or more host:port, separated by commas',
    placeHolder: 'localhost:9092',
    value,
    validateInput: (text) => {
      const parsed = parseBootstrapServers(text);
      return parsed.ok ? undefined : parsed.error;
    },
  });
}

export interface SaslAnswer {
  readonly sasl: SaslSettings | undefined;
  /** The password (OAUTHBEARER: the client secret) to store; undefined when SASL is off or needs no secret (AWS MSK IAM). */
  readonly password: string | undefined;
}

export async function askSasl(prompter: Prompter, title: string, current?: SaslSettings): Step<SaslAnswer> {
  const choice = await prompter.pick(
    [
      { label: 'No authentication', mechanism: undefined },
      { label: 'SASL PLAIN', description: 'username and password (use with TLS)', mechanism: 'plain' as SaslMechanism },
      { label: 'SASL SCRAM-SHA-256', description: 'salted challenge-response', mechanism: 'scram-sha-256' as SaslMechanism },
      { label: 'SASL SCRAM-SHA-512', description: 'salted challenge-response', mechanism: 'scram-sha-512' as SaslMechanism },
      {
        label: 'SASL OAUTHBEARER (OAuth client credentials)',
        description: 'tokens from an OAuth token endpoint',
        mechanism: 'oauthbearer' as SaslMechanism,
      },
      {
        label: 'AWS MSK IAM',
        description: 'tokens signed with your AWS credentials (TLS listener, port 9098)',
        mechanism: 'aws-msk-iam' as SaslMechanism,
      },
    ],
    { title, placeHolder: 'How does the cluster authenticate clients?' },
  );
  if (!choice) {
    return undefined;
  }
  if (!choice.mechanism) {
    return { sasl: undefined, password: undefined };
  }
  if (choice.mechanism === 'oauthbearer') {
    return askOAuthBearer(prompter, title, current?.mechanism === 'oauthbearer' ? current : undefined);
  }
  if (choice.mechanism === 'aws-msk-iam') {
    const sasl = await askMskIam(prompter, title, current?.mechanism === 'aws-msk-iam' ? current : undefined);
    // No secret: the AWS SDK finds the credentials. An edit deletes a password stored before.
    return sasl && { sasl, password: undefined };
  }
  const username = await prompter.input({
    title,
    prompt: 'SASL username',
    value: current && 'username' in current ? current.username : '',
    validateInput: (text) => (text.trim() === '' ? 'Enter a username.' : undefined),
  });
  if (username === undefined) {
    return undefined;
  }
  const password = await prompter.input({
    title,
    prompt: `Password of ${username.trim()} (kept in VS Code's secret storage, never in settings)`,
    password: true,
    validateInput: (text) => (text === '' ? 'Enter the password.' : undefined),
  });
  if (password === undefined) {
    return undefined;
  }
  return { sasl: { mechanism: choice.mechanism, username: username.trim() }, password };
}

/** The client-credentials flow: token endpoint, client id, secret (for SecretStorage), optional scope. */
async function askOAuthBearer(prompter: Prompter, title: string, current?: OAuthBearerSettings): Step<SaslAnswer> {
  const tokenEndpoint = await prompter.input({
    title,
    prompt: 'OAuth token endpoint (client-credentials grant)',
    placeHolder: 'https://login.example.com/oauth2/token',
    value: current?.tokenEndpoint ?? '',
    validateInput: (text) => tokenEndpointProblem(text),
  });
  const clientId =
    tokenEndpoint === undefined
      ? undefined
      : await prompter.input({
          title,
          prompt: 'OAuth client id',
          value: current?.clientId ?? '',
          validateInput: (text) => (text.trim() === '' ? 'Enter the client id.' : undefined),
        });
  const secret =
    clientId === undefined
      ? undefined
      : await prompter.input({
          title,
          prompt: `Client secret of ${clientId.trim()} (kept in VS Code's secret storage, never in settings)`,
          password: true,
          validateInput: (text) => (text === '' ? 'Enter the client secret.' : undefined),
        });
  const scope =
    secret === undefined ? undefined : await prompter.input({ title, prompt: 'Scope to request (optional)', value: current?.scope ?? '' });
  const extensionsText =
    scope === undefined
      ? undefined
      : await prompter.input({
          title,
          prompt: 'SASL extensions sent with the token (optional): name=value pairs separated by commas',
          placeHolder: 'logicalCluster=lkc-123,identityPoolId=pool-abc',
          value: formatExtensions(current?.extensions),
          validateInput: (text) => {
            const parsed = parseExtensionsText(text);
            return parsed.ok ? undefined : parsed.error;
          },
        });
  const extensions = extensionsText === undefined ? undefined : parseExtensionsText(extensionsText);
  if (tokenEndpoint === undefined || clientId === undefined || secret === undefined || scope === undefined || !extensions?.ok) {
    return undefined;
  }
  const sasl: OAuthBearerSettings = {
    mechanism: 'oauthbearer',
    tokenEndpoint: tokenEndpoint.trim(),
    clientId: clientId.trim(),
    ...(scope.trim() ? { scope: scope.trim() } : {}),
    ...(Object.keys(extensions.value).length > 0 ? { extensions: extensions.value } : {}),
  };
  return { sasl, password: secret };
}

export interface TlsAnswer {
  readonly tls: TlsSettings | undefined;
  /** The client key's passphrase, for SecretStorage: '' when the key is not encrypted (or there is none). */
  readonly keyPassphrase: string;
}

const PEM_FILES = { 'PEM files': ['pem', 'crt', 'cer', 'key'], 'All files': ['*'] };

/** Mutual TLS: which CA to trust, then the client certificate, its key and the key's passphrase. */
async function askClientCertificate(prompter: Prompter, title: string): Step<TlsAnswer> {
  const trust = await prompter.pick(
    [
      { label: "The system's certificate authorities", ownCa: false },
      { label: 'A CA file…', ownCa: true },
    ],
    { title, placeHolder: "Which CA signed the brokers' certificates?" },
  );
  if (!trust) {
    return undefined;
  }
  const caFile = trust.ownCa ? await prompter.pickFile('CA certificate (PEM)', PEM_FILES) : '';
  const certFile = caFile === undefined ? undefined : await prompter.pickFile('Client certificate (PEM)', PEM_FILES);
  const keyFile = certFile === undefined ? undefined : await prompter.pickFile('Client private key (PEM)', PEM_FILES);
  const keyPassphrase =
    keyFile === undefined
      ? undefined
      : await prompter.input({
          title,
          prompt: "The private key's passphrase (empty when it is not encrypted; kept in VS Code's secret storage)",
          password: true,
        });
  if (caFile === undefined || certFile === undefined || keyFile === undefined || keyPassphrase === undefined) {
    return undefined;
  }
  return { tls: { ...(caFile ? { caFile } : {}), certFile, keyFile }, keyPassphrase };
}

/** `requiredBy` names what needs TLS (AWS MSK IAM): then plaintext is not offered. */
export async function askTls(prompter: Prompter, title: string, requiredBy?: string): Step<TlsAnswer> {
  const choice = await prompter.pick(
    [
      ...(requiredBy ? [] : [{ label: 'No TLS', description: 'plaintext connections', mode: 'off' as const }]),
      { label: 'TLS', description: "trust the system's certificate authorities", mode: 'system' as const },
      { label: 'TLS with a CA file…', description: 'a PEM file with the CA that signed the brokers', mode: 'ca' as const },
      {
        label: 'TLS with a client certificate…',
        description: 'mutual TLS: the brokers check your certificate too',
        mode: 'client' as const,
      },
      { label: 'TLS without certificate verification', description: 'unsafe: only for throwaway test clusters', mode: 'insecure' as const },
    ],
    { title, placeHolder: requiredBy ? `${requiredBy} needs TLS: how are the brokers' certificates checked?` : 'Is the listener TLS?' },
  );
  switch (choice?.mode) {
    case undefined:
      return undefined;
    case 'off':
      return { tls: undefined, keyPassphrase: '' };
    case 'system':
      return { tls: {}, keyPassphrase: '' };
    case 'ca': {
      const caFile = await prompter.pickFile('CA certificate (PEM)', PEM_FILES);
      return caFile === undefined ? undefined : { tls: { caFile }, keyPassphrase: '' };
    }
    case 'client':
      return askClientCertificate(prompter, title);
    case 'insecure': {
      const sure = await prompter.confirm(
        'Turn off TLS certificate verification for this cluster?',
        'Anyone between you and the brokers could read and change your traffic, passwords included. Use it only for a throwaway test cluster.',
        'Turn Off Verification',
      );
      return sure ? { tls: { insecureSkipVerify: true }, keyPassphrase: '' } : undefined;
    }
  }
}

export interface RegistryAnswer {
  readonly schemaRegistry: RegistrySettings | undefined;
  /** The basic-auth password or bearer token to store; '' deletes an old one. */
  readonly secret: string;
}

/** An optional Schema Registry: its URL, then how to sign in (none, basic, bearer token). */
export async function askSchemaRegistry(prompter: Prompter, title: string, current?: RegistrySettings): Step<RegistryAnswer> {
  const choice = await prompter.pick(
    [
      { label: 'No Schema Registry', description: 'values are shown as JSON, msgpack, text or hex', use: false },
      { label: 'Schema Registry…', description: 'decode and write Avro, Protobuf and JSON Schema values', use: true },
    ],
    { title, placeHolder: 'Does the cluster have a Schema Registry (Confluent-compatible API)?' },
  );
  if (!choice) {
    return undefined;
  }
  if (!choice.use) {
    return { schemaRegistry: undefined, secret: '' };
  }
  const url = await prompter.input({
    title,
    prompt: 'Schema Registry URL (Apicurio: …/apis/ccompat/v7)',
    placeHolder: 'http://localhost:8081',
    value: current?.url ?? 'http://localhost:8081',
    validateInput: (text) => registryUrlProblem(text),
  });
  if (url === undefined) {
    return undefined;
  }
  const auth = await prompter.pick(
    [
      { label: 'No authentication', auth: undefined },
      { label: 'Basic', description: 'username and password (Confluent Cloud: API key and secret)', auth: 'basic' as const },
      { label: 'Bearer token', description: 'an OAuth or API token sent as Authorization: Bearer', auth: 'bearer' as const },
    ],
    { title, placeHolder: 'How does the registry authenticate clients?' },
  );
  if (!auth) {
    return undefined;
  }
  if (!auth.auth) {
    return { schemaRegistry: { url: url.trim() }, secret: '' };
  }
  const username =
    auth.auth === 'basic'
      ? await prompter.input({
          title,
          prompt: 'Registry username (or API key)',
          value: current?.username ?? '',
          validateInput: (text) => (text.trim() === '' ? 'Enter a username.' : undefined),
        })
      : '';
  if (username === undefined) {
    return undefined;
  }
  const secret = await prompter.input({
    title,
    prompt: `${auth.auth === 'basic' ? 'Password (or API secret)' : 'Token'} (kept in VS Code's secret storage, never in settings)`,
    password: true,
    validateInput: (text) => (text === '' ? 'Enter it, or go back and choose No authentication.' : undefined),
  });
  if (secret === undefined) {
    return undefined;
  }
  return { schemaRegistry: { url: url.trim(), auth: auth.auth, ...(auth.auth === 'basic' ? { username: username.trim() } : {}) }, secret };
}
