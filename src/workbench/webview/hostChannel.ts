/**
 * A webview's side of its panel's request protocol (messages.ts): every panel sends requests
 * with an id and the host answers each id done or failed. One copy of that bookkeeping, so the
 * tail and group panels cannot drift apart in how they number requests or read answers.
 */
import type { RequestAnswer } from './messages';

/** VS Code's API inside a webview; it may be acquired once per page, so openHostChannel does it. */
declare function acquireVsCodeApi(): {
  postMessage(message: { readonly requestId: number; readonly request: unknown }): void;
  setState(state: unknown): void;
};

export interface HostChannel<R extends { readonly type: string }, S> {
  /** Sends `request` in an envelope with a new id, and remembers its type until the answer comes. */
  send(request: R): void;
  /** Forgets the request `answer` answers, and says its type (undefined: not one this page is waiting for). */
  settle(answer: RequestAnswer): R['type'] | undefined;
  /** What VS Code keeps across a window reload and hands back with the restored panel. */
  setState(state: S): void;
}

/** The page's one channel to its host: call it once, when the page starts. */
export function openHostChannel<R extends { readonly type: string }, S>(): HostChannel<R, S> {
  const vscode = acquireVsCodeApi();
  /** Requests still waiting for their done or failed, by id. */
  const pending = new Map<number, R['type']>();
  let nextRequestId = 1;
  return {
    send(request) {
      const requestId = nextRequestId++;
      pending.set(requestId, request.type);
      vscode.postMessage({ requestId, request });
    },
    settle(answer) {
      if (answer.requestId === undefined) return undefined;
      const type = pending.get(answer.requestId);
      pending.delete(answer.requestId);
      return type;
    },
    setState: (state) => vscode.setState(state),
  };
}
