import * as assert from 'node:assert/strict';
import { ClusterConfig } from '../../src/kafka/connection/clusterConfig';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { describeKafkaError } from '../../src/kafka/errors';
import { fetchClusterMetadata } from '../../src/kafka/admin/metadata';
import { ClusterSecrets } from '../../src/kafka/connection/securitySettings';
import { KafkaCluster, startKafkaCluster } from '../harness/kafka';

describe('SASL and TLS listeners of a real broker', function () {
  this.timeout(120000);
  const timeouts = { connectionTimeoutMs: 3000, requestTimeoutMs: 6000 };
  let kafka: KafkaCluster;

  before(async () => {
    kafka = await startKafkaCluster({ security: { saslUsers: { alice: 'alice-secret' }, tls: true } });
  });
  after(() => kafka?.stop());

  async function connect(
    config: Omit<ClusterConfig, 'name'>,
    secrets: ClusterSecrets = {},
  ): Promise<{ brokers: number; error?: string; ms: number }> {
    const connection = new ClusterConnection({ name: 'secure', ...config }, { ...timeouts, secrets: async () => secrets });
    const started = Date.now();
    try {
      const metadata = await connection.query('metadata', ({ cluster }) => fetchClusterMetadata(cluster));
      return { brokers: metadata.brokers.length, ms: Date.now() - started };
    } catch (error) {
      return { brokers: 0, error: describeKafkaError(error), ms: Date.now() - started };
    } finally {
      await connection.close();
    }
  }

  for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as const) {
    it(`authenticates with SASL ${mechanism.toUpperCase()}, and refuses a wrong password clearly and in time`, async () => {
      const sasl = { mechanism, username: 'alice' };
      const ok = await connect({ bootstrapServers: kafka.saslBootstrapServers, sasl }, { saslPassword: 'alice-secret' });
      assert.equal(ok.error, undefined);
      assert.equal(ok.brokers, 1);
      const wrong = await connect({ bootstrapServers: kafka.saslBootstrapServers, sasl }, { saslPassword: 'wrong' });
      const name = mechanism.toUpperCase().replace(/-/g, '[ -]?');
      assert.match(wrong.error ?? '', new RegExp(`SASL ${name} authentication failed.*(Invalid username or password|invalid credentials)`));
      assert.ok(wrong.ms < timeouts.requestTimeoutMs + 1000, `took ${wrong.ms} ms`);
    });
  }

  it('says so when no password is stored for a SASL cluster', async () => {
    const result = await connect({ bootstrapServers: kafka.saslBootstrapServers, sasl: { mechanism: 'plain', username: 'alice' } });
    assert.match(result.error ?? '', /No password is stored for SASL user "alice"/);
  });

  it('connects over TLS when given the CA that signed the broker', async () => {
    const result = await connect({ bootstrapServers: kafka.tlsBootstrapServers, tls: { caFile: kafka.certificates!.caFile } });
    assert.equal(result.error, undefined);
    assert.equal(result.brokers, 1);
  });

  it('refuses a broker certificate it cannot verify, clearly and in time', async () => {
    const systemCas = await connect({ bootstrapServers: kafka.tlsBootstrapServers, tls: {} });
    assert.match(systemCas.error ?? '', /untrusted CA|cannot be verified|not trusted/);
    assert.ok(systemCas.ms < timeouts.requestTimeoutMs + 1000, `took ${systemCas.ms} ms`);
    const otherCa = await connect({ bootstrapServers: kafka.tlsBootstrapServers, tls: { caFile: kafka.certificates!.otherCaFile } });
    assert.match(otherCa.error ?? '', /untrusted CA|cannot be verified|not trusted/);
  });

  it('connects without verification only when explicitly told to', async () => {
    const result = await connect({ bootstrapServers: kafka.tlsBootstrapServers, tls: { insecureSkipVerify: true } });
    assert.equal(result.error, undefined);
  });

  it('explains a TLS client talking to a plaintext listener, and the reverse, within the timeout', async () => {
    const tlsToPlain = await connect({ bootstrapServers: kafka.bootstrapServers, tls: { caFile: kafka.certificates!.caFile } });
    assert.match(tlsToPlain.error ?? '', /TLS handshake failed|does not speak TLS/);
    assert.ok(tlsToPlain.ms < timeouts.requestTimeoutMs + 1000, `took ${tlsToPlain.ms} ms`);
    const plainToTls = await connect({ bootstrapServers: kafka.tlsBootstrapServers });
    assert.match(plainToTls.error ?? '', /closed the connection \(a TLS or SASL listener reached without TLS or SASL\?\)/);
    assert.ok(plainToTls.ms < timeouts.requestTimeoutMs + 1000, `took ${plainToTls.ms} ms`);
  });

  it('authenticates with a client certificate whose key is encrypted, and explains a wrong passphrase or a missing certificate', async () => {
    const certs = kafka.certificates!;
    const mtls = { caFile: certs.caFile, certFile: certs.clientCertFile, keyFile: certs.clientKeyFile };
    const ok = await connect({ bootstrapServers: kafka.mtlsBootstrapServers, tls: mtls }, { keyPassphrase: certs.clientKeyPassphrase });
    assert.equal(ok.error, undefined);
    assert.equal(ok.brokers, 1);
    const wrong = await connect({ bootstrapServers: kafka.mtlsBootstrapServers, tls: mtls }, { keyPassphrase: 'wrong' });
    assert.equal(
      wrong.error,
      `Cannot open the client key "${certs.clientKeyFile}": the stored passphrase is wrong. Use Edit Cluster to set it.`,
    );
    const missing = await connect({ bootstrapServers: kafka.mtlsBootstrapServers, tls: mtls });
    assert.match(missing.error ?? '', /it is encrypted and no passphrase is stored/);
    const none = await connect({ bootstrapServers: kafka.mtlsBootstrapServers, tls: { caFile: certs.caFile } });
    assert.match(none.error ?? '', /the broker refused the TLS client certificate \(none was given/);
    assert.ok(none.ms < timeouts.requestTimeoutMs + 1000, `took ${none.ms} ms`);
  });

  it('names a missing CA file', async () => {
    const result = await connect({ bootstrapServers: kafka.tlsBootstrapServers, tls: { caFile: '/nonexistent/ca.pem' } });
    assert.equal(result.error, 'Cannot read the CA file "/nonexistent/ca.pem": no such file.');
  });
});
