/** The deserializers' names and labels, without any Node dependency (the webview imports these types). */
export const DESERIALIZERS = [
  'auto',
  'schema-registry',
  'string',
  'json',
  'msgpack',
  'hex',
  'base64',
  'int32',
  'int64',
  'float64',
] as const;
export type DeserializerId = (typeof DESERIALIZERS)[number];

export const DESERIALIZER_LABELS: Record<DeserializerId, string> = {
  auto: 'Auto (Schema Registry when the cluster has one, JSON, msgpack, UTF-8, else hex)',
  'schema-registry': 'Schema Registry (Avro, Protobuf, JSON Schema; Confluent wire format)',
  string: 'UTF-8 string',
  json: 'JSON',
  msgpack: 'msgpack',
  hex: 'hex',
  base64: 'base64',
  int32: 'int32 (big-endian, Java IntegerSerializer)',
  int64: 'int64 (big-endian, Java LongSerializer)',
  float64: 'float64 (big-endian, Java DoubleSerializer)',
};

/** How header values are shown: most are short text (ids, content types), some are binary. */
export const HEADER_FORMATS = ['text', 'hex'] as const;
export type HeaderFormat = (typeof HEADER_FORMATS)[number];

export const HEADER_FORMAT_LABELS: Record<HeaderFormat, string> = {
  text: 'UTF-8 text (hex when not UTF-8)',
  hex: 'hex',
};
