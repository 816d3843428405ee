#!/usr/bin/env bash
# Fetches a tar.gz from Maven Central once and unpacks it into DIR (marked complete when done,
# so an interrupted fetch starts over). Prints DIR on stdout.
#   maven-tarball.sh LABEL GROUP:ARTIFACT:VERSION:tar.gz[:CLASSIFIER] DIR [STRIP_COMPONENTS]
set -euo pipefail
label=$1 artifact=$2 dir=$3 strip=${4:-0}
if [ ! -f "$dir/.complete" ]; then
  echo "fetching $label from Maven Central into $dir" >&2
  rm -rf "$dir"; mkdir -p "$dir"
  mvn -B -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$dir" >&2
  tarball=$(find "$dir" -maxdepth 1 -name '*.tar.gz' | head -1)
  tar xzf "$tarball" -C "$dir" --strip-components="$strip"
  rm "$tarball"
  touch "$dir/.complete"
fi
echo "$dir"
