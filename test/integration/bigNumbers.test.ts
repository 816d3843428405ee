/**
 * 64-bit numbers across programs we did not write: what Python's json and msgpack write is
 * shown exactly by the tail, and what our produce sends (JSON compacted, msgpack) Python
 * reads back with the same values and types. kcat carries the bytes both ways.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deserialize } from '../../src/codecs/deserializers';
import { messagesFromPieces } from '../../src/codecs/messageInput';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { produceMessages } from '../../src/kafka/produce/produce';
import { TailMessage, TailSession } from '../../src/kafka/consume/tailSession';
import { exportRecordJson } from '../../src/features/tail/host/rows';
import { waitFor } from '../harness/processes';
import { testKafka } from '../support/kafkaFixture';
import { kcat } from '../support/kcat';
import { readMessages } from '../support/readMessages';
import { withTopic } from '../support/topics';
import { Recorder } from './tail.test';

/** Debian's python3 with python3-msgpack (scripts/install-system.sh), not a pyenv one. */
const PYTHON = '/usr/bin/python3';

function python(script: string, ...args: string[]): string {
  const run = spawnSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8' });
  assert.equal(run.status, 0, `python3: ${run.stderr}`);
  return run.stdout;
}

const PYTHON_WRITER = `
import json, msgpack, os, sys
order = {"id": 2**62 + 1, "ns": 1732600000123456789, "neg": -(2**63), "max": 2**64 - 1}
open(os.path.join(sys.argv[1], "py-json"), "wb").write(json.dumps(order).encode())
open(os.path.join(sys.argv[1], "py-msgpack"), "wb").write(msgpack.packb(order))
`;

const PYTHON_READER = `
import json, msgpack, sys
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    value = msgpack.unpackb(data) if path.endswith(".msgpack") else json.loads(data)
    print(repr(value), {k: type(v).__name__ for k, v in value.items()})
`;

describe('64-bit numbers between Python and the extension', function () {
  this.timeout(60000);
  const bootstrap = () => testKafka().bootstrapServers;
  let connection: ClusterConnection;
  let dir: string;

  before(() => {
    connection = new ClusterConnection(
      { name: 'numbers', bootstrapServers: bootstrap() },
      { connectionTimeoutMs: 3000, requestTimeoutMs: 20000 },
    );
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ke-numbers-'));
  });
  after(async () => {
    await connection?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const newTopic = (prefix: string) => withTopic(bootstrap(), prefix);

  async function tail(topic: string, count: number): Promise<TailMessage[]> {
    const recorder = new Recorder();
    const session = new TailSession(connection, { topics: [topic], start: { kind: 'earliest' }, group: { kind: 'ephemeral' } }, recorder);
    try {
      await session.start();
      await waitFor(`${count} messages`, async () => (recorder.messages.length >= count ? true : undefined), { timeoutMs: 30000 });
    } finally {
      await session.stop();
    }
    return recorder.messages;
  }

  it("shows Python's json and msgpack with 2^62-sized ids exactly: row, detail and export", async () => {
    python(PYTHON_WRITER, dir);
    const topic = await newTopic('it-py-numbers');
    for (const name of ['py-json', 'py-msgpack']) {
      kcat(['-P', '-b', bootstrap()[0], '-t', topic, '-k', name, path.join(dir, name)]);
    }
    const byKey = new Map((await tail(topic, 2)).map((m) => [String(m.key), m]));
    const json = byKey.get('py-json')!;
    const written = '{"id": 4611686018427387905, "ns": 1732600000123456789, "neg": -9223372036854775808, "max": 18446744073709551615}';
    assert.equal(deserialize('auto', json.value, true).text, written, 'the row: as Python wrote it');
    assert.equal(
      deserialize('auto', json.value).pretty,
      '{\n  "id": 4611686018427387905,\n  "ns": 1732600000123456789,\n  "neg": -9223372036854775808,\n  "max": 18446744073709551615\n}',
    );
    const packed = byKey.get('py-msgpack')!;
    const compact = '{"id":4611686018427387905,"ns":1732600000123456789,"neg":-9223372036854775808,"max":18446744073709551615}';
    assert.equal(deserialize('auto', packed.value).text, compact, 'msgpack integers exact');
    const decoders = { keyDeserializer: 'auto', valueDeserializer: 'auto', headerFormat: 'text' } as const;
    for (const message of [json, packed]) {
      assert.ok(exportRecordJson(message, decoders).endsWith(`"value":${compact}}`), 'the export holds the same digits');
    }
  });

  it('sends JSON and msgpack that Python reads with the same values and types', async () => {
    const text =
      '{"id": 4611686018427387905, "price": 1.10, "ratio": 1.0, "neg": -9223372036854775808, "max": 18446744073709551615, "small": 7}';
    const topic = await newTopic('it-numbers-to-py');
    for (const value of ['json-compact', 'msgpack'] as const) {
      const input = messagesFromPieces([{ text, start: { line: 1, column: 1 } }], value, {}, { key: 'string', value });
      assert.ok(input.ok);
      const report = await produceMessages(await connection.recordWriter(3), topic, 1, input.messages, { compression: 'zstd' });
      assert.equal(report.failed.length, 0, report.error);
    }
    // kcat carries the bytes exactly (binary msgpack included) into files Python reads.
    const files = (await readMessages(bootstrap(), topic, 2)).map((m) => {
      const file = path.join(dir, `ours.${String(m.key) === 'msgpack' ? 'msgpack' : 'json'}`);
      fs.writeFileSync(file, m.value);
      return file;
    });
    assert.equal(files.length, 2);
    const expected =
      "{'id': 4611686018427387905, 'price': 1.1, 'ratio': 1.0, 'neg': -9223372036854775808, 'max': 18446744073709551615, 'small': 7} " +
      "{'id': 'int', 'price': 'float', 'ratio': 'float', 'neg': 'int', 'max': 'int', 'small': 'int'}";
    assert.deepEqual(
      python(PYTHON_READER, ...files)
        .trimEnd()
        .split('\n'),
      [expected, expected],
    );
  });
});
