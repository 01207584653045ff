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
  paginateListRecoveryPointsByBackupVault,
  RecoveryPointByBackupVault,
} from "@aws-sdk/client-backup";
import { isNotFound } from "./aws-errors";
import { serverDateOf } from "./server-date";

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

// The state sets live in status.ts; re-exported for the modules that import them from here.
export { FAILED_STATES, GONE_RECOVERY_POINT_STATES, TERMINAL_STATES } from "./status";

/**
 * The recovery points of one resource in a vault (ListRecoveryPointsByBackupVault by ResourceArn): where the
 * copy of a job that left AWS's job history is found. `serverNow` is the server's clock as of the last page.
 */
export async function findRecoveryPointsOfResource(
  client: BackupClient,
  backupVaultName: string,
  resourceArn: string,
): Promise<{ points: RecoveryPointByBackupVault[]; serverNow?: number }> {
  const points: RecoveryPointByBackupVault[] = [];
  let serverNow: number | undefined;
  const pages = paginateListRecoveryPointsByBackupVault(
    { client },
    { BackupVaultName: backupVaultName, ByResourceArn: resourceArn },
  );
  for await (const page of pages) {
    points.push(...(page.RecoveryPoints ?? []));
    serverNow = serverDateOf(page) ?? serverNow;
  }
  return { points, serverNow };
}
