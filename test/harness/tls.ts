/**
 * A throwaway certificate authority and a broker certificate for 127.0.0.1 / localhost,
 * made with openssl at test time (PEM files; Kafka reads them with ssl.keystore.type=PEM).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface TestCertificates {
  readonly caFile: string;
  /** PKCS#8 private key followed by the certificate chain: Kafka's PEM keystore. */
  readonly brokerKeystore: string;
  /** The same key and certificate as separate PEM files, for a loopback https server (a token endpoint). */
  readonly serverKeyFile: string;
  readonly serverCertFile: string;
  /** A second CA that signed nothing here: a client trusting it must refuse the broker. */
  readonly otherCaFile: string;
  /** A client certificate signed by the test CA, for the listener that requires one. */
  readonly clientCertFile: string;
  /** Its private key, encrypted (PKCS#8, AES-256) with `clientKeyPassphrase`. */
  readonly clientKeyFile: string;
  readonly clientKeyPassphrase: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

function makeCa(dir: string, name: string): void {
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
    ],
    dir,
  );
}

export function makeTestCertificates(dir: string): TestCertificates {
  fs.mkdirSync(dir, { recursive: true });
  makeCa(dir, 'test-ca');
  makeCa(dir, 'other-ca');
  fs.writeFileSync(path.join(dir, 'broker.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n');
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'broker.key', '-out', 'broker.csr'], dir);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'broker.csr',
      '-CA',
      'test-ca.pem',
      '-CAkey',
      'test-ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      'broker.ext',
      '-out',
      'broker.pem',
    ],
    dir,
  );
  openssl(['pkcs8', '-topk8', '-nocrypt', '-in', 'broker.key', '-out', 'broker.pk8'], dir);
  const keystore = path.join(dir, 'broker-keystore.pem');
  fs.writeFileSync(
    keystore,
    fs.readFileSync(path.join(dir, 'broker.pk8'), 'utf8') +
      fs.readFileSync(path.join(dir, 'broker.pem'), 'utf8') +
      fs.readFileSync(path.join(dir, 'test-ca.pem'), 'utf8'),
  );
  const clientKeyPassphrase = 'client-key-secret';
  openssl(
    [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=kafka-explorer-test-client',
      '-keyout',
      'client-plain.key',
      '-out',
      'client.csr',
    ],
    dir,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'client.csr',
      '-CA',
      'test-ca.pem',
      '-CAkey',
      'test-ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-out',
      'client.pem',
    ],
    dir,
  );
  openssl(
    ['pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-in', 'client-plain.key', '-out', 'client.key', '-passout', `pass:${clientKeyPassphrase}`],
    dir,
  );
  return {
    caFile: path.join(dir, 'test-ca.pem'),
    brokerKeystore: keystore,
    serverKeyFile: path.join(dir, 'broker.pk8'),
    serverCertFile: path.join(dir, 'broker.pem'),
    otherCaFile: path.join(dir, 'other-ca.pem'),
    clientCertFile: path.join(dir, 'client.pem'),
    clientKeyFile: path.join(dir, 'client.key'),
    clientKeyPassphrase,
  };
}
