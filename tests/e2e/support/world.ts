/**
 * An e2e world: the real Pulumi CLI (support/cli.ts) driven through the Automation API with inline programs,
 * the package installed as users get it (node_modules/pulumi-backup-copy, so the serialized provider is a small
 * `require(...)`), and the AWS Backup emulator (port 0) seeded with the source vault, the destination vault
 * and the copy role. Each world has its own PULUMI_HOME, file backend and program directory.
 *
 * The program directory is the LocalWorkspace's workDir, and the engine starts the dynamic-provider plugin
 * there: it sits under the installed package's root, so both `require("pulumi-backup-copy/...")` (the
 * serialized provider) and the launcher's `require.resolve("@pulumi/pulumi/...")` resolve from it.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import {
  LocalWorkspace,
  type PulumiFn,
  type Stack,
  type UpOptions,
  type PreviewOptions,
  type RefreshOptions,
  type DestroyOptions,
} from "@pulumi/pulumi/automation";
import {
  startEmulator,
  type CopyJobState,
  type EmulatorControl,
  type RunningEmulator,
} from "../../../emulator";
import { installPackage, type InstalledPackage } from "../../harness/installed-package";
import { DEST_REGION, ROLE_ARN, SOURCE_ACCOUNT, SOURCE_REGION } from "../../support/constants";
import { seedCopyVaults } from "../../support/seed";
import { readDeployment, resourceNamed, type Deployment, type StateResource } from "./checkpoint";
import { pulumiCli, type PulumiCli } from "./cli";
import { recorder, type Run } from "./events";
import { isolatedPulumi, type IsolatedPulumi } from "./isolation";

export { DEST_REGION, ROLE_ARN, SOURCE_ACCOUNT, SOURCE_REGION };
/** The type token the engine gives a CopyJob. */
export const TYPE = "pulumi-nodejs:dynamic/backup-copy:CopyJob";
/** Fractions of a second between polls: the clock runs fast. */
export const E2E_POLLING = { minDelaySeconds: 0.02, maxDelaySeconds: 0.2 };

/** A recovery point in the emulator's control-API state. */
export interface EmulatedRecoveryPoint {
  recoveryPointArn: string;
  status: string;
  copyJobId?: string;
  lifecycle?: { MoveToColdStorageAfterDays?: number; DeleteAfterDays?: number };
  [key: string]: unknown;
}

export interface E2eWorldOptions {
  /** Seeds the emulator's random choices. Default 11. */
  seed?: number;
  /** Emulated seconds per real second. Default 600 (a 10 GiB copy, ~100 emulated s, takes ~0.2 s). */
  clockScale?: number;
  /**
   * A directory whose node_modules holds the package (and from which @pulumi/pulumi resolves); the program
   * directory is made inside it. Default: the package built from this checkout, installed by
   * tests/harness/installed-package.ts. The install tests pass their own (an `npm pack`ed release, say).
   */
  packageRoot?: string;
}

export interface StackSpec {
  stackName: string;
  /** Default "e2e". */
  projectName?: string;
  program: PulumiFn;
  /** Stack config; default { "aws:region": SOURCE_REGION }. */
  config?: Record<string, string>;
}

export interface E2eStack {
  stack: Stack;
  projectName: string;
  /**
   * The checkpoint the file backend holds for this stack, read from disk: no CLI run (each costs a second or
   * so), and it is what the engine wrote, byte for byte. `pulumi stack export` is `stack.exportStack()`.
   */
  deployment(): Deployment;
  /**
   * Runs the CLI itself (`pulumi <args> --stack <this stack>`) with the world's environment in the program
   * directory; resolves its stdout, rejects with its output. For what the Automation API does differently: its
   * `exportStack()` passes --show-secrets, `pulumi stack export` as a user runs it does not.
   */
  cli(args: string[]): Promise<string>;
  /** A resource of the checkpoint by name (the URN's last segment), CopyJobs and others. */
  resource(name: string): StateResource | undefined;
  /** `pulumi up`; throws the CLI's error (with its output) when the update fails. */
  up(opts?: UpOptions): Promise<Run>;
  /** `pulumi preview`; `changes` is the summary's change counts. */
  preview(opts?: PreviewOptions): Promise<Run & { changes: Record<string, number> }>;
  refresh(opts?: RefreshOptions): Promise<Run>;
  destroy(opts?: DestroyOptions): Promise<Run>;
  /** Runs `op`, recording its events and output even when it throws (the error gets `.run`). */
  record<T>(op: (o: Pick<UpOptions, "onEvent" | "onOutput">) => Promise<T>): Promise<{ result: T; run: Run }>;
}

