#!/usr/bin/env node
// Writes src/kafka/wire/generated/<api>.ts for every API of scripts/wire/apis.json from the
// message specs in the kafka-clients jar of the Kafka version pinned in scripts/kafka/version
// (fetched by scripts/kafka/fetch.sh when missing): the request and response types (fields in
// camelCase, as Kafka's JSON converters name them), an encoder of the request and a decoder of
// the response covering every valid version, flexible ones included, the API key and the
// versions. The output goes through Prettier with the project's settings.
//
//   node scripts/wire/generate.mjs           write the files
//   node scripts/wire/generate.mjs --check   exit 1, naming them, when the files differ from what the
//                                            pinned specs give (part of `npm run lint`)
//
// The encoding rules are Kafka's own generator's (MessageDataGenerator in apache/kafka); the
// runtime they call is src/kafka/wire/reader.ts and writer.ts.
import fs from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { loadApis, root, Versions } from './spec.mjs';

const OUT_DIR = 'src/kafka/wire/generated';

const JS_RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with yield let static ' +
    'implements interface package private protected public await arguments eval undefined'
  ).split(' '),
);
/** Names the generated functions use for themselves. */
const INTERNAL_NAMES = new Set(['r', 'w', 'v', 'e', 'version', 'flexible', 'tag', 'tagged', 'value', 'isDefault', 'ZERO_UUID']);
const RUNTIME_NAMES = ['Reader', 'Writer', 'TaggedField', 'ApiDefinition', 'checkVersion', 'isDefault', 'ZERO_UUID'];

const FIXED_BYTES = { bool: 1, int8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, int64: 8, float64: 8, uuid: 16 };

/** Versions minus `other`, which must leave one range (as in Kafka's Versions.subtract). */
function subtract(versions, other) {
  const overlap = versions.intersect(other);
  if (overlap.empty) {
    return versions;
  }
  if (overlap.equals(versions)) {
    return Versions.NONE;
  }
  if (overlap.lo === versions.lo) {
    return new Versions(overlap.hi + 1, versions.hi);
  }
  if (overlap.hi === versions.hi) {
    return new Versions(versions.lo, overlap.lo - 1);
  }
  throw new Error(`versions ${versions} minus ${other} is not one range`);
}

/** A condition on `version` that holds for `range` within `context` (the versions the code can run at): "true", "false" or an expression. */
function cond(range, context) {
  const r = range.intersect(context);
  if (r.empty) {
    return 'false';
  }
  if (r.equals(context)) {
    return 'true';
  }
  const parts = [];
  if (r.lo > context.lo) {
    parts.push(`version >= ${r.lo}`);
  }
  if (r.hi < context.hi) {
    parts.push(`version <= ${r.hi}`);
  }
  return parts.join(' && ');
}

function choose(condition, ifTrue, ifFalse) {
  return condition === 'true' ? ifTrue : condition === 'false' ? ifFalse : `${condition} ? ${ifTrue} : ${ifFalse}`;
}

