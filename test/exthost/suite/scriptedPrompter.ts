import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { Prompter } from '../../../src/workbench/prompter';

/**
 * Answers the extension's questions from a script, as a user would: an input answer
 * must pass the box's own validation (or be listed as refused, with the reason expected).
 */
export type Answer =
  | { readonly input: string | undefined }
  | { readonly refused: string; readonly because: RegExp }
  | { readonly pick: string | undefined }
  /** Accepts what the input box already holds, which must be this. */
  | { readonly prefilled: string }
  /** Picks the first item offered, which must be this. */
  | { readonly firstPick: string }
  | { readonly confirm: boolean }
  | { readonly file: string | undefined };

export class ScriptedPrompter implements Prompter {
  /** Titles or prompts of every question asked, in order. */
  readonly asked: string[] = [];
  /** The informational messages shown under accepted inputs (a key's partition, say). */
  readonly notes: string[] = [];
  /** Every input box's prompt, in order. */
  readonly prompts: string[] = [];
  /** Every pick's items as "label: description", in order. */
  readonly offered: string[][] = [];

  constructor(private readonly answers: Answer[]) {}

  get remaining(): number {
    return this.answers.length;
  }

  async input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    this.asked.push(options.title ?? options.prompt ?? '(input)');
    this.prompts.push(options.prompt ?? '');
    for (;;) {
      const answer = this.answers.shift();
      if (answer && 'prefilled' in answer) {
        assert.equal(options.value, answer.prefilled, `what "${options.title ?? options.prompt}" holds`);
        return options.value;
      }
      if (answer && 'refused' in answer) {
        const message = await options.validateInput?.(answer.refused);
        const text = typeof message === 'string' ? message : (message?.message ?? '');
        assert.match(text, answer.because, `"${answer.refused}" should be refused`);
        continue;
      }
      if (!answer || !('input' in answer)) {
        throw new Error(`expected an input answer for "${options.title ?? options.prompt}", have ${JSON.stringify(answer)}`);
      }
      if (answer.input !== undefined) {
        const message = await options.validateInput?.(answer.input);
        // Info and warning messages (severity 1, 2) only inform; a string or an error refuses.
        const refuses = typeof message === 'string' ? message !== '' : message !== undefined && message !== null && message.severity === 3;
        assert.ok(!refuses, `"${answer.input}" was refused: ${JSON.stringify(message)}`);
        this.notes.push(typeof message === 'object' && message ? message.message : '');
      }
      return answer.input;
    }
  }

  async pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    this.asked.push(options.title ?? options.placeHolder ?? '(pick)');
    this.offered.push(items.map((item) => (item.description ? `${item.label}: ${item.description}` : item.label)));
    const answer = this.answers.shift();
    if (answer && 'firstPick' in answer) {
      assert.equal(items[0]?.label, answer.firstPick, `the first item of "${options.title}"`);
      return items[0];
    }
    if (!answer || !('pick' in answer)) {
      throw new Error(`expected a pick answer for "${options.title}", have ${JSON.stringify(answer)}`);
    }
    if (answer.pick === undefined) {
      return undefined;
    }
    const found = items.find((item) => item.label === answer.pick) ?? items.find((item) => item.label.includes(answer.pick!));
    assert.ok(found, `no item "${answer.pick}" among ${items.map((i) => i.label).join(' | ')}`);
    return found;
  }

  async pickFile(title: string): Promise<string | undefined> {
    this.asked.push(title);
    const answer = this.answers.shift();
    if (!answer || !('file' in answer)) {
      throw new Error(`expected a file answer for "${title}", have ${JSON.stringify(answer)}`);
    }
    return answer.file;
  }

  async confirm(message: string): Promise<boolean> {
    this.asked.push(message);
    const answer = this.answers.shift();
    if (!answer || !('confirm' in answer)) {
      throw new Error(`expected a confirm answer for "${message}", have ${JSON.stringify(answer)}`);
    }
    return answer.confirm;
  }
}

/** Makes the extension answer its next questions from `answers` (see KafkaExplorerApi.setPrompter). */
export function answerWith(api: { setPrompter(prompter: Prompter | undefined): void }, ...answers: Answer[]): ScriptedPrompter {
  const prompter = new ScriptedPrompter(answers);
  api.setPrompter(prompter);
  return prompter;
}
