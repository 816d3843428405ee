#!/usr/bin/env bash
# Runs a command while a CPU hog keeps one core busy, as other work on a 2-core CI machine does.
# Tests must pass like this: they wait for conditions, never for fixed times.
#   bash scripts/under-load.sh npm test            (the whole suite)
#   RUNS=3 bash scripts/under-load.sh npm test     (three times in a row; stops at the first failure)
set -euo pipefail
if [ "$#" -eq 0 ]; then
  echo "usage: bash scripts/under-load.sh COMMAND [ARGS...]" >&2
  exit 2
fi
# One busy process, at normal priority: it competes for a core as a build or a browser would.
node -e 'for (;;) {}' &
hog=$!
trap 'kill "$hog" 2>/dev/null || true' EXIT
runs="${RUNS:-1}"
for ((run = 1; run <= runs; run++)); do
  echo "== under load: run $run of $runs: $*" >&2
  start=$(date +%s)
  "$@"
  echo "== run $run passed in $(($(date +%s) - start)) s" >&2
done
