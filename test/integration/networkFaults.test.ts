/**
 * A network that stops answering, through a TCP proxy that black-holes connections (accepts
 * them and never answers): every operation ends with a clear error within its timeout, and the
 * same client works again once the proxy passes traffic; and a Schema Registry that stops in the
 * middle of a tail (the proxy stops listening). Figures in docs/reliability.md.
 */
import * as assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { deserialize } from '../../src/codecs/deserializers';
import { compileAvro } from '../../src/codecs/schemas/avro';
import { writeWireValue } from '../../src/codecs/schemas/wireFormat';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { TailSession } from '../../src/kafka/consume/tailSession';
import { describeKafkaError } from '../../src/kafka/errors';
import { SchemaRegistryClient } from '../../src/registry/client';
import { SchemaCache } from '../../src/registry/schemaCache';
import { waitFor } from '../harness/processes';
import { startTcpProxy, TcpProxy } from '../harness/tcpProxy';
import { testKafka } from '../support/kafkaFixture';
import { connectTestProducer } from '../support/producers';
import { testRegistryUrl } from '../support/registryFixture';
import { withTopic } from '../support/topics';
import { Recorder } from './tail.test';

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

  it('the Schema Registry stopped mid-tail: its rows say so, the tail reads on, and they decode once it is back', async () => {
    const registry = new URL(await testRegistryUrl());
    proxy = await startTcpProxy({ host: registry.hostname, port: Number(registry.port) }, 'pass');
    const throughProxy = new URL(registry);
    throughProxy.host = proxy.address;
    // The cache's clock, so that "asked again after 10 s" needs no 10 s wait.
    let now = Date.now();
    const cache = new SchemaCache(
      new SchemaRegistryClient({ url: throughProxy.toString().replace(/\/$/, ''), timeoutMs: 2000 }),
      () => now,
    );

    const { bootstrapServers } = testKafka();
    const topic = await withTopic(bootstrapServers, 'registry-stops');
    const direct = new SchemaRegistryClient({ url: registry.toString().replace(/\/$/, ''), timeoutMs: 5000 });
    const v1 = JSON.stringify({ type: 'record', name: 'Payment', fields: [{ name: 'id', type: 'long' }] });
    const v2 = JSON.stringify({
      type: 'record',
      name: 'Payment',
      fields: [
        { name: 'id', type: 'long' },
        { name: 'note', type: 'string', default: '' },
      ],
    });
    const first = await direct.register(`${topic}-value`, 'AVRO', v1);
    const second = await direct.register(`${topic}-value`, 'AVRO', v2);
    const avro = (id: number, schema: string, json: string) => writeWireValue(id, compileAvro(schema, new Map()).encode(json));

    const producer = await connectTestProducer(new Kafka({ brokers: bootstrapServers, logLevel: logLevel.NOTHING }));
    const connection = new ClusterConnection(
      { name: 'registry-stops', bootstrapServers },
      { connectionTimeoutMs: 3000, requestTimeoutMs: 20000 },
    );
    const recorder = new Recorder();
    const session = new TailSession(connection, { topics: [topic], start: { kind: 'earliest' }, group: { kind: 'ephemeral' } }, recorder);
    /** Sends a value and shows its row as the panel does: the ids it names fetched first, then decoded. */
    const sendAndShow = async (value: Buffer) => {
      // Counted before the send: the tail may have the message before send() returns.
      const count = recorder.messages.length + 1;
      await producer.send({ topic, messages: [{ value }] });
      await waitFor(`message ${count}`, async () => (recorder.messages.length >= count ? true : undefined), { timeoutMs: 30000 });
      const started = Date.now();
      await cache.prefetch(recorder.messages.slice(count - 1));
      return { shown: deserialize('schema-registry', recorder.messages[count - 1].value, true, cache), ms: Date.now() - started };
    };
    try {
      await session.start();
      assert.equal((await sendAndShow(avro(first, v1, '{"id": 1}'))).shown.text, '{"id":1}');

      await proxy.refuse();
      const stopped = await sendAndShow(avro(second, v2, '{"id": 2, "note": "n"}'));
      assert.match(stopped.shown.error ?? '', new RegExp(`^schema ${second}: .*refused the connection`));
      assert.ok(stopped.ms < 3000, `the row said so after ${stopped.ms} ms`);
      // A schema fetched before the outage still decodes: the tail reads on.
      assert.equal((await sendAndShow(avro(first, v1, '{"id": 3}'))).shown.text, '{"id":3}');

      await proxy.listenAgain();
      now += 10_000;
      const back = await sendAndShow(avro(second, v2, '{"id": 4, "note": "m"}'));
      assert.equal(back.shown.text, '{"id":4,"note":"m"}');
      // The row shown during the outage decodes too, once drawn again.
      assert.equal(deserialize('schema-registry', recorder.messages[1].value, true, cache).text, '{"id":2,"note":"n"}');
      assert.deepEqual(
        recorder.messages.map((m) => m.offset),
        ['0', '1', '2', '3'],
        'every message once, in order',
      );
      console.log(`      registry stopped mid-tail: the row said so after ${stopped.ms} ms; back in ${back.ms} ms`);
    } finally {
      await session.stop();
      await producer.disconnect();
      await connection.close();
    }
  });
});
