#!/usr/bin/env bash
# Fetches Kafka Streams (the version of scripts/kafka/version, or $KAFKA_VERSION) from Maven Central
# once into .cache/kafka-streams/<version>/libs, for the tests' Streams app (test/java/StreamsApp.java).
# Apart from scripts/kafka/fetch.sh, with its own pom and stamp: a change here must not wipe the
# broker's jars, which other runs may be using. The folder is fetched again when streams-pom.xml
# changes (its checksum is the completion stamp). Prints the libs folder on stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
version=${KAFKA_VERSION:-$(cat "$root/scripts/kafka/version")}
libs="$root/.cache/kafka-streams/$version/libs"
stamp=$(sha256sum "$root/scripts/kafka/streams-pom.xml" | cut -d' ' -f1)
if [ ! -f "$libs/.complete" ] || [ "$(cat "$libs/.complete")" != "$stamp" ]; then
  echo "fetching Kafka Streams $version jars from Maven Central into $libs" >&2
  rm -rf "$libs"; mkdir -p "$libs"
  mvn -B -q -f "$root/scripts/kafka/streams-pom.xml" -Dkafka.version="$version" \
    dependency:copy-dependencies -DoutputDirectory="$libs" -DincludeScope=runtime >&2
  echo "$stamp" > "$libs/.complete"
fi
echo "$libs"
