/**
 * A network that stops answering, through a TCP proxy that black-holes connections (accepts
 * them and never answers): every operation ends with a clear error within its timeout, and the
 * same client works again once the proxy passes traffic. Figures in docs/reliability.md.
 */
import * as assert from 'node:assert/strict';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { describeKafkaError } from '../../src/kafka/errors';
import { SchemaRegistryClient } from '../../src/registry/client';
import { startTcpProxy, TcpProxy } from '../harness/tcpProxy';
import { testKafka } from '../support/kafkaFixture';
import { testRegistryUrl } from '../support/registryFixture';

/** How long `operation` took to settle, and its error's text (undefined when it worked). */
async function timed(operation: () => Promise<unknown>): Promise<{ ms: number; error?: string }> {
  const started = Date.now();
  try {
    await operation();
    return { ms: Date.now() - started };
  } catch (error) {
    return { ms: Date.now() - started, error: describeKafkaError(error) };
  }
}

describe('a network that stops answering', function () {
  this.timeout(120000);
  let proxy: TcpProxy | undefined;
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  it('the Schema Registry: an error within the timeout, then the same client works again', async () => {
    const registry = new URL(await testRegistryUrl());
    proxy = await startTcpProxy({ host: registry.hostname, port: Number(registry.port) }, 'blackhole');
    const throughProxy = new URL(registry);
    throughProxy.host = proxy.address;
    const client = new SchemaRegistryClient({ url: throughProxy.toString().replace(/\/$/, ''), timeoutMs: 2000 });
    const silent = await timed(() => client.subjects());
    assert.match(
      silent.error ?? '',
      /^Could not list its subjects: the Schema Registry at http:\/\/127\.0\.0\.1:\d+\S* did not answer within 2 s\.$/,
    );
    assert.ok(silent.ms >= 2000 && silent.ms < 4000, `settled after ${silent.ms} ms`);
    proxy.mode = 'pass';
    const back = await timed(() => client.subjects());
    assert.equal(back.error, undefined);
    console.log(`      registry: silent ${silent.ms} ms to its error (timeout 2000 ms), back in ${back.ms} ms`);
  });

  it('a Kafka bootstrap server: an error within the timeouts, then the same connection works again', async () => {
    const [host, port] = testKafka().bootstrapServers[0].split(':');
    proxy = await startTcpProxy({ host, port: Number(port) }, 'blackhole');
    const connection = new ClusterConnection(
      { name: 'silent', bootstrapServers: [proxy.address] },
      { connectionTimeoutMs: 1500, requestTimeoutMs: 3000 },
    );
    try {
      const silent = await timed(() => connection.query('list topics', ({ admin }) => admin.listTopics()));
      assert.ok(silent.error, 'a silent bootstrap server is an error');
      assert.match(silent.error, /^Cluster "silent" \(127\.0\.0\.1:\d+\) did not answer within 3 s\.$/);
      assert.ok(silent.ms >= 3000 && silent.ms < 5000, `settled after ${silent.ms} ms`);
      proxy.mode = 'pass';
      const back = await timed(() => connection.query('list topics', ({ admin }) => admin.listTopics()));
      assert.equal(back.error, undefined, 'the same connection works once the network answers');
      console.log(`      kafka: silent ${silent.ms} ms to "${silent.error}", back in ${back.ms} ms`);
    } finally {
      await connection.close();
    }
  });
});
