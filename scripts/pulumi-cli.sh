#!/usr/bin/env bash
# Prints, as its last line, the path of a `pulumi` CLI the tests and the demo can drive.
#
# Order: $PULUMI_CLI (an explicit path) > a `pulumi` on PATH that is at least PULUMI_CLI_MIN >
# a build cached in .cache/pulumi-cli/<version>/ > a fresh build from the Go module proxy.
# PULUMI_CLI_VERSION=v3.X.Y asks for that version (built if not cached); PULUMI_CLI_UPDATE=1 asks the proxy
# for its newest version even when a build is cached. Without either, a cached build is used as is, so a
# second call takes a moment and needs no network (a new Pulumi release never starts a build mid-test).
#
# Why a wrapper module: pkg/v3's go.mod has `replace` directives, so `go install pkg/v3/cmd/pulumi@v`
# is refused. A module that requires pkg/v3 and sdk/v3 at one version and repeats pkg's non-local
# replaces builds the same binary with `go build`. The version is stamped with -ldflags because the
# Automation API parses `pulumi version` and refuses a CLI that reports none.
#
# Beside the binary goes `pulumi-resource-pulumi-nodejs`, the launcher the CLI's own distribution
# ships for dynamic providers (see write_launcher).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=lib/pkg-v3-module.sh
. "$ROOT/scripts/lib/pkg-v3-module.sh"
MIN="${PULUMI_CLI_MIN:-3.200.0}"
VERSION="${PULUMI_CLI_VERSION:-}"
CACHE="${PULUMI_CLI_CACHE:-$ROOT/.cache/pulumi-cli}"

log() { echo "pulumi-cli: $*" >&2; }

how_to_get_one() {
  log "Install the CLI (https://www.pulumi.com/docs/install/) and put it on PATH, or install Go"
  log "(https://go.dev/dl/; the build uses the Go module proxy), or point PULUMI_CLI at a pulumi binary."
}

version_ge() { # version_ge A B: A >= B (dotted numbers, no leading v)
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" = "$2" ]
}

# The dynamic-provider launcher, beside the CLI. The engine starts it with the program's directory as its
# working directory. Like the one in Pulumi's distribution (sdk/nodejs/dist/pulumi-resource-pulumi-nodejs,
# since pulumi/pulumi#2274), it asks node to resolve @pulumi/pulumi from there, so a hoisted node_modules in a
# parent directory (workspaces, monorepos, this repository's tests) works; `./node_modules/...` would not.
# Unlike it, it `exec`s node, so the engine's kill reaches the plugin itself rather than a shell.
write_launcher() {
  local dir="$1" file="$1/pulumi-resource-pulumi-nodejs" tmp
  tmp="$(mktemp "$dir/.launcher.XXXXXX")"
  cat >"$tmp" <<'LAUNCHER'
#!/bin/sh
# Runs the Pulumi program's own @pulumi/pulumi dynamic-provider plugin, resolved from the working directory
# (the program's directory) the way node's require does.
script="$(node -e "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")" || exit 1
exec node "$script" "$@"
LAUNCHER
  chmod +x "$tmp"
  if cmp -s "$tmp" "$file"; then rm -f "$tmp"; else mv -f "$tmp" "$file"; fi
}

if [ -n "${PULUMI_CLI:-}" ]; then
  [ -x "$PULUMI_CLI" ] || { log "PULUMI_CLI=$PULUMI_CLI is not an executable"; how_to_get_one; exit 1; }
  echo "$PULUMI_CLI"; exit 0
fi

if [ -z "$VERSION" ] && command -v pulumi >/dev/null 2>&1; then
  have="$(PULUMI_SKIP_UPDATE_CHECK=true pulumi version 2>/dev/null | sed 's/^v//')" || have=""
  if [ -n "$have" ] && version_ge "$have" "$MIN"; then
    log "using pulumi $have from PATH"
    command -v pulumi; exit 0
  fi
  log "pulumi on PATH is ${have:-unknown}, older than $MIN: using a build"
