#!/usr/bin/env bash
# Fetches Apache Kafka's jars from Maven Central once into .cache/kafka/<version>/libs.
# The version is pinned in scripts/kafka/version; KAFKA_VERSION=3.9.2 overrides it, and
# `fetch.sh 3x` takes the 3.x version that npm test also runs against (scripts/kafka/version-3x).
# The folder is fetched again when pom.xml changes (its checksum is the completion stamp).
# Prints the libs folder on stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ "${1:-}" = 3x ]; then
  version=${KAFKA_3X_VERSION:-$(cat "$root/scripts/kafka/version-3x")}
else
  version=${KAFKA_VERSION:-$(cat "$root/scripts/kafka/version")}
fi
libs="$root/.cache/kafka/$version/libs"
stamp=$(sha256sum "$root/scripts/kafka/pom.xml" | cut -d' ' -f1)
if [ ! -f "$libs/.complete" ] || [ "$(cat "$libs/.complete")" != "$stamp" ]; then
  echo "fetching Apache Kafka $version jars from Maven Central into $libs" >&2
  rm -rf "$libs"; mkdir -p "$libs"
  mvn -B -q -f "$root/scripts/kafka/pom.xml" -Dkafka.version="$version" \
    dependency:copy-dependencies -DoutputDirectory="$libs" -DincludeScope=runtime >&2
  echo "$stamp" > "$libs/.complete"
fi
echo "$libs"
