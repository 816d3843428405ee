import * as vscode from 'vscode';

export const SECTION = 'kafkaExplorer';

/** A setting that must be one of `allowed`: anything else (a typo in settings.json) is the fallback. */
export function oneOf<T extends string>(allowed: readonly T[], value: unknown, fallback: T): T {
  return (allowed as readonly unknown[]).includes(value) ? (value as T) : fallback;
}

export interface TimeoutSettings {
  readonly connectionTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

export function readTimeoutSettings(): TimeoutSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    connectionTimeoutMs: Math.max(100, config.get<number>('connectionTimeoutMs', 5000)),
    requestTimeoutMs: Math.max(500, config.get<number>('requestTimeoutMs', 10000)),
  };
}

export function affectsTimeouts(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.connectionTimeoutMs`) || event.affectsConfiguration(`${SECTION}.requestTimeoutMs`);
}

export function showInternalTopics(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('showInternalTopics', false);
}

export async function setShowInternalTopics(show: boolean): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update('showInternalTopics', show, vscode.ConfigurationTarget.Global);
}

export interface LiveRefreshSettings {
  /** Between two polls of what is expanded in the Kafka view; 0: live refresh off. */
  readonly intervalMs: number;
  /** A cluster with more consumer groups than this is not polled (each poll describes them all). */
  readonly maxGroups: number;
}

/** Each poll costs the brokers a few requests: never more often than this, whatever the setting says. */
const MIN_LIVE_INTERVAL_MS = 1000;
const DEFAULT_MAX_GROUPS = 500;

export function readLiveRefreshSettings(): LiveRefreshSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const seconds = Number(config.get<number>('liveRefresh.intervalSeconds', 10));
  const maxGroups = Number(config.get<number>('liveRefresh.maxGroups', DEFAULT_MAX_GROUPS));
  return {
    intervalMs: Number.isFinite(seconds) && seconds > 0 ? Math.max(MIN_LIVE_INTERVAL_MS, seconds * 1000) : 0,
    maxGroups: Number.isFinite(maxGroups) && maxGroups >= 0 ? Math.floor(maxGroups) : DEFAULT_MAX_GROUPS,
  };
}

export function affectsLiveRefresh(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.liveRefresh`);
}
