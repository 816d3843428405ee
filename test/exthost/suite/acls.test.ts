import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KafkaExplorerApi } from '../../../src/extension/extension';
import { KafkaCluster, startKafkaCluster } from '../../harness/kafka';
import { activateExtension, clearClusters, labelOf, nodeAt } from './helpers';
import { Answer, answerWith } from './scriptedPrompter';

describe('the ACLs folder and its commands', function () {
  this.timeout(180000);
  let kafka: KafkaCluster;
  let api: KafkaExplorerApi;
  const answer = (...answers: Answer[]) => answerWith(api, ...answers);
  const childLabels = async (...path: string[]) =>
    (await api.clusterTree.getChildren(await nodeAt(api, ...(path as [string, ...string[]])))).map((n) => labelOf(api, n));

  const addScramCluster = async (name: string, user: string, password: string) => {
    answer(
      { input: name },
      { input: kafka.saslBootstrapServers.join(',') },
      { pick: 'SASL SCRAM-SHA-256' },
      { input: user },
      { input: password },
      { pick: 'No TLS' },
      { pick: 'No Schema Registry' },
    );
    await vscode.commands.executeCommand('kafkaExplorer.addCluster');
  };

  before(async () => {
    api = await activateExtension();
    await clearClusters();
    kafka = await startKafkaCluster({
      security: { saslUsers: { admin: 'admin-secret', alice: 'alice-secret' } },
      config: {
        'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
        'super.users': 'User:admin;User:ANONYMOUS',
      },
    });
    await addScramCluster('acl-admin', 'admin', 'admin-secret');
    await addScramCluster('acl-alice', 'alice', 'alice-secret');
  });
  afterEach(() => api.setPrompter(undefined));
  after(async () => {
    await clearClusters();
    await kafka?.stop();
  });

  it('creates an ACL from the folder and shows it by principal and by resource', async () => {
    assert.deepEqual(await childLabels('acl-admin', 'ACLs'), ['No ACLs']);
    answer(
      { input: 'User:alice' },
      { pick: 'TOPIC' },
      { input: 'orders' },
      { pick: 'LITERAL' },
      { pick: 'READ' },
      { pick: 'ALLOW' },
      { input: '*' },
      { confirm: true },
    );
    const created = await vscode.commands.executeCommand('kafkaExplorer.createAcl', await nodeAt(api, 'acl-admin', 'ACLs'));
    assert.ok(created);
    assert.deepEqual(await childLabels('acl-admin', 'ACLs'), ['By principal', 'By resource']);
    assert.deepEqual(await childLabels('acl-admin', 'ACLs', 'By principal', 'User:alice'), ['ALLOW READ from * on TOPIC orders']);
    assert.deepEqual(await childLabels('acl-admin', 'ACLs', 'By resource', 'TOPIC orders (LITERAL)'), ['ALLOW READ for User:alice from *']);
  });

  it('says what was denied to a restricted user, and the rest of her tree loads', async () => {
    const [acls] = await api.clusterTree.getChildren(await nodeAt(api, 'acl-alice', 'ACLs'));
    assert.equal(acls.kind, 'error');
    assert.match(labelOf(api, acls), /^Not authorized to describe ACLs \(CLUSTER_AUTHORIZATION_FAILED/);
    assert.deepEqual(await childLabels('acl-alice', 'Topics'), ['No topics']);
  });

  it('deletes an ACL after a modal confirmation', async () => {
    const entry = await nodeAt(api, 'acl-admin', 'ACLs', 'By principal', 'User:alice', 'ALLOW READ from * on TOPIC orders');
    assert.equal(api.clusterTree.getTreeItem(entry).contextValue, 'acl');
    answer({ confirm: false });
    assert.equal(await vscode.commands.executeCommand('kafkaExplorer.deleteAcl', entry), false);
    answer({ confirm: true });
    assert.equal(await vscode.commands.executeCommand('kafkaExplorer.deleteAcl', entry), true);
    assert.deepEqual(await childLabels('acl-admin', 'ACLs'), ['No ACLs']);
  });
});
