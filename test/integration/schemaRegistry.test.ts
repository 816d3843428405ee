/**
 * The Schema Registry client against a real registry (Apicurio from Maven Central, its
 * Confluent-compatible API): register, list, read back by id; and the errors a user meets:
 * an unknown id, a registry that is not running, a URL that is not one.
 */
import * as assert from 'node:assert/strict';
import { RegistryError, SchemaRegistryClient } from '../../src/registry/client';
import { freePort } from '../harness/ports';
import { testRegistryUrl } from '../support/registryFixture';
import { uniqueName } from '../support/names';

const ORDER_AVRO = JSON.stringify({
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
  ],
});
const ORDER_JSON_SCHEMA = JSON.stringify({ type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] });

describe('a Schema Registry (Apicurio, Confluent-compatible API)', function () {
  this.timeout(120000);
  let client: SchemaRegistryClient;

  before(async () => {
    client = new SchemaRegistryClient({ url: await testRegistryUrl(), timeoutMs: 5000 });
  });

  it('registers Avro and JSON schemas, lists their subjects and versions, and reads each back by id', async () => {
    const subject = `${uniqueName('orders')}-value`;
    const avroId = await client.register(subject, 'AVRO', ORDER_AVRO);
    assert.equal(await client.register(subject, 'AVRO', ORDER_AVRO), avroId, 'the same schema again is the same id');
    const jsonSubject = `${uniqueName('events')}-value`;
    const jsonId = await client.register(jsonSubject, 'JSON', ORDER_JSON_SCHEMA);
    assert.notEqual(jsonId, avroId);
    const subjects = await client.subjects();
    assert.ok(subjects.includes(subject) && subjects.includes(jsonSubject), subjects.join(', '));
    assert.deepEqual(await client.versions(subject), [1]);
    const avro = await client.schemaById(avroId);
    assert.deepEqual([avro.schemaType, JSON.parse(avro.schema)], ['AVRO', JSON.parse(ORDER_AVRO)]);
    const json = await client.schemaById(jsonId);
    assert.deepEqual([json.schemaType, JSON.parse(json.schema)], ['JSON', JSON.parse(ORDER_JSON_SCHEMA)]);
  });

  it('says what went wrong: an unknown schema id, a registry that is not running, a URL that is not one', async () => {
    await assert.rejects(
      client.schemaById(987654),
      (error: unknown) =>
        error instanceof RegistryError && error.status === 404 && /Could not read schema 987654: .* answered 404/.test(error.message),
    );
    const started = Date.now();
    const down = new SchemaRegistryClient({ url: `http://127.0.0.1:${await freePort()}`, timeoutMs: 3000 });
    await assert.rejects(down.subjects(), /refused the connection/);
    assert.ok(Date.now() - started < 3000, 'a refused connection is reported at once, not after the timeout');
    assert.throws(() => new SchemaRegistryClient({ url: 'localhost:8081', timeoutMs: 1000 }), /starts with http:\/\/ or https:\/\//);
  });
});
