import * as vscode from 'vscode';
import { describeAclResource, describeAclRule } from '../../kafka/admin/acls';
import { formatBytes, formatConfigValue, formatCount } from '../../kafka/admin/configFormat';
import { describeSecurity } from '../../kafka/connection/security';
import { describeGrowth, formatRate } from '../../kafka/trends';
import { groupTypeLabel } from '../../kafka/groups/groupTypes';
import { ClusterTreeNode, NodeOfKind, nodeId } from '../../workbench/treeNodes';

const { Collapsed, None } = vscode.TreeItemCollapsibleState;

function plural(count: number | bigint, word: string): string {
  return `${formatCount(count)} ${word}${count === 1 || count === 1n ? '' : 's'}`;
}

/** A tooltip built from text that may come from Kafka: every value is escaped. */
function tooltip(title: string, name: string, rows: Array<[string, string]>): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.appendMarkdown(`**${title}** `).appendText(name);
  for (const [label, value] of rows) {
    md.appendMarkdown(`  \n${label}: `).appendText(value);
  }
  return md;
}

function item(
  node: ClusterTreeNode,
  label: string | vscode.TreeItemLabel,
  collapsible: vscode.TreeItemCollapsibleState,
  icon: string,
  color?: string,
): vscode.TreeItem {
  const result = new vscode.TreeItem(label, collapsible);
  result.id = nodeId(node);
  result.contextValue = node.kind;
  result.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
  return result;
}

const list = (ids: readonly number[]) => `[${ids.join(',')}]`;

const bytes = (value: bigint) => formatBytes(Number(value));

function topicItem(node: NodeOfKind<'topic'>): vscode.TreeItem {
  const { topic, messageCount, size, messagesPerSecond: rate } = node;
  const underReplicated = topic.partitions.filter((p) => p.underReplicated).length;
  const offline = topic.partitions.filter((p) => p.leader < 0).length;
  const parts = [plural(topic.partitions.length, 'partition'), `RF ${topic.replicationFactor}`];
  if (messageCount !== undefined) {
    parts.push(`~${plural(messageCount, 'msg')}`);
  }
  if (size?.leaderBytes !== undefined) {
    parts.push(bytes(size.leaderBytes));
  }
  // A topic nobody writes to says nothing about its rate: "0 msg/s" on every idle topic is noise.
  if (rate !== undefined && formatRate(rate) !== formatRate(0)) {
    parts.push(formatRate(rate));
  }
  if (underReplicated > 0) {
    parts.push(`${underReplicated} under-replicated`);
  }
  if (offline > 0) {
    parts.push(`${offline} offline`);
  }
  const warning = underReplicated > 0 || offline > 0;
  const result = item(
    node,
    topic.name,
    Collapsed,
    warning ? 'warning' : topic.internal ? 'gear' : 'symbol-event',
    warning ? 'list.warningForeground' : undefined,
  );
  result.contextValue = topic.internal ? 'topic.internal' : 'topic';
  result.description = parts.join(' · ');
  result.tooltip = tooltip('Topic', topic.name, [
    ['Partitions', String(topic.partitions.length)],
    ['Replication factor', String(topic.replicationFactor)],
    ['Messages (latest − earliest offsets)', messageCount === undefined ? 'unknown' : formatCount(messageCount)],
    // Left out, not "unknown", when the brokers cannot tell (no DESCRIBE on the cluster, before Kafka 2.4).
    ...(size?.leaderBytes !== undefined ? ([['Size (leader replicas)', bytes(size.leaderBytes)]] as Array<[string, string]>) : []),
    ...(size?.replicaBytes !== undefined ? ([['On disk (all replicas)', bytes(size.replicaBytes)]] as Array<[string, string]>) : []),
    ...(rate !== undefined ? ([['Messages in', formatRate(rate)]] as Array<[string, string]>) : []),
    ['Under-replicated partitions', String(underReplicated)],
    ...(topic.internal ? ([['Internal', 'yes']] as Array<[string, string]>) : []),
  ]);
  return result;
}

