// Sample messages for the wire round trip (test/integration/wireRoundTrip.test.ts): for every API of
// scripts/wire/apis.json, every valid version, the request and the response, one message of
// defaults (empty arrays, nulls where a field defaults to null, tagged fields left at their
// defaults) and random ones (nulls where the version allows them, every integer type's extremes,
// non-ASCII strings, uuids, bytes, tagged fields set), built from the same specs in the pinned jar.
// Prints JSON on stdout: [{ api, version, kind, sample, value, expected }] (expected: what a
// decoder of a response gives, fields the version lacks at their defaults), where an int64 is
// { "$int64": "<digits>" } and bytes are { "$bytes": "<base64>" } (JSON has neither).
//   node test/support/wireSamples.mjs [randomSamples=2] [seed=1]
import { Buffer } from 'node:buffer';
import { loadApis } from '../../scripts/wire/spec.mjs';

const randomSamples = Number(process.argv[2] ?? 2);
let seed = Number(process.argv[3] ?? 1);

/** mulberry32: the same samples on every run. */
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (items) => items[Math.floor(random() * items.length)];
const int = (min, max) => min + Math.floor(random() * (max - min + 1));
const bytes = (length) => Buffer.from(Array.from({ length }, () => int(0, 255)));

const STRINGS = ['', 'a', 'orders', 'ünïcödé ✓ 日本語', 'group-with-a-rather-long-name-'.repeat(5), 'x\u0000y'];
const INT_RANGES = {
  int8: [-0x80, 0x7f],
  int16: [-0x8000, 0x7fff],
  uint16: [0, 0xffff],
  int32: [-0x80000000, 0x7fffffff],
  uint32: [0, 0xffffffff],
};

function defaultValue(field, message, version) {
  const d = field.default;
  switch (field.type.kind) {
    case 'bool':
      return d !== undefined && d.toLowerCase() === 'true';
    case 'int64':
      return { $int64: d === undefined || d === '' ? '0' : String(BigInt(d)) };
    case 'float64':
      return d === undefined || d === '' ? 0 : Number.parseFloat(d);
    case 'string':
      return d === 'null' ? null : (d ?? '');
    case 'uuid':
      return d === undefined || d === '' ? 'AAAAAAAAAAAAAAAAAAAAAA' : d;
    case 'bytes':
      return d === 'null' ? null : { $bytes: '' };
    case 'records':
      return null;
    case 'array':
      return d === 'null' ? null : [];
    case 'struct':
      return d === 'null' ? null : onlyDefaults(message.structs.get(field.type.struct), message, version);
    default:
      return d === undefined || d === '' ? 0 : d.startsWith('0x') ? Number.parseInt(d.slice(2), 16) : Number.parseInt(d, 10);
  }
}

function randomValue(type, message, version, depth) {
  switch (type.kind) {
    case 'bool':
      return random() < 0.5;
    case 'int64':
      return { $int64: String(pick([-(2n ** 63n), 2n ** 63n - 1n, -1n, 0n, BigInt(int(0, 2 ** 31)) * 4294967311n])) };
    case 'float64':
      // Never a whole number: Kafka's JSON reader takes a float64 only from a number with a fraction.
      return pick([0.5, -1.25, 3.141592653589793, 1.7976931348623157e308, -2.5e-300]);
    case 'string':
      return pick(STRINGS);
    case 'uuid':
      return random() < 0.2 ? 'AAAAAAAAAAAAAAAAAAAAAA' : bytes(16).toString('base64url');
    case 'bytes':
    case 'records':
      return { $bytes: bytes(int(0, 24)).toString('base64') };
    case 'array': {
      const length = depth > 3 ? int(0, 1) : int(0, 3);
      return Array.from({ length }, () => randomValue(type.element, message, version, depth + 1));
    }
    case 'struct':
      return structValue(message.structs.get(type.struct), message, version, depth + 1);
    default: {
      const [min, max] = INT_RANGES[type.kind];
      return pick([min, max, 0, -1 >= min ? -1 : 1, int(min, max)]);
    }
  }
}

/** Every field the version has, random (tagged ones left at their defaults now and then). */
function structValue(struct, message, version, depth) {
  const value = {};
  for (const field of struct.fields) {
    if (!field.versions.has(version)) {
      continue;
    }
    if (field.tagged.has(version) && random() < 0.3) {
      value[field.camel] = defaultValue(field, message, version);
    } else if ((field.nullable.has(version) || field.type.kind === 'records') && random() < 0.25) {
      value[field.camel] = null;
    } else {
      value[field.camel] = randomValue(field.type, message, version, depth);
    }
  }
  return value;
}

/**
 * What a decoder gives for `value` (a message of `version`): every field of every struct, those
 * the version lacks at their defaults, as Kafka's classes hold them.
 */
function decodedOf(value, struct, message, version) {
  const out = {};
  for (const field of struct.fields) {
    if (!field.versions.has(version)) {
      out[field.camel] =
        field.type.kind === 'struct' && field.default !== 'null'
          ? allDefaults(message.structs.get(field.type.struct), message)
          : defaultValue(field, message, version);
      continue;
    }
    const v = value[field.camel];
    const t = field.type;
    if (v !== null && t.kind === 'struct') {
      out[field.camel] = decodedOf(v, message.structs.get(t.struct), message, version);
    } else if (v !== null && t.kind === 'array' && t.element.kind === 'struct') {
      out[field.camel] = v.map((item) => decodedOf(item, message.structs.get(t.element.struct), message, version));
    } else {
      out[field.camel] = v;
    }
  }
  return out;
}

/** A struct of defaults in every field (Kafka's `new X()`), whatever the version. */
function allDefaults(struct, message) {
  return Object.fromEntries(
    struct.fields.map((f) => [
      f.camel,
      f.type.kind === 'struct' && f.default !== 'null'
        ? allDefaults(message.structs.get(f.type.struct), message)
        : defaultValue(f, message, undefined),
    ]),
  );
}

/** Every field the version has at its default (Kafka's `new X()`). */
function onlyDefaults(struct, message, version) {
  return Object.fromEntries(struct.fields.filter((f) => f.versions.has(version)).map((f) => [f.camel, defaultValue(f, message, version)]));
}

function samples() {
  const { apis } = loadApis();
  const out = [];
  for (const api of apis) {
    for (let version = api.request.valid.lo; version <= api.request.valid.hi; version++) {
      for (const [kind, message] of [
        ['request', api.request],
        ['response', api.response],
      ]) {
        for (let sample = 0; sample <= randomSamples; sample++) {
          const value = sample === 0 ? onlyDefaults(message.top, message, version) : structValue(message.top, message, version, 0);
          const expected = kind === 'response' ? decodedOf(value, message.top, message, version) : undefined;
          out.push({ api: api.name, version, kind, sample, value, expected });
        }
      }
    }
  }
  return out;
}

process.stdout.write(JSON.stringify(samples()));
