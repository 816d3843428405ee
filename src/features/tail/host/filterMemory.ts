import * as vscode from 'vscode';

const KEY = 'kafkaExplorer.savedFilters';
const MAX_PER_TOPIC = 20;

/** Filter expressions saved per cluster and topic, per workspace, newest first. */
export class FilterMemory {
  constructor(private readonly state: vscode.Memento) {}

  private all(): Record<string, string[]> {
    return this.state.get<Record<string, string[]>>(KEY, {});
  }

  /** The expressions saved for any of the topics, newest first, each once. */
  saved(cluster: string, topics: readonly string[]): string[] {
    const all = this.all();
    return [...new Set(topics.flatMap((topic) => all[`${cluster}\u0000${topic}`] ?? []))];
  }

  async save(cluster: string, topics: readonly string[], expression: string): Promise<void> {
    const all = { ...this.all() };
    for (const topic of topics) {
      const key = `${cluster}\u0000${topic}`;
      all[key] = [expression, ...(all[key] ?? []).filter((e) => e !== expression)].slice(0, MAX_PER_TOPIC);
    }
    await this.state.update(KEY, all);
  }
}
