#!/usr/bin/env bash
# Everything a fresh machine lacks, each step skipped when already done:
# Debian packages, npm dependencies, Apache Kafka's jars (the pinned 4.x and 3.x, and Kafka Streams), Apicurio Registry, Keycloak, code-server,
# the tests' Python virtualenv (Confluent's client).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-system.sh
stamp=node_modules/.kafka-explorer-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "npm dependencies: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
else
  echo "npm dependencies: up to date"
fi
echo "kafka jars: $(bash scripts/kafka/fetch.sh)"
echo "kafka 3.x jars (the integration layer runs on both): $(bash scripts/kafka/fetch.sh 3x)"
echo "kafka streams jar (the tests' Streams app): $(bash scripts/kafka/fetch-streams.sh)"
echo "schema registry: $(bash scripts/registry/fetch.sh)"
echo "identity provider (OAuth tests): $(bash scripts/keycloak/fetch.sh)"
bash scripts/install-code-server.sh
echo "python venv: $(bash scripts/python/venv.sh)"