export interface E2eWorld {
  cli: PulumiCli;
  pkg: InstalledPackage | undefined;
  /** The installed package's main module (CopyJob, CopyJobProvider, …), loaded from `packageRoot`. */
  load(): typeof import("../../../provider");
  emulator: RunningEmulator;
  control: EmulatorControl;
  pulumi: IsolatedPulumi;
  /** The environment every CLI run (and so the plugin) gets: isolation + the emulator's endpoint and keys. */
  env: Record<string, string>;
  /** LocalWorkspace's workDir, where the engine starts the plugin. */
  programDir: string;
  destinationVaultArn: string;
  /** What every copy needs besides its recovery point: vault, destination, role, fast polling. */
  copyArgs(
    recoveryPointArn: string,
    extra?: Record<string, unknown>,
  ): import("../../../provider").CopyJobArgs;
  /** A program declaring one CopyJob per entry, with `copyArgs` defaults (the closure the engine runs). */
  program(
    copies: Record<string, { args: Record<string, unknown>; opts?: pulumi.CustomResourceOptions }>,
  ): PulumiFn;
  /** A fresh COMPLETED recovery point in the source vault (10 GiB unless told). */
  recoveryPoint(sizeBytes?: number): Promise<string>;
  /** The emulator's copy jobs of one source recovery point. */
  jobsOf(recoveryPointArn: string): Promise<CopyJobState[]>;
  /** Whether a recovery point (a copy) exists in any vault. */
  exists(recoveryPointArn: string): Promise<boolean>;
  /** The recovery point a copy job made, as the emulator holds it (undefined once deleted). */
  copyOf(copyJobId: string): Promise<EmulatedRecoveryPoint | undefined>;
  stack(spec: StackSpec): Promise<E2eStack>;
  stop(): Promise<void>;
}

export async function startE2eWorld(options: E2eWorldOptions = {}): Promise<E2eWorld> {
  const cli = await pulumiCli();
  const pkg = options.packageRoot ? undefined : await installPackage();
  const packageRoot = options.packageRoot ?? pkg!.root;
  const main = require.resolve("pulumi-backup-copy", { paths: [packageRoot] });
  const iso = isolatedPulumi();
  const programDir = fs.mkdtempSync(path.join(packageRoot, "e2e-program-"));
  const emulator = await startEmulator({
    clockScale: options.clockScale ?? 600,
    quiet: true,
    seed: options.seed ?? 11,
  });
  const control = emulator.control;
  const env = { ...iso.env, ...emulator.env, AWS_REGION: SOURCE_REGION };
  const stop = async () => {
    await emulator.stop();
    iso.remove();
    fs.rmSync(programDir, { recursive: true, force: true });
  };
  let destinationVaultArn: string;
  try {
    destinationVaultArn = await seedCopyVaults(control);
  } catch (error) {
    await stop();
    throw error;
  }
  const load = () => require(main) as typeof import("../../../provider");
  let rpCount = 0;
  const world: E2eWorld = {
    cli,
    pkg,
    load,
    emulator,
    control,
    pulumi: iso,
    env,
    programDir,
    destinationVaultArn,
    copyArgs: (recoveryPointArn, extra = {}) =>
      ({
        recoveryPointArn,
        sourceBackupVaultName: "prod-vault",
        destinationBackupVaultArn: destinationVaultArn,
        iamRoleArn: ROLE_ARN,
        polling: E2E_POLLING,
        ...extra,
      }) as import("../../../provider").CopyJobArgs,
    program: (copies) => async () => {
      const { CopyJob } = load();
      const out: Record<string, pulumi.Output<string>> = {};
      for (const [name, { args, opts }] of Object.entries(copies)) {
        const recoveryPointArn = String(args.recoveryPointArn);
        out[name] = new CopyJob(name, world.copyArgs(recoveryPointArn, args), opts).copyJobId;
      }
      return out;
    },
    async recoveryPoint(sizeBytes = 10 * 1024 ** 3) {
      rpCount++;
      const { recoveryPointArn } = await control.seedRecoveryPoint({
        region: SOURCE_REGION,
        vaultName: "prod-vault",
        resourceArn: `arn:aws:ec2:${SOURCE_REGION}:${SOURCE_ACCOUNT}:volume/vol-e2e${String(rpCount).padStart(5, "0")}`,
        resourceType: "EBS",
        backupSizeInBytes: sizeBytes,
      });
      return recoveryPointArn;
    },
    async jobsOf(recoveryPointArn) {
      return (await control.state()).copyJobs.filter((j) => j.sourceRecoveryPointArn === recoveryPointArn);
    },
    async exists(recoveryPointArn) {
      return (await control.state()).recoveryPoints.some(
        (r) => (r as { recoveryPointArn: string }).recoveryPointArn === recoveryPointArn,
      );
    },
    async copyOf(copyJobId) {
      return ((await control.state()).recoveryPoints as EmulatedRecoveryPoint[]).find(
        (r) => r.copyJobId === copyJobId,
      );
    },
    stack: (spec) => openStack(world, spec),
    stop,
  };
  return world;
}

