#!/usr/bin/env bash
# The Node.js x @pulumi/pulumi matrix. Each leg copies this tree (tracked and unignored files) into
# .cache/matrix/<leg>/, puts that Node first on PATH, runs `npm ci`, installs the leg's @pulumi/pulumi over the
# copy's lockfile (this tree's lockfile is never touched), then runs the leg's checks. Prints one line per leg
# and exits non-zero if any leg failed.
#
#   scripts/node-matrix.sh                      # every leg below
#   MATRIX_LEGS="22:latest" scripts/node-matrix.sh
#   MATRIX_MOCHA="tests/install/*.spec.ts" ...  # only some specs in each leg (default: the whole suite)
#
# Legs are <node>:<@pulumi/pulumi version>. <node> is a major version installed by scripts/node.sh from the
# npm registry, or "system" for the machine's own node. The default legs:
#   22:latest 24:latest 26:latest   supported Node versions with the newest @pulumi/pulumi: typecheck, mocha
#                                   and the install styles (tests/install/plugin.spec.ts)
#   system:3.139.0                  the oldest @pulumi/pulumi the package declares (^3.139.0), on the machine's
#                                   Node (20: the lockfile's 3.248.0 on Node 20 is what `npm test` runs)
# A leg on another @pulumi/pulumi than the newest runs the package's own specs (OLDEST_SPECS below) and no
# typecheck: the examples need @pulumi/aws 7, whose own floor is @pulumi/pulumi 3.142, and the repository's
# sources use types newer than 3.139's (ReadResult.inputs); the compiled package runs on 3.139 unchanged.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${MATRIX_DIR:-$ROOT/.cache/matrix}"
read -r -a LEGS <<<"${MATRIX_LEGS:-22:latest 24:latest 26:latest system:3.139.0}"
MOCHA_SPECS="${MATRIX_MOCHA:-}"
# Through the real engine, whose launcher runs the project's (old) dynamic-provider plugin. Not the
# tests/harness ones: the harness speaks the handshake of the repository's newer protos, which 3.139 lacks.
OLDEST_SPECS="tests/unit/*.spec.ts tests/provider/*.spec.ts tests/install/upgrade.spec.ts tests/e2e/lifecycle.spec.ts tests/e2e/stack-export.spec.ts"
mkdir -p "$WORK"

summary=()
failed=0
started_all=$(date +%s)
for leg in "${LEGS[@]}"; do
  node_major="${leg%%:*}"
  pulumi="${leg#*:}"
  name="node${node_major}-pulumi${pulumi}"
  dir="$WORK/$name"
  log="$WORK/$name.log"
  start=$(date +%s)
  echo "== leg $name (log: $log)"
  (
    set -euo pipefail
    if [ "$node_major" = system ]; then
      bin="$(dirname "$(command -v node)")"
    else
      bin="$("$ROOT/scripts/node.sh" "$node_major" | tail -1)"
    fi
    export PATH="$bin:$PATH"
    # Install tests share this tree's tarball and tool caches (keyed by content), and the e2e tests its
    # Pulumi CLI build (scripts/pulumi-cli.sh), instead of making them again in each copy.
    export PULUMI_BACKUP_COPY_TEST_CACHE="$ROOT/.cache"
    export PULUMI_CLI_CACHE="$ROOT/.cache/pulumi-cli"
    rm -rf "$dir" && mkdir -p "$dir"
    (cd "$ROOT" && git ls-files -z -co --exclude-standard) | (cd "$ROOT" && tar --null -T - -cf -) | tar -xf - -C "$dir"
    cd "$dir"
    echo "node $(node --version), npm $(npm --version)"
    npm ci --no-audit --no-fund --loglevel=error
    npm install --no-save --no-audit --no-fund --loglevel=error "@pulumi/pulumi@$pulumi"
    echo "@pulumi/pulumi $(node -p 'require("@pulumi/pulumi/package.json").version')"
    specs="$MOCHA_SPECS"
    if [ "$pulumi" = latest ]; then npm run --silent typecheck; else specs="${specs:-$OLDEST_SPECS}"; fi
    if [ -n "$specs" ]; then
      # shellcheck disable=SC2086 # the specs are globs
      npx mocha --no-config -r ts-node/register/transpile-only -r ./tests/support/quiet-sdk.ts --timeout 60000 --exit $specs
    else
      # The whole suite, and the install styles through the plugin (outside `npm test` for its time).
      npx mocha && npx mocha --no-config -r ts-node/register/transpile-only -r ./tests/support/quiet-sdk.ts \
        --timeout 900000 --exit tests/install/plugin.spec.ts
    fi
  ) >"$log" 2>&1
  rc=$?
  secs=$(($(date +%s) - start))
  nodev=$(grep -m1 -o '^node v[0-9.]*' "$log" | cut -d' ' -f2)
  pulv=$(grep -m1 -o '^@pulumi/pulumi [0-9.]*' "$log" | cut -d' ' -f2)
  # Each mocha run of the leg (the suite, then the install styles) prints its own count: show them all.
  passing=$(grep -oE '[0-9]+ passing' "$log" | cut -d' ' -f1 | paste -sd+ | sed 's/.$/& passing/')
  failing=$(grep -oE '[0-9]+ failing' "$log" | cut -d' ' -f1 | paste -sd+ | sed 's/.$/& failing/')
  if [ $rc -eq 0 ]; then
    result=PASS
    rm -rf "$dir" # a few hundred MB each; the log stays
  else
    result=FAIL
    failed=1
    echo "   last lines of $log:"
    tail -25 "$log" | sed 's/^/   | /'
  fi
  line=$(printf '%-28s node %-9s @pulumi/pulumi %-8s %s  %s%s  %dm%02ds' "$name" "${nodev:-?}" "${pulv:-?}" \
    "$result" "${passing:-no test run}" "${failing:+, $failing}" $((secs / 60)) $((secs % 60)))
  summary+=("$line")
  echo "   $line"
done

total=$(($(date +%s) - started_all))
echo
echo "Node.js matrix ($((total / 60))m$((total % 60))s in all):"
printf '  %s\n' "${summary[@]}"
exit $failed
