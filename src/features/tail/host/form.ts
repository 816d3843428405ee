/** The tail start form → TailSession options, with a clear message for bad input. Pure. */
import { DESERIALIZERS, HEADER_FORMATS } from '../../../codecs/deserializerIds';
import { parseTimestamp } from '../../../codecs/timestamps';
import { ParseResult } from '../../../common/parseResult';
import { TailEnd } from '../../../kafka/consume/scanRange';
import { TailOptions, TailStart } from '../../../kafka/consume/tailSession';
import { validateTopicName } from '../../../kafka/admin/topicNames';
import type { TailForm } from '../protocol';

function wholeNumber(text: string, what: string, min: number): ParseResult<number> {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < min) {
    return { ok: false, error: `${what} must be a whole number of at least ${min}.` };
  }
  return { ok: true, value: Number(trimmed) };
}

function optionalNumber(text: string, what: string, min: number): ParseResult<number | undefined> {
  return text.trim() === '' ? { ok: true, value: undefined } : wholeNumber(text, what, min);
}

/** The topic names a form lists, comma-separated (a pattern form's pattern is not split). */
export function formTopicNames(form: Pick<TailForm, 'topics'>): string[] {
  return form.topics
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

export function parseTailForm(form: TailForm, now: number): ParseResult<TailOptions> {
  const unknown = [form.keyDeserializer, form.valueDeserializer].find((id) => !DESERIALIZERS.includes(id));
  if (unknown !== undefined || !HEADER_FORMATS.includes(form.headerFormat)) {
    return { ok: false, error: `Unknown deserializer "${unknown ?? form.headerFormat}".` };
  }
  let topics: TailOptions['topics'];
  if (form.pattern) {
    try {
      new RegExp(form.topics);
    } catch (error) {
      return { ok: false, error: `The topic pattern is not a regular expression: ${(error as Error).message}` };
    }
    if (form.topics.trim() === '') {
      return { ok: false, error: 'Enter a topic pattern, for example ^orders\\..*' };
    }
    topics = { pattern: form.topics.trim() };
  } else {
    const names = formTopicNames(form);
    if (names.length === 0) {
      return { ok: false, error: 'Enter at least one topic.' };
    }
    const invalid = names.map(validateTopicName).find((e) => e !== undefined);
    if (invalid) {
      return { ok: false, error: invalid };
    }
    topics = names;
  }
  const partitionTexts = form.partitions
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (partitionTexts.some((p) => !/^\d+$/.test(p))) {
    return { ok: false, error: 'Partitions are numbers separated by commas (empty for all).' };
  }
  let start: TailStart;
  switch (form.start) {
    case 'latest':
    case 'earliest':
      start = { kind: form.start };
      break;
    case 'offset': {
      const offset = form.startValue.trim();
      if (!/^\d+$/.test(offset)) {
        return { ok: false, error: 'The offset must be a whole number of at least 0.' };
      }
      start = { kind: 'offset', offset: BigInt(offset) };
      break;
    }
    case 'lastN': {
      const count = wholeNumber(form.startValue, 'N', 1);
      if (!count.ok) return count;
      start = { kind: 'lastN', count: count.value };
      break;
    }
    case 'timestamp': {
      const time = parseTimestamp(form.startValue, now);
      if (!time.ok) return time;
      start = { kind: 'timestamp', timestamp: time.value };
      break;
    }
  }
  const end = parseEnd(form, now);
  if (!end.ok) return end;
  if (end.value && form.groupId.trim() !== '') {
    return { ok: false, error: 'A search reads without a consumer group: leave the consumer group empty.' };
  }
  const maxMessages = optionalNumber(form.maxMessages, 'Stop after N messages', 1);
  if (!maxMessages.ok) return maxMessages;
  const idle = optionalNumber(form.idleSeconds, 'Stop after seconds without a message', 1);
  if (!idle.ok) return idle;
  const groupId = form.groupId.trim();
  if (groupId !== '' && start.kind !== 'latest' && start.kind !== 'earliest') {
    return {
      ok: false,
      error:
        'A named group starts from its committed offsets: choose earliest or latest (used when it has none), or leave the group empty.',
    };
  }
  return {
    ok: true,
    value: {
      topics,
      ...(partitionTexts.length > 0 ? { partitions: partitionTexts.map(Number) } : {}),
      start,
      group: groupId === '' ? { kind: 'ephemeral' } : { kind: 'named', groupId, autoCommit: form.autoCommit },
      ...(maxMessages.value !== undefined ? { maxMessages: maxMessages.value } : {}),
      ...(idle.value !== undefined ? { idleTimeoutMs: idle.value * 1000 } : {}),
      ...(end.value ? { end: end.value } : {}),
    },
  };
}

/** Where a search ends; undefined for a live tail. */
function parseEnd(form: TailForm, now: number): ParseResult<TailEnd | undefined> {
  switch (form.end) {
    case 'live':
      return { ok: true, value: undefined };
    case 'now':
      return { ok: true, value: { kind: 'now' } };
    case 'offset': {
      const offset = form.endValue.trim();
      return /^\d+$/.test(offset)
        ? { ok: true, value: { kind: 'offset', offset: BigInt(offset) } }
        : { ok: false, error: 'The end offset must be a whole number of at least 0.' };
    }
    case 'timestamp': {
      const time = parseTimestamp(form.endValue, now);
      return time.ok ? { ok: true, value: { kind: 'timestamp', timestamp: time.value } } : time;
    }
  }
}
