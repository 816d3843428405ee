/**
 * Each deserializer on bytes other programs wrote: Python's msgpack (what kafka-python
 * users pass as value_serializer) and struct (the layout of Java's Integer/Long/Double
 * serializers), msgpackr, plain UTF-8 and invalid UTF-8, all produced by kcat and read
 * back through a tail session from the real broker.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pack } from 'msgpackr';
import { deserialize, DeserializerId } from '../../src/codecs/deserializers';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { TailMessage, TailSession } from '../../src/kafka/consume/tailSession';
import { waitFor } from '../harness/processes';
import { kcat } from '../support/kcat';
import { testKafka } from '../support/kafkaFixture';
import { withTopic } from '../support/topics';
import { Recorder } from './tail.test';

/** Debian's python3 with python3-msgpack (scripts/install-system.sh), not a pyenv one. */
const PYTHON = '/usr/bin/python3';

/** Python's order as the panel shows it: 2**63 - 1 in full, not rounded and not quoted. */
const ORDER =
  '{"order":2,"price":9.5,"big":1099511627776,"huge":9223372036854775807,"neg":-7,"ok":true,"none":null,"tags":["x","y"],"nested":{"k":[1,2]}}';

const PYTHON_WRITER = `
import msgpack, struct, sys, os
out = sys.argv[1]
def write(name, data):
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)
order = {"order": 2, "price": 9.5, "big": 2**40, "huge": 2**63 - 1, "neg": -7, "ok": True, "none": None, "tags": ["x", "y"], "nested": {"k": [1, 2]}}
write("py-msgpack", msgpack.packb(order, use_bin_type=True))
write("py-int32", struct.pack(">i", -42))
write("py-int64", struct.pack(">q", 2**53 + 1))
write("py-float64", struct.pack(">d", 3.25))
write("text", "héllo wörld".encode("utf-8"))
write("invalid-utf8", b"\\xff\\xfe\\x00abc")
write("json", b'{"order": 1, "tags": ["a"]}')
`;

describe('deserializers on what other programs wrote', function () {
  this.timeout(60000);
  const messages = new Map<string, TailMessage>();

  before(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ke-decode-'));
    const python = spawnSync(PYTHON, ['-c', PYTHON_WRITER, dir], { encoding: 'utf8' });
    assert.equal(python.status, 0, `python3 with msgpack: ${python.stderr}`);
    fs.writeFileSync(path.join(dir, 'msgpackr'), pack({ order: 3, tags: ['z'] }));

    const { bootstrapServers } = testKafka();
    const topic = await withTopic(bootstrapServers, 'decode');
    const names = fs.readdirSync(dir);
    for (const name of names) {
      // kcat sends a file named on its command line as one message, byte for byte.
      kcat(['-P', '-b', bootstrapServers[0], '-t', topic, '-p', '0', '-k', name, path.join(dir, name)]);
    }
    fs.rmSync(dir, { recursive: true });

    const connection = new ClusterConnection({ name: 'decode', bootstrapServers }, { connectionTimeoutMs: 3000, requestTimeoutMs: 20000 });
    const recorder = new Recorder();
    const session = new TailSession(connection, { topics: [topic], start: { kind: 'earliest' }, group: { kind: 'ephemeral' } }, recorder);
    try {
      await session.start();
      await waitFor('every file', async () => (recorder.messages.length >= names.length ? true : undefined), { timeoutMs: 30000 });
    } finally {
      await session.stop();
      await connection.close();
    }
    recorder.messages.forEach((m) => messages.set(String(m.key), m));
  });

  const decode = (name: string, id: DeserializerId) => deserialize(id, messages.get(name)?.value ?? null);

  it('decodes Python msgpack into the original object, 64-bit integers exact', () => {
    for (const id of ['msgpack', 'auto'] as const) {
      const decoded = decode('py-msgpack', id);
      assert.equal(decoded.format, 'msgpack', id);
      assert.equal(decoded.text, ORDER, id);
    }
  });

  it('decodes msgpackr msgpack, JSON and UTF-8 text, detecting each', () => {
    assert.deepEqual(
      [decode('msgpackr', 'auto').format, JSON.parse(decode('msgpackr', 'msgpack').text)],
      ['msgpack', { order: 3, tags: ['z'] }],
    );
    assert.deepEqual([decode('json', 'auto').format, JSON.parse(decode('json', 'json').text)], ['json', { order: 1, tags: ['a'] }]);
    assert.deepEqual([decode('text', 'auto').format, decode('text', 'string').text], ['string', 'héllo wörld']);
  });

  it('reads big-endian numbers as Java serializers write them', () => {
    assert.equal(decode('py-int32', 'int32').text, '-42');
    assert.equal(decode('py-int64', 'int64').text, '9007199254740993');
    assert.equal(decode('py-float64', 'float64').text, '3.25');
    assert.match(decode('py-int32', 'int64').error ?? '', /needs exactly 8 bytes/);
  });

  it('shows bytes that are no text as hex or base64, and says why a chosen decoder failed', () => {
    assert.deepEqual([decode('invalid-utf8', 'auto').format, decode('invalid-utf8', 'auto').text], ['hex', 'fffe00616263']);
    assert.equal(decode('invalid-utf8', 'base64').text, '//4AYWJj');
    assert.deepEqual(
      [decode('py-int32', 'hex').format, decode('py-int32', 'hex').text],
      ['hex', 'ffffffd6'],
      'hex on request, even for bytes auto would read otherwise',
    );
    assert.match(decode('invalid-utf8', 'string').error ?? '', /not UTF-8/);
    assert.match(decode('text', 'msgpack').error ?? '', /not msgpack/);
  });
});
