import * as assert from 'node:assert/strict';
import { parseBootstrapServers, parseBrokerAddress } from '../../src/kafka/connection/bootstrap';

describe('bootstrap server parsing', () => {
  const accepts: Array<[string, string[]]> = [
    ['localhost:9092', ['localhost:9092']],
    ['  broker-1.example.com:19092 ', ['broker-1.example.com:19092']],
    ['a:1,b:2', ['a:1', 'b:2']],
    ['a:1, b:2  c:3', ['a:1', 'b:2', 'c:3']],
    ['127.0.0.1:9092,127.0.0.1:9092', ['127.0.0.1:9092']],
    ['[::1]:9092', ['[::1]:9092']],
    ['kafka:09092', ['kafka:9092']],
    ['host.:9092', ['host.:9092']],
  ];
  for (const [input, expected] of accepts) {
    it(`accepts ${JSON.stringify(input)}`, () => {
      assert.deepEqual(parseBootstrapServers(input), { ok: true, value: expected });
    });
  }

  const refuses: Array<[string, RegExp]> = [
    ['', /at least one broker/],
    [' , ', /at least one broker/],
    ['localhost', /has no port/],
    ['localhost:', /port must be a number/],
    ['localhost:0', /port must be a number from 1 to 65535/],
    ['localhost:65536', /from 1 to 65535/],
    ['localhost:90a2', /port must be a number/],
    [':9092', /has no host/],
    ['my_host:9092', /not a valid host name/],
    ['-bad.example:9092', /not a valid host name/],
    ['300.1.1.1:9092', /not a valid host name or IPv4/],
    ['1.2.3:9092', /not a valid host name or IPv4/],
    ['PLAINTEXT://localhost:9092', /leave out the scheme/],
    ['::1:9092', /IPv6 address in brackets/],
    ['[zz]:9092', /not an IPv6 address/],
    ['good:9092,bad', /"bad" has no port/],
  ];
  for (const [input, expected] of refuses) {
    it(`refuses ${JSON.stringify(input)} with a clear reason`, () => {
      const result = parseBootstrapServers(input);
      assert.equal(result.ok, false);
      assert.match((result as { error: string }).error, expected);
    });
  }

  it('normalises the port of a single address', () => {
    assert.deepEqual(parseBrokerAddress('broker:00042'), { ok: true, value: 'broker:42' });
  });
});
