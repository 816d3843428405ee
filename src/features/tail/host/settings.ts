import * as vscode from 'vscode';
import { DeserializerId, DESERIALIZERS, HEADER_FORMATS, HeaderFormat } from '../../../codecs/deserializerIds';
import { oneOf, SECTION } from '../../../state/settings';

/** What a new tail panel's form holds before the user changes it (from settings). */
export interface TailFormDefaults {
  readonly start: 'latest' | 'earliest';
  readonly keyDeserializer: DeserializerId;
  readonly valueDeserializer: DeserializerId;
  readonly headerFormat: HeaderFormat;
}

export interface TailSettings {
  readonly bufferSize: number;
  readonly formDefaults: TailFormDefaults;
}

export function tailSettings(): TailSettings {
  const config = vscode.workspace.getConfiguration(`${SECTION}.tail`);
  return {
    bufferSize: Math.max(1000, config.get<number>('bufferSize', 20000)),
    formDefaults: {
      // Like kafka-python's auto_offset_reset: where a tail with no other instruction starts.
      start: oneOf(['latest', 'earliest'] as const, config.get('startAt'), 'latest'),
      keyDeserializer: oneOf(DESERIALIZERS, config.get('keyDeserializer'), 'auto'),
      valueDeserializer: oneOf(DESERIALIZERS, config.get('valueDeserializer'), 'auto'),
      headerFormat: oneOf(HEADER_FORMATS, config.get('headerFormat'), 'text'),
    },
  };
}
