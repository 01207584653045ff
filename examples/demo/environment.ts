/**
 * Everything the demo runs against, with no AWS and no Pulumi CLI:
 * - the package installed as npm would (node_modules/pulumi-backup-copy), so the provider serializes as
 *   `require("pulumi-backup-copy/...")`, exactly as in a user's stack;
 * - the AWS Backup emulator, in-process, with a clock fast enough that a multi-GiB copy takes a second or two;
 * - what examples/basic would have created in AWS: two vaults, the role, and recovery points to copy;
 * - the real dynamic-provider plugin of @pulumi/pulumi, the process the CLI launches, driven over gRPC.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { DynamicProviderPlugin } from "../../tests/harness";
import {
  aliasPackageName,
  installPackage,
  type InstalledPackage,
} from "../../tests/harness/installed-package";

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
  pkg: InstalledPackage;
  emulator: RunningEmulator;
  plugin: DynamicProviderPlugin;
  sourceVaultName: string;
  destinationVaultArn: string;
  iamRoleArn: string;
  recoveryPoints: SeededRecoveryPoint[];
  stop(): Promise<void>;
}

export async function startDemoEnvironment(): Promise<DemoEnvironment> {
  const pkg = await installPackage();
  // examples/basic/copy.ts imports the package by name: load the installed copy.
  aliasPackageName(pkg);
  const emulator = await startEmulator({ clockScale: CLOCK_SCALE, quiet: true, seed: 2026 });
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
    const plugin = await DynamicProviderPlugin.start({
      cwd: pkg.root,
      env: { ...emulator.env, AWS_REGION: SOURCE_REGION },
      project: PROJECT,
    });
    return {
      pkg,
      emulator,
      plugin,
      sourceVaultName: SOURCE_VAULT,
      destinationVaultArn,
      iamRoleArn: ROLE_ARN,
      recoveryPoints,
      async stop() {
        await plugin.stop();
        await emulator.stop();
      },
    };
  } catch (error) {
    await emulator.stop();
    throw error;
  }
}
