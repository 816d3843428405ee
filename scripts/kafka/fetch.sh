#!/usr/bin/env bash
# Fetches Apache Kafka's jars from Maven Central once into .cache/kafka/<version>/libs.
# The version is pinned in scripts/kafka/version; KAFKA_VERSION=3.9.1 overrides it.
# Prints the libs folder on stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
version=${KAFKA_VERSION:-$(cat "$root/scripts/kafka/version")}
libs="$root/.cache/kafka/$version/libs"
if [ ! -f "$libs/.complete" ]; then
  echo "fetching Apache Kafka $version jars from Maven Central into $libs" >&2
  rm -rf "$libs"; mkdir -p "$libs"
  mvn -B -q -f "$root/scripts/kafka/pom.xml" -Dkafka.version="$version" \
    dependency:copy-dependencies -DoutputDirectory="$libs" -DincludeScope=runtime >&2
  touch "$libs/.complete"
fi
echo "$libs"
