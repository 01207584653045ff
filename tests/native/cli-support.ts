/**
 * The native plugin through the real Pulumi CLI: an e2e world (tests/e2e/support: CLI, emulator, isolated
 * PULUMI_HOME and file backend) whose stacks run inline Automation API programs that register
 * `backup-copy:index:CopyJob` with `new pulumi.CustomResource`, the engine finding the installed package's
 * `bin/pulumi-resource-backup-copy` through `plugins.providers` in the project settings (Pulumi.yaml).
 */
import { execFile } from "child_process";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, type PulumiFn, type Stack, type UpOptions } from "@pulumi/pulumi/automation";
import { readDeployment, record, type E2eWorld, type Run } from "../e2e/support";

export const TYPE = "backup-copy:index:CopyJob";
/** Outputs an inline program asks for (a CustomResource registers only the properties it names). */
const OUTPUTS = ["copyJobId", "state", "destinationRecoveryPointArn", "destinationRecoveryPoint"];

export interface NativeCopy {
  args: Record<string, unknown>;
  opts?: pulumi.CustomResourceOptions;
}

/** What a TypeScript program without a generated SDK writes: the type token and the properties. */
class NativeCopyJob extends pulumi.CustomResource {
  declare readonly copyJobId: pulumi.Output<string>;
  constructor(name: string, props: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) {
    super(TYPE, name, props, opts);
  }
}

/** A program declaring one native CopyJob per entry, with the world's vault, role and fast polling. */
export function nativeProgram(world: E2eWorld, copies: Record<string, NativeCopy>): PulumiFn {
  return async () => {
    const out: Record<string, pulumi.Output<unknown>> = {};
    for (const [name, { args, opts }] of Object.entries(copies)) {
      const props: Record<string, unknown> = { ...world.copyArgs(String(args.recoveryPointArn), args) };
      for (const key of OUTPUTS) if (!(key in props)) props[key] = undefined;
      out[name] = new NativeCopyJob(name, props, opts).copyJobId;
    }
    return out;
  };
}

export interface NativeStack {
  stack: Stack;
  urn(name: string): string;
  up(): Promise<Run>;
  preview(): Promise<Run & { changes: Record<string, number> }>;
  refresh(): Promise<Run>;
  /** Runs `op` with a recorder; the error (if any) gets `.run`. */
  record<T>(op: (o: Pick<UpOptions, "onEvent" | "onOutput">) => Promise<T>): Promise<{ result: T; run: Run }>;
  deployment(): ReturnType<typeof readDeployment>;
}

/** The plugin's folder: `npm run -s plugin` prints it for a user; here the installed package's bin/. */
export function pluginDir(world: E2eWorld): string {
  return path.join(world.pkg!.packageDir, "bin");
}

export async function nativeStack(
  world: E2eWorld,
  stackName: string,
  program: PulumiFn,
  projectName = "native",
): Promise<NativeStack> {
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, projectName, program },
    {
      workDir: world.programDir,
      pulumiCommand: world.cli.command,
      envVars: world.env,
      projectSettings: {
        name: projectName,
        runtime: "nodejs",
        // What a user writes in Pulumi.yaml to use the plugin from a folder (docs/native-plugin.md).
        plugins: { providers: [{ name: "backup-copy", path: pluginDir(world) }] },
      } as unknown as { name: string; runtime: "nodejs" },
      stackSettings: { [stackName]: { config: { "backup-copy:region": "us-east-1" } } },
    },
  );
  return {
    stack,
    urn: (name) => `urn:pulumi:${stackName}::${projectName}::${TYPE}::${name}`,
    record,
    up: async () => (await record((o) => stack.up(o))).run,
    preview: async () => {
      const { result, run } = await record((o) => stack.preview(o));
      return { ...run, changes: result.changeSummary as Record<string, number> };
    },
    refresh: async () => (await record((o) => stack.refresh(o))).run,
    deployment: () => readDeployment(world.pulumi.backendDir, projectName, stackName),
  };
}

/** The CLI itself with the world's environment; resolves stdout and stderr, rejects with both. */
export function runCli(
  world: E2eWorld,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) =>
    execFile(
      world.cli.command.command,
      [...args, "--non-interactive"],
      { cwd, env: { ...process.env, ...world.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`pulumi ${args.join(" ")}: ${stderr}${stdout}`, { cause: error }))
          : resolve({ stdout, stderr }),
    ),
  );
}
