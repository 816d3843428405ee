import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DESERIALIZERS, HEADER_FORMATS } from '../../src/codecs/deserializerIds';
import { COMPRESSION_DESCRIPTIONS, COMPRESSIONS } from '../../src/codecs/compression/codecs';
import { SERIALIZERS } from '../../src/codecs/serializers';
import { repoRoot } from '../harness/paths';

/** The settings' choices in package.json and the code's lists must not drift apart. */
describe('the manifest settings', () => {
  const properties = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).contributes.configuration.properties as Record<
    string,
    { enum?: string[]; enumDescriptions?: string[]; default?: unknown }
  >;
  const choices = (name: string) => {
    const setting = properties[`kafkaExplorer.${name}`];
    assert.ok(setting, `kafkaExplorer.${name} is contributed`);
    assert.equal(setting.enumDescriptions?.length, setting.enum?.length, `every choice of ${name} is described`);
    assert.ok(setting.enum?.includes(setting.default as string), `the default of ${name} is a choice`);
    return setting.enum;
  };

  it('offers exactly the deserializers and header formats the tail panel knows', () => {
    assert.deepEqual(choices('tail.keyDeserializer'), [...DESERIALIZERS]);
    assert.deepEqual(choices('tail.valueDeserializer'), [...DESERIALIZERS]);
    assert.deepEqual(choices('tail.headerFormat'), [...HEADER_FORMATS]);
    assert.deepEqual(choices('tail.startAt'), ['latest', 'earliest']);
  });

  it('offers exactly the serializers producing knows', () => {
    assert.deepEqual(choices('produce.keySerializer'), [...SERIALIZERS]);
    assert.deepEqual(choices('produce.valueSerializer'), [...SERIALIZERS]);
    assert.deepEqual(choices('produce.compression'), [...COMPRESSIONS]);
    assert.deepEqual(properties['kafkaExplorer.produce.compression'].enumDescriptions, COMPRESSIONS.map((c) => COMPRESSION_DESCRIPTIONS[c]), 'the pick and the setting describe the codecs alike');
  });
});
