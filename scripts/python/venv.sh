#!/usr/bin/env bash
# Creates the tests' Python virtualenv in .cache/python-venv from Debian's /usr/bin/python3
# and installs the pinned packages of scripts/python/requirements.txt from PyPI (Confluent's
# confluent-kafka with its Schema Registry serdes, grpcio-tools' protoc). Skipped when the
# venv's stamp matches requirements.txt and the Python version; rebuilt from scratch otherwise.
# Prints the venv's python on stdout (last line).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv="$root/.cache/python-venv"
req="$root/scripts/python/requirements.txt"
stamp="$venv/.requirements-installed"
python=/usr/bin/python3
expected() { cat "$req"; echo "# built with $("$python" -V 2>&1)"; }
up_to_date() { [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && cmp -s <(expected) "$stamp"; }
if ! up_to_date; then
  mkdir -p "$root/.cache"
  # Parallel callers (test workers) wait for one install instead of racing it.
  exec 9>"$root/.cache/python-venv.lock"
  flock 9
  if ! up_to_date; then
    echo "python venv: installing $req into $venv" >&2
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
      --require-virtualenv --only-binary=:all: -r "$req" >&2
    expected >"$stamp"
  fi
  exec 9>&-
fi
echo "$venv/bin/python"
