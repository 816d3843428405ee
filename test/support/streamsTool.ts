/**
 * Reading what Kafka's kafka-streams-groups.sh (StreamsGroupCommand) prints and what a Kafka
 * Streams app's Topology#describe() says, for test/integration/streamsGroups.test.ts.
 */
import { StreamsSubtopology } from '../../src/kafka/groups/streamsGroups';

export interface ToolTable {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, string>[];
}

/**
 * A table of the tool, read by its header (the line starting with `firstColumn`): the tool pads
 * every column but the last to the widest value (printf "%-Ns"), so a value starts where its
 * column's name does, and the last column (ASSIGNMENTS, which has spaces) runs to the end of the
 * line. A name in parentheses belongs to the one before it ("COORDINATOR (ID)").
 */
export function parseToolTable(output: string, firstColumn: string): ToolTable {
  const lines = output.split('\n').filter((line) => line.trim() !== '');
  const headerAt = lines.findIndex((line) => line.startsWith(`${firstColumn} `));
  if (headerAt < 0) {
    throw new Error(`no table with a ${firstColumn} column in the tool's output:\n${output}`);
  }
  const starts: { name: string; at: number }[] = [];
  for (const match of lines[headerAt].matchAll(/\S+/g)) {
    const last = starts[starts.length - 1];
    if (match[0].startsWith('(') && last) {
      last.name += ` ${match[0]}`;
    } else {
      starts.push({ name: match[0], at: match.index ?? 0 });
    }
  }
  const rows = lines
    .slice(headerAt + 1)
    .map((line) =>
      Object.fromEntries(
        starts.map(({ name, at }, i) => [name, line.slice(at, i + 1 < starts.length ? starts[i + 1].at : undefined).trim()]),
      ),
    );
  return { columns: starts.map((s) => s.name), rows };
}

/**
 * The subtopologies a Topology#describe() text (newlines or not) gives, named as the broker names
 * them: a topic that one subtopology writes (a sink) and another reads is a repartition topic,
 * `<appId>-<name>`; each store has its changelog `<appId>-<store>-changelog` (logging is on by
 * default). Lists sorted.
 */
export function topologyOfDescription(text: string, appId: string): StreamsSubtopology[] {
  const parts = text.split(/Sub-topology: /).slice(1);
  const parsed = parts.map((part) => {
    const id = part.trim().split(/\s+/)[0];
    const sources = [...part.matchAll(/\(topics: \[([^\]]*)\]\)/g)].flatMap((m) => m[1].split(',').map((t) => t.trim()));
    const sinks = [...part.matchAll(/\(topic: ([^)\s]+)\)/g)].map((m) => m[1]);
    const stores = [...part.matchAll(/\(stores: \[([^\]]*)\]\)/g)].flatMap((m) => m[1].split(',').map((s) => s.trim()));
    return { id, sources: sources.filter(Boolean), sinks, stores: stores.filter(Boolean) };
  });
  const internal = new Set(parsed.flatMap((p) => p.sinks).filter((sink) => parsed.some((p) => p.sources.includes(sink))));
  const sorted = (names: string[]) => [...new Set(names)].sort();
  return parsed.map((p) => ({
    subtopologyId: p.id,
    sourceTopics: sorted(p.sources.filter((t) => !internal.has(t))),
    repartitionSinkTopics: sorted(p.sinks.filter((t) => internal.has(t)).map((t) => `${appId}-${t}`)),
    stateChangelogTopics: sorted(p.stores.map((s) => `${appId}-${s}-changelog`)),
    repartitionSourceTopics: sorted(p.sources.filter((t) => internal.has(t)).map((t) => `${appId}-${t}`)),
  }));
}

/** A subtopology with its topic lists sorted, to compare with topologyOfDescription. */
export function sortedSubtopology(s: StreamsSubtopology): StreamsSubtopology {
  return {
    subtopologyId: s.subtopologyId,
    sourceTopics: [...s.sourceTopics].sort(),
    repartitionSinkTopics: [...s.repartitionSinkTopics].sort(),
    stateChangelogTopics: [...s.stateChangelogTopics].sort(),
    repartitionSourceTopics: [...s.repartitionSourceTopics].sort(),
  };
}
