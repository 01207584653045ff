# Sourced by scripts/pulumi-cli.sh and scripts/pulumi-gen-sdk.sh, which both build a wrapper module around
# github.com/pulumi/pulumi/pkg/v3: its go.mod has `replace` directives, so `go install pkg@version` is refused,
# and a module that requires pkg/v3 must repeat them itself.

# require_pkg_v3 VERSION PKG_DIR: in the wrapper module's directory, require pkg/v3 and sdk/v3 at VERSION and
# repeat pkg's replace directives (PKG_DIR: pkg/v3's downloaded module), except the local ones (=> ../sdk),
# which point into Pulumi's repository. (node, not python: node is already required by this package.)
require_pkg_v3() {
  go mod edit -require="github.com/pulumi/pulumi/pkg/v3@$1" -require="github.com/pulumi/pulumi/sdk/v3@$1"
  go mod edit -json "$2/go.mod" | node -e '
let text = "";
process.stdin.on("data", (d) => (text += d)).on("end", () => {
  for (const r of JSON.parse(text).Replace ?? []) {
    if (!r.New.Version || /^[./]/.test(r.New.Path)) continue;
    const old = r.Old.Version ? `${r.Old.Path}@${r.Old.Version}` : r.Old.Path;
    console.log(`-replace=${old}=${r.New.Path}@${r.New.Version}`);
  }
});
' | xargs -r go mod edit
}
