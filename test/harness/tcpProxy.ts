/**
 * A TCP proxy in front of a server, for network faults: it passes bytes both ways, or it
 * black-holes (accepts connections and reads, but nothing reaches the server and nothing comes
 * back, as a network that stopped answering does; open connections go silent too), or it
 * stops listening, as a stopped server does (connections are refused), and listens again.
 */
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'pass' | 'blackhole';

export interface TcpProxy {
  /** host:port to connect to instead of the server. */
  readonly address: string;
  readonly port: number;
  mode: ProxyMode;
  /** Closes every connection and the port, as a server that stops: new connections are refused. */
  refuse(): Promise<void>;
  /** Listens on the same port again, as a server that starts again. */
  listenAgain(): Promise<void>;
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
  const listen = (at: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(at, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      sockets.forEach((socket) => socket.destroy());
      server.close(() => resolve());
    });
  await listen(0);
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
    refuse: close,
    listenAgain: () => listen(port),
    stop: () => (server.listening ? close() : Promise.resolve()),
  };
}
