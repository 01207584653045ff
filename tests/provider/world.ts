/**
 * A running emulator with the vaults, role and recovery points a copy needs, and the environment the real SDK
 * picks the endpoint and keys up from. Provider tests call CopyJobProvider in-process against it.
 */
import { clearClientCache } from "../../provider/aws/clients";
import { CopyJobProvider } from "../../provider/copy-job-provider";
import { RunningEmulator, startEmulator } from "../../emulator";

export const SOURCE_ACCOUNT = "111111111111";
export const SOURCE_REGION = "us-east-1";
export const DEST_REGION = "us-west-2";
export const ROLE_ARN = `arn:aws:iam::${SOURCE_ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`;
export const GiB = 1024 ** 3;

/** Fractions of a second: the emulator's clock runs an hour per real second. */
export const FAST_POLLING = { minDelaySeconds: 0.005, maxDelaySeconds: 0.03 };

export interface World {
  emulator: RunningEmulator;
  provider: InstanceType<typeof CopyJobProvider>;
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

const saved: Record<string, string | undefined> = {};

export async function startWorld(
  options: { clockScale?: number; destinationLock?: { minRetentionDays?: number } } = {},
): Promise<World> {
  const emulator = await startEmulator({ clockScale: options.clockScale ?? 3600, quiet: true, seed: 7 });
  for (const [k, v] of Object.entries(emulator.env)) {
    if (!(k in saved)) saved[k] = process.env[k];
    process.env[k] = v;
  }
  clearClientCache();
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
  const provider = new CopyJobProvider();
  let n = 0;
  return {
    emulator,
    provider,
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
    async stop() {
      clearClientCache();
      await emulator.stop();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    },
  };
}

/** check, as the engine calls it first; fails the test on check failures. */
export async function checked(
  world: World,
  inputs: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const result = await world.provider.check({}, inputs);
  if (result.failures?.length) throw new Error(`check failed: ${JSON.stringify(result.failures)}`);
  return result.inputs as Record<string, unknown>;
}

/** Captures console.log lines (the plugin's progress channel) while `fn` runs. */
export async function capturingLogs<T>(
  fn: () => Promise<T>,
): Promise<{ result?: T; error?: unknown; lines: string[] }> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => lines.push(args.map(String).join(" "));
  try {
    return { result: await fn(), lines };
  } catch (error) {
    return { error, lines };
  } finally {
    console.log = original;
  }
}

export function jobsFor<J extends { sourceRecoveryPointArn: string }>(
  state: { copyJobs: J[] },
  recoveryPointArn: string,
): J[] {
  return state.copyJobs.filter((j) => j.sourceRecoveryPointArn === recoveryPointArn);
}
