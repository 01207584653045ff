#!/usr/bin/env bash
# Prints, as its last line, the path of a Python interpreter in a venv that holds Pulumi's Python SDK (`pulumi`
# from PyPI): tests/yaml/python-sdk.spec.ts runs a Python program through it with the SDK generated from the
# native plugin's schema. Python's Automation API runs inline programs through its own language server, so no
# `pulumi-language-python` host is needed (the Go module proxy does not serve it).
#
# Order: a venv cached in .cache/pulumi-python/<version>/ > a fresh one (python3 -m venv, pip install
# pulumi==<version>). PULUMI_PYTHON_VERSION picks another release; it must be at least the generated SDK's
# floor (its setup.py: pulumi>=3.269).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="${PULUMI_PYTHON_VERSION:-3.272.0}"
CACHE="$ROOT/.cache/pulumi-python"
OUT="$CACHE/$VERSION"
BIN="$OUT/bin/python"
# wheel: pip builds the generated SDK (a setup.py project) without build isolation, so nothing more is fetched.
PACKAGES="pulumi==$VERSION wheel"
ready() { [ -x "$BIN" ] && [ "$(cat "$OUT/.complete" 2>/dev/null)" = "$PACKAGES" ]; }

log() { echo "pulumi-python: $*" >&2; }

if ready; then echo "$BIN"; exit 0; fi
PYTHON="$(command -v python3 || true)"
[ -n "$PYTHON" ] || { log "no python3 to make a venv for Pulumi's Python SDK"; exit 1; }

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if ready; then echo "$BIN"; exit 0; fi

log "installing pulumi $VERSION (Python SDK) into a venv at $OUT (pip, from PyPI)"
start=$(date +%s)
rm -rf "$OUT"
"$PYTHON" -m venv "$OUT" >&2
# shellcheck disable=SC2086 # PACKAGES is a list
"$OUT/bin/python" -m pip install --quiet --disable-pip-version-check $PACKAGES >&2
echo "$PACKAGES" >"$OUT/.complete" # a half-made venv (pip cut off), or another list, is made again next time
log "installed pulumi $VERSION in $(( $(date +%s) - start )) s"
echo "$BIN"
