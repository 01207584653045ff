/** Inputs plus stack config → the settings the provider acts on, with every default in one place. */
import type { CopyJobInputs, OnDelete } from "../types";
import { parseArn, vaultNameFromArn } from "./arn";

/**
 * Defaults. Copies of large recovery points take hours and AWS may hold a job in CREATED for up to two hours
 * while it retries, so the wait allows 12 hours. The backoff starts at 2 s (small copies finish in a minute)
 * and caps at 120 s, as the SDK's waiters do. Detection latency does not rest on that cap: the shared poller
 * also keeps its tick interval under 5 % of the youngest copy's age (shared-poller.ts), so a long cap only
 * saves calls once every copy it waits for has run for tens of minutes.
 */
export const DEFAULTS = {
  timeoutMinutes: 720,
  minDelaySeconds: 2,
  maxDelaySeconds: 120,
  onDelete: "retain" as OnDelete,
  waitForCompletion: true,
};

export interface StackConfig {
  region?: string;
  profile?: string;
}

export interface Settings {
  sourceRegion: string;
  sourceAccountId?: string;
  destinationRegion: string;
  destinationAccountId: string;
  destinationVaultName: string;
  onDelete: OnDelete;
  waitForCompletion: boolean;
  timeoutMs: number;
  minDelayMs: number;
  maxDelayMs: number;
  crossAccount: boolean;
}

export function resolveSettings(inputs: CopyJobInputs, config: StackConfig = {}): Settings {
  const vault = parseArn(inputs.destinationBackupVaultArn)!;
  const sourceRegion = sourceRegionOf(inputs, config);
  const sourceAccountId =
    parseArn(inputs.recoveryPointArn)?.accountId || parseArn(inputs.iamRoleArn)?.accountId;
  const minDelayMs = (inputs.polling?.minDelaySeconds ?? DEFAULTS.minDelaySeconds) * 1000;
  const maxDelayMs = Math.max(
    minDelayMs,
    (inputs.polling?.maxDelaySeconds ?? DEFAULTS.maxDelaySeconds) * 1000,
  );
  return {
    sourceRegion,
    sourceAccountId,
    destinationRegion: vault.region,
    destinationAccountId: vault.accountId,
    destinationVaultName: vaultNameFromArn(inputs.destinationBackupVaultArn),
    onDelete: inputs.onDelete ?? DEFAULTS.onDelete,
    waitForCompletion: inputs.waitForCompletion ?? DEFAULTS.waitForCompletion,
    timeoutMs: (inputs.timeoutMinutes ?? DEFAULTS.timeoutMinutes) * 60_000,
    minDelayMs,
    maxDelayMs,
    crossAccount: !!sourceAccountId && sourceAccountId !== vault.accountId,
  };
}

/** Source region: the `region` input, then the recovery point's ARN, then `aws:region`, then the environment. */
export function sourceRegionOf(
  inputs: Pick<CopyJobInputs, "region" | "recoveryPointArn">,
  config: StackConfig = {},
): string {
  const region =
    inputs.region ||
    parseArn(inputs.recoveryPointArn)?.region ||
    config.region ||
    process.env.AWS_REGION ||
    process.env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new Error("No region: set the CopyJob's region input, the aws:region stack config or AWS_REGION");
  }
  return region;
}
