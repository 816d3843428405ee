/** A raw tail message → the row the table shows (decoded, previews truncated). Pure. */
import { decodeHeader, deserialize } from '../codecs/deserializers';
import { BatchDecodeFailure } from '../kafka/compressionCodecs';
import { TailMessage } from '../kafka/tailSession';
import type { TailForm, TailRow } from '../webview/tail/protocol';

/** How the panel shows keys, values and headers (the start form's choice). */
export type MessageDecoders = Pick<TailForm, 'keyDeserializer' | 'valueDeserializer' | 'headerFormat'>;

const PREVIEW_CHARS = 300;

function preview(text: string): string {
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

/** What a row says of a record batch that could not be decoded: where, which codec, why. */
export function batchErrorText(failure: BatchDecodeFailure): string {
  const offsets = failure.firstOffset === failure.lastOffset ? `offset ${failure.firstOffset}` : `offsets ${failure.firstOffset}–${failure.lastOffset}`;
  return `could not decode a ${failure.codec} record batch (${offsets}, ${failure.recordCount} record${failure.recordCount === 1 ? '' : 's'}): ${failure.reason}`;
}

export function toTailRow(id: number, message: TailMessage, decoders: MessageDecoders): TailRow {
  if (message.batchError) {
    const failure = message.batchError;
    const offsets = failure.firstOffset === failure.lastOffset ? failure.firstOffset : `${failure.firstOffset}–${failure.lastOffset}`;
    const text = batchErrorText(failure);
    return { id, topic: message.topic, partition: message.partition, offset: offsets, timestamp: Number(message.timestamp), key: '', keyFormat: 'null', value: preview(text), valueFormat: 'error', headerCount: 0, size: 0, batchError: true };
  }
  const key = deserialize(decoders.keyDeserializer, message.key, true);
  const value = deserialize(decoders.valueDeserializer, message.value, true);
  return {
    id,
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    timestamp: Number(message.timestamp),
    key: preview(key.text),
    keyFormat: key.format,
    value: preview(value.text),
    valueFormat: value.error ? `${value.format} (${value.error})` : value.format,
    headerCount: message.headers.length,
    size: message.value?.length ?? 0,
  };
}

export interface TailFilter {
  readonly text: string;
  readonly partition: string;
}

export const NO_FILTER: TailFilter = { text: '', partition: '' };

export function isFiltering(filter: TailFilter): boolean {
  return filter.text !== '' || filter.partition !== '';
}

/** The message's headers as the panel shows them; a header without a value is null. */
export function decodedHeaders(message: TailMessage, decoders: MessageDecoders): Array<[string, string | null]> {
  return message.headers.map(([name, value]) => [name, value === null ? null : decodeHeader(decoders.headerFormat, value)]);
}

/** Whether a message matches the panel's filter: text in key, value or headers (whole, as shown), and a partition. */
export function matchesFilter(message: TailMessage, decoders: MessageDecoders, filter: TailFilter): boolean {
  if (filter.partition !== '' && String(message.partition) !== filter.partition) {
    return false;
  }
  if (filter.text === '') {
    return true;
  }
  const needle = filter.text.toLowerCase();
  const has = (text: string) => text.toLowerCase().includes(needle);
  if (message.batchError) {
    return has(batchErrorText(message.batchError));
  }
  return (
    has(deserialize(decoders.keyDeserializer, message.key, true).text) ||
    has(deserialize(decoders.valueDeserializer, message.value, true).text) ||
    decodedHeaders(message, decoders).some(([name, value]) => has(name) || (value !== null && has(value)))
  );
}

/** A message as an exported JSON object (value decoded; JSON and msgpack values as objects). */
export function exportRecord(message: TailMessage, decoders: MessageDecoders): Record<string, unknown> {
  const value = deserialize(decoders.valueDeserializer, message.value);
  return {
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    timestamp: new Date(Number(message.timestamp)).toISOString(),
    key: deserialize(decoders.keyDeserializer, message.key).text,
    headers: Object.fromEntries(decodedHeaders(message, decoders)),
    valueFormat: value.format,
    value: (value.format === 'json' || value.format === 'msgpack') && value.pretty !== undefined ? JSON.parse(value.pretty) : value.text,
  };
}

/** Single-quotes a word for a POSIX shell. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_.:,/@%+=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A kcat command that reads exactly this message again. */
export function kcatCommand(bootstrapServers: readonly string[], message: Pick<TailMessage, 'topic' | 'partition' | 'offset'>): string {
  return ['kcat', '-C', '-b', shellQuote(bootstrapServers.join(',')), '-t', shellQuote(message.topic), '-p', String(message.partition), '-o', message.offset, '-c', '1', '-e'].join(' ');
}
