/**
 * Confluent's own Python client (confluent-kafka 2.16.1 in the project's virtualenv, made by
 * scripts/python/venv.sh) as an independent writer and reader of Schema Registry messages:
 * test/python/sr_write.py and sr_read.py.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Node, parseTree } from 'jsonc-parser';
import { compactJson } from '../../src/codecs/jsonText';
import { repoRoot } from '../harness/paths';

let python: string | undefined;

function venvPython(): string {
  python ??= execFileSync('bash', [path.join(repoRoot, 'scripts/python/venv.sh')], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!;
  return python;
}

export const schemaFile = (name: string): string => path.join(repoRoot, 'test/fixtures/schemas', name);

export interface PythonTarget {
  readonly bootstrapServers: readonly string[];
  readonly registryUrl: string;
  readonly topic: string;
}

function run(script: string, args: string[], input?: string): string {
  const result = spawnSync(venvPython(), [path.join(repoRoot, 'test/python', script), ...args], {
    input,
    encoding: 'utf8',
    timeout: 90000,
  });
  assert.equal(result.status, 0, `${script} ${args.join(' ')}: exit ${result.status}\n${result.stderr}`);
  return result.stdout;
}

/**
 * Interleaved transactions on partition 0 of `topic` (test/python/txn_write.py): c1 and c2 committed,
 * a1 and a2 aborted, p1 outside any transaction between them.
 */
export function pythonWriteTransactions(bootstrapServers: readonly string[], topic: string): void {
  assert.equal(run('txn_write.py', ['--bootstrap', bootstrapServers.join(','), '--topic', topic]).trim(), 'done');
}

/** Writes each value (one JSON text per line, as Python reads it: ints exact) with Confluent's serializer. */
export function pythonWrite(
  target: PythonTarget,
  format: 'avro' | 'protobuf' | 'json',
  schema: string,
  values: readonly string[],
  extra: string[] = [],
): void {
  run(
    'sr_write.py',
    [
      '--bootstrap',
      target.bootstrapServers.join(','),
      '--registry',
      target.registryUrl,
      '--topic',
      target.topic,
      '--format',
      format,
      '--schema-file',
      schemaFile(schema),
      ...extra,
    ],
    values.join('\n') + '\n',
  );
}

/** Reads `count` values with Confluent's deserializer; each value's JSON text as Python printed it, compacted (never through JSON.parse). */
export function pythonRead(target: PythonTarget, format: 'avro' | 'protobuf' | 'json', count: number, extra: string[] = []): string[] {
  const out = run('sr_read.py', [
    '--bootstrap',
    target.bootstrapServers.join(','),
    '--registry',
    target.registryUrl,
    '--topic',
    target.topic,
    '--format',
    format,
    '--count',
    String(count),
    ...extra,
  ]);
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const root = parseTree(line);
      const value = root?.children?.find((p) => p.children?.[0].value === 'value')?.children?.[1] as Node | undefined;
      assert.ok(value, `no value in ${line}`);
      return compactJson(line.slice(value.offset, value.offset + value.length));
    });
}
