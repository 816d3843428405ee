import * as assert from 'node:assert/strict';
import { unpack } from 'msgpackr';
import { messagesFromJsonArray, messagesFromLines, messagesFromPieces, parseHeaders } from '../../src/codecs/messageInput';
import { murmur2, partitionForKey, toPositive } from '../../src/kafka/produce/murmur2';
import { serialize } from '../../src/codecs/serializers';
import { assignPartitions } from '../../src/kafka/produce/produce';

const at = (line: number, column: number) => ({ line, column });

describe('serializers', () => {
  it('encodes each format', () => {
    assert.equal(serialize('string', 'héllo').toString('utf8'), 'héllo');
    assert.equal(serialize('json', '{ "a": 1 }').toString(), '{ "a": 1 }');
    assert.equal(serialize('json-compact', '{ "a": 1 }').toString(), '{"a":1}');
    assert.deepEqual(unpack(serialize('msgpack', '{"a":[1,"x",true,null]}')), { a: [1, 'x', true, null] });
    assert.deepEqual([...serialize('base64', 'AAEC/w==')], [0, 1, 2, 255]);
    assert.deepEqual([...serialize('hex', 'de ad BE EF')], [0xde, 0xad, 0xbe, 0xef]);
  });

  it('says where invalid input is', () => {
    assert.throws(
      () => serialize('json', '{\n  "a": 1,\n  "b": }'),
      (e: Error & { position: unknown }) => {
        assert.match(e.message, /^invalid JSON/);
        assert.deepEqual(e.position, at(3, 8));
        return true;
      },
    );
    assert.throws(() => serialize('hex', 'abc'), /odd number of digits/);
    assert.throws(
      () => serialize('hex', 'ab\nzz'),
      (e: Error & { position: unknown }) => {
        assert.deepEqual(e.position, at(2, 1));
        return true;
      },
    );
    assert.throws(() => serialize('base64', 'AA*A'), /unexpected "\*"/);
  });
});

describe('editor text to messages', () => {
  const serializers = { key: 'string' as const, value: 'json' as const };

  it('makes one message per non-empty line, key<TAB>value, and keyless lines', () => {
    const result = messagesFromLines({ text: 'alice\t{"n":1}\n\n{"n":2}\nbob\t{"n":3}\n', start: at(5, 1) }, '\t', serializers);
    assert.ok(result.ok);
    assert.deepEqual(
      result.messages.map((m) => [m.key?.toString() ?? null, m.value.toString(), m.source.line]),
      [
        ['alice', '{"n":1}', 5],
        [null, '{"n":2}', 7],
        ['bob', '{"n":3}', 8],
      ],
    );
  });

  it('reports every bad line with its document position, and produces nothing', () => {
    const result = messagesFromLines({ text: 'a\t{"n":1}\nb\t{"n":}\nc\tnope', start: at(10, 5) }, '\t', serializers);
    assert.equal(result.ok, false);
    assert.deepEqual(
      (result as { problems: Array<{ position: unknown }> }).problems.map((p) => p.position),
      [at(11, 8), at(12, 3)],
    );
  });

  it('reads a JSON array of values or of message objects, with item positions', () => {
    const text =
      '[\n  {"id": 1},\n  {"key": "k", "value": {"id": 2}, "headers": {"h": "v"}, "partition": 1, "timestamp": 1700000000000},\n  "plain"\n]';
    const result = messagesFromJsonArray({ text, start: at(1, 1) }, serializers);
    assert.ok(result.ok);
    assert.deepEqual(
      result.messages.map((m) => [m.key?.toString() ?? null, m.value.toString(), m.headers, m.partition, m.timestamp, m.source]),
      [
        [null, '{"id": 1}', {}, undefined, undefined, at(2, 3)],
        ['k', '{"id": 2}', { h: 'v' }, 1, '1700000000000', at(3, 3)],
        [null, '"plain"', {}, undefined, undefined, at(4, 3)],
      ],
    );
    const tricky = messagesFromJsonArray({ text: '[1, "a,]", {"b": [2, 3]}, [4]]', start: at(1, 1) }, serializers);
    assert.ok(tricky.ok);
    assert.deepEqual(
      tricky.messages.map((m) => m.source.column),
      [2, 5, 12, 27],
      'item positions past strings and nesting',
    );
  });

  it('refuses bad items and a non-array, naming the item', () => {
    const bad = messagesFromJsonArray({ text: '[{"value": 1, "partition": -1}]', start: at(1, 1) }, serializers);
    assert.match((bad as { problems: Array<{ message: string }> }).problems[0].message, /item 1: "partition" must be a whole number/);
    const notArray = messagesFromJsonArray({ text: '{"a": 1}', start: at(1, 1) }, serializers);
    assert.match((notArray as { problems: Array<{ message: string }> }).problems[0].message, /expected a JSON array/);
  });

  it('makes one message per selection, with the key and headers given', () => {
    const result = messagesFromPieces(
      [
        { text: '{"a":1}', start: at(1, 1) },
        { text: '{"b":2}', start: at(3, 1) },
      ],
      'k1',
      parseHeaders('trace: abc, source: editor'),
      serializers,
    );
    assert.ok(result.ok);
    assert.deepEqual(
      result.messages.map((m) => [m.key?.toString(), m.headers]),
      [
        ['k1', { trace: 'abc', source: 'editor' }],
        ['k1', { trace: 'abc', source: 'editor' }],
      ],
    );
    assert.throws(() => parseHeaders('no colon'), /is not a header/);
  });
});

describe('keyed partitioning', () => {
  it("matches the Java client's murmur2 test vectors", () => {
    // From Kafka's UtilsTest.testMurmur2.
    const vectors: Array<[string, number]> = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [text, hash] of vectors) {
      assert.equal(murmur2(Buffer.from(text)), hash, text);
    }
    assert.equal(toPositive(-1), 0x7fffffff);
    assert.equal(partitionForKey(Buffer.from('21'), 6), toPositive(-973932308) % 6);
  });

  it('assigns explicit partitions, hashed keys, and round-robin for keyless messages', () => {
    const key = Buffer.from('foobar');
    assert.deepEqual(
      assignPartitions(
        [
          { key: null, value: Buffer.alloc(0) },
          { key, value: Buffer.alloc(0) },
          { key: null, value: Buffer.alloc(0), partition: 5 },
          { key: null, value: Buffer.alloc(0) },
        ],
        6,
      ),
      [0, partitionForKey(key, 6), 5, 1],
    );
  });
});
