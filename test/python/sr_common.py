"""Shared by sr_write.py and sr_read.py: the registry client, subject name strategies,
.proto compilation, and the exact JSON rendering of decoded values.

Run with the venv of scripts/python/venv.sh (confluent-kafka 2.16.1 and grpcio-tools).
"""

import base64
import datetime
import decimal
import json
import os
import sys
import tempfile
import uuid
from importlib import resources

import attrs
from confluent_kafka.schema_registry import SchemaRegistryClient
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

# confluent-kafka 2.16 defaults to the ASSOCIATED strategy, which first asks the registry for
# the topic's associations (a newer Confluent-only API) and falls back to TOPIC: always name one.
STRATEGIES = {'topic': 'TOPIC', 'record': 'RECORD', 'topic_record': 'TOPIC_RECORD'}


def fail(message):
    print(f'{os.path.basename(sys.argv[0])}: {message}', file=sys.stderr)
    sys.exit(1)


def registry_client(url):
    return ProtoTextTolerantClient({'url': url})


class ProtoTextTolerantClient(SchemaRegistryClient):
    """Confluent's Protobuf deserializer asks for a schema with ?format=serialized and
    base64-decodes the answer as a FileDescriptorProto. Apicurio's ccompat API ignores that
    parameter and hands a PROTOBUF schema back exactly as it was registered: base64 when
    Confluent's serializer registered it, .proto text when another client did (which the
    deserializer then fails on as "Wire format was corrupt"). This client compiles such text
    (and text references) with protoc into what the deserializer expects."""

    def __init__(self, conf):
        super().__init__(conf)
        self._compiled = {}

    def get_schema(self, schema_id, subject_name=None, fmt=None, reference_format=None):
        schema = super().get_schema(schema_id, subject_name, fmt, reference_format)
        return self._serialized(schema) if fmt == 'serialized' else schema

    def get_version(self, subject_name, version='latest', deleted=False, fmt=None):
        registered = super().get_version(subject_name, version, deleted, fmt)
        if fmt != 'serialized':
            return registered
        return attrs.evolve(registered, schema=self._serialized(registered.schema))

    def _serialized(self, schema):
        if schema.schema_type != 'PROTOBUF' or _is_serialized_descriptor(schema.schema_str):
            return schema
        key = (schema.schema_str, tuple((r.name, r.subject, r.version) for r in schema.references or []))
        if key not in self._compiled:
            self._compiled[key] = self._compile(schema)
        return attrs.evolve(schema, schema_str=self._compiled[key])

    def _compile(self, schema):
        from grpc_tools import protoc

        deps = descriptor_pb2.FileDescriptorSet()
        seen = set()

        def collect(references):
            for ref in references or []:
                if ref.name in seen or ref.name.startswith(('google/protobuf/', 'google/type/', 'confluent/')):
                    continue
                seen.add(ref.name)
                registered = self.get_version(ref.subject, ref.version, True, 'serialized')
                collect(registered.schema.references)  # dependencies before dependents
                file = descriptor_pb2.FileDescriptorProto.FromString(base64.b64decode(registered.schema.schema_str))
                file.name = ref.name
                deps.file.append(file)

        collect(schema.references)
        with tempfile.TemporaryDirectory() as tmp:
            main, deps_file, out = (os.path.join(tmp, n) for n in ('registered-schema.proto', 'deps.pb', 'out.pb'))
            with open(main, 'w', encoding='utf-8') as f:
                f.write(schema.schema_str)
            with open(deps_file, 'wb') as f:
                f.write(deps.SerializeToString())
            args = ['protoc', f'-I{tmp}', *_include_paths(), f'--descriptor_set_out={out}', main]
            if deps.file:
                args.insert(1, f'--descriptor_set_in={deps_file}')
            if protoc.main(args) != 0:
                raise ValueError(f'protoc could not compile the registered schema:\n{schema.schema_str}')
            with open(out, 'rb') as f:
                compiled = descriptor_pb2.FileDescriptorSet.FromString(f.read()).file[-1]
        return base64.b64encode(compiled.SerializeToString()).decode('ascii')


def _is_serialized_descriptor(text):
    try:
        descriptor_pb2.FileDescriptorProto.FromString(base64.b64decode(text, validate=True))
        return True
    except Exception:  # noqa: BLE001 - binascii.Error, DecodeError: text it is
        return False


def _include_paths():
    """protoc -I flags for protobuf's well-known types and googleapis-common-protos' files
    (google/type/..., in site-packages)."""
    site = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(descriptor_pb2.__file__))))
    return [f'-I{resources.files("grpc_tools") / "_proto"}', f'-I{site}']


def read_text(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def proto_message_class(schema_file, message_name):
    """Compiles schema_file with the protoc of grpcio-tools into descriptors (no generated
    Python code) and returns (message class, pool). Imports resolve against the file's folder,
    protobuf's well-known types and googleapis-common-protos (google/type/...).
    message_name may be short ("Order", "Order.Line") or full ("shop.Order")."""
    from grpc_tools import protoc

    schema_file = os.path.abspath(schema_file)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'descriptors.pb')
        code = protoc.main(['protoc', f'-I{os.path.dirname(schema_file)}', *_include_paths(),
                            f'--descriptor_set_out={out}', '--include_imports', schema_file])
        if code != 0:
            fail(f'protoc failed ({code}) on {schema_file}')
        files = descriptor_pb2.FileDescriptorSet.FromString(open(out, 'rb').read())
    pool = descriptor_pool.DescriptorPool()
    for file in files.file:  # dependencies first
        pool.Add(file)
    main = files.file[-1]
    candidates = [message_name, f'{main.package}.{message_name}' if main.package else message_name]
    for name in candidates:
        try:
            return message_factory.GetMessageClass(pool.FindMessageTypeByName(name)), pool
        except KeyError:
            pass
    names = [m.name for m in main.message_type]
    fail(f'no message {message_name} in {schema_file} (top-level messages: {", ".join(names)})')


def to_json(value):
    """A decoded value as JSON with exact types: ints stay integers of any size, a Decimal is
    a plain string keeping its exponent ("12.10"), datetime/date/time are isoformat(), a UUID
    is its string, bytes are "hex:" + hex."""
    return json.dumps(_plain(value), ensure_ascii=False, separators=(',', ':'))


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, decimal.Decimal):
        return format(value, 'f')
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return 'hex:' + bytes(value).hex()
    return value


def from_hex_or_text(value):
    """JSON input for an Avro bytes/fixed value: "hex:..." as hex, any other string as UTF-8."""
    if isinstance(value, str) and value.startswith('hex:'):
        return bytes.fromhex(value[4:])
    if isinstance(value, str):
        return value.encode('utf-8')
    raise ValueError(f'cannot make bytes of {value!r}')
