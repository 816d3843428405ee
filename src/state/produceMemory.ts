import * as vscode from 'vscode';

const RECENT_KEY = 'kafkaExplorer.recentProduceTargets';
const LAST_KEYS = 'kafkaExplorer.lastProduceKeys';
const MAX_RECENT = 10;

interface RecentTarget {
  readonly cluster: string;
  readonly topic: string;
}

/** Recent targets and last keys, per workspace. */
export class ProduceMemory {
  constructor(private readonly state: vscode.Memento) {}

  recent(): RecentTarget[] {
    return this.state.get<RecentTarget[]>(RECENT_KEY, []);
  }

  async remember(cluster: string, topic: string): Promise<void> {
    const rest = this.recent().filter((t) => !(t.cluster === cluster && t.topic === topic));
    await this.state.update(RECENT_KEY, [{ cluster, topic }, ...rest].slice(0, MAX_RECENT));
  }

  lastKey(cluster: string, topic: string): string | undefined {
    return this.state.get<Record<string, string>>(LAST_KEYS, {})[`${cluster}\u0000${topic}`];
  }

  async rememberKey(cluster: string, topic: string, key: string): Promise<void> {
    const keys = this.state.get<Record<string, string>>(LAST_KEYS, {});
    await this.state.update(LAST_KEYS, { ...keys, [`${cluster}\u0000${topic}`]: key });
  }
}