function partitionItem(node: NodeOfKind<'partition'>): vscode.TreeItem {
  const { partition: p, offsets } = node;
  const warning = p.underReplicated || p.leader < 0;
  const result = item(
    node,
    `partition ${p.partition}`,
    None,
    warning ? 'warning' : 'layers',
    warning ? 'list.warningForeground' : undefined,
  );
  const offsetText = offsets ? `offsets ${formatCount(offsets.earliest)}–${formatCount(offsets.latest)}` : 'offsets unknown';
  result.description = [
    p.leader < 0 ? 'no leader' : `leader ${p.leader}`,
    `replicas ${list(p.replicas)}`,
    `isr ${list(p.isr)}`,
    offsetText,
    ...(p.underReplicated ? ['under-replicated'] : []),
  ].join(' · ');
  result.tooltip = tooltip('Partition', `${node.topicName} [${p.partition}]`, [
    ['Leader', p.leader < 0 ? 'none (offline)' : String(p.leader)],
    ['Replicas', list(p.replicas)],
    ['In-sync replicas', list(p.isr)],
    ...(p.offlineReplicas.length > 0 ? ([['Offline replicas', list(p.offlineReplicas)]] as Array<[string, string]>) : []),
    ['Earliest offset', offsets ? formatCount(offsets.earliest) : 'unknown'],
    ['Latest offset', offsets ? formatCount(offsets.latest) : 'unknown'],
    ['Messages', offsets ? formatCount(offsets.latest - offsets.earliest) : 'unknown'],
  ]);
  return result;
}

function groupItem(node: NodeOfKind<'group'>): vscode.TreeItem {
  const { group, growth } = node;
  const result = item(
    node,
    group.groupId,
    Collapsed,
    group.error || growth ? 'warning' : 'organization',
    growth ? 'list.warningForeground' : undefined,
  );
  // Classic groups are most groups: only the other types are named in the row.
  result.description = [
    ...(group.type === 'classic' ? [] : [group.type.startsWith('unknown:') ? 'unknown type' : group.type]),
    group.state,
    plural(group.members.length, 'member'),
    `lag ${formatCount(group.totalLag)}${growth ? ', growing' : ''}`,
  ].join(' · ');
  result.contextValue = `group.${group.type.startsWith('unknown:') ? 'unknown' : group.type}`;
  const epochs: Array<[string, string]> =
    group.groupEpoch === undefined
      ? []
      : [
          ['Group epoch', String(group.groupEpoch)],
          [group.type === 'streams' ? 'Target assignment epoch' : 'Assignment epoch', String(group.assignmentEpoch ?? '-')],
        ];
  const tip = tooltip(group.type === 'classic' || group.type === 'consumer' ? 'Consumer group' : 'Group', group.groupId, [
    ['Type', groupTypeLabel(group.type)],
    ['State', group.state],
    ['Protocol', `${group.protocolType || '-'} / ${group.protocol || '-'}`],
    ...epochs,
    ['Members', String(group.members.length)],
    [group.type === 'share' ? 'Total lag (undelivered)' : 'Total lag', formatCount(group.totalLag)],
    ...(group.error ? ([['Error', group.error]] as Array<[string, string]>) : []),
  ]);
  if (growth) {
    // Our own words and numbers only (no text from Kafka): markdown as it is, spaces not turned into &nbsp;.
    tip.appendMarkdown(`  \n${describeGrowth(growth)}`);
  }
  result.tooltip = tip;
  return result;
}

/** The Topics or Consumer Groups folder's filter, and whether its groups are too many to refresh live. */
export function describeFolder(
  item: vscode.TreeItem,
  kind: 'topics' | 'groups',
  filter: string,
  notPolled: { groups: number; maxGroups: number } | undefined,
): void {
  const parts = [
    ...(filter ? [`filter: ${filter}`] : []),
    ...(notPolled ? [`live refresh off: ${formatCount(notPolled.groups)} groups`] : []),
  ];
  item.description = parts.length > 0 ? parts.join(' · ') : undefined;
  item.contextValue = filter ? `${kind}.filtered` : kind;
  if (notPolled) {
    item.tooltip =
      `Live refresh is off for these ${formatCount(notPolled.groups)} consumer groups: more than kafkaExplorer.liveRefresh.maxGroups ` +
      `(${formatCount(notPolled.maxGroups)}). Raise that setting to refresh them live; Refresh still loads them.`;
  }
}

