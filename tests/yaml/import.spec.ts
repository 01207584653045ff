/**
 * `pulumi import backup-copy:index:CopyJob <name> <copyJobId>` adopts a copy job an operator started with the
 * AWS CLI: the plugin's read rebuilds the inputs from DescribeCopyJob (and the copy's recovery point), no copy
 * is started, and the YAML the CLI prints, pasted into the program, is a program with nothing to change.
 */
import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { awsCli, NATIVE_TYPE, ROLE_ARN, SOURCE_REGION, type YamlWorld, withYamlWorld } from "./support";

const run = promisify(execFile);

describe("yaml: pulumi import of a copy job started by the AWS CLI", function () {
  this.timeout(180_000);
  let world: YamlWorld;
  let aws: string;
  withYamlWorld({ seed: 222 }, (w) => (world = w));
  before(async function () {
    this.timeout(300_000); // a first run installs awscli into a venv (~35 s)
    aws = await awsCli();
  });

  it("adopts the job without StartCopyJob, and the printed code is a program with no changes", async () => {
    const rp = await world.recoveryPoint();
    // The operator's command, against the emulator; any access key works there.
    const started = await run(
      aws,
      [
        "backup",
        "start-copy-job",
        "--endpoint-url",
        world.emulator.endpoint,
        "--region",
        SOURCE_REGION,
        "--recovery-point-arn",
        rp,
        "--source-backup-vault-name",
        "prod-vault",
        "--destination-backup-vault-arn",
        world.destinationVaultArn,
        "--iam-role-arn",
        ROLE_ARN,
        "--output",
        "json",
      ],
      {
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          AWS_ACCESS_KEY_ID: "AKIAOPERATOR0000001",
          AWS_SECRET_ACCESS_KEY: "operator-secret",
          AWS_CONFIG_FILE: "/dev/null",
          AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        },
      },
    );
    const { CopyJobId: jobId } = JSON.parse(started.stdout) as { CopyJobId: string };
    assert.match(jobId, /\S/);
    await world.control.advanceClock(3600); // the copy completes

    const p = await world.project("adopt", { resources: {} });
    const since = await world.control.calls();
    const codeFile = path.join(p.dir, "imported.yaml");
    const imported = await p.cli(["import", NATIVE_TYPE, "adopted", jobId, "--yes", "--out", codeFile]);
    const calls = await world.control.calls();
    assert.equal((calls.StartCopyJob ?? 0) - (since.StartCopyJob ?? 0), 0, "import started a copy");
    assert.equal((await world.jobsOf(rp)).length, 1);

    const state = p.resource("adopted");
    assert.equal(state?.type, NATIVE_TYPE);
    assert.equal(state?.id, jobId);
    assert.equal(state?.outputs?.state, "COMPLETED");
    // The inputs the plugin rebuilt from AWS: what the job was started with.
    assert.deepEqual(
      {
        recoveryPointArn: state?.inputs?.recoveryPointArn,
        sourceBackupVaultName: state?.inputs?.sourceBackupVaultName,
        destinationBackupVaultArn: state?.inputs?.destinationBackupVaultArn,
        iamRoleArn: state?.inputs?.iamRoleArn,
      },
      {
        recoveryPointArn: rp,
        sourceBackupVaultName: "prod-vault",
        destinationBackupVaultArn: world.destinationVaultArn,
        iamRoleArn: ROLE_ARN,
      },
    );

    // The code the CLI generated (YAML, the project's language): a resource of the plugin's type (Pulumi YAML
    // writes `backup-copy:CopyJob`, its short form of `backup-copy:index:CopyJob`), with the job's id,
    // recovery point, vaults and role, protected as every imported resource is.
    const code = fs.readFileSync(codeFile, "utf8");
    assert.match(code, /^\s+type: backup-copy:(index:)?CopyJob$/m, code);
    assert.match(code, /^\s+protect: true$/m, code);
    assert.match(code, new RegExp(`^\\s+copyJobId: ${jobId}$`, "m"), code);
    for (const value of [rp, world.destinationVaultArn, ROLE_ARN, "prod-vault"])
      assert.ok(code.includes(value), `${value} missing from the printed code:\n${code}\n${imported.stdout}`);

    // Pasted into Pulumi.yaml as the CLI suggests, it is a program with nothing to change: no copy.
    const text = fs.readFileSync(path.join(p.dir, "Pulumi.yaml"), "utf8").replace(/^resources: \{\}\n/m, "");
    fs.writeFileSync(path.join(p.dir, "Pulumi.yaml"), `${text}${code}`);
    const preview = await p.preview();
    assert.equal(preview.ops.adopted, "same", `${preview.output}\n${code}`);
    const up = await p.up();
    assert.equal(up.ops.adopted, "same", up.output);
    assert.equal((await world.jobsOf(rp)).length, 1);
  });
});
