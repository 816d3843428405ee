#!/usr/bin/env bash
# Fetches Apicurio Registry (Confluent-compatible API at /apis/ccompat/v7, schemas kept in
# memory, runs on Java 17) from Maven Central once into .cache/apicurio/<version>.
# The version is pinned in scripts/registry/version; APICURIO_VERSION overrides it.
# Prints the folder holding the runner jar on stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
version=${APICURIO_VERSION:-$(cat "$root/scripts/registry/version")}
dir="$root/.cache/apicurio/$version"
if [ ! -f "$dir/.complete" ]; then
  echo "fetching Apicurio Registry $version from Maven Central into $dir" >&2
  rm -rf "$dir"; mkdir -p "$dir"
  mvn -B -q dependency:copy -Dartifact="io.apicurio:apicurio-registry-app:$version:tar.gz:all" -DoutputDirectory="$dir" >&2
  tar xzf "$dir/apicurio-registry-app-$version-all.tar.gz" -C "$dir"
  rm "$dir/apicurio-registry-app-$version-all.tar.gz"
  touch "$dir/.complete"
fi
echo "$dir"
