/**
 * The one HTTP request helper (src/common/http.ts) against a loopback server that closes a
 * kept-alive connection as its next request arrives, as a registry that stops or restarts does.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpFailure, httpRequest } from '../../src/common/http';

describe('HTTP requests on kept-alive connections', () => {
  let server: http.Server;
  let url: URL;
  /** How many requests each connection has carried. */
  const served = new WeakMap<object, number>();

  before(async () => {
    server = http.createServer((request, response) => {
      const count = (served.get(request.socket) ?? 0) + 1;
      served.set(request.socket, count);
      if (count > 1) {
        // The second request on a connection: the server closes it without an answer.
        request.socket.destroy();
        return;
      }
      request.resume();
      response.writeHead(200, { 'Content-Type': 'application/json', Connection: 'keep-alive' });
      response.end('{"ok":true}');
    });
    server.keepAliveTimeout = 60000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/subjects`);
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = () => httpRequest(url, { method: 'GET', headers: {}, timeoutMs: 5000 });

  it('sends a GET again on a new connection when the kept-alive one was closed under it', async () => {
    assert.equal((await get()).status, 200);
    assert.equal((await get()).status, 200);
  });

  it('does not send a POST twice: its reset is the answer', async () => {
    // A GET leaves a kept-alive connection that has carried one request; the POST goes out on it.
    assert.equal((await get()).status, 200);
    const post = httpRequest(url, { method: 'POST', headers: {}, body: '{}', timeoutMs: 5000 });
    await assert.rejects(post, (error: unknown) => error instanceof HttpFailure && error.code === 'ECONNRESET' && error.reusedSocket);
  });
});
