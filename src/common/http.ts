/**
 * One HTTP request to a Schema Registry or an OAuth token endpoint, bounded by a timeout,
 * with TLS options like a cluster's (a CA file, a client certificate, verification on unless
 * turned off). node:http(s) rather than fetch: fetch cannot take a CA or a client certificate
 * without a bundled undici.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { ConnectionOptions as TlsOptions } from 'node:tls';

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/** Answers larger than this are refused: a registry's or token endpoint's answer is untrusted. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

export class HttpFailure extends Error {
  constructor(
    message: string,
    /** The socket error's code (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED, ...), or TIMEOUT. */
    readonly code: string,
    /** The request went out on a kept-alive connection of an earlier one. */
    readonly reusedSocket = false,
  ) {
    super(message);
    this.name = 'HttpFailure';
  }
}

type RequestOptions = { method: string; headers: Record<string, string>; body?: string; timeoutMs: number; tls?: TlsOptions };

/**
 * The request, and a GET once more when it went out on a kept-alive connection the server had
 * just closed (ECONNRESET): a server that stopped then says why on a new connection ("refused"),
 * as Node's documentation of `request.reusedSocket` advises. Other methods are not sent twice.
 */
export async function httpRequest(url: URL, options: RequestOptions): Promise<HttpAnswer> {
  try {
    return await requestOnce(url, options);
  } catch (error) {
    if (error instanceof HttpFailure && error.code === 'ECONNRESET' && error.reusedSocket && options.method === 'GET') {
      return requestOnce(url, options);
    }
    throw error;
  }
}

function requestOnce(url: URL, options: RequestOptions): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? https.request : http.request;
    const request = send(
      url,
      {
        method: options.method,
        headers: {
          ...options.headers,
          ...(options.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(options.body)) } : {}),
        },
        ...(url.protocol === 'https:' ? (options.tls ?? {}) : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) {
            request.destroy(new HttpFailure(`answered more than ${MAX_ANSWER_BYTES / 1024 / 1024} MB`, 'TOO_LARGE'));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
        response.on('error', (error) => reject(error));
      },
    );
    // One deadline for connecting, sending and reading the whole answer.
    const timer = setTimeout(
      () => request.destroy(new HttpFailure(`did not answer within ${options.timeoutMs / 1000} s`, 'TIMEOUT')),
      options.timeoutMs,
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error instanceof HttpFailure ? error : new HttpFailure(error.message, error.code ?? 'UNKNOWN', request.reusedSocket));
    });
    request.end(options.body);
  });
}
