/**
 * A TCP proxy in front of a server, for network faults: it passes bytes both ways, or it
 * black-holes (accepts connections and reads, but nothing reaches the server and nothing comes
 * back, as a network that stopped answering does; open connections go silent too).
 */
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'pass' | 'blackhole';

export interface TcpProxy {
  /** host:port to connect to instead of the server. */
  readonly address: string;
  readonly port: number;
  mode: ProxyMode;
  stop(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }, mode: ProxyMode = 'pass'): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const state = { mode };
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (state.mode === 'blackhole') {
      client.on('data', () => undefined); // read and drop: the peer sees an open, silent connection
      return;
    }
    const upstream = net.connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    // Bytes move only while the proxy passes: a black-holed connection keeps them.
    client.on('data', (chunk) => state.mode === 'pass' && upstream.write(chunk));
    upstream.on('data', (chunk) => state.mode === 'pass' && client.write(chunk));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    address: `127.0.0.1:${port}`,
    port,
    get mode() {
      return state.mode;
    },
    set mode(next: ProxyMode) {
      state.mode = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}
