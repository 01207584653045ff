/**
 * A source vault, a destination vault in another region, the IAM role AWS Backup copies with, and one CopyJob.
 *
 * Stack config (all optional except recoveryPointArn, without which only the vaults and the role are made):
 *   recoveryPointArn     the recovery point to copy (it must be in the source vault)
 *   sourceVaultName      use this existing vault instead of creating one
 *   destinationVaultArn  use this existing vault instead of creating one
 *   iamRoleArn           use this existing role instead of creating one
 *   drRegion             region of the created destination vault (default us-west-2)
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { copyBackup } from "./copy";

const config = new pulumi.Config();

function sourceVault(): pulumi.Input<string> {
  const given = config.get("sourceVaultName");
  if (given) return given;
  return new aws.backup.Vault("source", { name: `${pulumi.getStack()}-source` }).name;
}

function destinationVault(): pulumi.Input<string> {
  const given = config.get("destinationVaultArn");
  if (given) return given;
  const dr = new aws.Provider("dr", { region: (config.get("drRegion") ?? "us-west-2") as aws.Region });
  return new aws.backup.Vault("destination", { name: `${pulumi.getStack()}-dr` }, { provider: dr }).arn;
}

function backupRole(): pulumi.Input<string> {
  const given = config.get("iamRoleArn");
  if (given) return given;
  const role = new aws.iam.Role("backup", {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    }),
  });
  const attachments = ["AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"].map(
    (policy) =>
      new aws.iam.RolePolicyAttachment(policy, {
        role: role.name,
        policyArn: `arn:aws:iam::aws:policy/service-role/${policy}`,
      }),
  );
  // The copy must not start before the role can do its work.
  return pulumi.all([role.arn, ...attachments.map((a) => a.id)]).apply(([arn]) => arn);
}

const sourceVaultName = sourceVault();
const destinationVaultArn = destinationVault();
const iamRoleArn = backupRole();
const recoveryPointArn = config.get("recoveryPointArn");

const copy = recoveryPointArn
  ? copyBackup("copy", { sourceVaultName, destinationVaultArn, iamRoleArn, recoveryPointArn })
  : undefined;

export const source = sourceVaultName;
export const destination = destinationVaultArn;
export const role = iamRoleArn;
export const copyJobId = copy?.copyJobId;
export const copyState = copy?.state;
export const copiedRecoveryPoint = copy?.destinationRecoveryPointArn;
export const next = recoveryPointArn
  ? undefined
  : "Back up something into the source vault, then: pulumi config set recoveryPointArn <arn> && pulumi up";
