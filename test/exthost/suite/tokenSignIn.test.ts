import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KafkaExplorerApi } from '../../../src/extension/extension';
import { KafkaCluster, startKafkaCluster } from '../../harness/kafka';
import { OAuthServer, startOAuthServer } from '../../harness/oauthServer';
import { activateExtension, clearClusters, labelOf, nodeAt } from './helpers';
import { Answer, answerWith } from './scriptedPrompter';

const savedClusters = () => vscode.workspace.getConfiguration('kafkaExplorer').get<unknown[]>('clusters') ?? [];

describe('the Add Cluster wizard for an OAuth cluster with SASL extensions', function () {
  this.timeout(180000);
  const secret = 'oauth-client-s3cret';
  let oauth: OAuthServer;
  let kafka: KafkaCluster;
  let api: KafkaExplorerApi;

  before(async () => {
    api = await activateExtension();
    await clearClusters();
    oauth = await startOAuthServer({ explorer: { secret } });
    // Its own broker: the shared one has no OAUTHBEARER listener. Its validator accepts any
    // well-formed extensions, so they only have to travel without breaking the sign-in.
    kafka = await startKafkaCluster({ security: { oauth: { jwksUrl: oauth.jwksUrl, audience: oauth.audience, issuer: oauth.issuer } } });
  });
  afterEach(() => api.setPrompter(undefined));
  after(async () => {
    await clearClusters();
    await kafka?.stop();
    await oauth?.stop();
  });

  it('saves the extensions and no secret in settings, and signs in with the secret from secret storage', async () => {
    const servers = kafka.oauthBootstrapServers.join(',');
    answerWith(
      api,
      { input: 'oauth' },
      { input: servers },
      { pick: 'SASL OAUTHBEARER' },
      { input: oauth.tokenEndpoint },
      { input: 'explorer' },
      { input: secret },
      { input: 'kafka' },
      { refused: 'logicalCluster=lkc-123,auth=x', because: /extension name "auth" must be letters only/ },
      { refused: 'logicalCluster', because: /name=value.*"logicalCluster" has no "="/ },
      { refused: 'logical-cluster=lkc-123', because: /extension name "logical-cluster" must be letters only/ },
      { input: 'logicalCluster=lkc-123, identityPoolId=pool-abc' },
      { pick: 'No TLS' },
      { pick: 'No Schema Registry' },
    );
    const added = await vscode.commands.executeCommand('kafkaExplorer.addCluster');
    const expected = {
      name: 'oauth',
      bootstrapServers: kafka.oauthBootstrapServers,
      sasl: {
        mechanism: 'oauthbearer',
        tokenEndpoint: oauth.tokenEndpoint,
        clientId: 'explorer',
        scope: 'kafka',
        extensions: { logicalCluster: 'lkc-123', identityPoolId: 'pool-abc' },
      },
    };
    assert.deepEqual(added, expected);
    assert.deepEqual(savedClusters(), [expected]);
    assert.ok(!JSON.stringify(savedClusters()).includes(secret), 'no client secret in settings');

    // The secret is nowhere but in secret storage: a token issued for it proves it is there.
    assert.equal(labelOf(api, await nodeAt(api, 'oauth', 'Brokers', 'broker 1')), 'broker 1');
    assert.ok(oauth.issued('explorer') >= 1, 'a token was issued for the stored secret');

    // Edit Cluster offers the current answers again, the extensions as one line…
    const prompter = answerWith(
      api,
      { pick: 'Authentication' },
      { pick: 'SASL OAUTHBEARER' },
      { prefilled: oauth.tokenEndpoint },
      { prefilled: 'explorer' },
      { input: secret },
      { prefilled: 'kafka' },
      { prefilled: 'logicalCluster=lkc-123,identityPoolId=pool-abc' },
    );
    await vscode.commands.executeCommand('kafkaExplorer.editCluster', await nodeAt(api, 'oauth'));
    assert.ok(prompter.offered[0].includes('Authentication: SASL OAUTHBEARER as OAuth client explorer'), prompter.offered[0].join(' | '));
    assert.deepEqual(savedClusters(), [expected]);
    // …and an empty line removes them.
    answerWith(
      api,
      { pick: 'Authentication' },
      { pick: 'SASL OAUTHBEARER' },
      { input: oauth.tokenEndpoint },
      { input: 'explorer' },
      { input: secret },
      { input: 'kafka' },
      { input: '' },
    );
    const edited = await vscode.commands.executeCommand('kafkaExplorer.editCluster', await nodeAt(api, 'oauth'));
    assert.deepEqual((edited as { sasl: unknown }).sasl, {
      mechanism: 'oauthbearer',
      tokenEndpoint: oauth.tokenEndpoint,
      clientId: 'explorer',
      scope: 'kafka',
    });
    assert.equal(labelOf(api, await nodeAt(api, 'oauth', 'Brokers', 'broker 1')), 'broker 1');
  });
});

