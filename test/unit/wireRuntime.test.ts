import * as assert from 'node:assert/strict';
import { isDefault, uuidFromBytes, uuidToBytes, WireError, ZERO_UUID } from '../../src/kafka/wire/common';
import { decodeResponseFrame, encodeRequestFrame } from '../../src/kafka/wire/frame';
import { API_VERSIONS } from '../../src/kafka/wire/generated/apiVersions';
import { FIND_COORDINATOR } from '../../src/kafka/wire/generated/findCoordinator';
import { Reader } from '../../src/kafka/wire/reader';
import { commonVersion, requireCommonVersion, UnsupportedVersionError } from '../../src/kafka/wire/versions';
import { Writer } from '../../src/kafka/wire/writer';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const reader = (text: string) => new Reader(hex(text), 'TestResponse v1');

describe('wire reader: bounds-checked', () => {
  it('refuses a truncated integer and says which field, where, and how much was left', () => {
    assert.throws(() => reader('000000').int32('throttleTimeMs'), {
      name: 'WireError',
      message: 'TestResponse v1: throttleTimeMs: truncated: needs 4 bytes at byte 0, 3 left',
    });
  });

  it('names the path through arrays and structs', () => {
    // 2 groups: the second one's topic name length runs past the end.
    const r = reader('03 0261 05 62');
    assert.throws(
      () => r.array('groups', true, 1, (g) => g.struct('member', (m) => m.string('name', true))),
      (error: Error) =>
        error instanceof WireError && /groups\[1\]\.member\.name: truncated: needs 4 bytes at byte 4, 1 left/.test(error.message),
    );
  });

  it('refuses a count larger than the bytes left before allocating anything', () => {
    // A compact count of 4294967294 entries in a 6-byte frame.
    assert.throws(() => reader('ffffffff0f 00').array('topics', true, 1, (r) => r.int8()), /topics: truncated: 4294967294 entries/);
    // A classic count of 2^31-1 entries.
    assert.throws(() => reader('7fffffff').array('topics', false, 1, (r) => r.int8()), /2147483647 entries of at least 1 bytes/);
    // 3 entries of at least 8 bytes need 24 bytes; 20 are left.
    assert.throws(
      () => reader('04' + '00'.repeat(20)).array('offsets', true, 8, (r) => r.int64()),
      /3 entries of at least 8 bytes each at byte 1, 20 bytes left/,
    );
    // Elements said to take 0 bytes still take 1: a count is never trusted beyond the frame.
    assert.throws(() => reader('0a 00').array('empty', true, 0, () => ({})), /9 entries of at least 1 bytes/);
  });

  it('refuses a huge string or bytes length without reading or allocating it', () => {
    assert.throws(() => reader('7fff 61').string('name', false), /name: truncated: needs 32767 bytes at byte 2, 1 left/);
    assert.throws(() => reader('7fffffff 00').bytes('records', false), /records: truncated: needs 2147483647 bytes/);
    assert.throws(() => reader('ffffffff0f').nullableBytes('records', true), /needs 4294967294 bytes/);
    assert.throws(() => reader('fffe').string('name', false), /name: a negative length -2/);
  });

  it('refuses varints longer than 5 bytes or wider than 32 bits', () => {
    assert.throws(() => reader('ffffffffff01').uvarint('count'), /count: an unsigned varint longer than 5 bytes/);
    assert.throws(() => reader('ffffffff7f').uvarint('count'), /larger than 32 bits/);
    assert.equal(reader('ffffffff0f').uvarint(), 0xffffffff);
  });

  it('reads nulls only where the version allows them', () => {
    assert.equal(reader('ffff').nullableString('rack', false), null);
    assert.equal(reader('00').nullableString('rack', true), null);
    assert.throws(() => reader('ffff').string('host', false), /host: null, but the field is not nullable in this version/);
    assert.equal(
      reader('ffffffff').nullableArray('topics', false, 1, (r) => r.int8()),
      null,
    );
    assert.throws(() => reader('00').array('topics', true, 1, (r) => r.int8()), /topics: null/);
    assert.equal(
      reader('ff').nullableStruct('leader', (r) => r.int32()),
      null,
    );
  });

  it('skips unknown tagged fields by their size and reads known ones within theirs', () => {
    // 3 tagged fields: tag 0 (int32 7), tag 5 (3 unknown bytes), tag 9 (empty, unknown); then an int8.
    const r = reader('03 00 04 00000007 05 03 aabbcc 09 00 2a');
    let known: number | undefined;
    r.taggedFields((tag) => {
      if (tag === 0) {
        known = r.int32('leaderEpoch');
        return true;
      }
      return false;
    });
    assert.equal(known, 7);
    assert.equal(r.int8('after'), 42);
    r.end();
  });

  it('refuses a known tagged field that does not fill its size, or one that runs past it', () => {
    const short = reader('01 00 05 00000007 ff');
    assert.throws(() => short.taggedFields(() => (short.int32('x'), true)), /\(tag 0\): 1 of its 5 bytes not read/);
    const long = reader('01 00 02 00000007');
    assert.throws(() => long.taggedFields(() => (long.int32('x'), true)), /x: truncated: needs 4 bytes at byte 3, 2 left/);
    assert.throws(() => reader('01 07 09 00').taggedFields(() => false), /\(tag 7\): truncated: needs 9 bytes/);
  });

  it('refuses bytes after the last field', () => {
    const r = reader('00000001 00');
    r.int32();
    assert.throws(() => r.end(), /1 bytes left after the last field/);
  });

  it('reads int64 exactly, uuids as Kafka prints them, and copies bytes out of the frame', () => {
    const frame = hex('7fffffffffffffff 00000000000000000000000000000001 02 ab');
    const r = new Reader(frame, 'T');
    assert.equal(r.int64(), 9223372036854775807n);
    assert.equal(r.uuid(), 'AAAAAAAAAAAAAAAAAAAAAQ');
    const bytes = r.bytes('b', true);
    frame[frame.length - 1] = 0;
    assert.deepEqual(bytes, hex('ab'));
  });
});

