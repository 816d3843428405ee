#!/usr/bin/env bash
# Installs the Debian packages the tests, benchmarks and demo need, only those missing.
# kcat: independent Kafka client; chromium: headless browser for code-server tests;
# python3-msgpack: Python's msgpack (kafka-python users' serializer), an independent writer;
# libkrb5-dev + ripgrep: build/runtime needs of code-server (see scripts/install-code-server.sh).
set -euo pipefail
need=()
command -v kcat >/dev/null || need+=(kcat)
command -v chromium >/dev/null || need+=(chromium)
command -v rg >/dev/null || need+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
/usr/bin/python3 -c 'import msgpack' >/dev/null 2>&1 || need+=(python3-msgpack)
/usr/bin/python3 -c 'import ensurepip' >/dev/null 2>&1 || need+=(python3-venv)
command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
if [ ${#need[@]} -eq 0 ]; then echo "system packages: all present"; exit 0; fi
echo "system packages: installing ${need[*]}"
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