describe('the Add Cluster wizard for an AWS MSK IAM cluster', function () {
  let api: KafkaExplorerApi;
  const answer = (...answers: Answer[]) => answerWith(api, ...answers);

  before(async () => {
    api = await activateExtension();
    await clearClusters();
  });
  afterEach(() => api.setPrompter(undefined));
  after(() => clearClusters());

  it('saves the region and credential source with TLS (plaintext not offered), and switches a plaintext cluster to MSK IAM with TLS', async () => {
    const servers = 'b-1.msk-demo.abc123.c2.kafka.eu-west-1.amazonaws.com:9098';
    const adding = answer(
      { input: 'msk' },
      { input: servers },
      { pick: 'AWS MSK IAM' },
      { refused: 'eu-west-1a', because: /availability zone; give its region, eu-west-1/ },
      { refused: 'Ireland', because: /Write the AWS region/ },
      { input: 'eu-west-1' },
      { pick: 'A named profile' },
      { refused: 'my profile', because: /name of a profile/ },
      { input: 'dev' },
      { pick: 'TLS' },
      { pick: 'No Schema Registry' },
    );
    const added = await vscode.commands.executeCommand('kafkaExplorer.addCluster');
    const expected = {
      name: 'msk',
      bootstrapServers: [servers],
      sasl: { mechanism: 'aws-msk-iam', region: 'eu-west-1', profile: 'dev' },
      tls: {},
    };
    assert.deepEqual(added, expected);
    assert.deepEqual(savedClusters(), [expected]);
    const tlsChoices = adding.offered.find((items) => items.some((item) => item.startsWith('TLS with a CA file')));
    assert.ok(tlsChoices && !tlsChoices.some((item) => item.startsWith('No TLS')), `TLS choices: ${tlsChoices?.join(' | ')}`);

    // The role instead of the profile; Edit Cluster names the current credential source.
    const editing = answer(
      { pick: 'Authentication' },
      { pick: 'AWS MSK IAM' },
      { prefilled: 'eu-west-1' },
      { pick: 'Assume an IAM role' },
      { refused: 'arn:aws:iam::1:role/x', because: /ARN of an IAM role/ },
      { input: 'arn:aws:iam::123456789012:role/kafka-reader' },
      { input: 'explorer' },
    );
    const edited = await vscode.commands.executeCommand('kafkaExplorer.editCluster', await nodeAt(api, 'msk'));
    assert.ok(editing.offered[0].includes('Authentication: SASL AWS MSK IAM (profile dev, eu-west-1)'), editing.offered[0].join(' | '));
    assert.deepEqual((edited as { sasl: unknown }).sasl, {
      mechanism: 'aws-msk-iam',
      region: 'eu-west-1',
      roleArn: 'arn:aws:iam::123456789012:role/kafka-reader',
      roleSessionName: 'explorer',
    });

    // A plaintext cluster switched to MSK IAM is asked for TLS at once.
    await vscode.commands.executeCommand('kafkaExplorer.addCluster', { name: 'plain', bootstrapServers: 'b-2.msk-demo.example:9098' });
    answer(
      { pick: 'Authentication' },
      { pick: 'AWS MSK IAM' },
      { input: 'us-east-1' },
      { pick: 'Default AWS credentials' },
      { pick: 'TLS' },
    );
    const switched = await vscode.commands.executeCommand('kafkaExplorer.editCluster', await nodeAt(api, 'plain'));
    assert.deepEqual(switched, {
      name: 'plain',
      bootstrapServers: ['b-2.msk-demo.example:9098'],
      sasl: { mechanism: 'aws-msk-iam', region: 'us-east-1' },
      tls: {},
    });
  });
});
