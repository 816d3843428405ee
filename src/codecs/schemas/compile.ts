/** A registry schema's text → its codec, by format. Pure. */
import { compileAvro } from './avro';
import { CompiledSchema, ReferencedSchemas, SchemaFormat } from './compiledSchema';
import { compileJsonSchema } from './jsonSchema';
import { compileProtobuf } from './protobuf';

export interface CompileOptions {
  /** Protobuf: the message type to write (the file's first message when left out). */
  readonly messageName?: string;
}

export function compileSchema(
  format: SchemaFormat,
  text: string,
  references: ReferencedSchemas,
  options: CompileOptions = {},
): CompiledSchema {
  switch (format) {
    case 'AVRO':
      return compileAvro(text, references);
    case 'PROTOBUF':
      return compileProtobuf(text, references, options.messageName);
    case 'JSON':
      return compileJsonSchema(text, references);
  }
}
