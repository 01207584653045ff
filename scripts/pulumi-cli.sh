#!/usr/bin/env bash
# Prints, as its last line, the path of a `pulumi` CLI the tests and the demo can drive.
#
# Order: $PULUMI_CLI (an explicit path) > a `pulumi` on PATH that is at least PULUMI_CLI_MIN >
# a build cached in .cache/pulumi-cli/<version>/ > a fresh build from the Go module proxy.
#
# Why a wrapper module: pkg/v3's go.mod has `replace` directives, so `go install pkg/v3/cmd/pulumi@v`
# is refused. A module that requires pkg/v3 and sdk/v3 at one version and repeats pkg's non-local
# replaces builds the same binary with `go build`. The version is stamped with -ldflags because the
# Automation API parses `pulumi version` and refuses a CLI that reports none.
#
# Beside the binary goes `pulumi-resource-pulumi-nodejs`, the launcher the CLI's own distribution
# ships for dynamic providers: it runs the program's @pulumi/pulumi/cmd/dynamic-provider with node.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MIN="${PULUMI_CLI_MIN:-3.200.0}"
VERSION="${PULUMI_CLI_VERSION:-}"
CACHE="${PULUMI_CLI_CACHE:-$ROOT/.cache/pulumi-cli}"

log() { echo "pulumi-cli: $*" >&2; }

version_ge() { # version_ge A B: A >= B (dotted numbers, no leading v)
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" = "$2" ]
}

write_launcher() { # the dynamic-provider launcher, beside the CLI
  local dir="$1"
  cat >"$dir/pulumi-resource-pulumi-nodejs" <<'LAUNCHER'
#!/bin/sh
# Runs the program's own @pulumi/pulumi dynamic-provider plugin (what Pulumi's distribution ships).
exec node "$PWD/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js" "$@"
LAUNCHER
  chmod +x "$dir/pulumi-resource-pulumi-nodejs"
}

if [ -n "${PULUMI_CLI:-}" ]; then
  [ -x "$PULUMI_CLI" ] || { log "PULUMI_CLI=$PULUMI_CLI is not an executable"; exit 1; }
  echo "$PULUMI_CLI"; exit 0
fi

if [ -z "$VERSION" ] && command -v pulumi >/dev/null 2>&1; then
  have="$(pulumi version 2>/dev/null | sed 's/^v//')" || have=""
  if [ -n "$have" ] && version_ge "$have" "$MIN"; then
    log "using pulumi $have from PATH"
    command -v pulumi; exit 0
  fi
  log "pulumi on PATH is ${have:-unknown}, older than $MIN: building one"
fi

if ! command -v go >/dev/null 2>&1; then
  log "no pulumi CLI (>= $MIN) on PATH and no Go toolchain to build one."
  log "Install the CLI (https://www.pulumi.com/docs/install/) or Go >= 1.25 (https://go.dev/dl/),"
  log "or point PULUMI_CLI at a pulumi binary."
  exit 1
fi

if [ -z "$VERSION" ]; then
  # The newest the proxy serves; offline, the newest build already cached.
  VERSION="$(go list -m -versions github.com/pulumi/pulumi/pkg/v3 2>/dev/null | tr ' ' '\n' | grep -E '^v3\.[0-9]+\.[0-9]+$' | sort -V | tail -1 || true)"
  if [ -z "$VERSION" ]; then
    VERSION="$(ls "$CACHE" 2>/dev/null | sort -V | tail -1 || true)"
  fi
  [ -n "$VERSION" ] || { log "cannot list github.com/pulumi/pulumi/pkg/v3 versions from the Go module proxy"; exit 1; }
fi
VERSION="v${VERSION#v}"
OUT="$CACHE/$VERSION"

if [ -x "$OUT/pulumi" ] && [ -x "$OUT/pulumi-resource-pulumi-nodejs" ]; then
  echo "$OUT/pulumi"; exit 0
fi

log "building pulumi $VERSION from the Go module proxy into $OUT (first time: several minutes)"
start=$(date +%s)
WORK="$CACHE/.build-$VERSION"
rm -rf "$WORK"; mkdir -p "$WORK" "$OUT"
cd "$WORK"
go mod init pulumi-cli-wrapper >/dev/null 2>&1
PKG_DIR="$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@$VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",*$/\1/p')"
[ -d "$PKG_DIR" ] || { log "could not download github.com/pulumi/pulumi/pkg/v3@$VERSION"; exit 1; }
go mod edit -require="github.com/pulumi/pulumi/pkg/v3@$VERSION" -require="github.com/pulumi/pulumi/sdk/v3@$VERSION"
# Repeat pkg's replace directives, except the local ones (=> ../sdk), which point into Pulumi's repo.
go mod edit -json "$PKG_DIR/go.mod" | python3 -c '
import json, sys
for r in json.load(sys.stdin).get("Replace") or []:
    new = r["New"]
    if new["Path"].startswith(".") or new["Path"].startswith("/") or not new.get("Version"):
        continue
    old = r["Old"]["Path"] + ("@" + r["Old"]["Version"] if r["Old"].get("Version") else "")
    print("-replace=%s=%s@%s" % (old, new["Path"], new["Version"]))
' | xargs -r go mod edit
cat >tools.go <<'GO'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
GO
go mod tidy >&2
CGO_ENABLED=0 go build -trimpath -o "$OUT/pulumi.tmp" \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$VERSION" \
  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
mv "$OUT/pulumi.tmp" "$OUT/pulumi"
write_launcher "$OUT"
cd "$ROOT"; rm -rf "$WORK"
log "built pulumi $VERSION in $(( $(date +%s) - start )) s"
echo "$OUT/pulumi"
