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
  return (
    event.affectsConfiguration(`${SECTION}.connectionTimeoutMs`) ||
    event.affectsConfiguration(`${SECTION}.requestTimeoutMs`)
  );
}

export function showInternalTopics(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('showInternalTopics', false);
}

export async function setShowInternalTopics(show: boolean): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update('showInternalTopics', show, vscode.ConfigurationTarget.Global);
}
