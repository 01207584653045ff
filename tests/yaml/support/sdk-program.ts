/**
 * A program written against a generated SDK (tests/yaml/go, tests/yaml/python), run as its language's
 * Automation API program against the e2e world: it runs `up` twice and prints, as its last line, the step
 * counts of each `up` and the stack's outputs. Both SDK specs check the same outcome: one copy, created then
 * unchanged, recorded as the native type, with the nested lifecycle input reaching AWS.
 */
import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { readDeployment, resourceNamed, type E2eWorld } from "../../e2e/support";
import { pluginDir } from "./tools";
import { NATIVE_TYPE } from "./world";

const exec = promisify(execFile);

export interface SdkProgram {
  /** The executable and its arguments (a built Go program, or python and its script). */
  command: string;
  args: string[];
  /** The project name the program gives its stack, and the stack's name. */
  project: string;
  stack: string;
  /** Added to the program's environment (PYTHONPATH, …). */
  env?: Record<string, string>;
}

/** Runs the program on a fresh recovery point and asserts one copy, created then unchanged. */
export async function runSdkProgram(world: E2eWorld, program: SdkProgram): Promise<void> {
  const rp = await world.recoveryPoint();
  // The Automation API finds `pulumi` under PULUMI_ROOT/bin: the world's CLI.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-root-"));
  fs.mkdirSync(path.join(root, "bin"));
  fs.symlinkSync(world.cli.path, path.join(root, "bin", "pulumi"));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `${program.project}-program-`));
  try {
    const args = world.copyArgs(rp);
    const { stdout } = await exec(program.command, program.args, {
      env: {
        ...process.env,
        ...world.env,
        PATH: [await pluginDir(), path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
        ...program.env,
        COPY_ARGS: JSON.stringify({
          recoveryPointArn: rp,
          sourceBackupVaultName: args.sourceBackupVaultName,
          destinationBackupVaultArn: args.destinationBackupVaultArn,
          iamRoleArn: args.iamRoleArn,
        }),
        STACK: program.stack,
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
    const jobs = await world.jobsOf(rp);
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0].state, "COMPLETED");
    assert.deepEqual(result.outputs, { copyJobId: jobs[0].copyJobId, state: "COMPLETED" });
    const state = resourceNamed(
      readDeployment(world.pulumi.backendDir, program.project, program.stack),
      "copy",
    );
    assert.equal(state?.type, NATIVE_TYPE);
    assert.equal(state?.id, jobs[0].copyJobId);
    assert.equal(
      (await world.copyOf(jobs[0].copyJobId))?.lifecycle?.DeleteAfterDays,
      120,
      "the nested lifecycle input did not reach AWS",
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
