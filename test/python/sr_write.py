#!/usr/bin/env python3
"""Writes Confluent Schema Registry wire-format messages with Confluent's own serializers
(confluent-kafka 2.16.1), an independent writer for the tests. Run with the python that
scripts/python/venv.sh prints.

  sr_write.py --bootstrap HOST:PORT --registry URL --topic T --format avro|protobuf|json
              --schema-file F [--proto-message NAME]
              [--subject-strategy topic|record|topic_record] [--partition P]
              [--keyed [--key-format string|avro|protobuf|json|none]
                       [--key-schema-file F] [--key-proto-message NAME]]

stdin: JSON lines, one value each (`null` writes a tombstone), or with --keyed one
{"key": ..., "value": ...} each. Schemas are registered on first use (auto.register.schemas).
Values as JSON:
  avro      Avro's types from the schema: a decimal as a string ("12.10") or number,
            timestamp-millis/-micros as an ISO string (no offset = UTC) or epoch number,
            local-timestamp-* as an ISO string without offset, date/time as ISO strings,
            uuid as its string, bytes/fixed as "hex:..." (any other string as UTF-8),
            a union branch picked by the value or forced as {"branch name": value}.
  protobuf  the message's proto3 JSON mapping (json_format.ParseDict; int64 as number or
            string, bytes as base64).
  json      the value itself, validated against the JSON Schema.
stdout: after every message is delivered, one line `partition offset` per input line, in
input order. Exits 1 on any serialization or delivery error.
"""

import argparse
import datetime
import decimal
import json
import sys
import uuid

from confluent_kafka import Producer
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONSerializer
from confluent_kafka.schema_registry.protobuf import ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext, StringSerializer
from google.protobuf import json_format

from sr_common import STRATEGIES, fail, from_hex_or_text, proto_message_class, read_text, registry_client

PRIMITIVES = {'null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'}
COMPLEX = {'record', 'error', 'enum', 'fixed', 'array', 'map'}


def avro_converter(schema_text):
    """A function turning a JSON value into what fastavro writes for this schema: walks the
    schema for logical types, bytes and unions; everything else passes through as parsed."""
    named = {}  # full and short name -> named type
    fullnames = {}  # id(named type) -> its full name

    def full_name(node, namespace):
        name = node['name']
        return name if '.' in name else (f'{namespace}.{name}' if namespace else name)

    def register(node, namespace):
        """Collects named types (records, enums, fixed) by full and short name."""
        if isinstance(node, list):
            for branch in node:
                register(branch, namespace)
        elif isinstance(node, dict):
            kind = node.get('type')
            if kind in ('record', 'error', 'enum', 'fixed'):
                name = full_name(node, node.get('namespace', namespace))
                named[name] = node
                named.setdefault(name.rsplit('.', 1)[-1], node)
                fullnames[id(node)] = name
                namespace = name.rsplit('.', 1)[0] if '.' in name else ''
                for field in node.get('fields', []):
                    register(field['type'], namespace)
            elif kind == 'array':
                register(node['items'], namespace)
            elif kind == 'map':
                register(node['values'], namespace)
            elif isinstance(kind, (dict, list)):
                register(kind, namespace)

    def resolve(node):
        if isinstance(node, str) and node not in PRIMITIVES:
            if node not in named and node.rsplit('.', 1)[-1] not in named:
                raise ValueError(f'unknown Avro type {node}')
            return named.get(node) or named[node.rsplit('.', 1)[-1]]
        if isinstance(node, dict) and 'logicalType' not in node:
            kind = node.get('type')  # {"type": {...}} or {"type": "NamedType"} wraps another type
            if isinstance(kind, (dict, list)) or (isinstance(kind, str) and kind not in PRIMITIVES | COMPLEX):
                return resolve(kind)
        return node

    def branch_names(node):
        """The names a union branch answers to in {"name": value}; the first is fastavro's."""
        node = resolve(node)
        if isinstance(node, str):
            return [node]
        if id(node) in fullnames:
            return [fullnames[id(node)], fullnames[id(node)].rsplit('.', 1)[-1]]
        return [node.get('type')]

    def logical(node, value):
        kind, logical_type = node.get('type'), node.get('logicalType')
        if logical_type == 'decimal' and kind in ('bytes', 'fixed'):
            return value if isinstance(value, decimal.Decimal) else decimal.Decimal(str(value))
        if logical_type in ('timestamp-millis', 'timestamp-micros') and kind == 'long':
            if isinstance(value, str):
                moment = datetime.datetime.fromisoformat(value)
                return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)
            return value
        if logical_type in ('local-timestamp-millis', 'local-timestamp-micros') and kind == 'long':
            return datetime.datetime.fromisoformat(value) if isinstance(value, str) else value
        if logical_type == 'date' and kind == 'int':
            return datetime.date.fromisoformat(value) if isinstance(value, str) else value
        if logical_type in ('time-millis', 'time-micros') and kind in ('int', 'long'):
            return datetime.time.fromisoformat(value) if isinstance(value, str) else value
        if logical_type == 'uuid' and kind == 'string':
            return uuid.UUID(value) if isinstance(value, str) else value
        return None  # not a logical type we convert

    def accepts(node, value):
        """Whether value can be written as this union branch (first match wins)."""
        node = resolve(node)
        kind = node if isinstance(node, str) else node.get('type')
        if value is None:
            return kind == 'null'
        if isinstance(node, dict) and node.get('logicalType'):
            try:
                return convert(node, value) is not None
            except (ValueError, TypeError, ArithmeticError):
                return False
        checks = {
            'boolean': lambda v: isinstance(v, bool),
            'int': lambda v: isinstance(v, int) and not isinstance(v, bool) and -2**31 <= v < 2**31,
            'long': lambda v: isinstance(v, int) and not isinstance(v, bool) and -2**63 <= v < 2**63,
            'float': lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
            'double': lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
            'bytes': lambda v: isinstance(v, str),
            'string': lambda v: isinstance(v, str),
            'fixed': lambda v: isinstance(v, str),
            'enum': lambda v: isinstance(v, str) and v in node.get('symbols', []),
            'array': lambda v: isinstance(v, list),
            'map': lambda v: isinstance(v, dict),
            'record': lambda v: isinstance(v, dict),
            'error': lambda v: isinstance(v, dict),
        }
        return checks.get(kind, lambda v: False)(value)

    def convert(node, value):
        if isinstance(node, list):  # union
            if isinstance(value, dict) and len(value) == 1:
                (name, inner), = value.items()
                for branch in node:
                    names = branch_names(branch)
                    if name in names:  # fastavro's tuple notation forces this branch
                        return (names[0], convert(branch, inner))
            for branch in node:
                if accepts(branch, value):
                    return convert(branch, value)
            raise ValueError(f'no branch of union {json.dumps(node)} takes {value!r}')
        node = resolve(node)
        if value is None or isinstance(node, str):
            return from_hex_or_text(value) if node == 'bytes' else value
        converted = logical(node, value)
        if converted is not None:
            return converted
        kind = node.get('type')
        if kind in ('bytes', 'fixed'):
            return from_hex_or_text(value)
        if kind in ('record', 'error'):
            return {f['name']: convert(f['type'], value[f['name']]) for f in node['fields'] if f['name'] in value}
        if kind == 'array':
            return [convert(node['items'], v) for v in value]
        if kind == 'map':
            return {k: convert(node['values'], v) for k, v in value.items()}
        return value  # enum, or a primitive without a logical type we convert

    schema = json.loads(schema_text)
    register(schema, schema.get('namespace', '') if isinstance(schema, dict) else '')
    return lambda value: convert(schema, value)


