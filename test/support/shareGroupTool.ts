/**
 * Kafka's own share group tool (`kafka-share-groups.sh`, ShareGroupCommand, Kafka 4.1+): the
 * reference the share group tests compare Kafka Explorer with, its tables parsed by their headers.
 */
import { runKafkaTool } from './kafkaTools';

export const SHARE_GROUP_COMMAND = 'org.apache.kafka.tools.consumer.group.ShareGroupCommand';

export type ToolRow = Readonly<Record<string, string>>;

/**
 * The rows of the table whose header holds `columns` (in that order), each row a record by
 * column name. The tool pads every column to its widest value (printf "%-Ns"), so a value starts
 * where its header does; slicing at the headers' positions keeps values and headers with
 * spaces in them ("COORDINATOR (ID)", "localhost:9092  (1)") whole. Rows end at a blank line.
 */
export function parseToolTable(output: string, columns: readonly string[]): ToolRow[] {
  const lines = output.split('\n');
  const headerAt = lines.findIndex((line) => {
    let from = 0;
    return columns.every((column) => {
      const at = line.indexOf(column, from);
      from = at + column.length;
      return at >= 0;
    });
  });
  if (headerAt < 0) {
    throw new Error(`no table with the columns ${columns.join(', ')} in:\n${output}`);
  }
  const header = lines[headerAt];
  const starts: number[] = [];
  for (const column of columns) {
    starts.push(header.indexOf(column, starts.length === 0 ? 0 : starts[starts.length - 1] + 1));
  }
  const rows: ToolRow[] = [];
  for (const line of lines.slice(headerAt + 1)) {
    if (line.trim() === '') {
      break;
    }
    rows.push(Object.fromEntries(columns.map((column, i) => [column, line.slice(starts[i], starts[i + 1]).trim()])));
  }
  return rows;
}

export function shareGroupTool(bootstrap: string, args: readonly string[]): string {
  return runKafkaTool(SHARE_GROUP_COMMAND, ['--bootstrap-server', bootstrap, ...args]);
}

/** `--describe --verbose` (offsets): GROUP TOPIC PARTITION LEADER-EPOCH START-OFFSET LAG; none when the group has no offset information. */
export function toolOffsets(bootstrap: string, groupId: string): ToolRow[] {
  const out = shareGroupTool(bootstrap, ['--describe', '--group', groupId, '--verbose']);
  if (/has no offset information/.test(out)) {
    return [];
  }
  return parseToolTable(out, ['GROUP', 'TOPIC', 'PARTITION', 'LEADER-EPOCH', 'START-OFFSET', 'LAG']);
}

/** `--describe --members --verbose`: GROUP CONSUMER-ID HOST CLIENT-ID #PARTITIONS MEMBER-EPOCH ASSIGNMENT. */
export function toolMembers(bootstrap: string, groupId: string): ToolRow[] {
  const out = shareGroupTool(bootstrap, ['--describe', '--members', '--group', groupId, '--verbose']);
  return parseToolTable(out, ['GROUP', 'CONSUMER-ID', 'HOST', 'CLIENT-ID', '#PARTITIONS', 'MEMBER-EPOCH', 'ASSIGNMENT']);
}

/** `--describe --state --verbose`: GROUP COORDINATOR (ID) STATE GROUP-EPOCH ASSIGNMENT-EPOCH #MEMBERS. */
export function toolState(bootstrap: string, groupId: string): ToolRow {
  const out = shareGroupTool(bootstrap, ['--describe', '--state', '--group', groupId, '--verbose']);
  const [row] = parseToolTable(out, ['GROUP', 'COORDINATOR (ID)', 'STATE', 'GROUP-EPOCH', 'ASSIGNMENT-EPOCH', '#MEMBERS']);
  return row;
}

/** `--reset-offsets ... --dry-run`: GROUP TOPIC PARTITION NEW-OFFSET, as "topic:partition" → offset. */
export function toolResetDryRun(bootstrap: string, groupId: string, spec: readonly string[]): Map<string, bigint> {
  const out = shareGroupTool(bootstrap, ['--reset-offsets', '--group', groupId, '--dry-run', ...spec]);
  const rows = parseToolTable(out, ['GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET']);
  return new Map(rows.map((r) => [`${r.TOPIC}:${r.PARTITION}`, BigInt(r['NEW-OFFSET'])]));
}
