#!/usr/bin/env bash
# Prints, as its last line, the path of an `aws` CLI (AWS CLI v1 from PyPI) that the YAML e2e suite uses to
# start a copy job the way an operator would, before `pulumi import` adopts it (tests/yaml/import.spec.ts).
#
# Order: $AWS_CLI (an explicit path) > a venv cached in .cache/awscli/<version>/ > a fresh venv
# (python3 -m venv, then pip install awscli==<version> from PyPI). A cached venv is used as is: a second call
# takes a moment and needs no network. AWS_CLI_VERSION picks another release.
#
# Why v1 from PyPI: AWS CLI v2 is not on PyPI (it ships as a downloaded installer, which this project's machines
# cannot fetch); v1 speaks the same Backup API and honours --endpoint-url.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="${AWS_CLI_VERSION:-1.46.2}"
CACHE="${AWS_CLI_CACHE:-$ROOT/.cache/awscli}"
OUT="$CACHE/$VERSION"
BIN="$OUT/bin/aws"

log() { echo "aws-cli: $*" >&2; }

if [ -n "${AWS_CLI:-}" ]; then
  [ -x "$AWS_CLI" ] || { log "AWS_CLI=$AWS_CLI is not an executable"; exit 1; }
  echo "$AWS_CLI"; exit 0
fi

if [ -x "$BIN" ] && [ -f "$OUT/.complete" ]; then echo "$BIN"; exit 0; fi

PYTHON="$(command -v python3 || true)"
[ -n "$PYTHON" ] || { log "no python3 to make a venv for awscli: install Python 3, or point AWS_CLI at an aws CLI"; exit 1; }

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if [ -x "$BIN" ] && [ -f "$OUT/.complete" ]; then echo "$BIN"; exit 0; fi

log "installing awscli $VERSION into a venv at $OUT (pip, from PyPI)"
start=$(date +%s)
rm -rf "$OUT"
"$PYTHON" -m venv "$OUT" >&2
"$OUT/bin/python" -m pip install --quiet --disable-pip-version-check "awscli==$VERSION" >&2
"$BIN" --version >&2
touch "$OUT/.complete" # a half-made venv (pip cut off) is made again next time
log "installed awscli $VERSION in $(( $(date +%s) - start )) s"
echo "$BIN"