export function toTreeItem(node: ClusterTreeNode): vscode.TreeItem {
  switch (node.kind) {
    case 'cluster': {
      const result = item(node, node.cluster.name, Collapsed, 'server-environment');
      result.description = node.cluster.bootstrapServers.join(', ');
      result.tooltip = tooltip('Cluster', node.cluster.name, [
        ['Bootstrap servers', node.cluster.bootstrapServers.join(', ')],
        ['Security', describeSecurity(node.cluster.sasl, node.cluster.tls)],
        ...(node.cluster.clientId ? ([['Client id', node.cluster.clientId]] as Array<[string, string]>) : []),
      ]);
      if (node.cluster.tls?.insecureSkipVerify) {
        result.iconPath = new vscode.ThemeIcon('server-environment', new vscode.ThemeColor('list.warningForeground'));
      }
      return result;
    }
    case 'brokers':
      return item(node, 'Brokers', Collapsed, 'server');
    case 'topics':
      return item(node, 'Topics', Collapsed, 'list-unordered');
    case 'groups':
      return item(node, 'Consumer Groups', Collapsed, 'organization');
    case 'schemas':
      return item(node, 'Schemas', Collapsed, 'symbol-structure');
    case 'acls':
      return item(node, 'ACLs', Collapsed, 'shield');
    case 'aclGrouping':
      return item(
        node,
        node.by === 'principal' ? 'By principal' : 'By resource',
        Collapsed,
        node.by === 'principal' ? 'person' : 'symbol-namespace',
      );
    case 'aclGroup': {
      const result = item(node, node.label, Collapsed, node.by === 'principal' ? 'account' : 'symbol-field');
      result.description = plural(node.acls.length, 'ACL');
      return result;
    }
    case 'acl': {
      const { acl } = node;
      const allow = acl.permission === 'ALLOW';
      // Under a principal the label says the rule; under a resource it says whose rule it is.
      const label =
        node.by === 'principal' ? describeAclRule(acl) : `${acl.permission} ${acl.operation} for ${acl.principal} from ${acl.host}`;
      const result = item(node, label, None, allow ? 'pass' : 'circle-slash', allow ? undefined : 'errorForeground');
      result.tooltip = tooltip('ACL', `${acl.permission} ${acl.operation}`, [
        ['Principal', acl.principal],
        ['Host', acl.host],
        ['Resource', describeAclResource(acl)],
      ]);
      return result;
    }
    case 'subject': {
      const { subject } = node;
      const result = item(node, subject.name, Collapsed, 'symbol-class');
      result.description = [subject.schemaType, `v${subject.latestVersion}`, subject.compatibility].join(' · ');
      result.tooltip = tooltip('Subject', subject.name, [
        ['Type', subject.schemaType],
        ['Versions', subject.versions.join(', ')],
        ['Latest', `version ${subject.latestVersion} (schema id ${subject.latestId})`],
        ['Compatibility', subject.compatibility],
      ]);
      return result;
    }
    case 'schemaVersion': {
      const latest = node.version === node.subject.latestVersion;
      const result = item(node, `version ${node.version}`, None, 'versions');
      result.description = latest ? `latest · id ${node.subject.latestId}` : undefined;
      result.contextValue = latest ? 'schemaVersion.latest' : 'schemaVersion';
      result.tooltip = `${node.subject.name} version ${node.version}: click to open it (read-only)`;
      result.command = { command: 'kafkaExplorer.openSchema', title: 'Open Schema', arguments: [node] };
      return result;
    }
    case 'broker': {
      const { broker } = node;
      const result = item(node, `broker ${broker.id}`, None, broker.isController ? 'star-full' : 'server-process');
      result.description = [
        `${broker.host}:${broker.port}`,
        ...(broker.rack ? [`rack ${broker.rack}`] : []),
        ...(broker.isController ? ['controller'] : []),
      ].join(' · ');
      result.tooltip = tooltip('Broker', String(broker.id), [
        ['Address', `${broker.host}:${broker.port}`],
        ['Rack', broker.rack ?? 'none'],
        ['Controller', broker.isController ? 'yes' : 'no'],
      ]);
      return result;
    }
    case 'topic':
      return topicItem(node);
    case 'topicConfigs':
      return item(node, 'Configuration', Collapsed, 'settings-gear');
    case 'config': {
      const { entry } = node;
      const value = entry.sensitive ? '(sensitive)' : formatConfigValue(entry.name, entry.value);
      const result = item(
        node,
        { label: `${entry.name} = ${value}`, highlights: entry.isDefault ? [] : [[0, entry.name.length]] },
        None,
        entry.isDefault ? 'circle-small' : 'circle-filled',
      );
      result.contextValue = entry.readOnly ? 'config.readOnly' : 'config';
      result.description = entry.isDefault
        ? 'default'
        : entry.source === 'TOPIC_CONFIG'
          ? 'set on topic'
          : entry.source.toLowerCase().replace(/_/g, ' ');
      result.tooltip = tooltip('Config', entry.name, [
        ['Value', value],
        ['Source', entry.source],
        ['Read-only', entry.readOnly ? 'yes' : 'no'],
      ]);
      return result;
    }
    case 'partition':
      return partitionItem(node);
    case 'group':
      return groupItem(node);
    case 'groupMember': {
      const { member } = node;
      const assigned = member.assignment.reduce((n, a) => n + a.partitions.length, 0);
      const result = item(node, member.clientId || member.memberId, None, 'person');
      result.description = `${member.host} · ${plural(assigned, 'partition')}`;
      const partitionsText = (assignment: typeof member.assignment) =>
        assignment.map((a) => `${a.topic} ${list(a.partitions)}`).join('; ') || 'nothing';
      result.tooltip = tooltip('Member', member.memberId, [
        ['Client id', member.clientId],
        ['Host', member.host],
        ...(member.memberEpoch === undefined ? [] : ([['Member epoch', String(member.memberEpoch)]] as Array<[string, string]>)),
        ['Assigned', partitionsText(member.assignment)],
        ...(member.targetAssignment === undefined
          ? []
          : ([['Target assignment', partitionsText(member.targetAssignment)]] as Array<[string, string]>)),
      ]);
      return result;
    }
    case 'groupOffset': {
      const { offset } = node;
      const share = node.groupType === 'share';
      const lagging = (offset.lag ?? 0n) > 0n;
      const result = item(
        node,
        `${offset.topic} [${offset.partition}]`,
        None,
        'debug-stackframe-dot',
        lagging ? 'list.warningForeground' : undefined,
      );
      result.contextValue = share ? 'groupOffset.share' : 'groupOffset';
      // A share group's start offset is -1 until the share-partition is initialized.
      const position = offset.committed < 0n ? 'not initialized' : formatCount(offset.committed);
      result.description = [
        `${share ? 'start' : 'committed'} ${position}`,
        `latest ${offset.latest === undefined ? '?' : formatCount(offset.latest)}`,
        `lag ${offset.lag === undefined ? '?' : formatCount(offset.lag)}`,
      ].join(' · ');
      result.tooltip = tooltip(share ? 'Share-partition' : 'Committed offset', `${offset.topic} [${offset.partition}]`, [
        [share ? 'Start offset' : 'Committed', position],
        ['Latest', offset.latest === undefined ? 'unknown (topic deleted?)' : formatCount(offset.latest)],
        ['Lag', offset.lag === undefined ? 'unknown' : formatCount(offset.lag)],
        [offset.memberIds.length > 1 ? 'Members' : 'Member', offset.memberIds.join(', ') || 'none'],
      ]);
      return result;
    }
    case 'error': {
      const result = item(node, node.message, None, 'error', 'errorForeground');
      result.description = node.retryInSeconds === undefined ? undefined : `retrying in ${node.retryInSeconds} s`;
      result.tooltip = `${node.message}\n\n${node.retryInSeconds === undefined ? 'Click to retry.' : `Retrying by itself in ${node.retryInSeconds} s; click to retry now.`}`;
      result.command = { command: 'kafkaExplorer.refresh', title: 'Retry', arguments: [node] };
      return result;
    }
    case 'info':
      return item(node, node.message, None, 'info');
  }
}
