#!/usr/bin/env bash
# Fetches Keycloak (the OAuth tests' identity provider, run in dev mode on Java 21+) from Maven
# Central once into .cache/keycloak/<version>. The version is pinned in scripts/keycloak/version;
# KEYCLOAK_VERSION overrides it. Prints the Keycloak home folder (with bin/kc.sh) on stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
version=${KEYCLOAK_VERSION:-$(cat "$root/scripts/keycloak/version")}
exec bash "$root/scripts/lib/maven-tarball.sh" "Keycloak $version" \
  "org.keycloak:keycloak-quarkus-dist:$version:tar.gz" "$root/.cache/keycloak/$version" 1
