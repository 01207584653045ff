/**
 * Drift: one copy in the same account, to walk through what `pulumi refresh` reports when the copy is deleted
 * (or its lifecycle changed) outside Pulumi, and how `pulumi up` puts it back. See README.md.
 *
 * Stack config:
 *   recoveryPointArn     the recovery point to copy (required)
 *   sourceVaultName      the vault that holds it (default prod-vault)
 *   destinationVaultArn  an existing vault to copy into; without it, one is created in aws:region
 *   copyRoleArn          the role AWS Backup copies with; without it, one is created
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CopyJob } from "pulumi-backup-copy";

const config = new pulumi.Config();

const destinationVaultArn: pulumi.Input<string> =
  config.get("destinationVaultArn") ?? new aws.backup.Vault("drift-vault", { forceDestroy: true }).arn;

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

const copy = new CopyJob("drifting-copy", {
  recoveryPointArn: config.require("recoveryPointArn"),
  sourceBackupVaultName: config.get("sourceVaultName") ?? "prod-vault",
  destinationBackupVaultArn: destinationVaultArn,
  iamRoleArn: copyRoleArn,
  lifecycle: { deleteAfterDays: 30 },
  // Destroying this demo stack deletes its copy.
  onDelete: "delete",
});

export const copyJobId = copy.copyJobId;
export const copiedRecoveryPointArn = copy.destinationRecoveryPointArn;
export const destinationVault = destinationVaultArn;
export const copyStatus = copy.destinationRecoveryPoint.apply((rp) => rp?.status ?? "gone");
export const copyLifecycle = copy.destinationRecoveryPoint.apply((rp) => rp?.lifecycle);
