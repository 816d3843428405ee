/** A raw tail message → the row the table shows (decoded, previews truncated). Pure. */
import { Decoded, decodeHeader, deserialize, isJsonFormat } from '../../../codecs/deserializers';
import { SchemaLookup } from '../../../codecs/schemas/schemaLookup';
import { BatchDecodeFailure } from '../../../kafka/connection/compressionCodecs';
import { TailMessage } from '../../../kafka/consume/tailSession';
import type { TailForm, TailRow } from '../protocol';

/** How the panel shows keys, values and headers (the start form's choice), and the cluster's schemas when it has a registry. */
export type MessageDecoders = Pick<TailForm, 'keyDeserializer' | 'valueDeserializer' | 'headerFormat'> & {
  readonly schemas?: SchemaLookup;
};

/** The message's value as the panel shows it (`forRow`: the table's one line, without the detail's pretty text). */
export function decodeValue(message: TailMessage, decoders: MessageDecoders, forRow = false): Decoded {
  return deserialize(decoders.valueDeserializer, message.value, forRow, decoders.schemas);
}

export function decodeKey(message: TailMessage, decoders: MessageDecoders, forRow = false): Decoded {
  return deserialize(decoders.keyDeserializer, message.key, forRow, decoders.schemas);
}

/**
 * "schema 7 (orders-value v2)": where a schema'd value's schema is filed. A registry gives the
 * same text one id under every subject that holds it: the message's own topic subject comes first.
 */
export function schemaLine(decoded: Decoded, topic: string, field: 'key' | 'value'): string | undefined {
  const schema = decoded.schema;
  if (!schema) {
    return undefined;
  }
  const own =
    schema.places.find((p) => p.subject === `${topic}-${field}`) ??
    schema.places.find((p) => p.subject.startsWith(`${topic}-`)) ??
    schema.places[0];
  const others = schema.places.length - (own ? 1 : 0);
  const where = own
    ? ` (${own.subject} v${own.version}${others > 0 ? `; also under ${others} other subject${others === 1 ? '' : 's'}` : ''})`
    : '';
  return `schema ${schema.id}${where}`;
}

const PREVIEW_CHARS = 300;

function preview(text: string): string {
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

/** "12" or "12–15": the offsets a failed batch held. */
const offsetRange = (failure: BatchDecodeFailure): string =>
  failure.firstOffset === failure.lastOffset ? failure.firstOffset : `${failure.firstOffset}–${failure.lastOffset}`;

/** What a row says of a record batch that could not be decoded: where, which codec, why. */
export function batchErrorText(failure: BatchDecodeFailure): string {
  const offsets = `offset${failure.firstOffset === failure.lastOffset ? '' : 's'} ${offsetRange(failure)}`;
  return `could not decode ${failure.codec === 'none' ? 'an uncompressed' : `a ${failure.codec}`} record batch (${offsets}, ${failure.recordCount} record${failure.recordCount === 1 ? '' : 's'}): ${failure.reason}`;
}

export function toTailRow(id: number, message: TailMessage, decoders: MessageDecoders): TailRow {
  if (message.batchError) {
    const failure = message.batchError;
    const text = batchErrorText(failure);
    return {
      id,
      topic: message.topic,
      partition: message.partition,
      offset: offsetRange(failure),
      timestamp: Number(message.timestamp),
      key: '',
      keyFormat: 'null',
      value: preview(text),
      valueFormat: 'error',
      headerCount: 0,
      size: 0,
      batchError: true,
    };
  }
  const key = decodeKey(message, decoders, true);
  const value = decodeValue(message, decoders, true);
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

/** The message's headers as the panel shows them; a header without a value is null. */
export function decodedHeaders(message: TailMessage, decoders: MessageDecoders): Array<[string, string | null]> {
  return message.headers.map(([name, value]) => [name, value === null ? null : decodeHeader(decoders.headerFormat, value)]);
}

/**
 * A message as one exported JSON object, compact. Built as text: a JSON or msgpack value goes
 * in as its JSON text, never through JSON.parse, so every number stays as it came.
 */
export function exportRecordJson(message: TailMessage, decoders: MessageDecoders): string {
  const fields: Array<[string, string]> = [
    ['topic', JSON.stringify(message.topic)],
    ['partition', String(message.partition)],
    ['offset', JSON.stringify(message.offset)],
    ['timestamp', JSON.stringify(new Date(Number(message.timestamp)).toISOString())],
  ];
  if (message.batchError) {
    fields.push(
      ['lastOffset', JSON.stringify(message.batchError.lastOffset)],
      ['error', JSON.stringify(batchErrorText(message.batchError))],
    );
  } else {
    const value = decodeValue(message, decoders);
    const key = message.key === null ? undefined : decodeKey(message, decoders);
    fields.push(
      ['key', key === undefined ? 'null' : JSON.stringify(key.text)],
      ['headers', JSON.stringify(Object.fromEntries(decodedHeaders(message, decoders)))],
      ['valueFormat', JSON.stringify(value.format)],
      ...(value.schema ? [['valueSchemaId', String(value.schema.id)] as [string, string]] : []),
      ['value', isJsonFormat(value.format) ? value.text : JSON.stringify(value.text)],
    );
  }
  return `{${fields.map(([name, json]) => `${JSON.stringify(name)}:${json}`).join(',')}}`;
}

/** The columns of a CSV export, in order. */
export const CSV_COLUMNS = ['topic', 'partition', 'offset', 'timestamp', 'key', 'headers', 'valueFormat', 'value'] as const;

/** A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled. Text stays as it is. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A message as one CSV line: the value as the panel shows it (JSON as its own tokens, so no
 * number changes), headers as a JSON object, a batch that could not be decoded as its error.
 */
export function exportRecordCsv(message: TailMessage, decoders: MessageDecoders): string {
  const time = new Date(Number(message.timestamp)).toISOString();
  if (message.batchError) {
    return [message.topic, String(message.partition), message.offset, time, '', '{}', 'error', batchErrorText(message.batchError)]
      .map(csvField)
      .join(',');
  }
  const value = decodeValue(message, decoders);
  const key = message.key === null ? '' : decodeKey(message, decoders).text;
  const headers = JSON.stringify(Object.fromEntries(decodedHeaders(message, decoders)));
  return [
    message.topic,
    String(message.partition),
    message.offset,
    time,
    key,
    headers,
    value.format,
    message.value === null ? '' : value.text,
  ]
    .map(csvField)
    .join(',');
}

/** Single-quotes a word for a POSIX shell. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_.:,/@%+=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A kcat command that reads exactly this message again. */
export function kcatCommand(bootstrapServers: readonly string[], message: Pick<TailMessage, 'topic' | 'partition' | 'offset'>): string {
  return [
    'kcat',
    '-C',
    '-b',
    shellQuote(bootstrapServers.join(',')),
    '-t',
    shellQuote(message.topic),
    '-p',
    String(message.partition),
    '-o',
    message.offset,
    '-c',
    '1',
    '-e',
  ].join(' ');
}
