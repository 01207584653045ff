/**
 * Everything the demo runs against, with no AWS account and no network:
 * - the real Pulumi CLI, found or built by scripts/pulumi-cli.sh (without one, and without Go, the demo fails
 *   and says how to get one), driven through the Automation API with its own PULUMI_HOME and file backend;
 * - the package installed as npm would (node_modules/pulumi-backup-copy), so the provider serializes as
 *   `require("pulumi-backup-copy/...")`, exactly as in a user's stack; the program's directory sits under it;
 * - the AWS Backup emulator, in-process, with a clock fast enough that a multi-GiB copy takes a second or two;
 * - what examples/basic would have created in AWS: two vaults, the role, and recovery points to copy.
 */
import * as fs from "fs";
import * as path from "path";
import { LocalWorkspace, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { aliasPackageName, installPackage } from "../../tests/harness/installed-package";
import {
  isolatedPulumi,
  pulumiCli,
  readDeployment,
  type Deployment,
  type PulumiCli,
} from "../../tests/e2e/support";

export const PROJECT = "backup-copy-basic";
export const STACK = "demo";
export const SOURCE_REGION = "us-east-1";
export const DR_REGION = "us-west-2";
export const ACCOUNT = "111111111111";
/** The names examples/basic gives its resources for stack "demo". */
export const SOURCE_VAULT = `${STACK}-source`;
export const DR_VAULT = `${STACK}-dr`;
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/backup-demo`;
const GiB = 1024 ** 3;

/** Emulated seconds per real second: at the emulator's 100 MiB/s a 120 GiB copy (~20 min) takes ~2 s. */
export const CLOCK_SCALE = 600;

export interface SeededRecoveryPoint {
  label: string;
  recoveryPointArn: string;
  resourceArn: string;
  sizeBytes: number;
}

export interface DemoEnvironment {
  cli: PulumiCli;
  emulator: RunningEmulator;
  sourceVaultName: string;
  destinationVaultArn: string;
  iamRoleArn: string;
  recoveryPoints: SeededRecoveryPoint[];
  /** The stack, through the Automation API, running `program` (inline) with the real CLI. */
  openStack(program: PulumiFn): Promise<Stack>;
  /** The stack's checkpoint, as the file backend holds it. */
  deployment(): Deployment;
  stop(): Promise<void>;
}

export async function startDemoEnvironment(): Promise<DemoEnvironment> {
  const cli = await pulumiCli();
  const pkg = await installPackage();
  // examples/basic/copy.ts imports the package by name: load the installed copy.
  aliasPackageName(pkg);
  const iso = isolatedPulumi("pulumi-demo-");
  const programDir = fs.mkdtempSync(path.join(pkg.root, "demo-program-"));
  const emulator = await startEmulator({ clockScale: CLOCK_SCALE, quiet: true, seed: 2026 });
  const stop = async () => {
    await emulator.stop();
    iso.remove();
    fs.rmSync(programDir, { recursive: true, force: true });
  };
  try {
    const control = emulator.control;
    await control.seedVault({ region: SOURCE_REGION, name: SOURCE_VAULT });
    const { backupVaultArn: destinationVaultArn } = await control.seedVault({
      region: DR_REGION,
      name: DR_VAULT,
    });
    await control.seedRole({ arn: ROLE_ARN });
    const recoveryPoints: SeededRecoveryPoint[] = [];
    for (const [label, volume, size] of [
      ["orders-db", "vol-0a11ce0fd6b0e0001", 40 * GiB],
      ["media", "vol-0b0b5eed0fd6b0002", 120 * GiB],
    ] as const) {
      const resourceArn = `arn:aws:ec2:${SOURCE_REGION}:${ACCOUNT}:volume/${volume}`;
      const { recoveryPointArn } = await control.seedRecoveryPoint({
        region: SOURCE_REGION,
        vaultName: SOURCE_VAULT,
        resourceArn,
        resourceType: "EBS",
        backupSizeInBytes: size,
      });
      recoveryPoints.push({ label, recoveryPointArn, resourceArn, sizeBytes: size });
    }
    return {
      cli,
      emulator,
      sourceVaultName: SOURCE_VAULT,
      destinationVaultArn,
      iamRoleArn: ROLE_ARN,
      recoveryPoints,
      openStack: (program) =>
        LocalWorkspace.createOrSelectStack(
          { stackName: STACK, projectName: PROJECT, program },
          {
            workDir: programDir,
            pulumiCommand: cli.command,
            envVars: { ...iso.env, ...emulator.env, AWS_REGION: SOURCE_REGION },
            projectSettings: { name: PROJECT, runtime: "nodejs" },
            stackSettings: { [STACK]: { config: { "aws:region": SOURCE_REGION } } },
          },
        ),
      deployment: () => readDeployment(iso.backendDir, PROJECT, STACK),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
