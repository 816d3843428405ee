#!/usr/bin/env bash
# Fetches Apicurio Registry (Confluent-compatible API at /apis/ccompat/v7, schemas kept in
# memory, runs on Java 17) from Maven Central once into .cache/apicurio/<version>.
# The version is pinned in scripts/registry/version; APICURIO_VERSION overrides it.
# Prints the folder holding the runner jar on stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
version=${APICURIO_VERSION:-$(cat "$root/scripts/registry/version")}
exec bash "$root/scripts/lib/maven-tarball.sh" "Apicurio Registry $version" \
  "io.apicurio:apicurio-registry-app:$version:tar.gz:all" "$root/.cache/apicurio/$version"
