#!/usr/bin/env bash
# Fetches Keycloak (the OAuth tests' identity provider, run in dev mode on Java 21+) from Maven
# Central once into .cache/keycloak/<version>. The version is pinned in scripts/keycloak/version;
# KEYCLOAK_VERSION overrides it. Prints the Keycloak home folder (with bin/kc.sh) on stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
version=${KEYCLOAK_VERSION:-$(cat "$root/scripts/keycloak/version")}
dir="$root/.cache/keycloak/$version"
if [ ! -f "$dir/.complete" ]; then
  echo "fetching Keycloak $version from Maven Central into $dir" >&2
  rm -rf "$dir"; mkdir -p "$dir"
  mvn -B -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:tar.gz" -DoutputDirectory="$dir" >&2
  tar xzf "$dir/keycloak-quarkus-dist-$version.tar.gz" -C "$dir" --strip-components=1
  rm "$dir/keycloak-quarkus-dist-$version.tar.gz"
  touch "$dir/.complete"
fi
echo "$dir"
