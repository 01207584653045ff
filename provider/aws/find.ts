/**
 * find/status functions after terraform-provider-aws's backup package: each turns ResourceNotFound into
 * `undefined`, so callers handle "gone" as a value and every other error as an error.
 */
import {
  BackupClient,
  CopyJob,
  DescribeCopyJobCommand,
  DescribeRecoveryPointCommand,
  DescribeRecoveryPointCommandOutput,
} from "@aws-sdk/client-backup";
import { isNotFound } from "./aws-errors";

export async function findCopyJob(client: BackupClient, copyJobId: string): Promise<CopyJob | undefined> {
  try {
    const out = await client.send(new DescribeCopyJobCommand({ CopyJobId: copyJobId }));
    return out.CopyJob;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export async function findRecoveryPoint(
  client: BackupClient,
  backupVaultName: string,
  recoveryPointArn: string,
): Promise<DescribeRecoveryPointCommandOutput | undefined> {
  try {
    return await client.send(
      new DescribeRecoveryPointCommand({
        BackupVaultName: backupVaultName,
        RecoveryPointArn: recoveryPointArn,
      }),
    );
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export const TERMINAL_STATES = new Set(["COMPLETED", "FAILED", "PARTIAL"]);
export const FAILED_STATES = new Set(["FAILED", "PARTIAL"]);
/** A destination recovery point in one of these is as good as gone: refresh drops the copy. */
export const GONE_RECOVERY_POINT_STATES = new Set(["DELETING", "EXPIRED"]);