def serializer(kind, schema_file, proto_message, registry, strategy):
    """(serializer, JSON value -> serializer input) for one field, key or value."""
    conf = {'auto.register.schemas': True, 'subject.name.strategy.type': STRATEGIES[strategy]}
    if kind == 'string':
        return StringSerializer('utf_8'), lambda v: v if v is None or isinstance(v, str) else json.dumps(v)
    if kind == 'none':
        return None, lambda v: None
    if not schema_file:
        fail(f'format {kind} needs a schema file')
    if kind == 'avro':
        text = read_text(schema_file)
        return AvroSerializer(registry, text, conf=conf), avro_converter(text)
    if kind == 'json':
        return JSONSerializer(read_text(schema_file), registry, conf=conf), lambda v: v
    if kind == 'protobuf':
        if not proto_message:
            fail('format protobuf needs the message name (--proto-message / --key-proto-message)')
        cls, pool = proto_message_class(schema_file, proto_message)
        conf['use.deprecated.format'] = False
        return (ProtobufSerializer(cls, registry, conf),
                lambda v: None if v is None else json_format.ParseDict(v, cls(), descriptor_pool=pool))
    fail(f'unknown format {kind}')


def main():
    formats = ['avro', 'protobuf', 'json']
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--bootstrap', required=True)
    parser.add_argument('--registry', required=True, help='the Confluent-compatible API, e.g. http://127.0.0.1:8080/apis/ccompat/v7')
    parser.add_argument('--topic', required=True)
    parser.add_argument('--format', required=True, choices=formats)
    parser.add_argument('--schema-file', required=True)
    parser.add_argument('--proto-message', help='the message of --schema-file to write (protobuf)')
    parser.add_argument('--subject-strategy', default='topic', choices=list(STRATEGIES))
    parser.add_argument('--partition', type=int, help='write to this partition (default: the partitioner picks)')
    parser.add_argument('--keyed', action='store_true', help='stdin lines are {"key": ..., "value": ...}')
    parser.add_argument('--key-format', default='string', choices=['string', 'none'] + formats)
    parser.add_argument('--key-schema-file')
    parser.add_argument('--key-proto-message')
    args = parser.parse_args()

    registry = registry_client(args.registry)
    value_ser, value_in = serializer(args.format, args.schema_file, args.proto_message, registry, args.subject_strategy)
    key_ser, key_in = serializer(args.key_format if args.keyed else 'none', args.key_schema_file,
                                 args.key_proto_message, registry, args.subject_strategy)
    producer = Producer({'bootstrap.servers': args.bootstrap, 'enable.idempotence': True, 'linger.ms': 5})
    results, errors = [], []

    def delivered(index):
        def report(err, msg):
            if err is not None:
                errors.append(f'message {index + 1}: {err}')
            else:
                results[index] = f'{msg.partition()} {msg.offset()}'
        return report

    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            key, value = (record.get('key'), record.get('value')) if args.keyed else (None, record)
            key_bytes = key_ser(key_in(key), SerializationContext(args.topic, MessageField.KEY)) if key_ser else None
            value_bytes = value_ser(value_in(value), SerializationContext(args.topic, MessageField.VALUE))
        except Exception as e:  # noqa: BLE001 - any failure to encode is the test's failure
            fail(f'line {number}: {type(e).__name__}: {e}')
        results.append(None)
        extra = {} if args.partition is None else {'partition': args.partition}
        producer.produce(args.topic, value=value_bytes, key=key_bytes, on_delivery=delivered(len(results) - 1), **extra)
        producer.poll(0)
    remaining = producer.flush(30)
    if remaining:
        errors.append(f'{remaining} message(s) not delivered within 30 s')
    if errors:
        fail('; '.join(errors))
    for result in results:
        print(result)


if __name__ == '__main__':
    main()