async function openStack(world: E2eWorld, spec: StackSpec): Promise<E2eStack> {
  const projectName = spec.projectName ?? "e2e";
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: spec.stackName, projectName, program: spec.program },
    {
      workDir: world.programDir,
      pulumiCommand: world.cli.command,
      envVars: world.env,
      // Written to the program directory each time, so a stack moved to another project sees the new name.
      projectSettings: { name: projectName, runtime: "nodejs" },
      stackSettings: {
        [spec.stackName]: { config: spec.config ?? { "aws:region": SOURCE_REGION } },
      },
    },
  );
  const deployment = () => readDeployment(world.pulumi.backendDir, projectName, spec.stackName);
  return {
    stack,
    projectName,
    deployment,
    resource: (name) => resourceNamed(deployment(), name),
    cli: (args) =>
      new Promise((resolve, reject) => {
        execFile(
          world.cli.command.command,
          [...args, "--stack", spec.stackName, "--non-interactive"],
          { cwd: world.programDir, env: { ...process.env, ...world.env }, maxBuffer: 256 * 1024 * 1024 },
          (error, stdout, stderr) =>
            error
              ? reject(new Error(`pulumi ${args.join(" ")}: ${stderr}${stdout}`, { cause: error }))
              : resolve(stdout),
        );
      }),
    record,
    up: async (opts) => (await record((o) => stack.up({ ...opts, ...o }))).run,
    preview: async (opts) => {
      const { result, run } = await record((o) => stack.preview({ ...opts, ...o }));
      return { ...run, changes: result.changeSummary as Record<string, number> };
    },
    refresh: async (opts) => (await record((o) => stack.refresh({ ...opts, ...o }))).run,
    destroy: async (opts) => (await record((o) => stack.destroy({ ...opts, ...o }))).run,
  };
}

const attempt: E2eStack["record"] = async (op) => {
  const r = recorder();
  try {
    return { result: await op({ onEvent: r.onEvent, onOutput: r.onOutput }), run: r.run };
  } catch (error) {
    (error as { run?: Run }).run = r.run;
    throw error;
  }
};

/**
 * Runs one Automation API operation with a recorder (the error, if any, gets `.run`), once more when the inline
 * program never reached the engine (see inlineProgramNeverConnected).
 */
export const record: E2eStack["record"] = async (op) => {
  try {
    return await attempt(op);
  } catch (error) {
    if (!inlineProgramNeverConnected(error)) throw error;
    // The Automation API's inline program sometimes fails to reach the engine's resource monitor at all
    // (grpc-js "14 UNAVAILABLE: No connection established", seen once in CI on Node 22 with
    // @pulumi/pulumi 3.276). Nothing was registered, so no provider ran and no AWS call was made: one
    // more attempt runs the same operation, and anything else still fails the test.
    return await attempt(op);
  }
};

/** True when the run failed on the inline program's connection before the engine began any resource's step. */
export function inlineProgramNeverConnected(error: unknown): boolean {
  const run = (error as { run?: Run }).run;
  const message = String((error as { message?: unknown }).message ?? error);
  return (
    /14 UNAVAILABLE: No connection established/.test(message) &&
    run !== undefined &&
    !run.events.some((e) => {
      const type = e.resourcePreEvent?.metadata.type ?? "";
      return type !== "" && !type.startsWith("pulumi:pulumi:Stack") && !type.startsWith("pulumi:providers:");
    })
  );
}