function upperSnake(name) {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

function comment(text) {
  return text.replace(/\*\//g, '* /').replace(/\s+/g, ' ').trim();
}

function localName(camel) {
  return JS_RESERVED.has(camel) || INTERNAL_NAMES.has(camel) || RUNTIME_NAMES.includes(camel) ? `${camel}_` : camel;
}

/** The field's TypeScript property key (quoted when not an identifier). */
function key(field) {
  return /^[A-Za-z_$][\w$]*$/.test(field.camel) ? field.camel : JSON.stringify(field.camel);
}

function parseInteger(text, kind, where) {
  if (text === undefined || text === '') {
    return 0;
  }
  const value = text.startsWith('0x') ? Number.parseInt(text.slice(2), 16) : Number.parseInt(text, 10);
  if (!Number.isSafeInteger(value)) {
    throw new Error(`${where}: invalid ${kind} default ${text}`);
  }
  return value;
}

/** One message's code: types and either the writer (request) or the reader (response). */
class MessageCode {
  constructor(message, side, shared) {
    this.message = message;
    this.side = side;
    /** Struct names the other message of the API also has: prefixed with this message's name here. */
    this.shared = shared;
    this.structContext = new Map();
    this.minBytesTables = [];
    this.assignContexts(message.top, message.valid);
  }

  /** Each struct's versions: where its parent field is present (common structs: all of the message's). */
  assignContexts(struct, context) {
    const known = this.structContext.get(struct.name);
    const merged = known ? new Versions(Math.min(known.lo, context.lo), Math.max(known.hi, context.hi)) : context;
    if (known && known.equals(merged)) {
      return;
    }
    this.structContext.set(struct.name, merged);
    for (const field of struct.fields) {
      const t = field.type.kind === 'array' ? field.type.element : field.type;
      if (t.kind === 'struct') {
        const inner = field.versions.intersect(merged);
        if (!inner.empty) {
          this.assignContexts(this.message.structs.get(t.struct), inner);
        }
      }
    }
  }

  /** The TypeScript name of a struct (its functions are write<name> and read<name>). */
  tn(structName) {
    return this.shared.has(structName) ? `${this.message.name}${structName}` : structName;
  }

  get structs() {
    return [...this.message.structs.values()].filter((s) => this.structContext.has(s.name));
  }

  flexibleIn(context) {
    return cond(this.message.flexible, context);
  }

  tsType(type) {
    switch (type.kind) {
      case 'bool':
        return 'boolean';
      case 'int64':
        return 'bigint';
      case 'string':
      case 'uuid':
        return 'string';
      case 'bytes':
      case 'records':
        return 'Buffer';
      case 'struct':
        return this.tn(type.struct);
      case 'array': {
        const element = this.tsType(type.element);
        return this.side === 'request' ? `readonly ${element}[]` : `${element}[]`;
      }
      default:
        return 'number';
    }
  }

  fieldType(field) {
    const nullable = !field.nullable.intersect(field.versions).empty || field.type.kind === 'records';
    return `${this.tsType(field.type)}${nullable ? ' | null' : ''}`;
  }

  defaultValue(field, where) {
    const d = field.default;
    switch (field.type.kind) {
      case 'bool':
        return d !== undefined && d.toLowerCase() === 'true' ? 'true' : 'false';
      case 'int8':
      case 'int16':
      case 'uint16':
      case 'int32':
      case 'uint32':
        return String(parseInteger(d, field.type.kind, where));
      case 'int64':
        return d === undefined || d === '' ? '0n' : `${d.startsWith('0x') ? BigInt(d) : BigInt(d)}n`;
      case 'float64':
        return d === undefined || d === '' ? '0' : String(Number.parseFloat(d));
      case 'string':
        return d === 'null' ? 'null' : JSON.stringify(d ?? '');
      case 'uuid':
        return d === undefined || d === '' ? 'ZERO_UUID' : JSON.stringify(d);
      case 'bytes':
        return d === 'null' ? 'null' : 'Buffer.alloc(0)';
      case 'records':
        return 'null';
      case 'array':
        return d === 'null' ? 'null' : '[]';
      case 'struct':
        return d === 'null' ? 'null' : this.defaultStruct(this.message.structs.get(field.type.struct));
    }
    throw new Error(`${where}: no default for ${field.type.kind}`);
  }

  /** A struct of defaults as an object literal (Kafka's `new X()`). */
  defaultStruct(struct) {
    const fields = struct.fields.map((f) => `${key(f)}: ${this.defaultValue(f, `${struct.name}.${f.name}`)}`);
    return `{ ${fields.join(', ')} }`;
  }

  isOptional(field, context) {
    return field.default !== undefined || !field.tagged.empty || !field.versions.covers(context) || field.type.kind === 'records';
  }

  types() {
    const out = [];
    for (const struct of this.structs) {
      const context = this.structContext.get(struct.name);
      out.push(
        `/** ${struct.name === this.message.name ? `${this.message.name} (API key ${this.message.apiKey}), versions ${this.message.valid}.` : `Part of ${this.message.name}, in versions ${context}.`} */`,
      );
      out.push(`export interface ${this.tn(struct.name)} {`);
      for (const field of struct.fields) {
        const notes = [`v${field.versions}`];
        if (!field.nullable.intersect(field.versions).empty) {
          notes.push(`null in v${field.nullable.intersect(field.versions)}`);
        }
        if (!field.tagged.empty) {
          notes.push(`tagged (tag ${field.tag}) in v${field.tagged}`);
        }
        if (field.default !== undefined) {
          notes.push(`default ${field.default}`);
        }
        out.push(`/** ${comment(field.about)} (${notes.join('; ')}) */`);
        const optional = this.side === 'request' && this.isOptional(field, context) ? '?' : '';
        out.push(`readonly ${key(field)}${optional}: ${this.fieldType(field)};`);
      }
      out.push('}', '');
    }
    return out.join('\n');
  }

  // ---- the request's writer

  writeValue(type, fieldName, value, nullable, flexible) {
    const f = fieldName === undefined ? 'undefined' : JSON.stringify(fieldName);
    switch (type.kind) {
      case 'string':
        return `w.string(${f}, ${value}, ${nullable}, ${flexible})`;
      case 'bytes':
      case 'records':
        return `w.bytes(${f}, ${value}, ${nullable}, ${flexible})`;
      case 'array': {
        const element = type.element;
        const writeElement =
          element.kind === 'struct'
            ? `(w, e) => write${this.tn(element.struct)}(w, e, version)`
            : `(w, e) => ${this.writeValue(element, undefined, 'e', 'false', flexible)}`;
        return `w.array(${f}, ${value}, ${nullable}, ${flexible}, ${writeElement})`;
      }
      case 'struct': {
        const write = `(w, s) => write${this.tn(type.struct)}(w, s, version)`;
        return choose(nullable, `w.nullableStruct(${f}, ${value}, ${write})`, `w.struct(${f}, ${value}, ${write})`);
      }
      default:
        return `w.${type.kind}(${f}, ${value})`;
    }
  }

  /** The value of a field in the input, its default when left out. */
  inputValue(field, context) {
    const access = `v.${field.camel}`;
    if (!this.isOptional(field, context)) {
      return access;
    }
    const d = this.defaultValue(field, field.name);
    const nullable = !field.nullable.intersect(field.versions).empty || field.type.kind === 'records';
    return nullable ? `(${access} === undefined ? ${d} : ${access})` : `(${access} ?? ${d})`;
  }

  writer(struct) {
    const context = this.structContext.get(struct.name);
    const flexible = this.flexibleIn(context);
    const flex = flexible === 'true' || flexible === 'false' ? flexible : 'flexible';
    const body = [];
    const tagged = [];
    for (const field of struct.fields) {
      const where = `${struct.name}.${field.name}`;
      const present = field.versions.intersect(context);
      const untagged = subtract(present, field.tagged);
      const taggedVersions = present.intersect(field.tagged);
      const untaggedCond = cond(untagged, context);
      if (untaggedCond !== 'false') {
        const nullable = cond(field.nullable, untagged);
        const statement = `${this.writeValue(field.type, field.camel, this.inputValue(field, context), nullable, flex)};`;
        body.push(untaggedCond === 'true' ? statement : `if (${untaggedCond}) {\n${statement}\n}`);
      }
      if (!taggedVersions.empty) {
        tagged.push({ field, versions: taggedVersions });
      }
      const presentCond = cond(field.versions, context);
      if (!field.ignorable && presentCond !== 'true') {
        const check = `!isDefault(v.${field.camel}, ${this.defaultValue(field, where)})`;
        body.push(
          `if (${presentCond === 'false' ? check : `!(${presentCond}) && ${check}`}) {\nw.notInVersion(${JSON.stringify(field.camel)}, version);\n}`,
        );
      }
    }
    if (flexible !== 'false') {
      const flexContext = this.message.flexible.intersect(context);
      const lines = [];
      if (tagged.length === 0) {
        lines.push('w.uvarint(0);');
      } else {
        lines.push('const tagged: TaggedField[] = [];');
        for (const { field, versions } of tagged.sort((a, b) => a.field.tag - b.field.tag)) {
          const when = cond(versions, flexContext);
          const nullable = cond(field.nullable, versions);
          let write;
          if (field.type.kind === 'struct') {
            const inner = this.writeValue(field.type, field.camel, 'value', 'false', 'true');
            if (nullable === 'false') {
              write = `(w) => ${inner}`;
            } else if (nullable === 'true') {
              // Kafka writes a nullable struct in a tagged field behind an unsigned varint marker, 0 for null.
              write = `(w) => {\nif (value === null) {\nw.uvarint(0);\n} else {\nw.uvarint(1);\n${inner};\n}\n}`;
            } else {
              throw new Error(
                `${field.name}: a tagged struct nullable in some of its tagged versions only (${field.nullable}) is not supported`,
              );
            }
          } else {
            write = `(w) => ${this.writeValue(field.type, field.camel, 'value', nullable, 'true')}`;
          }
          const check = `!isDefault(value, ${this.defaultValue(field, field.name)})`;
          lines.push(
            `{\nconst value = v.${field.camel};\nif (${when === 'true' ? '' : `${when} && `}value !== undefined && ${check}) {\ntagged.push([${field.tag}, ${write}]);\n}\n}`,
          );
        }
        lines.push('w.taggedFields(tagged);');
      }
      body.push(flexible === 'true' ? lines.join('\n') : `if (flexible) {\n${lines.join('\n')}\n}`);
    }
    let text = body.join('\n');
    const prelude = flex === 'flexible' ? `const flexible = ${flexible};\n` : '';
    text = prelude + text;
    const versionParam = /\bversion\b/.test(text) ? 'version' : '_version';
    const valueParam = /\bv\./.test(text) ? 'v' : '_v';
    return `function write${this.tn(struct.name)}(w: Writer, ${valueParam}: ${this.tn(struct.name)}, ${versionParam}: number): void {\n${text}\n}\n`;
  }

  // ---- the response's reader

  minBytes(struct, version) {
    const flexible = this.message.flexible.has(version);
    let bytes = flexible ? 1 : 0;
    for (const field of struct.fields) {
      if (!field.versions.has(version) || field.tagged.has(version)) {
        continue;
      }
      const t = field.type;
      if (FIXED_BYTES[t.kind] !== undefined) {
        bytes += FIXED_BYTES[t.kind];
      } else if (t.kind === 'string') {
        bytes += flexible ? 1 : 2;
      } else if (t.kind === 'bytes' || t.kind === 'records' || t.kind === 'array') {
        bytes += flexible ? 1 : 4;
      } else if (t.kind === 'struct') {
        bytes += field.nullable.has(version) ? 1 : this.minBytes(this.message.structs.get(t.struct), version);
      }
    }
    return bytes;
  }

  /** The smallest encoding of an array element at `version`, as an expression. */
  elementMinBytes(element, context, flex) {
    if (FIXED_BYTES[element.kind] !== undefined) {
      return String(FIXED_BYTES[element.kind]);
    }
    if (element.kind === 'string') {
      return choose(flex, '1', '2');
    }
    if (element.kind === 'bytes' || element.kind === 'records') {
      return choose(flex, '1', '4');
    }
    const struct = this.message.structs.get(element.struct);
    const sizes = [];
    for (let v = context.lo; v <= context.hi; v++) {
      sizes.push(this.minBytes(struct, v));
    }
    if (sizes.every((s) => s === sizes[0])) {
      return String(sizes[0]);
    }
    const name = `MIN_BYTES_${upperSnake(this.tn(struct.name))}`;
    if (!this.minBytesTables.some((t) => t.name === name)) {
      const versions = this.structContext.get(struct.name);
      const table = [];
      for (let v = 0; v <= versions.hi; v++) {
        table.push(versions.has(v) ? this.minBytes(struct, v) : 0);
      }
      this.minBytesTables.push({
        name,
        text: `/** The smallest encoding of ${struct.name} in bytes, by version. */\nconst ${name}: readonly number[] = [${table.join(', ')}];`,
      });
    }
    return `${name}[version]`;
  }

  readValue(type, fieldName, nullable, flexible, context) {
    const f = fieldName === undefined ? 'undefined' : JSON.stringify(fieldName);
    switch (type.kind) {
      case 'string':
        return choose(nullable, `r.nullableString(${f}, ${flexible})`, `r.string(${f}, ${flexible})`);
      case 'bytes':
      case 'records':
        return choose(nullable, `r.nullableBytes(${f}, ${flexible})`, `r.bytes(${f}, ${flexible})`);
      case 'array': {
        const element = type.element;
        const read =
          element.kind === 'struct'
            ? `(r) => read${this.tn(element.struct)}(r, version)`
            : `(r) => ${this.readValue(element, undefined, 'false', flexible, context)}`;
        const min = this.elementMinBytes(element, context, flexible);
        return choose(nullable, `r.nullableArray(${f}, ${flexible}, ${min}, ${read})`, `r.array(${f}, ${flexible}, ${min}, ${read})`);
      }
      case 'struct': {
        const read = `(r) => read${this.tn(type.struct)}(r, version)`;
        return choose(nullable, `r.nullableStruct(${f}, ${read})`, `r.struct(${f}, ${read})`);
      }
      default:
        return `r.${type.kind}(${f})`;
    }
  }

  reader(struct) {
    const context = this.structContext.get(struct.name);
    const flexible = this.flexibleIn(context);
    const flex = flexible === 'true' || flexible === 'false' ? flexible : 'flexible';
    const body = [];
    const cases = [];
    const flexContext = this.message.flexible.intersect(context);
    for (const field of struct.fields) {
      const where = `${struct.name}.${field.name}`;
      const name = localName(field.camel);
      const present = field.versions.intersect(context);
      const untagged = subtract(present, field.tagged);
      const taggedVersions = present.intersect(field.tagged);
      const untaggedCond = cond(untagged, context);
      const value =
        untaggedCond === 'false'
          ? this.defaultValue(field, where)
          : choose(
              untaggedCond,
              this.readValue(field.type, field.camel, cond(field.nullable, untagged), flex, untagged),
              this.defaultValue(field, where),
            );
      const isTagged = !field.tagged.intersect(field.versions).empty && !flexContext.empty;
      body.push(isTagged ? `let ${name}: ${this.fieldType(field)} = ${value};` : `const ${name} = ${value};`);
      if (isTagged) {
        const when = cond(taggedVersions, flexContext);
        const nullable = cond(field.nullable, taggedVersions.empty ? flexContext : taggedVersions);
        let read;
        if (field.type.kind === 'struct') {
          const inner = `r.struct(${JSON.stringify(field.camel)}, (r) => read${this.tn(field.type.struct)}(r, version))`;
          // Kafka writes a nullable struct in a tagged field behind an unsigned varint marker, 0 for null.
          read = choose(nullable, `r.uvarint(${JSON.stringify(field.camel)}) === 0 ? null : ${inner}`, inner);
        } else {
          read = this.readValue(field.type, field.camel, nullable, 'true', taggedVersions.empty ? flexContext : taggedVersions);
        }
        const check =
          when === 'true'
            ? ''
            : when === 'false'
              ? `return r.unexpectedTag(${field.tag}, version);\n`
              : `if (!(${when})) {\nr.unexpectedTag(${field.tag}, version);\n}\n`;
        cases.push({ tag: field.tag, text: `case ${field.tag}:\n${check}${when === 'false' ? '' : `${name} = ${read};\nreturn true;\n`}` });
      }
    }
    if (flexible !== 'false') {
      const handler =
        cases.length === 0
          ? '() => false'
          : `(tag) => {\nswitch (tag) {\n${cases
              .sort((a, b) => a.tag - b.tag)
              .map((c) => c.text)
              .join('')}default:\nreturn false;\n}\n}`;
      body.push(flexible === 'true' ? `r.taggedFields(${handler});` : `if (flexible) {\nr.taggedFields(${handler});\n}`);
    }
    const fields = struct.fields.map((f) =>
      localName(f.camel) === f.camel && key(f) === f.camel ? f.camel : `${key(f)}: ${localName(f.camel)}`,
    );
    body.push(`return { ${fields.join(', ')} };`);
    let text = body.join('\n');
    text = (flex === 'flexible' ? `const flexible = ${flexible};\n` : '') + text;
    const versionParam = /\bversion\b/.test(text) ? 'version' : '_version';
    const readerParam = /\br\./.test(text) ? 'r' : '_r';
    return `function read${this.tn(struct.name)}(${readerParam}: Reader, ${versionParam}: number): ${this.tn(struct.name)} {\n${text}\n}\n`;
  }

  code() {
    const functions = this.structs.map((s) => (this.side === 'request' ? this.writer(s) : this.reader(s)));
    return { types: this.types(), functions: functions.join('\n'), tables: this.minBytesTables.map((t) => t.text).join('\n\n') };
  }
}

function apiFile(api, kafkaVersion) {
  const { name, request, response } = api;
  const shared = new Set([...request.structs.keys()].filter((s) => response.structs.has(s)));
  for (const s of [...request.structs.keys(), ...response.structs.keys()]) {
    if (RUNTIME_NAMES.includes(s)) {
      throw new Error(`${name}: struct ${s} has the name of a runtime export`);
    }
  }
  const req = new MessageCode(request, 'request', shared).code();
  const res = new MessageCode(response, 'response', shared).code();
  const constant = upperSnake(name);
  const flexible = request.flexible.empty ? 'undefined' : String(request.flexible.lo);
  const body = `
/** Encodes the body of a ${name} request at \`version\` (without the request header). */
export function encode${name}Request(request: ${request.name}, version: number): Buffer {
  checkVersion(${constant}, version);
  const w = new Writer(\`${request.name} v\${version}\`);
  write${request.name}(w, request, version);
  return w.toBuffer();
}

/** Decodes the body of a ${name} response at \`version\` (after the response header); bytes left after the last field are an error. */
export function decode${name}Response(body: Buffer, version: number): ${response.name} {
  checkVersion(${constant}, version);
  const r = new Reader(body, \`${response.name} v\${version}\`);
  const value = read${response.name}(r, version);
  r.end();
  return value;
}

/** ${name}: API key ${api.apiKey}, versions ${request.valid}, flexible ${request.flexible}${request.latestVersionUnstable ? ' (the last one unstable)' : ''}. */
export const ${constant}: ApiDefinition<${request.name}, ${response.name}> = {
  name: '${name}',
  apiKey: ${api.apiKey},
  minVersion: ${request.valid.lo},
  maxVersion: ${request.valid.hi},
  firstFlexibleVersion: ${flexible},
  latestVersionUnstable: ${request.latestVersionUnstable},
  encodeRequest: encode${name}Request,
  decodeResponse: decode${name}Response,
};
`;
  const text = [req.types, res.types, req.tables, res.tables, req.functions, res.functions, body]
    .filter((part) => part !== '')
    .join('\n\n');
  const imports = [];
  const fromCommon = ['ApiDefinition', 'checkVersion', 'isDefault', 'ZERO_UUID'].filter((n) => new RegExp(`\\b${n}\\b`).test(text));
  const fromWriter = ['TaggedField', 'Writer'].filter((n) => new RegExp(`\\b${n}\\b`).test(text));
  imports.push(`import { ${fromCommon.join(', ')} } from '../common';`);
  imports.push(`import { Reader } from '../reader';`);
  imports.push(`import { ${fromWriter.join(', ')} } from '../writer';`);
  const header = `// Generated by scripts/wire/generate.mjs from ${name}Request.json and ${name}Response.json in
// kafka-clients-${kafkaVersion}.jar (Kafka ${kafkaVersion}): do not edit. \`npm run lint\` checks it is current.`;
  return `${header}\n${imports.join('\n')}\n\n${text}`;
}

function indexFile(apis, kafkaVersion, missing) {
  const lines = [
    `// Generated by scripts/wire/generate.mjs from the message specs of kafka-clients-${kafkaVersion}.jar: do not edit.`,
    ...apis.map((a) => `import { ${upperSnake(a.name)} } from './${a.name[0].toLowerCase()}${a.name.slice(1)}';`),
    '',
    `/** The Kafka version whose specs the generated code follows (scripts/kafka/version when it was generated). */`,
    `export const SPEC_KAFKA_VERSION = '${kafkaVersion}';`,
    '',
    `/** Every generated API by its spec name${missing.length > 0 ? ` (not in this jar: ${missing.join(', ')})` : ''}. */`,
    `export const GENERATED_APIS = {`,
    ...apis.map((a) => `${a.name}: ${upperSnake(a.name)},`),
    `} as const;`,
  ];
  return lines.join('\n');
}

async function main() {
  const check = process.argv.includes('--check');
  const { version, apis, missing } = loadApis();
  const config = (await prettier.resolveConfig(path.join(root, OUT_DIR, 'index.ts'))) ?? {};
  const format = (text) => prettier.format(text, { ...config, parser: 'typescript' });
  const files = new Map();
  for (const api of apis) {
    files.set(`${api.name[0].toLowerCase()}${api.name.slice(1)}.ts`, await format(apiFile(api, version)));
  }
  files.set('index.ts', await format(indexFile(apis, version, missing)));
  const dir = path.join(root, OUT_DIR);
  const existing = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const stale = [
    ...[...files]
      .filter(([file, text]) => !existing.includes(file) || fs.readFileSync(path.join(dir, file), 'utf8') !== text)
      .map(([file]) => file),
    ...existing.filter((file) => !files.has(file)),
  ].map((file) => path.join(OUT_DIR, file));
  if (check) {
    if (stale.length > 0) {
      console.error(
        `The generated wire code is not what Kafka ${version}'s specs give; run node scripts/wire/generate.mjs:\n  ${stale.join('\n  ')}`,
      );
      process.exit(1);
    }
    console.log(`wire: ${files.size} generated files match Kafka ${version}'s specs`);
    return;
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const file of existing.filter((f) => !files.has(f))) {
    fs.rmSync(path.join(dir, file));
  }
  for (const [file, text] of files) {
    fs.writeFileSync(path.join(dir, file), text);
  }
  const lines = [...files.values()].reduce((n, text) => n + text.split('\n').length - 1, 0);
  console.log(
    `wire: wrote ${files.size} files (${lines} lines) from Kafka ${version}'s specs${missing.length > 0 ? `; not in the jar: ${missing.join(', ')}` : ''}`,
  );
}

await main();
