import { randomBytes } from 'node:crypto';

/** A topic or group name no other test (or earlier run on the same broker) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
