import * as assert from 'node:assert/strict';
import { parseClusterConfig, validateClusterName } from '../../src/kafka/connection/clusterConfig';

describe('cluster config validation', () => {
  it('accepts a name and servers as a string or a list', () => {
    assert.deepEqual(parseClusterConfig({ name: ' local ', bootstrapServers: 'localhost:9092' }, []), {
      ok: true,
      value: { name: 'local', bootstrapServers: ['localhost:9092'] },
    });
    assert.deepEqual(parseClusterConfig({ name: 'prod', bootstrapServers: ['a:1', 'b:2'] }, []), {
      ok: true,
      value: { name: 'prod', bootstrapServers: ['a:1', 'b:2'] },
    });
  });

  it('refuses a duplicate name, ignoring case', () => {
    assert.match(validateClusterName('Local', ['local']) ?? '', /already exists/);
  });

  it('refuses empty names, control characters and very long names', () => {
    assert.match(validateClusterName('  ', []) ?? '', /Give the cluster a name/);
    assert.match(validateClusterName('a\u0007b', []) ?? '', /control characters/);
    assert.match(validateClusterName('x'.repeat(101), []) ?? '', /at most 100/);
  });

  it('refuses missing or malformed servers', () => {
    const missing = parseClusterConfig({ name: 'x' }, []);
    assert.equal(missing.ok, false);
    const malformed = parseClusterConfig({ name: 'x', bootstrapServers: ['localhost'] }, []);
    assert.deepEqual(malformed, { ok: false, error: '"localhost" has no port; write host:port, for example localhost:9092.' });
  });
});
