/**
 * The host's edge of a webview's protocol (GitLens' idea: typed requests with completion ids):
 * every message a webview sends is checked here, field by field, before the host acts on it,
 * and every request is answered done or failed. Pure; shared by the tail and group panels.
 */

/** The longest text field a request may carry (a form field, a filter): far beyond any real one. */
export const MAX_TEXT = 10_000;

export type RequestAnswer =
  /** The request `requestId` was carried out. */
  | { readonly type: 'done'; readonly requestId: number }
  /** The request failed (or could not be read: then `requestId` may be unknown); `message` says why, for the panel to show. */
  | { readonly type: 'failed'; readonly requestId: number | undefined; readonly message: string };

export type ParsedEnvelope<R> =
  | { readonly ok: true; readonly envelope: { readonly requestId: number; readonly request: R } }
  | { readonly ok: false; readonly requestId: number | undefined; readonly error: string };

export type Fields = Record<string, unknown>;

export const isRecord = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks one field; throws the reason when it is not what the protocol says. */
export class Reader {
  constructor(private readonly fields: Fields) {}

  text(name: string, max = MAX_TEXT): string {
    const value = this.fields[name];
    if (typeof value !== 'string') {
      throw new Error(`"${name}" must be text`);
    }
    if (value.length > max) {
      throw new Error(`"${name}" is longer than ${max.toLocaleString('en-US')} characters`);
    }
    return value;
  }

  optionalText(name: string, max = MAX_TEXT): string | undefined {
    return this.fields[name] === undefined ? undefined : this.text(name, max);
  }

  flag(name: string): boolean {
    const value = this.fields[name];
    if (typeof value !== 'boolean') {
      throw new Error(`"${name}" must be true or false`);
    }
    return value;
  }

  optionalFlag(name: string): boolean | undefined {
    return this.fields[name] === undefined ? undefined : this.flag(name);
  }

  whole(name: string, max = Number.MAX_SAFE_INTEGER): number {
    const value = this.fields[name];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) {
      throw new Error(`"${name}" must be a whole number from 0 to ${max.toLocaleString('en-US')}`);
    }
    return value;
  }

  optionalWhole(name: string): number | undefined {
    return this.fields[name] === undefined ? undefined : this.whole(name);
  }

  choice<T extends string>(name: string, allowed: readonly T[]): T {
    const value = this.fields[name];
    if (!(allowed as readonly unknown[]).includes(value)) {
      throw new Error(`"${name}" must be one of ${allowed.join(', ')}`);
    }
    return value as T;
  }

  /** A list of whole numbers (row ids), at most `max` of them. */
  wholeList(name: string, max: number): number[] {
    const value = this.fields[name];
    if (!Array.isArray(value) || value.length > max || !value.every((v) => Number.isSafeInteger(v) && v >= 0)) {
      throw new Error(`"${name}" must be a list of at most ${max.toLocaleString('en-US')} whole numbers`);
    }
    return value as number[];
  }

  /** A list of [from, to] pairs of whole numbers, at most `max` of them. */
  pairs(name: string, max: number): Array<readonly [number, number]> {
    const value = this.fields[name];
    const isWhole = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
    if (!Array.isArray(value) || value.length > max || !value.every((p) => Array.isArray(p) && p.length === 2 && p.every(isWhole))) {
      throw new Error(`"${name}" must be a list of at most ${max.toLocaleString('en-US')} [from, to] pairs of whole numbers`);
    }
    return value.map((p: number[]) => [p[0], p[1]] as const);
  }

  optionalChoice<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    return this.fields[name] === undefined ? undefined : this.choice(name, allowed);
  }

  record(name: string): Reader {
    const value = this.fields[name];
    if (!isRecord(value)) {
      throw new Error(`"${name}" must be an object`);
    }
    return new Reader(value);
  }
}

/** Checks a message from a webview: its envelope, its type, and every field the type has (readers copy only those). */
export function parseEnvelope<R extends { readonly type: string }>(
  raw: unknown,
  readers: Record<R['type'], (r: Reader) => R>,
): ParsedEnvelope<R> {
  const requestId =
    isRecord(raw) && Number.isSafeInteger(raw.requestId) && (raw.requestId as number) >= 0 ? (raw.requestId as number) : undefined;
  const fail = (error: string): ParsedEnvelope<R> => ({
    ok: false,
    requestId,
    error: `The panel sent a request the extension does not accept: ${error}.`,
  });
  if (!isRecord(raw) || requestId === undefined) {
    return fail('it has no request id');
  }
  const request = raw.request;
  if (!isRecord(request) || typeof request.type !== 'string') {
    return fail('it has no request type');
  }
  const read = Object.prototype.hasOwnProperty.call(readers, request.type) ? readers[request.type as R['type']] : undefined;
  if (!read) {
    return fail(`unknown type "${request.type.slice(0, 40)}"`);
  }
  try {
    return { ok: true, envelope: { requestId, request: read(new Reader(request)) } };
  } catch (error) {
    return fail(`${request.type}: ${(error as Error).message}`);
  }
}

/**
 * The answer to one message from a webview: done when `handle` carried out the checked
 * request, failed (with `describe`'s words) when the message was not one or `handle` threw.
 * Nothing a webview sends goes unanswered.
 */
export async function answerRequest<R>(
  parsed: ParsedEnvelope<R>,
  handle: (request: R) => Promise<void>,
  describe: (error: unknown) => string,
  warn: (message: string) => void,
): Promise<RequestAnswer> {
  if (!parsed.ok) {
    warn(parsed.error);
    return { type: 'failed', requestId: parsed.requestId, message: parsed.error };
  }
  const { requestId, request } = parsed.envelope;
  try {
    await handle(request);
    return { type: 'done', requestId };
  } catch (error) {
    const message = describe(error);
    warn(`${(request as { type?: string }).type ?? 'request'} failed: ${message}`);
    return { type: 'failed', requestId, message };
  }
}