describe('wire writer', () => {
  it('writes classic and compact forms, and grows past its first buffer', () => {
    const w = new Writer('T', 4);
    w.string('a', 'ü', false, false);
    w.string('b', 'ü', false, true);
    w.string('c', null, true, false);
    w.string('d', null, true, true);
    w.array('e', [1, 2], false, true, (x, n) => x.int32(undefined, n));
    w.array('f', null, true, false, (x, n: number) => x.int32(undefined, n));
    w.bytes('g', Buffer.from('xyz'), false, false);
    w.int64('h', -2n);
    w.uuid('i', 'AAAAAAAAAAAAAAAAAAAAAQ');
    assert.equal(
      w.toBuffer().toString('hex'),
      [
        '0002c3bc',
        '03c3bc',
        'ffff',
        '00',
        '03 00000001 00000002',
        'ffffffff',
        '00000003 78797a',
        'fffffffffffffffe',
        '00000000000000000000000000000001',
      ]
        .join('')
        .replace(/\s+/g, ''),
    );
  });

  it('refuses a value that does not fit its field, naming it', () => {
    const w = new Writer('OffsetCommitRequest v9');
    assert.throws(() => w.array('topics', [{ p: 2 ** 31 }], false, true, (x, t) => x.int32('partitionIndex', t.p)), {
      name: 'WireError',
      message: 'OffsetCommitRequest v9: topics[0].partitionIndex: 2147483648 is not an int32',
    });
    assert.throws(() => new Writer('T').string('groupId', null, false, true), /groupId: null, but the field is not nullable/);
    assert.throws(() => new Writer('T').int64('offset', 2n ** 63n), /offset: 9223372036854775808 is not an int64/);
    assert.throws(() => new Writer('T').uuid('topicId', 'not-a-uuid'), /topicId: "not-a-uuid" is not a Kafka uuid/);
    assert.throws(() => new Writer('T').string('name', 'x'.repeat(40000), false, false), /40000 bytes, more than a string can hold/);
  });

  it('writes tagged fields with their sizes, in the order given', () => {
    const w = new Writer('T');
    w.taggedFields([
      [0, (x) => x.int32('a', 7)],
      [300, (x) => x.string('b', 'hi', false, true)],
    ]);
    assert.equal(w.toBuffer().toString('hex'), '02' + '00 04 00000007'.replace(/ /g, '') + 'ac02 03 03 6869'.replace(/ /g, ''));
  });
});

