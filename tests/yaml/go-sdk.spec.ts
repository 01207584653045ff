/**
 * The Go SDK generated from the plugin's schema (scripts/pulumi-gen-sdk.sh --language go), used from a Go
 * program (tests/yaml/go/main.go) through Pulumi's Go Automation API and the real CLI: `up` creates one copy
 * through the native plugin, a second `up` changes nothing. The program builds against
 * github.com/pulumi/pulumi/sdk/v3 at the CLI's own version (Go modules from the proxy, the CLI build's cache);
 * the inline program needs no Go language host.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { type E2eWorld, withE2eWorld } from "../e2e/support";
import { HOST_TIMEOUT_MS, lastLineOf, REPO, runSdkProgram } from "./support";

const exec = promisify(execFile);
/** The generated package's import path (the schema's repository + sdk/go/backupcopy). */
const SDK_MODULE = "github.com/pulumi-backup-copy/pulumi-backup-copy/sdk/go";

describe("yaml suite: the generated Go SDK, from a Go program", function () {
  this.timeout(180_000);
  let world: E2eWorld;
  let program: string;
  withE2eWorld({ seed: 228 }, (w) => (world = w));
  before(async function () {
    this.timeout(HOST_TIMEOUT_MS); // a first build compiles the Go SDK and the Automation API
    const sdk = await lastLineOf(
      "bash",
      [
        path.join(REPO, "scripts/pulumi-gen-sdk.sh"),
        "--language",
        "go",
        "--out",
        path.join(REPO, ".pulumi-harness", "sdks"),
      ],
      "pulumi-gen-sdk",
    );
    const version = world.cli.version.startsWith("v") ? world.cli.version : `v${world.cli.version}`;
    // The generator writes packages, not a module: a go.mod as a user's `pulumi package add` would.
    fs.writeFileSync(
      path.join(sdk, "go.mod"),
      `module ${SDK_MODULE}\n\ngo 1.24\n\nrequire github.com/pulumi/pulumi/sdk/v3 ${version}\n`,
    );
    const dir = path.join(REPO, ".pulumi-harness", "go-program");
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(__dirname, "go", "main.go"), path.join(dir, "main.go"));
    fs.writeFileSync(
      path.join(dir, "go.mod"),
      [
        "module copyprogram",
        "",
        "go 1.24",
        "",
        `require github.com/pulumi/pulumi/sdk/v3 ${version}`,
        `require ${SDK_MODULE} v0.0.0`,
        "",
        `replace ${SDK_MODULE} => ${sdk}`,
        "",
      ].join("\n"),
    );
    // CGO off and -trimpath, as the CLI's build: the build cache it left is reused.
    const env = { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=mod" };
    program = path.join(dir, "copy-program");
    await exec("go", ["mod", "tidy"], { cwd: dir, env });
    await exec("go", ["build", "-trimpath", "-o", program, "."], { cwd: dir, env });
  });

  it("up creates one copy through the native plugin; a second up changes nothing", async () => {
    await runSdkProgram(world, { command: program, args: [], project: "go-sdk", stack: "go" });
  });
});
