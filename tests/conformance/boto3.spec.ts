import { execFile } from "child_process";
import * as assert from "assert";
import * as path from "path";
import { RunningEmulator, startEmulator } from "../../emulator";
import { ERROR_STATUS } from "../../emulator/errors";
import { backupRoutes } from "../../emulator/routes";
import { STS_ACTIONS } from "../../emulator/sts";
import { ensurePythonEnv, PythonEnv } from "./python-env";

/**
 * Conformance with independent clients (issue 14): boto3/botocore and the AWS CLI from PyPI drive the
 * emulator over HTTP, and botocore's own service model checks every response (boto3_conformance.py).
 */

interface Report {
  results: Array<{ check: string; ok: boolean; detail?: string; trace?: string }>;
  mismatches: string[];
  succeeded: string[];
  errors: Record<string, string[]>;
  versions: Record<string, string>;
}

/** Error codes no well-formed SDK call can provoke, so the suite cannot see them (each has a wire.spec test). */
const UNREACHABLE: Record<string, string> = {
  SerializationException: "the SDKs serialize valid JSON of the modelled types",
  IncompleteSignatureException: "the SDKs always sign with a credential scope",
  MissingAuthenticationTokenException: "the SDKs always sign",
  RequestEntityTooLargeException: "no modelled request comes near 10 MiB",
  InternalFailure: "an emulator bug",
  ConflictException: "in the status table for completeness; no operation raises it",
  ExpiredTokenException: "temporary keys' expiry is not enforced (emulator/README.md)",
};
/** STS spells some codes its own way (query protocol). */
const STS_SPELLING: Record<string, string> = {
  AccessDeniedException: "AccessDenied",
  UnrecognizedClientException: "InvalidClientTokenId",
};

describe("conformance: boto3, botocore and the AWS CLI against the emulator", function () {
  this.timeout(600_000);
  let python: PythonEnv;
  let emu: RunningEmulator;
  let report: Report;

  before(async () => {
    python = ensurePythonEnv();
    console.log(
      `      python venv ${python.created ? "created" : "reused"} in ${python.seconds.toFixed(1)} s (.cache/venv)`,
    );
    emu = await startEmulator({ quiet: true, seed: 21, clockScale: 0 });
    const script = path.join(__dirname, "boto3_conformance.py");
    // Asynchronous: the emulator answers from this process while the script runs.
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(python.python, [script, emu.endpoint], { maxBuffer: 16 * 1024 * 1024 }, (err, out, errOut) =>
        err ? reject(new Error(`${script} failed: ${err.message}\n${errOut}`)) : resolve(out),
      ),
    );
    report = JSON.parse(stdout) as Report;
  });
  after(async () => {
    await emu?.stop();
  });

  it("a second run reuses the venv without reinstalling", () => {
    const again = ensurePythonEnv();
    assert.strictEqual(again.created, false);
    assert.strictEqual(again.python, python.python);
  });

  it("every check of the script passes", () => {
    const failed = report.results.filter((r) => !r.ok);
    assert.ok(report.results.length >= 10, `only ${report.results.length} checks ran`);
    assert.deepStrictEqual(
      failed.map((r) => `${r.check}: ${r.detail}`),
      [],
      failed.map((r) => r.trace).join("\n"),
    );
  });

  it("every raw response matches botocore's service model (members, JSON types, enums, modelled errors)", () => {
    assert.deepStrictEqual(report.mismatches, [], `botocore ${report.versions.botocore}`);
  });

  it("every served operation answered an independent client successfully", () => {
    const served = [...backupRoutes(() => 0).map((r) => r.operation), ...STS_ACTIONS].sort();
    assert.deepStrictEqual(
      served.filter((op) => !report.succeeded.includes(op)),
      [],
    );
  });

  it("every error class the emulator can send reached botocore with its code", () => {
    const seen = new Set(Object.values(report.errors).flat());
    const missing = Object.keys(ERROR_STATUS).filter(
      (code) => !(code in UNREACHABLE) && !seen.has(code) && !seen.has(STS_SPELLING[code] ?? code),
    );
    assert.deepStrictEqual(missing, [], `seen: ${[...seen].sort().join(", ")}`);
  });
});
