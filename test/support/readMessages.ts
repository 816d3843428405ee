import { spawnSync } from 'node:child_process';
import { waitFor } from '../harness/processes';

export interface ReceivedMessage {
  readonly key: Buffer | null;
  readonly value: Buffer;
  readonly partition: number;
  readonly offset: string;
  readonly headers: Record<string, string>;
}

/**
 * Every message of a topic, read by kcat (librdkafka, another client than ours) from the
 * start of each partition to its end: no consumer group to form, so it takes milliseconds.
 * Each record is a line "partition offset keyLength valueLength headers" followed by the raw
 * key and value bytes, so binary keys and values come back exactly.
 */
function readAll(bootstrapServers: string[], topic: string): ReceivedMessage[] {
  const run = spawnSync(
    'kcat',
    ['-C', '-b', bootstrapServers.join(','), '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%p %o %K %S %h\n%k%s'],
    { timeout: 30000 },
  );
  if (run.status !== 0) {
    throw new Error(`kcat exited with ${run.status}: ${String(run.stderr)}`);
  }
  const out = run.stdout;
  const messages: ReceivedMessage[] = [];
  for (let at = 0; at < out.length;) {
    const newline = out.indexOf(0x0a, at);
    const [partition, offset, keyLength, valueLength, ...headerText] = out.subarray(at, newline).toString('utf8').split(' ');
    let next = newline + 1;
    const take = (length: number) => {
      const bytes = Buffer.from(out.subarray(next, next + length));
      next += length;
      return bytes;
    };
    const key = Number(keyLength) < 0 ? null : take(Number(keyLength));
    const value = take(Math.max(0, Number(valueLength)));
    const headers = Object.fromEntries(
      headerText
        .join(' ')
        .split(',')
        .filter((pair) => pair.includes('='))
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    );
    messages.push({ key, value, partition: Number(partition), offset, headers });
    at = next;
  }
  return messages;
}

/** Reads the topic until it holds at least `count` messages (the produce under test was acknowledged, so usually at once). */
export async function readMessages(bootstrapServers: string[], topic: string, count: number): Promise<ReceivedMessage[]> {
  let messages: ReceivedMessage[] = [];
  await waitFor(
    `${count} messages from ${topic}`,
    async () => {
      messages = readAll(bootstrapServers, topic);
      return messages.length >= count ? true : undefined;
    },
    { timeoutMs: 30000, seen: () => `${messages.length} messages` },
  );
  return messages;
}
