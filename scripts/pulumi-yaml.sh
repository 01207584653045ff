#!/usr/bin/env bash
# Prints, as its last line, the path of a `pulumi-language-yaml` language host: what the Pulumi CLI runs for a
# project whose Pulumi.yaml says `runtime: yaml` (tests/yaml, examples/yaml).
#
# Order: $PULUMI_LANGUAGE_YAML (an explicit path) > a build cached in .cache/pulumi-yaml/<version>/ > a fresh
# build from the Go module proxy. PULUMI_YAML_VERSION=v1.X.Y asks for another version (built if not cached).
# A cached build is used as is: a second call takes a moment and needs no network.
#
# Why a wrapper module, like scripts/pulumi-cli.sh: the host is `github.com/pulumi/pulumi-yaml/cmd/
# pulumi-language-yaml`. v1.25.0's go.mod has no `replace` lines, so `go install …@v1.25.0` would work too, but
# it would land in GOBIN, not in our cache, and could not be stamped the same way. A module that requires
# pulumi-yaml at one version builds the same binary with `go build` into the cache. The version is stamped
# with -ldflags (pkg/version.Version), as pulumi-yaml's own Makefile does, so `pulumi about` names it.
# Only the Go module proxy is used: no clone of Pulumi's sources.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="${PULUMI_YAML_VERSION:-v1.25.0}"
VERSION="v${VERSION#v}"
CACHE="${PULUMI_YAML_CACHE:-$ROOT/.cache/pulumi-yaml}"
MODULE="github.com/pulumi/pulumi-yaml"
OUT="$CACHE/$VERSION"
BIN="$OUT/pulumi-language-yaml"

log() { echo "pulumi-yaml: $*" >&2; }

version_ge() { # version_ge A B: A >= B (dotted numbers, no leading v)
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" = "$2" ]
}

how_to_get_one() {
  log "Install Go (https://go.dev/dl/; the build uses the Go module proxy), or download the YAML host from"
  log "https://github.com/pulumi/pulumi-yaml/releases and point PULUMI_LANGUAGE_YAML at pulumi-language-yaml."
}

if [ -n "${PULUMI_LANGUAGE_YAML:-}" ]; then
  [ -x "$PULUMI_LANGUAGE_YAML" ] || { log "PULUMI_LANGUAGE_YAML=$PULUMI_LANGUAGE_YAML is not an executable"; how_to_get_one; exit 1; }
  echo "$PULUMI_LANGUAGE_YAML"; exit 0
fi

if [ -x "$BIN" ]; then echo "$BIN"; exit 0; fi

if ! command -v go >/dev/null 2>&1; then
  log "no pulumi-language-yaml built in $OUT and no Go toolchain to build one."
  how_to_get_one
  exit 1
fi

mkdir -p "$CACHE"
# One build at a time per cache (two test runs starting together would share the work directory).
exec 9>"$CACHE/.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if [ -x "$BIN" ]; then echo "$BIN"; exit 0; fi

log "building pulumi-language-yaml $VERSION from the Go module proxy into $OUT (the first build takes minutes)"
start=$(date +%s)
WORK="$CACHE/.build-$VERSION"
rm -rf "$WORK"; mkdir -p "$WORK" "$OUT"
cd "$WORK"
go mod init pulumi-yaml-wrapper >/dev/null 2>&1
MOD_DIR="$(go mod download -json "$MODULE@$VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",*$/\1/p')"
[ -d "$MOD_DIR" ] || { log "could not download $MODULE@$VERSION from the Go module proxy"; how_to_get_one; exit 1; }

# The go line of its go.mod is the Go it needs; with GOTOOLCHAIN=local an older go cannot fetch it: say so.
need="$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$MOD_DIR/go.mod" | head -1)"
have_go="$(go env GOVERSION | sed 's/^go//')"
if [ -n "$need" ] && ! version_ge "$have_go" "$need" && [ "$(go env GOTOOLCHAIN)" = "local" ]; then
  log "pulumi-language-yaml $VERSION needs Go >= $need; this is Go $have_go with GOTOOLCHAIN=local."
  log "Install a newer Go, unset GOTOOLCHAIN, or pick another release with PULUMI_YAML_VERSION."
  exit 1
fi
# A later release that adds replace lines would build differently from upstream through a wrapper: refuse
# rather than build something else (scripts/pulumi-cli.sh shows how to repeat them if it ever comes to that).
if grep -qE '^\s*replace\b' "$MOD_DIR/go.mod"; then
  log "$MODULE@$VERSION has replace directives in its go.mod; this script builds only releases without them."
  exit 1
fi

go mod edit -require="$MODULE@$VERSION"
cat >tools.go <<'GO'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
GO
go mod tidy >&2
CGO_ENABLED=0 go build -trimpath -o "$BIN.tmp" \
  -ldflags "-s -w -X $MODULE/pkg/version.Version=$VERSION" \
  "$MODULE/cmd/pulumi-language-yaml" >&2
mv "$BIN.tmp" "$BIN"
cd "$ROOT"; rm -rf "$WORK"
log "built pulumi-language-yaml $VERSION in $(( $(date +%s) - start )) s"
echo "$BIN"
