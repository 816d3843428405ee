#!/usr/bin/env bash
# Installs code-server (VS Code's server + web workbench) from the npm registry into
# .cache/code-server/<version>, once. @vscode/test-electron cannot download VS Code on
# machines without internet; code-server gives a real VS Code extension host instead.
# 4.99.x is the newest line that accepts Node 20 (it ships VS Code 1.99.3).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=${CODE_SERVER_VERSION:-4.99.4}
dir="$root/.cache/code-server/$version"
if [ -x "$dir/node_modules/.bin/code-server" ] && [ -f "$dir/.complete" ]; then
  echo "code-server $version: present"; exit 0
fi
echo "code-server $version: installing into $dir (about 2-3 minutes)"
# @vscode/ripgrep's install script downloads rg from GitHub; it first looks in this cache
# folder, so hand it Debian's rg there under the name it expects.
cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
if [ ! -f "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ]; then
  mkdir -p "$cache/x" && cp "$(command -v rg)" "$cache/x/rg"
  tar czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$cache/x" rg
fi
# npm 11.16+ skips dependencies' install scripts unless approved, and code-server's
# postinstall runs a nested `npm install` in lib/vscode that builds native modules
# (node-pty, spdlog, ...). npm 10 runs them, so put an npm 10 first on PATH for this install.
npm10="$root/.cache/npm10"
if [ ! -x "$npm10/node_modules/.bin/npm" ]; then
  mkdir -p "$npm10" && npm install --prefix "$npm10" --no-audit --no-fund --loglevel=error npm@10
fi
rm -rf "$dir"; mkdir -p "$dir"
cd "$dir"
echo '{"name":"code-server-host","private":true}' > package.json
PATH="$npm10/node_modules/.bin:$PATH" npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --no-audit --no-fund --loglevel=error "code-server@$version"
test -e node_modules/code-server/lib/vscode/node_modules.asar  # made by code-server's postinstall
touch .complete
echo "code-server $version: installed"
