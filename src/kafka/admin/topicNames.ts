/** Kafka's rules for topic names (kafka.common.internals.Topic). Pure. */

export const MAX_TOPIC_NAME_LENGTH = 249;

/** The reason a topic name is refused, or undefined when Kafka accepts it. */
export function validateTopicName(name: string): string | undefined {
  if (name.length === 0) {
    return 'A topic name cannot be empty.';
  }
  if (name === '.' || name === '..') {
    return 'A topic cannot be named "." or "..".';
  }
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    return `A topic name has at most ${MAX_TOPIC_NAME_LENGTH} characters (this one has ${name.length}).`;
  }
  const bad = [...new Set(name.replace(/[a-zA-Z0-9._-]/g, ''))];
  if (bad.length > 0) {
    return `A topic name may contain only letters, digits, ".", "_" and "-"; not ${bad.map((c) => JSON.stringify(c)).join(', ')}.`;
  }
  return undefined;
}

/**
 * Kafka's metrics treat "." and "_" alike, so "a.b" and "a_b" collide. Returns the
 * existing topic a new name collides with, if any.
 */
export function collidingTopic(name: string, existing: readonly string[]): string | undefined {
  const normalized = name.replace(/\./g, '_');
  return existing.find((other) => other !== name && other.replace(/\./g, '_') === normalized);
}
