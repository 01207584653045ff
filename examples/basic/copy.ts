/**
 * The copy itself: one CopyJob from the source vault into the destination vault. Kept apart from index.ts so
 * that the demo (`npm run demo`) and the tests declare exactly this resource without @pulumi/aws.
 */
import * as pulumi from "@pulumi/pulumi";
import { CopyJob, type CopyJobArgs } from "pulumi-backup-copy";

export interface CopyBackupArgs {
  sourceVaultName: pulumi.Input<string>;
  destinationVaultArn: pulumi.Input<string>;
  iamRoleArn: pulumi.Input<string>;
  recoveryPointArn: pulumi.Input<string>;
}

/** Keep the copy a year, in cold storage after a month. */
export const LIFECYCLE = { moveToColdStorageAfterDays: 30, deleteAfterDays: 365 };

/**
 * `more` overrides or adds CopyJob arguments (the demo passes fast polling for its accelerated emulator clock).
 */
export function copyBackup(
  name: string,
  args: CopyBackupArgs,
  more: Partial<CopyJobArgs> = {},
  opts?: pulumi.CustomResourceOptions,
): CopyJob {
  return new CopyJob(
    name,
    {
      recoveryPointArn: args.recoveryPointArn,
      sourceBackupVaultName: args.sourceVaultName,
      destinationBackupVaultArn: args.destinationVaultArn,
      iamRoleArn: args.iamRoleArn,
      lifecycle: LIFECYCLE,
      // Destroying the stack keeps the copy: it is a backup.
      onDelete: "retain",
      ...more,
    },
    opts,
  );
}
