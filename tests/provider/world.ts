/**
 * A running emulator with the vaults, role and recovery points a copy needs, and the environment the real SDK
 * picks the endpoint and keys up from. Provider tests call CopyJobProvider in-process against it.
 */
import { RunningEmulator } from "../../emulator";
import type { RuntimeOptions } from "../../provider/runtime";
import {
  capturingLogs,
  checked as checkedBy,
  Emulated,
  FAST_POLLING,
  GiB,
  startEmulated,
} from "../support/emulated";

export { capturingLogs, FAST_POLLING, GiB };

export { DEST_REGION, ROLE_ARN, SOURCE_ACCOUNT, SOURCE_REGION } from "../support/constants";
import { DEST_REGION, ROLE_ARN, SOURCE_ACCOUNT, SOURCE_REGION } from "../support/constants";

export interface World {
  emulator: RunningEmulator;
  provider: Emulated["provider"];
  /** The provider's own runtime (clients, pollers, gates). */
  runtime: Emulated["runtime"];
  sourceVaultArn: string;
  destinationVaultArn: string;
  /** A fresh COMPLETED recovery point in the source vault. */
  recoveryPoint(options?: {
    sizeBytes?: number;
    legalHold?: boolean;
    isContinuous?: boolean;
    storageClass?: "WARM" | "COLD";
  }): Promise<string>;
  inputs(recoveryPointArn: string, more?: Record<string, unknown>): Record<string, unknown>;
  stop(): Promise<void>;
}

export async function startWorld(
  options: {
    clockScale?: number;
    destinationLock?: { minRetentionDays?: number };
    enforceIam?: boolean;
    runtime?: RuntimeOptions;
  } = {},
): Promise<World> {
  const env = await startEmulated({
    clockScale: options.clockScale,
    seed: 7,
    enforceIam: options.enforceIam,
    runtime: options.runtime,
  });
  const { emulator, provider, runtime } = env;
  const control = emulator.control;
  const { backupVaultArn: sourceVaultArn } = await control.seedVault({
    region: SOURCE_REGION,
    name: "prod-vault",
  });
  const { backupVaultArn: destinationVaultArn } = await control.seedVault({
    region: DEST_REGION,
    name: "dr-vault",
    lock: options.destinationLock,
  });
  await control.seedRole({ arn: ROLE_ARN });
  let n = 0;
  return {
    emulator,
    provider,
    runtime,
    sourceVaultArn,
    destinationVaultArn,
    async recoveryPoint(o = {}) {
      n++;
      const { recoveryPointArn } = await control.seedRecoveryPoint({
        region: SOURCE_REGION,
        vaultName: "prod-vault",
        resourceArn: `arn:aws:ec2:${SOURCE_REGION}:${SOURCE_ACCOUNT}:volume/vol-${String(n).padStart(8, "0")}`,
        resourceType: "EBS",
        backupSizeInBytes: o.sizeBytes ?? 10 * GiB,
        legalHold: o.legalHold,
        isContinuous: o.isContinuous,
        storageClass: o.storageClass,
      });
      return recoveryPointArn;
    },
    inputs(recoveryPointArn, more = {}) {
      return {
        recoveryPointArn,
        sourceBackupVaultName: "prod-vault",
        destinationBackupVaultArn: destinationVaultArn,
        iamRoleArn: ROLE_ARN,
        polling: FAST_POLLING,
        tokenScope: `test/dev/${recoveryPointArn.slice(-8)}`,
        __provider: "serialized-provider-text",
        ...more,
      };
    },
    stop: env.stop,
  };
}

/** check, as the engine calls it first; fails the test on check failures. */
export function checked(world: World, inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
  return checkedBy(world.provider, inputs);
}

export function jobsFor<J extends { sourceRecoveryPointArn: string }>(
  state: { copyJobs: J[] },
  recoveryPointArn: string,
): J[] {
  return state.copyJobs.filter((j) => j.sourceRecoveryPointArn === recoveryPointArn);
}
