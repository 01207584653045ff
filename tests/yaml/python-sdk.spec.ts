/**
 * The Python SDK generated from the plugin's schema (scripts/pulumi-gen-sdk.sh --language python), used from a
 * Python program (tests/yaml/python/copy_program.py) through Pulumi's Python Automation API and the real CLI:
 * `up` creates one copy through the native plugin, a second `up` changes nothing. Pulumi's Python SDK comes from
 * PyPI into a cached venv (scripts/pulumi-python.sh); the inline program needs no Python language host.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { type E2eWorld, withE2eWorld } from "../e2e/support";
import { HOST_TIMEOUT_MS, lastLineOf, REPO, runSdkProgram } from "./support";

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
    await runSdkProgram(world, {
      command: python,
      args: [path.join(__dirname, "python", "copy_program.py")],
      project: "python-sdk",
      stack: "python",
      env: { PYTHONPATH: site },
    });
  });
});
