// Kafka's message specs, as the kafka-clients jar of the pinned Kafka version ships them
// (common/message/<Api>Request.json and <Api>Response.json, JSON with // comments), read into
// the model scripts/wire/generate.mjs writes TypeScript from. The rules are those of Kafka's
// own generator (generator/ in apache/kafka: Versions, FieldSpec, MessageDataGenerator).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, printParseErrorCode } from 'jsonc-parser';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The Kafka version in scripts/kafka/version (not $KAFKA_VERSION: the committed code follows the pin). */
export function pinnedKafkaVersion() {
  return fs.readFileSync(path.join(root, 'scripts/kafka/version'), 'utf8').trim();
}

/** The libs folder of `version`, fetched from Maven Central once by scripts/kafka/fetch.sh. */
export function kafkaLibs(version) {
  return execFileSync('bash', [path.join(root, 'scripts/kafka/fetch.sh')], {
    env: { ...process.env, KAFKA_VERSION: version },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

/** The highest version number a spec can name ("3+" runs to it), as in Kafka's Versions. */
export const MAX_VERSION = 0x7fff;

/** An inclusive version range; empty when lo > hi. */
export class Versions {
  constructor(lo, hi) {
    this.lo = lo;
    this.hi = hi;
  }
  static NONE = new Versions(1, 0);
  static ALL = new Versions(0, MAX_VERSION);
  static parse(text, fallback) {
    if (text === undefined || text === null || String(text).trim() === '') {
      return fallback;
    }
    const t = String(text).trim();
    if (t === 'none') {
      return Versions.NONE;
    }
    const number = (s) => {
      if (!/^\d+$/.test(s)) {
        throw new Error(`invalid version range "${text}"`);
      }
      return Number(s);
    };
    if (t.endsWith('+')) {
      return new Versions(number(t.slice(0, -1)), MAX_VERSION);
    }
    const dash = t.indexOf('-');
    return dash < 0 ? new Versions(number(t), number(t)) : new Versions(number(t.slice(0, dash)), number(t.slice(dash + 1)));
  }
  get empty() {
    return this.lo > this.hi;
  }
  has(version) {
    return version >= this.lo && version <= this.hi;
  }
  intersect(other) {
    const lo = Math.max(this.lo, other.lo);
    const hi = Math.min(this.hi, other.hi);
    return lo > hi ? Versions.NONE : new Versions(lo, hi);
  }
  equals(other) {
    return (this.empty && other.empty) || (this.lo === other.lo && this.hi === other.hi);
  }
  /** Whether every version of `other` is one of these. */
  covers(other) {
    return other.empty || (this.lo <= other.lo && other.hi <= this.hi);
  }
  toString() {
    return this.empty ? 'none' : this.hi === MAX_VERSION ? `${this.lo}+` : this.lo === this.hi ? `${this.lo}` : `${this.lo}-${this.hi}`;
  }
}

const PRIMITIVES = new Set([
  'bool',
  'int8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'float64',
  'string',
  'bytes',
  'records',
  'uuid',
]);

/** Kafka's camelCaseName: the spec's name with its first letter in lower case (also the JSON converters' keys). */
export function camelCase(name) {
  return name.slice(0, 1).toLowerCase() + name.slice(1);
}

function readType(text, where) {
  if (text.startsWith('[]')) {
    const element = readType(text.slice(2), where);
    if (element.kind === 'array') {
      throw new Error(`${where}: arrays of arrays are not supported by Kafka's generator either`);
    }
    return { kind: 'array', element };
  }
  if (PRIMITIVES.has(text)) {
    return { kind: text };
  }
  if (!/^[A-Z]\w*$/.test(text)) {
    throw new Error(`${where}: unknown type "${text}"`);
  }
  return { kind: 'struct', struct: text };
}

/** One message (a request or a response) of an API: its versions and every struct it holds. */
function readMessage(json, file) {
  const valid = Versions.parse(json.validVersions, undefined);
  if (!valid || valid.empty) {
    throw new Error(`${file}: no validVersions`);
  }
  const message = {
    name: json.name,
    apiKey: json.apiKey,
    type: json.type,
    valid,
    flexible: Versions.parse(json.flexibleVersions, Versions.NONE),
    latestVersionUnstable: json.latestVersionUnstable === true,
    /** struct name → { name, versions, fields } */
    structs: new Map(),
    top: undefined,
  };
  if (!message.flexible.empty && message.flexible.hi !== MAX_VERSION) {
    throw new Error(`${file}: flexibleVersions ${message.flexible} does not run to the last version`);
  }
  const addStruct = (name, versions, fieldsJson, where) => {
    if (message.structs.has(name)) {
      throw new Error(`${file}: struct ${name} is defined twice`);
    }
    const struct = { name, versions, fields: [] };
    message.structs.set(name, struct);
    struct.fields = (fieldsJson ?? []).map((f) => readField(f, versions, `${where}.${f.name}`));
    return struct;
  };
  const readField = (f, parentVersions, where) => {
    if (f.flexibleVersions !== undefined) {
      throw new Error(`${file} ${where}: a field's own flexibleVersions (request headers only) is not supported`);
    }
    const type = readType(f.type, `${file} ${where}`);
    const versions = Versions.parse(f.versions, undefined);
    if (!versions) {
      throw new Error(`${file} ${where}: no versions`);
    }
    const field = {
      name: f.name,
      camel: camelCase(f.name),
      type,
      versions,
      nullable: Versions.parse(f.nullableVersions, Versions.NONE),
      tagged: Versions.parse(f.taggedVersions, Versions.NONE),
      tag: f.tag,
      default: f.default === undefined ? undefined : String(f.default),
      ignorable: f.ignorable === true,
      about: f.about ?? '',
    };
    if (!field.tagged.empty && typeof field.tag !== 'number') {
      throw new Error(`${file} ${where}: tagged versions but no tag`);
    }
    if (!field.tagged.empty && !message.flexible.covers(field.tagged)) {
      throw new Error(`${file} ${where}: tagged in versions ${field.tagged} that are not flexible`);
    }
    const elementType = type.kind === 'array' ? type.element : type;
    if (elementType.kind === 'struct' && f.fields) {
      addStruct(elementType.struct, parentVersions.intersect(versions), f.fields, where);
    }
    return field;
  };
  for (const common of json.commonStructs ?? []) {
    addStruct(common.name, valid.intersect(Versions.parse(common.versions, Versions.ALL)), common.fields, common.name);
  }
  message.top = addStruct(json.name, valid, json.fields, json.name);
  for (const struct of message.structs.values()) {
    for (const field of struct.fields) {
      const t = field.type.kind === 'array' ? field.type.element : field.type;
      if (t.kind === 'struct' && !message.structs.has(t.struct)) {
        throw new Error(`${file}: ${struct.name}.${field.name} has type ${t.struct}, which is not defined`);
      }
    }
  }
  return message;
}

function parseSpec(text, file) {
  const errors = [];
  const json = parse(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    throw new Error(`${file}: ${errors.map((e) => `${printParseErrorCode(e.error)} at ${e.offset}`).join(', ')}`);
  }
  return json;
}

/** The spec files of the kafka-clients jar in `libs`: file name → text. */
export function readSpecFiles(libs, version) {
  const jar = path.join(libs, `kafka-clients-${version}.jar`);
  if (!fs.existsSync(jar)) {
    throw new Error(`${jar} is missing (scripts/kafka/fetch.sh fetches it)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-specs-'));
  try {
    // `jar` comes with the JDK the project needs anyway (unzip may be absent).
    execFileSync('jar', ['xf', jar, 'common/message'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    const messages = path.join(dir, 'common/message');
    return new Map(fs.readdirSync(messages).map((name) => [name, fs.readFileSync(path.join(messages, name), 'utf8')]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The APIs of scripts/wire/apis.json read from the specs of Kafka `version`:
 * [{ name, apiKey, request, response }]; `missing` names those the jar lacks.
 */
export function loadApis(version = pinnedKafkaVersion(), libs = kafkaLibs(version)) {
  const { apis: names } = JSON.parse(fs.readFileSync(path.join(root, 'scripts/wire/apis.json'), 'utf8'));
  const files = readSpecFiles(libs, version);
  const apis = [];
  const missing = [];
  for (const name of names) {
    const requestFile = `${name}Request.json`;
    const responseFile = `${name}Response.json`;
    if (!files.has(requestFile) || !files.has(responseFile)) {
      missing.push(name);
      continue;
    }
    const request = readMessage(parseSpec(files.get(requestFile), requestFile), requestFile);
    const response = readMessage(parseSpec(files.get(responseFile), responseFile), responseFile);
    if (request.apiKey !== response.apiKey || !request.valid.equals(response.valid) || !request.flexible.equals(response.flexible)) {
      throw new Error(`${name}: the request and the response disagree on api key, valid or flexible versions`);
    }
    apis.push({ name, apiKey: request.apiKey, request, response });
  }
  return { version, apis, missing };
}
