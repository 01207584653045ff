/**
 * The Python SDK generated from the plugin's schema (scripts/pulumi-gen-sdk.sh --language python), used from a
 * Python program (tests/yaml/python/copy_program.py) through Pulumi's Python Automation API and the real CLI:
 * `up` creates one copy through the native plugin, a second `up` changes nothing. Pulumi's Python SDK comes from
 * PyPI into a cached venv (scripts/pulumi-python.sh); the inline program needs no Python language host.
 */
import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { readDeployment, resourceNamed, type E2eWorld, withE2eWorld } from "../e2e/support";
import { HOST_TIMEOUT_MS, lastLineOf, NATIVE_TYPE, pluginDir, REPO } from "./support";

const exec = promisify(execFile);

describe("yaml suite: the generated Python SDK, from a Python program", function () {
  this.timeout(180_000);
  let world: E2eWorld;
  let python: string;
  let site: string;
  withE2eWorld({ seed: 227 }, (w) => (world = w));
  before(async function () {
    this.timeout(HOST_TIMEOUT_MS); // a first run makes the venv (~45 s) and may build the SDK generator
    python = await lastLineOf("bash", [path.join(REPO, "scripts/pulumi-python.sh")], "pulumi-python");
    const sdk = await lastLineOf(
      "bash",
      [
        path.join(REPO, "scripts/pulumi-gen-sdk.sh"),
        "--language",
        "python",
        "--out",
        path.join(REPO, ".pulumi-harness", "sdks"),
      ],
      "pulumi-gen-sdk",
    );
    // Installed apart from the shared venv (its metadata is what the SDK reads its version from); setuptools
    // from the venv, no build isolation: nothing more is fetched.
    site = fs.mkdtempSync(path.join(os.tmpdir(), "backup-copy-python-sdk-"));
    await exec(python, [
      "-m",
      "pip",
      "install",
      "--quiet",
      "--disable-pip-version-check",
      "--no-deps",
      "--no-build-isolation",
      "--target",
      site,
      sdk,
    ]);
  });
  after(() => site && fs.rmSync(site, { recursive: true, force: true }));

  it("up creates one copy through the native plugin; a second up changes nothing", async () => {
    const rp = await world.recoveryPoint();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-root-"));
    fs.mkdirSync(path.join(root, "bin"));
    fs.symlinkSync(world.cli.path, path.join(root, "bin", "pulumi"));
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "python-sdk-program-"));
    try {
      const args = world.copyArgs(rp);
      const { stdout } = await exec(python, [path.join(__dirname, "python", "copy_program.py")], {
        env: {
          ...process.env,
          ...world.env,
          PATH: [await pluginDir(), path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
          PYTHONPATH: site,
          COPY_ARGS: JSON.stringify({
            recoveryPointArn: rp,
            sourceBackupVaultName: args.sourceBackupVaultName,
            destinationBackupVaultArn: args.destinationBackupVaultArn,
            iamRoleArn: args.iamRoleArn,
          }),
          STACK: "python",
          WORK_DIR: workDir,
          PULUMI_ROOT: root,
        },
        maxBuffer: 64 * 1024 * 1024,
      });
      const result = JSON.parse(stdout.trim().split("\n").pop()!) as {
        ups: Array<Record<string, number>>;
        outputs: Record<string, string>;
      };
      assert.deepEqual(result.ups, [{ create: 2 }, { same: 2 }], stdout);
      const [job] = await world.jobsOf(rp);
      assert.equal((await world.jobsOf(rp)).length, 1);
      assert.equal(job.state, "COMPLETED");
      assert.deepEqual(result.outputs, { copyJobId: job.copyJobId, state: "COMPLETED" });
      const state = resourceNamed(readDeployment(world.pulumi.backendDir, "python-sdk", "python"), "copy");
      assert.equal(state?.type, NATIVE_TYPE);
      assert.equal(state?.id, job.copyJobId);
      assert.equal(
        (await world.copyOf(job.copyJobId))?.lifecycle?.DeleteAfterDays,
        120,
        "the nested lifecycle input did not reach AWS",
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  });
});
