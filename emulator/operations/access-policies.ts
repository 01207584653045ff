import { parseAccessPolicy } from "../access-policy";
import { invalidParameter, missingParameter, notFound } from "../errors";
import { OpContext, OpResult, Route } from "../routing";
import { requiredLabel } from "../validate";
import { callerVault, callerVaultArn } from "./shared";

/**
 * Backup vault access policies (resource-based policies on a vault). The one that matters here: a
 * cross-account copy needs the destination vault's policy to allow backup:CopyIntoBackupVault for the
 * source account, or the job ends FAILED (engine.ts).
 */

function putBackupVaultAccessPolicy(ctx: OpContext): OpResult {
  const vault = callerVault(ctx, requiredLabel(ctx.params, "BackupVaultName"));
  const policy = ctx.body.Policy;
  if (policy === undefined || policy === null || policy === "") throw missingParameter("Policy");
  if (typeof policy !== "string")
    throw invalidParameter("Policy must be a JSON policy document in a string.");
  const parsed = parseAccessPolicy(policy);
  if (typeof parsed === "string") throw invalidParameter(`Invalid Policy: ${parsed}.`);
  vault.accessPolicy = policy;
  return {};
}

function getBackupVaultAccessPolicy(ctx: OpContext): OpResult {
  const vault = callerVault(ctx, requiredLabel(ctx.params, "BackupVaultName"));
  if (vault.accessPolicy === undefined) throw notFound(`Backup vault ${vault.name} has no access policy.`);
  return {
    body: { BackupVaultName: vault.name, BackupVaultArn: vault.arn, Policy: vault.accessPolicy },
  };
}

/** Deleting a policy that is not there succeeds (AWS's docs are silent; a delete is a no-op then). */
function deleteBackupVaultAccessPolicy(ctx: OpContext): OpResult {
  const vault = callerVault(ctx, requiredLabel(ctx.params, "BackupVaultName"));
  vault.accessPolicy = undefined;
  return {};
}

const PATH = "/backup-vaults/{BackupVaultName}/access-policy";
const resource = (ctx: OpContext) =>
  ctx.params.BackupVaultName ? callerVaultArn(ctx, ctx.params.BackupVaultName) : undefined;

export const accessPolicyRoutes: Route[] = [
  {
    method: "PUT",
    path: PATH,
    operation: "PutBackupVaultAccessPolicy",
    handler: putBackupVaultAccessPolicy,
    resource,
  },
  {
    method: "GET",
    path: PATH,
    operation: "GetBackupVaultAccessPolicy",
    handler: getBackupVaultAccessPolicy,
    resource,
  },
  {
    method: "DELETE",
    path: PATH,
    operation: "DeleteBackupVaultAccessPolicy",
    handler: deleteBackupVaultAccessPolicy,
    resource,
  },
];
