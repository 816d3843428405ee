import * as assert from 'node:assert/strict';
import { pack } from 'msgpackr';
import { deserialize } from '../../src/codecs/deserializers';

describe('deserializers', () => {
  const bytes = (text: string) => Buffer.from(text, 'utf8');

  it('auto-detects JSON, then msgpack, then UTF-8 text, else hex', () => {
    assert.deepEqual(deserialize('auto', bytes('{"a": [1, 2]}')), {
      format: 'json',
      text: '{"a":[1,2]}',
      pretty: '{\n  "a": [\n    1,\n    2\n  ]\n}',
    });
    const packed = deserialize('auto', pack({ sensor: 's1', t: 21.5 }));
    assert.equal(packed.format, 'msgpack');
    assert.equal(packed.text, '{"sensor":"s1","t":21.5}');
    assert.deepEqual(deserialize('auto', bytes('INFO request served')), { format: 'string', text: 'INFO request served' });
    assert.deepEqual(deserialize('auto', Buffer.from([0xff, 0xfe, 0x00, 0x01])), { format: 'hex', text: 'fffe0001' });
    assert.deepEqual(deserialize('auto', bytes('{not json')), { format: 'string', text: '{not json' });
    assert.deepEqual(deserialize('auto', null), { format: 'null', text: 'null' });
  });

  it('keeps JSON as it came, on one line, for table rows', () => {
    assert.deepEqual(deserialize('auto', bytes('{ "a": 1,\n  "b": [2] }\n'), true), { format: 'json', text: '{ "a": 1, "b": [2] }' });
    assert.deepEqual(deserialize('json', bytes('[1,\n2]'), true), { format: 'json', text: '[1, 2]' });
  });

  it("keeps hostile text as text: rendering it safely is the panel's job", () => {
    const hostile = '<img src=x onerror=alert(1)></script>';
    assert.deepEqual(deserialize('auto', bytes(hostile)), { format: 'string', text: hostile });
  });

  it("decodes Java serializers' big-endian numbers", () => {
    const int32 = Buffer.alloc(4);
    int32.writeInt32BE(-123456);
    const int64 = Buffer.alloc(8);
    int64.writeBigInt64BE(9007199254740993n);
    const float64 = Buffer.alloc(8);
    float64.writeDoubleBE(3.25);
    assert.equal(deserialize('int32', int32).text, '-123456');
    assert.equal(deserialize('int64', int64).text, '9007199254740993');
    assert.equal(deserialize('float64', float64).text, '3.25');
    assert.match(deserialize('int32', int64).error ?? '', /needs exactly 4 bytes, this value has 8/);
  });

  it('says why a chosen deserializer failed, and shows hex instead', () => {
    const notJson = deserialize('json', bytes('plain'));
    assert.equal(notJson.format, 'hex');
    assert.equal(notJson.text, '706c61696e');
    assert.match(notJson.error ?? '', /^not JSON/);
    assert.match(deserialize('string', Buffer.from([0xc3, 0x28])).error ?? '', /not UTF-8: invalid byte sequence/);
    assert.equal(deserialize('base64', Buffer.from([0, 1, 2])).text, 'AAEC');
  });
});
