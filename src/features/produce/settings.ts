import * as vscode from 'vscode';
import { Compression, COMPRESSIONS } from '../../codecs/compression/codecs';
import { SERIALIZERS, SerializerId } from '../../codecs/serializers';
import { oneOf, SECTION } from '../../state/settings';

export interface ProduceSettings {
  readonly keySerializer: SerializerId;
  readonly valueSerializer: SerializerId;
  /** Between key and value in Produce Lines (TAB by default, like kcat -K). */
  readonly lineSeparator: string;
  /** Offered first unless the topic's compression.type names a codec. */
  readonly compression: Compression;
  readonly retries: number;
}

export function produceSettings(): ProduceSettings {
  const config = vscode.workspace.getConfiguration(`${SECTION}.produce`);
  const separator = config.get<string>('lineSeparator', '\t');
  return {
    keySerializer: oneOf(SERIALIZERS, config.get('keySerializer'), 'string'),
    valueSerializer: oneOf(SERIALIZERS, config.get('valueSerializer'), 'string'),
    lineSeparator: separator === '' ? '\t' : separator.replace(/\\t/g, '\t'),
    compression: oneOf(COMPRESSIONS, config.get('compression'), 'none'),
    retries: Math.max(1, Math.min(100, config.get<number>('retries', 5))),
  };
}
