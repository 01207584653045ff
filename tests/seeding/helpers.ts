/**
 * An emulator with the environment the SDK picks its endpoint and keys up from, for the seeding specs
 * (cross-account copies, least privilege, getLatestRecoveryPoint, the examples).
 */
export { capturingLogs, checked, FAST_POLLING, GiB, startEmulated } from "../support/emulated";
export type { Emulated } from "../support/emulated";

export const SOURCE_ACCOUNT = "111111111111";
export const STAGING_ACCOUNT = "222222222222";
export const SOURCE_REGION = "us-east-1";
export const COPY_ROLE_ARN = `arn:aws:iam::${SOURCE_ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`;

/** Runs `fn`, which must fail, and returns its error. */
export async function failure(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure, but the call succeeded");
}

export function ebsVolume(n: number, region = SOURCE_REGION, account = SOURCE_ACCOUNT): string {
  return `arn:aws:ec2:${region}:${account}:volume/vol-${String(n).padStart(8, "0")}`;
}
