import * as vscode from 'vscode';

/**
 * The questions commands ask. Commands never call vscode.window's prompts directly, so
 * that extension-host tests (and other automation) can answer them through
 * KafkaExplorerApi.setPrompter while the rest of the command runs for real.
 */
export interface Prompter {
  input(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  /** A modal warning with one action button; true only when that button was chosen. */
  confirm(message: string, detail: string, action: string): Thenable<boolean>;
  /** A file chosen in the open dialog, as a local path. */
  pickFile(title: string, filters?: Record<string, string[]>): Thenable<string | undefined>;
}

export const vscodePrompter: Prompter = {
  input: (options) => vscode.window.showInputBox({ ignoreFocusOut: true, ...options }),
  pick: (items, options) => vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options }),
  confirm: async (message, detail, action) => (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action,
  pickFile: async (title, filters) => {
    const picked = await vscode.window.showOpenDialog({
      title,
      canSelectMany: false,
      canSelectFiles: true,
      canSelectFolders: false,
      filters,
    });
    return picked?.[0]?.fsPath;
  },
};

/** Holds the prompter in use; swapped by tests. */
export class PrompterHolder {
  current: Prompter = vscodePrompter;
}

/**
 * Asks for a whole number within bounds, of any size (offsets are 64-bit); undefined when
 * cancelled.
 */
export async function askBigInteger(
  prompter: Prompter,
  options: { title: string; prompt: string; value?: bigint; min: bigint; max?: bigint },
): Promise<bigint | undefined> {
  const answer = await prompter.input({
    title: options.title,
    prompt: options.prompt,
    value: options.value === undefined ? undefined : String(options.value),
    validateInput: (text) => {
      const trimmed = text.trim();
      if (!/^-?\d+$/.test(trimmed)) {
        return 'Enter a whole number.';
      }
      const n = BigInt(trimmed);
      if (n < options.min) {
        return `Enter at least ${options.min}.`;
      }
      if (options.max !== undefined && n > options.max) {
        return `Enter at most ${options.max}.`;
      }
      return undefined;
    },
  });
  return answer === undefined ? undefined : BigInt(answer.trim());
}

/** Asks for a whole number within bounds; undefined when cancelled. */
export async function askInteger(
  prompter: Prompter,
  options: { title: string; prompt: string; value?: number; min: number; max?: number },
): Promise<number | undefined> {
  const answer = await askBigInteger(prompter, {
    ...options,
    value: options.value === undefined ? undefined : BigInt(options.value),
    min: BigInt(options.min),
    max: options.max === undefined ? undefined : BigInt(options.max),
  });
  return answer === undefined ? undefined : Number(answer);
}
