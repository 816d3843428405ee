/**
 * The generated wire code (src/kafka/wire/generated) against Kafka's own message classes, on
 * the same specs: for every API and every version, sample messages (test/support/wireSamples.mjs)
 * go to a small Java program (test/java/WireRoundTrip.java, compiled here against the pinned
 * Kafka's jars), which
 *  - writes each request with Kafka's RequestData classes: our encoding must be the same bytes,
 *    and Kafka must read our bytes back as the same message;
 *  - writes each response with Kafka's ResponseData classes: our decoder reads those bytes, and
 *    what it read must be the same message to Kafka (every field, defaults of fields the version
 *    lacks included). Every shorter prefix of those bytes and one byte more must be errors.
 * Needs Java and the jars: without them this fails, it does not skip.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiDefinition, WireError } from '../../src/kafka/wire/common';
import { GENERATED_APIS, SPEC_KAFKA_VERSION } from '../../src/kafka/wire/generated';
import { kafkaLibs } from '../harness/kafka';
import { repoRoot } from '../harness/paths';
import { mutate, Random } from '../fuzz/mutator';
import { writeWireSeeds } from '../fuzz/wireSeeds';

/** Mutated copies of each of Kafka's responses that our decoder must read or refuse with a WireError. */
const MUTATIONS_PER_RESPONSE = 200;

type ApiName = keyof typeof GENERATED_APIS;
type AnyApi = ApiDefinition<unknown, unknown>;

interface Sample {
  readonly api: ApiName;
  readonly version: number;
  readonly kind: 'request' | 'response';
  readonly sample: number;
  readonly value: unknown;
  /** Responses: what a decoder gives (fields the version lacks at their defaults). */
  readonly expected?: unknown;
}

/** Undefined when `decode` throws a WireError, else what it did instead. */
function refusal(decode: () => unknown): string | undefined {
  try {
    decode();
    return 'read without an error';
  } catch (error) {
    return error instanceof WireError ? undefined : `threw ${String(error)}, not a WireError`;
  }
}

interface JavaAnswer {
  readonly id: number;
  readonly bytes?: string;
  readonly mismatch?: string;
  readonly error?: string;
}

/** int64 as bigint and bytes as Buffer, from the samples' JSON. */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(revive);
  }
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (typeof object.$int64 === 'string') {
      return BigInt(object.$int64);
    }
    if (typeof object.$bytes === 'string') {
      return Buffer.from(object.$bytes, 'base64');
    }
    return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}

const INT64_MARK = '\u0000int64:';

/** Kafka's JSON form of a message (its JsonConverters' input): int64 as exact numbers, bytes as base64. */
function kafkaJson(value: unknown): string {
  const text = JSON.stringify(value, function (this: Record<string, unknown>, key: string, item: unknown) {
    const original = this[key];
    if (Buffer.isBuffer(original)) {
      return original.toString('base64');
    }
    return typeof item === 'bigint' ? `${INT64_MARK}${item}` : item;
  });
  return text.replace(/"\\u0000int64:(-?\d+)"/g, '$1');
}

function runJava(classpath: string, cases: readonly object[]): Map<number, JavaAnswer> {
  const run = spawnSync('java', ['-cp', classpath, 'WireRoundTrip'], {
    input: cases.map((c) => kafkaJson(c)).join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error || run.status !== 0) {
    throw new Error(`java WireRoundTrip failed (${run.error?.message ?? `exit ${run.status}`}):\n${run.stderr}`);
  }
  const answers = run.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as JavaAnswer);
  return new Map(answers.map((a) => [a.id, a]));
}

