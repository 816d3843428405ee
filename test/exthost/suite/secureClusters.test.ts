import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KafkaExplorerApi } from '../../../src/extension/extension';
import { KafkaCluster, startKafkaCluster } from '../../harness/kafka';
import { activateExtension, clearClusters, descriptionOf, labelOf, nodeAt } from './helpers';
import { Answer, answerWith } from './scriptedPrompter';

describe('clusters behind SASL and TLS', function () {
  this.timeout(180000);
  const password = 'pa55-w0rd-secret';
  let kafka: KafkaCluster;
  let api: KafkaExplorerApi;

  const answer = (...answers: Answer[]) => answerWith(api, ...answers);

  before(async () => {
    api = await activateExtension();
    await clearClusters();
    kafka = await startKafkaCluster({ security: { saslUsers: { bob: password }, tls: true } });
  });
  afterEach(() => api.setPrompter(undefined));
  after(async () => {
    await clearClusters();
    await kafka?.stop();
  });

  it('adds a SCRAM cluster whose password goes to secret storage, not to settings', async () => {
    answer(
      { input: 'scram' },
      { input: kafka.saslBootstrapServers.join(',') },
      { pick: 'SASL SCRAM-SHA-512' },
      { input: 'bob' },
      { refused: '', because: /Enter the password/ },
      { input: password },
      { pick: 'No TLS' },
      { pick: 'No Schema Registry' },
    );
    const added = await vscode.commands.executeCommand('kafkaExplorer.addCluster');
    assert.deepEqual(added, {
      name: 'scram',
      bootstrapServers: kafka.saslBootstrapServers,
      sasl: { mechanism: 'scram-sha-512', username: 'bob' },
    });
    const settings = JSON.stringify(vscode.workspace.getConfiguration('kafkaExplorer').get('clusters'));
    assert.ok(!settings.includes(password), 'no password in settings');
    assert.equal(labelOf(api, await nodeAt(api, 'scram', 'Brokers', 'broker 1')), 'broker 1');
  });

  it('shows a wrong password as an error node, and works again after Edit Cluster', async () => {
    answer({ pick: 'Authentication' }, { pick: 'SASL SCRAM-SHA-512' }, { input: 'bob' }, { input: 'not-the-password' });
    await vscode.commands.executeCommand('kafkaExplorer.editCluster', await nodeAt(api, 'scram'));
    const cluster = await nodeAt(api, 'scram');
    const children = await api.clusterTree.getChildren(cluster);
    assert.equal(children[0].kind, 'error');
    assert.match(labelOf(api, children[0]), /SASL SCRAM[ -]?SHA-?512 authentication failed/);
    assert.equal(descriptionOf(api, children[0]), '', 'a wrong password is not retried by itself');

    answer({ pick: 'Authentication' }, { pick: 'SASL SCRAM-SHA-512' }, { input: 'bob' }, { input: password });
    await vscode.commands.executeCommand('kafkaExplorer.editCluster', await nodeAt(api, 'scram'));
    assert.equal(labelOf(api, await nodeAt(api, 'scram', 'Brokers', 'broker 1')), 'broker 1');
  });

  it('adds a TLS cluster with a CA file, and shows an untrusted certificate as an error', async () => {
    answer(
      { input: 'tls' },
      { input: kafka.tlsBootstrapServers.join(',') },
      { pick: 'No authentication' },
      { pick: 'TLS with a CA file' },
      { file: kafka.certificates!.caFile },
      { pick: 'No Schema Registry' },
    );
    await vscode.commands.executeCommand('kafkaExplorer.addCluster');
    assert.match(descriptionOf(api, await nodeAt(api, 'tls', 'Brokers', 'broker 1')), /^127\.0\.0\.1:\d+ · controller$/);

    answer({ pick: 'TLS' }, { pick: 'TLS with a CA file' }, { file: kafka.certificates!.otherCaFile });
    await vscode.commands.executeCommand('kafkaExplorer.editCluster', await nodeAt(api, 'tls'));
    const children = await api.clusterTree.getChildren(await nodeAt(api, 'tls'));
    assert.equal(children[0].kind, 'error');
    assert.match(labelOf(api, children[0]), /untrusted CA|cannot be verified|not trusted/);
  });

  it('adds a mutual-TLS cluster whose key passphrase goes to secret storage, and refuses it without the certificate', async () => {
    const certs = kafka.certificates!;
    answer(
      { input: 'mtls' },
      { input: kafka.mtlsBootstrapServers.join(',') },
      { pick: 'No authentication' },
      { pick: 'TLS with a client certificate' },
      { pick: 'A CA file' },
      { file: certs.caFile },
      { file: certs.clientCertFile },
      { file: certs.clientKeyFile },
      { input: certs.clientKeyPassphrase },
      { pick: 'No Schema Registry' },
    );
    const added = await vscode.commands.executeCommand('kafkaExplorer.addCluster');
    assert.deepEqual((added as { tls: unknown }).tls, {
      caFile: certs.caFile,
      certFile: certs.clientCertFile,
      keyFile: certs.clientKeyFile,
    });
    const settings = JSON.stringify(vscode.workspace.getConfiguration('kafkaExplorer').get('clusters'));
    assert.ok(!settings.includes(certs.clientKeyPassphrase), 'no passphrase in settings');
    assert.match(descriptionOf(api, await nodeAt(api, 'mtls', 'Brokers', 'broker 1')), /^127\.0\.0\.1:\d+ · controller$/);

    answer({ pick: 'TLS' }, { pick: 'TLS with a CA file' }, { file: certs.caFile });
    await vscode.commands.executeCommand('kafkaExplorer.editCluster', await nodeAt(api, 'mtls'));
    const children = await api.clusterTree.getChildren(await nodeAt(api, 'mtls'));
    assert.equal(children[0].kind, 'error');
    assert.match(labelOf(api, children[0]), /the broker refused the TLS client certificate/);
  });

  it('turns certificate verification off only after a warning, and marks the cluster', async () => {
    answer({ pick: 'TLS' }, { pick: 'without certificate verification' }, { confirm: false });
    assert.equal(await vscode.commands.executeCommand('kafkaExplorer.editCluster', await nodeAt(api, 'tls')), undefined);
    answer({ pick: 'TLS' }, { pick: 'without certificate verification' }, { confirm: true });
    const changed = await vscode.commands.executeCommand('kafkaExplorer.editCluster', await nodeAt(api, 'tls'));
    assert.deepEqual((changed as { tls: unknown }).tls, { insecureSkipVerify: true });
    const item = api.clusterTree.getTreeItem(await nodeAt(api, 'tls'));
    // MarkdownString.appendText escapes: spaces become &nbsp;, parentheses get backslashes.
    const shown = (item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\/g, '');
    assert.match(shown, /Security: TLS \(certificate NOT verified\)/);
    assert.equal(labelOf(api, await nodeAt(api, 'tls', 'Brokers', 'broker 1')), 'broker 1');
  });

  it('renames a cluster and keeps its password', async () => {
    answer({ pick: 'Name' }, { input: 'scram renamed' });
    await vscode.commands.executeCommand('kafkaExplorer.editCluster', await nodeAt(api, 'scram'));
    assert.equal(api.registry.get('scram'), undefined);
    assert.equal(labelOf(api, await nodeAt(api, 'scram renamed', 'Brokers', 'broker 1')), 'broker 1');
  });
});
