/**
 * Parsing and validation of bootstrap server lists ("host:port, host:port").
 * Pure: used by the Add Cluster input box and by the connection layer.
 */
import type { ParseResult } from '../../common/parseResult';

const HOSTNAME_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isValidHost(host: string): boolean {
  const ipv4 = IPV4.exec(host);
  if (ipv4) {
    return ipv4.slice(1).every((octet) => Number(octet) <= 255);
  }
  // A name made only of digits and dots that is not a valid IPv4 address is a typo, not a host.
  if (/^[\d.]+$/.test(host)) {
    return false;
  }
  if (host.length > 253) {
    return false;
  }
  const labels = host.endsWith('.') ? host.slice(0, -1).split('.') : host.split('.');
  return labels.every((label) => HOSTNAME_LABEL.test(label));
}

function isValidIpv6(address: string): boolean {
  // Loose on purpose: hex groups and colons, at most one "::". Node resolves the rest.
  return /^[0-9A-Fa-f:.]+$/.test(address) && address.includes(':') && address.split('::').length <= 2;
}

/** Parses one "host:port" (or "[ipv6]:port") entry. */
export function parseBrokerAddress(entry: string): ParseResult<string> {
  const text = entry.trim();
  if (text === '') {
    return { ok: false, error: 'An address is empty.' };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return { ok: false, error: `"${text}": leave out the scheme; write host:port, for example localhost:9092.` };
  }
  let host: string;
  let portText: string;
  const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(text);
  if (bracketed) {
    host = bracketed[1];
    portText = bracketed[2];
    if (!isValidIpv6(host)) {
      return { ok: false, error: `"${text}": "${host}" is not an IPv6 address.` };
    }
  } else {
    const colon = text.lastIndexOf(':');
    if (colon < 0) {
      return { ok: false, error: `"${text}" has no port; write host:port, for example ${text}:9092.` };
    }
    host = text.slice(0, colon);
    portText = text.slice(colon + 1);
    if (host.includes(':')) {
      return { ok: false, error: `"${text}": put an IPv6 address in brackets, for example [::1]:9092.` };
    }
    if (host === '') {
      return { ok: false, error: `"${text}" has no host; write host:port, for example localhost:9092.` };
    }
    if (!isValidHost(host)) {
      return { ok: false, error: `"${text}": "${host}" is not a valid host name or IPv4 address.` };
    }
  }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    return { ok: false, error: `"${text}": the port must be a number from 1 to 65535.` };
  }
  return { ok: true, value: bracketed ? `[${host}]:${Number(portText)}` : `${host}:${Number(portText)}` };
}

/** Parses a comma- or whitespace-separated list of broker addresses; duplicates are dropped. */
export function parseBootstrapServers(input: string): ParseResult<string[]> {
  const entries = input.split(/[\s,]+/).filter((entry) => entry !== '');
  if (entries.length === 0) {
    return { ok: false, error: 'Enter at least one broker address as host:port, for example localhost:9092.' };
  }
  const servers: string[] = [];
  for (const entry of entries) {
    const parsed = parseBrokerAddress(entry);
    if (!parsed.ok) {
      return parsed;
    }
    if (!servers.includes(parsed.value)) {
      servers.push(parsed.value);
    }
  }
  return { ok: true, value: servers };
}