describe('generated wire code against Kafka’s own message classes', function () {
  this.timeout(300_000);
  /** API name → what went wrong, one line each. */
  const failures = new Map<ApiName, string[]>();
  /** API name → how many messages each kind checked, and at which versions. */
  const checked = new Map<ApiName, { requests: number; responses: number; versions: Set<number> }>();

  before(function () {
    const pinned = fs.readFileSync(path.join(repoRoot, 'scripts/kafka/version'), 'utf8').trim();
    assert.equal(
      SPEC_KAFKA_VERSION,
      pinned,
      'the generated code is from another Kafka than the pinned one: run node scripts/wire/generate.mjs',
    );
    for (const tool of ['java', 'javac']) {
      const probe = spawnSync(tool, ['-version'], { encoding: 'utf8' });
      assert.equal(probe.error, undefined, `${tool} is needed for this test (scripts/setup.sh installs a JDK): ${probe.error?.message}`);
    }
    const libs = kafkaLibs(SPEC_KAFKA_VERSION);
    assert.ok(fs.existsSync(path.join(libs, `kafka-clients-${SPEC_KAFKA_VERSION}.jar`)), `no kafka-clients jar in ${libs}`);
    const classes = fs.mkdtempSync(path.join(os.tmpdir(), 'wire-round-trip-'));
    execFileSync('javac', ['-cp', `${libs}/*`, '-d', classes, path.join(repoRoot, 'test/java/WireRoundTrip.java')], { stdio: 'inherit' });
    const classpath = `${classes}${path.delimiter}${libs}/*`;

    const samples = JSON.parse(
      execFileSync(process.execPath, [path.join(repoRoot, 'test/support/wireSamples.mjs')], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      }),
    ) as Sample[];
    const fail = (s: Sample, why: string) => {
      const list = failures.get(s.api) ?? [];
      list.push(`v${s.version} ${s.kind} sample ${s.sample}: ${why}`);
      failures.set(s.api, list);
    };
    const count = (s: Sample) => {
      const c = checked.get(s.api) ?? { requests: 0, responses: 0, versions: new Set<number>() };
      c.versions.add(s.version);
      c[s.kind === 'request' ? 'requests' : 'responses']++;
      checked.set(s.api, c);
    };

    const fuzzSeeds = new Map<string, string[]>();
    // Kafka writes every message; it also reads our requests.
    const round1: object[] = [];
    samples.forEach((s, id) => {
      const api = GENERATED_APIS[s.api] as AnyApi;
      const value = revive(s.value);
      if (s.kind === 'response') {
        round1.push({ id, api: s.api, version: s.version, kind: 'response', json: value });
        return;
      }
      try {
        const ours = api.encodeRequest(value, s.version);
        round1.push({ id, api: s.api, version: s.version, kind: 'request', json: value, ours: ours.toString('hex') });
      } catch (error) {
        fail(s, `our encoder threw ${String(error)}`);
      }
    });
    const answers = runJava(classpath, round1);

    // Our decoder on Kafka's bytes of each response.
    samples.forEach((s, id) => {
      const answer = answers.get(id);
      if (!answer) {
        return; // our encoder failed: reported above
      }
      if (answer.error || answer.mismatch) {
        fail(s, answer.mismatch ?? `Kafka: ${answer.error}`);
        return;
      }
      if (s.kind === 'response') {
        checkDecoder(s, Buffer.from(answer.bytes ?? '', 'hex'));
      }
      if (!failures.get(s.api)?.some((f) => f.startsWith(`v${s.version} ${s.kind} sample ${s.sample}:`))) {
        count(s);
      }
    });

    function checkDecoder(s: Sample, bytes: Buffer): void {
      const api = GENERATED_APIS[s.api] as AnyApi;
      let decoded: unknown;
      try {
        decoded = api.decodeResponse(bytes, s.version);
      } catch (error) {
        fail(s, `our decoder threw ${String(error)} on Kafka's ${bytes.toString('hex')}`);
        return;
      }
      try {
        assert.deepStrictEqual(decoded, revive(s.expected));
      } catch (error) {
        fail(s, `our decoder read something else from Kafka's ${bytes.toString('hex')}:\n${(error as Error).message}`);
      }
      for (let length = 0; length < bytes.length; length++) {
        const problem = refusal(() => api.decodeResponse(bytes.subarray(0, length), s.version));
        if (problem) {
          fail(s, `the first ${length} of ${bytes.length} bytes: ${problem}`);
          break;
        }
      }
      const longer = refusal(() => api.decodeResponse(Buffer.concat([bytes, Buffer.from([0])]), s.version));
      if (longer) {
        fail(s, `one byte more: ${longer}`);
      }
      // A short fuzz pass from Kafka's own bytes (npm run fuzz goes on from the seeds kept below).
      const random = new Random(s.sample * 1000 + s.version);
      for (let i = 0; i < MUTATIONS_PER_RESPONSE; i++) {
        const mutated = mutate(bytes, random);
        const problem = refusal(() => api.decodeResponse(mutated, s.version));
        if (problem && problem !== 'read without an error') {
          fail(s, `a mutation ${mutated.toString('hex')}: ${problem}`);
          break;
        }
      }
      const kept = fuzzSeeds.get(s.api) ?? [];
      kept.push(bytes.toString('hex'));
      fuzzSeeds.set(s.api, kept);
    }
    writeWireSeeds(fuzzSeeds);
  });

  for (const [name, api] of Object.entries(GENERATED_APIS) as Array<[ApiName, AnyApi]>) {
    it(`${name} v${api.minVersion}-v${api.maxVersion}: requests byte for byte, responses value for value`, () => {
      assert.deepEqual(failures.get(name) ?? [], []);
      const c = checked.get(name);
      const versions = api.maxVersion - api.minVersion + 1;
      assert.ok(c, `no ${name} message was checked`);
      assert.equal(c.versions.size, versions, `versions checked: ${[...c.versions].join(', ')}`);
      assert.ok(c.requests >= versions * 3 && c.responses >= versions * 3, `${c.requests} requests, ${c.responses} responses`);
    });
  }
});