describe('wire defaults and uuids', () => {
  it('compares with defaults as Kafka’s equals() does', () => {
    assert.ok(isDefault(undefined, -1));
    assert.ok(isDefault(-1n, -1n));
    assert.ok(!isDefault(null, ''));
    assert.ok(isDefault([], []));
    assert.ok(!isDefault([1], []));
    assert.ok(isDefault(Buffer.alloc(0), Buffer.alloc(0)));
    assert.ok(isDefault({ leaderId: -1 }, { leaderId: -1, leaderEpoch: -1 }));
    assert.ok(!isDefault({ leaderId: 3 }, { leaderId: -1, leaderEpoch: -1 }));
  });

  it('prints uuids as Kafka’s Uuid.toString() and refuses text that is not one', () => {
    const bytes = hex('cd6f5fcb0a2b4e0f8b6f1f3c7e4d2a10');
    assert.equal(uuidFromBytes(bytes), 'zW9fyworTg-Lbx88fk0qEA');
    assert.deepEqual(uuidToBytes('zW9fyworTg-Lbx88fk0qEA'), bytes);
    assert.deepEqual(uuidToBytes(ZERO_UUID), Buffer.alloc(16));
    assert.equal(uuidToBytes('zW9fyworTg-Lbx88fk0qE'), undefined);
    assert.equal(uuidToBytes('zW9fyworTg+Lbx88fk0qEA'), undefined);
  });
});

describe('wire versions and frames', () => {
  it('chooses the highest version both sides speak, within what the caller can use', () => {
    assert.equal(commonVersion(FIND_COORDINATOR, { minVersion: 0, maxVersion: 4 }), 4);
    assert.equal(commonVersion(FIND_COORDINATOR, { minVersion: 0, maxVersion: 99 }), FIND_COORDINATOR.maxVersion);
    assert.equal(commonVersion(FIND_COORDINATOR, { minVersion: 0, maxVersion: 2 }, { minVersion: 4 }), undefined);
    assert.equal(commonVersion(FIND_COORDINATOR, { minVersion: 0, maxVersion: 6 }, { maxVersion: 5 }), 5);
    assert.equal(commonVersion(FIND_COORDINATOR, undefined), undefined);
  });

  it('leaves out a latest version the spec marks unstable', () => {
    const api = { ...FIND_COORDINATOR, latestVersionUnstable: true };
    assert.equal(commonVersion(api, { minVersion: 0, maxVersion: 99 }), FIND_COORDINATOR.maxVersion - 1);
  });

  it('says which versions each side has when none is common', () => {
    assert.throws(
      () => requireCommonVersion(FIND_COORDINATOR, { minVersion: 0, maxVersion: 2 }, { minVersion: 4 }),
      (error: Error) => {
        assert.ok(error instanceof UnsupportedVersionError);
        assert.match(error.message, /The broker speaks FindCoordinator v0-v2 only; Kafka Explorer needs FindCoordinator v4-v\d+/);
        return true;
      },
    );
    assert.throws(() => requireCommonVersion(FIND_COORDINATOR, undefined), /does not offer FindCoordinator at all/);
  });

  it('adds the request header’s tagged fields in flexible versions only', () => {
    assert.equal(encodeRequestFrame(FIND_COORDINATOR, { key: 'g', keyType: 0 }, 2).toString('hex'), '00016700');
    assert.equal(
      encodeRequestFrame(FIND_COORDINATOR, { coordinatorKeys: ['g'], keyType: 0 }, 4).toString('hex'),
      '00' + '00' + '02 0267'.replace(/ /g, '') + '00',
    );
  });

  it('skips the response header’s tagged fields in flexible versions, except for ApiVersions', () => {
    // FindCoordinator v4: header tags (one unknown tagged field), throttle time, no coordinators, tags.
    assert.deepEqual(decodeResponseFrame(FIND_COORDINATOR, hex('01 03 01 ff 00000000 01 00'), 4).coordinators, []);
    // ApiVersions v3: no header tags (response header v0): error code, one key, throttle time, tags.
    const apiVersions = decodeResponseFrame(API_VERSIONS, hex('0000 02 0012 0000 0004 00 00000000 00'), 3);
    assert.deepEqual(apiVersions.apiKeys, [{ apiKey: 18, minVersion: 0, maxVersion: 4 }]);
  });

  it('refuses a version the generated code does not have', () => {
    assert.throws(() => FIND_COORDINATOR.encodeRequest({}, 99), /FindCoordinator v99 is not a version/);
  });
});
