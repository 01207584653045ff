/**
 * scripts/pulumi-cli.sh without the network: with no CLI and no Go it fails saying how to get one (the e2e suite
 * and the demo fail with that message, never skip), and a cached build is used as is, its launcher brought up to
 * date. The build itself is exercised by every e2e run that starts cold.
 */
import { strict as assert } from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const SCRIPT = path.resolve(__dirname, "../../scripts/pulumi-cli.sh");
/** The tools the script uses, and nothing else: no pulumi, no go. */
const TOOLS = ["bash", "cat", "chmod", "cmp", "date", "dirname", "grep", "head", "ls", "mkdir", "mktemp"];
const MORE_TOOLS = ["mv", "rm", "sed", "sort", "tail", "tr", "node"];

describe("scripts/pulumi-cli.sh, offline", () => {
  let dir: string;
  let bin: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cli-script-"));
    bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    for (const tool of [...TOOLS, ...MORE_TOOLS]) {
      const found = execFileSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim();
      fs.symlinkSync(found, path.join(bin, tool));
    }
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (env: Record<string, string>) =>
    spawnSync(path.join(bin, "bash"), [SCRIPT], {
      encoding: "utf8",
      env: { PATH: bin, HOME: dir, PULUMI_CLI_CACHE: path.join(dir, "cache"), ...env },
    });

  it("with no CLI, no build and no Go: exit 1 and how to get one", () => {
    const r = run({});
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /no pulumi CLI \(>= [\d.]+\) on PATH, none built in .*, and no Go toolchain/);
    assert.match(r.stderr, /https:\/\/www\.pulumi\.com\/docs\/install\//);
    assert.match(r.stderr, /https:\/\/go\.dev\/dl\//);
    assert.match(r.stderr, /PULUMI_CLI/);
  });

  it("a cached build is used without asking the proxy; its launcher resolves @pulumi/pulumi like node", () => {
    const version = path.join(dir, "cache", "v3.999.0");
    fs.mkdirSync(version, { recursive: true });
    fs.writeFileSync(path.join(version, "pulumi"), "#!/bin/sh\necho v3.999.0\n", { mode: 0o755 });
    fs.writeFileSync(path.join(version, "pulumi-resource-pulumi-nodejs"), "#!/bin/sh\nexit 9\n", {
      mode: 0o755,
    });
    const r = run({});
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim().split("\n").pop(), path.join(version, "pulumi"));
    const launcher = fs.readFileSync(path.join(version, "pulumi-resource-pulumi-nodejs"), "utf8");
    assert.match(launcher, /require\.resolve\('@pulumi\/pulumi\/cmd\/dynamic-provider'\)/);
    assert.match(launcher, /exec node "\$script" "\$@"/);
    // From a directory with no @pulumi/pulumi anywhere above it, the launcher fails saying so.
    const lost = spawnSync(path.join(version, "pulumi-resource-pulumi-nodejs"), ["127.0.0.1:1"], {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: bin },
    });
    assert.notEqual(lost.status, 0);
    assert.match(lost.stderr, /Cannot find module '@pulumi\/pulumi\/cmd\/dynamic-provider'/);
  });

  it("PULUMI_CLI names the CLI outright; a wrong one fails", () => {
    const fake = path.join(dir, "my-pulumi");
    fs.writeFileSync(fake, "#!/bin/sh\n", { mode: 0o755 });
    assert.equal(run({ PULUMI_CLI: fake }).stdout.trim(), fake);
    const wrong = run({ PULUMI_CLI: path.join(dir, "missing") });
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /is not an executable/);
  });
});
