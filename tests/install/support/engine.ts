/**
 * Runs the real engine for a program in an installed project. The Automation API and the inline program run
 * in a node process whose cwd is the project's program directory, so `@pulumi/pulumi` and `pulumi-backup-copy`
 * resolve as they do for a user's program: one @pulumi/pulumi, the project's. (An inline program in the test
 * process would register the project's CopyJob through the repository's @pulumi/pulumi: two copies, whose
 * protobuf classes the gRPC client refuses.) The CLI, the emulator and the isolated backend come from an e2e
 * world (tests/e2e/support); the engine starts the dynamic-provider plugin in `world.programDir`.
 */
import * as path from "path";
import {
  readDeployment,
  resourceNamed,
  SOURCE_REGION,
  type E2eWorld,
  type StateResource,
} from "../../e2e/support";
import { runAsync } from "./run";

export type Op = "up" | "preview" | "refresh" | "destroy";
export const PROJECT = "install";

const DRIVER = `
const { LocalWorkspace, PulumiCommand } = require("@pulumi/pulumi/automation");
const spec = JSON.parse(process.env.INSTALL_ENGINE_SPEC);
(async () => {
  const pulumiCommand = await PulumiCommand.get({ root: spec.cliRoot, skipVersionCheck: true });
  const program = async () => {
    const { CopyJob } = require("pulumi-backup-copy");
    for (const [name, args] of Object.entries(spec.copies)) new CopyJob(name, args);
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: spec.stackName, projectName: spec.projectName, program },
    {
      workDir: spec.workDir,
      pulumiCommand,
      envVars: spec.env,
      projectSettings: { name: spec.projectName, runtime: "nodejs" },
      stackSettings: { [spec.stackName]: { config: spec.config } },
    },
  );
  const out = {};
  for (const op of spec.ops) {
    const result = await stack[op]();
    out[op] = op === "preview" ? result.changeSummary : result.summary.resourceChanges;
  }
  process.stdout.write("\\n" + JSON.stringify(out) + "\\n");
})().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
`;

/** Runs `ops` in order; returns each one's change summary ({ create: 2 }, { same: 2 }, …). */
export async function engine(
  world: E2eWorld,
  programDir: string,
  stackName: string,
  copies: Record<string, object>,
  ops: Op[],
): Promise<Record<string, Record<string, number>>> {
  const cli = world.cli.command.command;
  const spec = {
    cliRoot: path.dirname(path.dirname(cli)),
    stackName,
    projectName: PROJECT,
    workDir: world.programDir,
    env: world.env,
    config: { "aws:region": SOURCE_REGION },
    copies,
    ops,
  };
  const out = await runAsync(process.execPath, ["-e", DRIVER], {
    cwd: programDir,
    env: { ...world.env, INSTALL_ENGINE_SPEC: JSON.stringify(spec) },
  });
  return JSON.parse(out.trim().split("\n").pop()!) as Record<string, Record<string, number>>;
}

/** A resource of the stack's checkpoint, as the engine wrote it. */
export function resourceOf(world: E2eWorld, stackName: string, name: string): StateResource | undefined {
  return resourceNamed(readDeployment(world.pulumi.backendDir, PROJECT, stackName), name);
}
