#!/usr/bin/env python3
"""Reads Confluent Schema Registry wire-format messages with Confluent's own deserializers
(confluent-kafka 2.16.1), an independent reader for the tests. Run with the python that
scripts/python/venv.sh prints.

  sr_read.py --bootstrap HOST:PORT --registry URL --topic T --format avro|protobuf|json
             --count N [--timeout-s 30]
             [--proto-schema-file F --proto-message NAME]   (required for protobuf)
             [--key-format string|avro|json|protobuf|none]  (default none: key not printed)
             [--key-proto-schema-file F --key-proto-message NAME]

Reads every partition from its beginning (assigned, no consumer group) until N messages
arrived, and prints each as one JSON line, in arrival order:
  {"partition":p,"offset":o,"value":...}            (plus "key" with --key-format)
Values keep exact types: ints as JSON integers of any size, a Decimal as a string keeping its
exponent ("12.10"), datetime/date/time as isoformat(), a UUID as its string, bytes as "hex:...",
a tombstone as null. Avro and JSON values come from the writer's schema in the registry.
Protobuf values are json_format.MessageToDict(..., preserving_proto_field_name=True): proto3
JSON, so int64/uint64/fixed64 are *strings*, bytes are base64, enums are names, and fields
holding their default value (0, "", false, empty) are left out.
Exits 1 if fewer than N messages arrive within the timeout, or on any decoding error.
"""

import argparse
import sys
import time
import uuid

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaException, TopicPartition
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext, StringDeserializer
from google.protobuf import json_format

from sr_common import STRATEGIES, fail, proto_message_class, registry_client, to_json


def deserializer(kind, registry, proto_schema_file, proto_message):
    """A function (bytes, ctx) -> JSON-ready value for one field, key or value."""
    # Only the writer's schema (by the id in the message) is used; the strategy just keeps
    # confluent-kafka from asking the registry for topic associations (ASSOCIATED, its default).
    conf = {'subject.name.strategy.type': STRATEGIES['topic']}
    if kind == 'string':
        return StringDeserializer('utf_8')
    if kind == 'avro':
        return AvroDeserializer(registry, conf=conf)
    if kind == 'json':
        return JSONDeserializer(None, schema_registry_client=registry, conf=conf)
    if kind == 'protobuf':
        if not proto_schema_file or not proto_message:
            fail('format protobuf needs --proto-schema-file and --proto-message (--key-... for keys)')
        cls, _ = proto_message_class(proto_schema_file, proto_message)
        conf['use.deprecated.format'] = False
        inner = ProtobufDeserializer(cls, conf, registry)

        def decode(data, ctx):
            message = inner(data, ctx)
            return None if message is None else json_format.MessageToDict(message, preserving_proto_field_name=True)
        return decode
    fail(f'unknown format {kind}')


def assign_all(consumer, topic, deadline):
    """Assigns every partition of topic from the beginning, waiting for the topic to exist."""
    while True:
        try:
            metadata = consumer.list_topics(topic, timeout=max(0.1, min(5, deadline - time.monotonic())))
            info = metadata.topics.get(topic)
            if info is not None and info.error is None and info.partitions:
                consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in sorted(info.partitions)])
                return
        except KafkaException:
            pass
        if time.monotonic() >= deadline:
            fail(f'topic {topic} not found')
        time.sleep(0.2)


def main():
    formats = ['avro', 'protobuf', 'json']
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--bootstrap', required=True)
    parser.add_argument('--registry', required=True, help='the Confluent-compatible API, e.g. http://127.0.0.1:8080/apis/ccompat/v7')
    parser.add_argument('--topic', required=True)
    parser.add_argument('--format', required=True, choices=formats)
    parser.add_argument('--count', required=True, type=int)
    parser.add_argument('--timeout-s', type=float, default=30)
    parser.add_argument('--proto-schema-file')
    parser.add_argument('--proto-message')
    parser.add_argument('--key-format', default='none', choices=['none', 'string'] + formats)
    parser.add_argument('--key-proto-schema-file')
    parser.add_argument('--key-proto-message')
    args = parser.parse_args()

    deadline = time.monotonic() + args.timeout_s
    registry = registry_client(args.registry)
    decode_value = deserializer(args.format, registry, args.proto_schema_file, args.proto_message)
    decode_key = None if args.key_format == 'none' else deserializer(
        args.key_format, registry, args.key_proto_schema_file, args.key_proto_message)
    consumer = Consumer({
        'bootstrap.servers': args.bootstrap,
        'group.id': f'sr-read-{uuid.uuid4()}',  # never joined: partitions are assigned
        'enable.auto.commit': False,
        'enable.partition.eof': False,
    })
    got = 0
    try:
        assign_all(consumer, args.topic, deadline)
        while got < args.count:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            msg = consumer.poll(min(left, 1.0))
            if msg is None:
                continue
            if msg.error():
                fail(f'consume error: {msg.error()}')
            try:
                row = {'partition': msg.partition(), 'offset': msg.offset()}
                if decode_key is not None:
                    row['key'] = decode_key(msg.key(), SerializationContext(args.topic, MessageField.KEY, msg.headers()))
                row['value'] = decode_value(msg.value(), SerializationContext(args.topic, MessageField.VALUE, msg.headers()))
            except Exception as e:  # noqa: BLE001 - any failure to decode is the test's failure
                fail(f'partition {msg.partition()} offset {msg.offset()}: {type(e).__name__}: {e}')
            print(to_json(row), flush=True)
            got += 1
    finally:
        consumer.close()
    if got < args.count:
        fail(f'only {got} of {args.count} messages arrived within {args.timeout_s:g} s')


if __name__ == '__main__':
    main()
