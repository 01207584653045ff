/**
 * Seed staging: copy the latest COMPLETED production recovery point of each of two resources into the staging
 * account's vault (another account, possibly another region). Destination-side calls go through a role in the
 * staging account (destinationRoleArn + destinationExternalId). Destroying the stack deletes the copies
 * (onDelete: "delete"). Each `pulumi up` picks the newest recovery points again: a newer backup replaces the
 * copy (the new copy is made first, then the old one is deleted).
 *
 * Stack config:
 *   aws:region               the production region (where the recovery points are)
 *   productionResources      two resource ARNs (required)
 *   productionVaultName      search only this vault (default: every vault that holds the resource's backups)
 *   createdBefore            pin the search to recovery points created before this ISO-8601 instant
 *   stagingExternalId        (secret, required) the external id the staging role's trust policy demands
 *   stagingVaultArn          the staging vault; with stagingRoleArn and copyRoleArn, nothing is created
 *   stagingRoleArn           the role in the staging account the provider assumes for destination-side calls
 *   copyRoleArn              the role in the production account AWS Backup copies with
 *   stagingRegion            where a created staging vault goes (default: aws:region)
 *   stagingAdminRoleArn      a role in the staging account Pulumi assumes to create the vault and role there
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CopyJob, getLatestRecoveryPointOutput } from "pulumi-backup-copy";

const config = new pulumi.Config();
const productionRegion = new pulumi.Config("aws").get("region") ?? "us-east-1";
const productionResources = config.requireObject<string[]>("productionResources");
const productionVaultName = config.get("productionVaultName");
const createdBefore = config.get("createdBefore");
const externalId = config.requireSecret("stagingExternalId");

const staging =
  config.get("stagingVaultArn") && config.get("stagingRoleArn")
    ? { vaultArn: config.require("stagingVaultArn"), roleArn: config.require("stagingRoleArn") }
    : stagingAccount();
const copyRoleArn: pulumi.Input<string> = config.get("copyRoleArn") ?? backupServiceRole().arn;

export const copies = productionResources.map((resourceArn, i) => {
  const latest = getLatestRecoveryPointOutput({
    backupVaultName: productionVaultName,
    resourceArn,
    createdBefore,
    region: productionRegion,
  });
  const copy = new CopyJob(`staging-seed-${i}`, {
    recoveryPointArn: latest.recoveryPointArn,
    sourceBackupVaultName: latest.backupVaultName,
    destinationBackupVaultArn: staging.vaultArn,
    iamRoleArn: copyRoleArn,
    destinationRoleArn: staging.roleArn,
    destinationExternalId: externalId,
    lifecycle: { deleteAfterDays: 14 },
    onDelete: "delete",
  });
  return {
    resourceArn,
    sourceRecoveryPointArn: latest.recoveryPointArn,
    sourceCreationDate: latest.creationDate,
    stagingRecoveryPointArn: copy.destinationRecoveryPointArn,
  };
});

/** A role AWS Backup assumes in the production account to copy: trusts backup.amazonaws.com. */
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

/**
 * The staging side, made through a role Pulumi assumes in the staging account: the vault (its access policy
 * lets the production account copy in) and the role the provider assumes for the destination-side calls.
 * Cross-account copies also need both accounts in one AWS Organization with cross-account backup enabled
 * (aws backup update-global-settings --global-settings isCrossAccountBackupEnabled=true, in the management account).
 */
function stagingAccount(): { vaultArn: pulumi.Output<string>; roleArn: pulumi.Output<string> } {
  const productionAccount = aws.getCallerIdentityOutput().accountId;
  const provider = new aws.Provider("staging", {
    region: (config.get("stagingRegion") ?? productionRegion) as aws.Region,
    assumeRoles: [{ roleArn: config.require("stagingAdminRoleArn") }],
  });
  const vault = new aws.backup.Vault("staging-vault", {}, { provider });
  new aws.backup.VaultPolicy(
    "staging-vault-policy",
    {
      backupVaultName: vault.name,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: pulumi.interpolate`arn:aws:iam::${productionAccount}:root` },
            Action: "backup:CopyIntoBackupVault",
            Resource: "*",
          },
        ],
      }),
    },
    { provider },
  );
  const role = new aws.iam.Role(
    "staging-copy-manager",
    {
      assumeRolePolicy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: pulumi.interpolate`arn:aws:iam::${productionAccount}:root` },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "sts:ExternalId": externalId } },
          },
        ],
      }),
    },
    { provider },
  );
  new aws.iam.RolePolicy(
    "staging-copy-manager-policy",
    {
      role: role.name,
      // What the provider calls in the staging account (docs/iam.md): the vault, and the recovery points in it.
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: "backup:DescribeBackupVault", Resource: vault.arn },
          {
            Effect: "Allow",
            Action: [
              "backup:DescribeRecoveryPoint",
              "backup:UpdateRecoveryPointLifecycle",
              "backup:DeleteRecoveryPoint",
            ],
            Resource: vault.arn.apply((arn) => arn.replace(/:backup-vault:.*$/, ":recovery-point:*")),
          },
        ],
      }),
    },
    { provider },
  );
  return { vaultArn: vault.arn, roleArn: role.arn };
}
