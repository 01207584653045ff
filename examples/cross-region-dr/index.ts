/**
 * Disaster recovery: copy a production recovery point into a vault in another region. The copy is retained
 * when the stack is destroyed (onDelete: "retain", the default), and so is a vault this program creates.
 *
 * Stack config (all optional except one of recoveryPointArn / resourceArn):
 *   recoveryPointArn  the recovery point to copy; or
 *   resourceArn       copy the newest COMPLETED recovery point of this resource in sourceVaultName
 *   sourceVaultName   the production vault (default prod-vault), in aws:region
 *   drRegion          where the copy goes (default us-west-2)
 *   drVaultArn        an existing vault in drRegion; without it, one is created (and kept on destroy)
 *   copyRoleArn       the role AWS Backup copies with; without it, one is created
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CopyJob, getLatestRecoveryPointOutput } from "pulumi-backup-copy";

const config = new pulumi.Config();
const sourceRegion = new pulumi.Config("aws").get("region") ?? "us-east-1";
const drRegion = config.get("drRegion") ?? "us-west-2";
const sourceVaultName = config.get("sourceVaultName") ?? "prod-vault";

const latest = config.get("recoveryPointArn")
  ? undefined
  : getLatestRecoveryPointOutput({
      backupVaultName: sourceVaultName,
      resourceArn: config.require("resourceArn"),
      region: sourceRegion,
    });
const recoveryPointArn: pulumi.Input<string> = config.get("recoveryPointArn") ?? latest!.recoveryPointArn;

// The DR vault holds the retained copy, so a vault made here outlives the stack too (AWS refuses to delete a
// vault that still holds recovery points).
const drVaultArn: pulumi.Input<string> =
  config.get("drVaultArn") ??
  new aws.backup.Vault(
    "dr-vault",
    {
      name: `${pulumi.getProject()}-${pulumi.getStack()}`.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 50),
      region: drRegion,
    },
    { retainOnDelete: true },
  ).arn;

const copyRoleArn: pulumi.Input<string> = config.get("copyRoleArn") ?? backupServiceRole().arn;

/** A role AWS Backup assumes to copy: trusts backup.amazonaws.com, with AWS's managed backup policy. */
function backupServiceRole(): aws.iam.Role {
  const role = new aws.iam.Role("backup-copy-role", {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    }),
  });
  new aws.iam.RolePolicyAttachment("backup-copy-role-policy", {
    role: role.name,
    policyArn: "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
  });
  return role;
}

const copy = new CopyJob("prod-to-dr", {
  recoveryPointArn,
  sourceBackupVaultName: sourceVaultName,
  destinationBackupVaultArn: drVaultArn,
  iamRoleArn: copyRoleArn,
  // Source-side calls (StartCopyJob, DescribeCopyJob) run here; destination-side ones in the DR vault's region.
  region: sourceRegion,
  lifecycle: { moveToColdStorageAfterDays: 30, deleteAfterDays: 365 },
  onDelete: "retain",
});

export const copyJobId = copy.copyJobId;
export const drRecoveryPointArn = copy.destinationRecoveryPointArn;
export const drCopyDeletesAt = copy.destinationRecoveryPoint.apply((rp) => rp?.calculatedLifecycle?.deleteAt);