fi

cached_newest() { # the newest complete build in the cache, if any
  local d
  for d in $(ls "$CACHE" 2>/dev/null | grep -E '^v3\.[0-9]+\.[0-9]+$' | sort -V -r); do
    [ -x "$CACHE/$d/pulumi" ] && { echo "$d"; return; }
  done
}

if [ -z "$VERSION" ] && [ -z "${PULUMI_CLI_UPDATE:-}" ]; then VERSION="$(cached_newest)"; fi

if [ -n "$VERSION" ] && [ -x "$CACHE/v${VERSION#v}/pulumi" ]; then
  OUT="$CACHE/v${VERSION#v}"
  write_launcher "$OUT" # an older launcher in the cache is brought up to date
  echo "$OUT/pulumi"; exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  log "no pulumi CLI (>= $MIN) on PATH, none built in $CACHE, and no Go toolchain to build one."
  how_to_get_one
  exit 1
fi

if [ -z "$VERSION" ]; then
  # The newest release the proxy serves; offline, the newest build already cached.
  VERSION="$(go list -m -versions github.com/pulumi/pulumi/pkg/v3 2>/dev/null | tr ' ' '\n' | grep -E '^v3\.[0-9]+\.[0-9]+$' | sort -V | tail -1 || true)"
  [ -n "$VERSION" ] || VERSION="$(cached_newest)"
  [ -n "$VERSION" ] || { log "cannot list github.com/pulumi/pulumi/pkg/v3 versions from the Go module proxy"; how_to_get_one; exit 1; }
fi
VERSION="v${VERSION#v}"
OUT="$CACHE/$VERSION"
mkdir -p "$CACHE"

# One build at a time per cache (two test runs starting together would share the work directory).
exec 9>"$CACHE/.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if [ -x "$OUT/pulumi" ]; then write_launcher "$OUT"; echo "$OUT/pulumi"; exit 0; fi

log "building pulumi $VERSION from the Go module proxy into $OUT (the first build takes several minutes)"
start=$(date +%s)
WORK="$CACHE/.build-$VERSION"
rm -rf "$WORK"; mkdir -p "$WORK" "$OUT"
cd "$WORK"
go mod init pulumi-cli-wrapper >/dev/null 2>&1
PKG_DIR="$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@$VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",*$/\1/p')"
[ -d "$PKG_DIR" ] || { log "could not download github.com/pulumi/pulumi/pkg/v3@$VERSION"; exit 1; }

# pkg's go.mod names the Go it needs (v3.276.0: go 1.26.6). With GOTOOLCHAIN=auto (Go's default) an older go
# fetches that toolchain through the module proxy; with GOTOOLCHAIN=local it cannot, so say so plainly.
need="$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$PKG_DIR/go.mod" | head -1)"
have_go="$(go env GOVERSION | sed 's/^go//')"
if [ -n "$need" ] && ! version_ge "$have_go" "$need" && [ "$(go env GOTOOLCHAIN)" = "local" ]; then
  log "pulumi $VERSION needs Go >= $need; this is Go $have_go with GOTOOLCHAIN=local."
  log "Install a newer Go, unset GOTOOLCHAIN, or pick an older release with PULUMI_CLI_VERSION."
  exit 1
fi

require_pkg_v3 "$VERSION" "$PKG_DIR"
cat >tools.go <<'GO'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
GO
go mod tidy >&2
CGO_ENABLED=0 go build -trimpath -o "$OUT/pulumi.tmp" \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$VERSION" \
  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
write_launcher "$OUT"
mv "$OUT/pulumi.tmp" "$OUT/pulumi"
cd "$ROOT"; rm -rf "$WORK"
log "built pulumi $VERSION in $(( $(date +%s) - start )) s"
echo "$OUT/pulumi"
