import { VAULT_NAME_RE } from "../arn";
import { AwsError, invalidParameter, invalidRequest } from "../errors";
import { paginate } from "../pagination";
import { OpContext, OpResult, Route } from "../routing";
import { Vault, vaultKey } from "../store";
import { optionalInteger, optionalString, parseMaxResults, requiredLabel } from "../validate";
import { callerVault, callerVaultArn, DAY_MS, epochSeconds, visibleRecoveryPointsOf } from "./shared";

function checkName(name: string): void {
  if (!VAULT_NAME_RE.test(name))
    throw invalidParameter(
      `Invalid BackupVaultName '${name}': 2 to 50 characters of letters, digits, hyphens and underscores.`,
    );
}

function vaultView(ctx: OpContext, vault: Vault) {
  const lock = vault.lock;
  return {
    BackupVaultName: vault.name,
    BackupVaultArn: vault.arn,
    VaultType: "BACKUP_VAULT",
    VaultState: "AVAILABLE",
    CreationDate: epochSeconds(vault.creationDate),
    EncryptionKeyArn: vault.encryptionKeyArn,
    EncryptionKeyType: "CUSTOMER_MANAGED_KMS_KEY",
    CreatorRequestId: vault.creatorRequestId,
    NumberOfRecoveryPoints: visibleRecoveryPointsOf(ctx.store, vault, ctx.now).length,
    // Locked means compliance mode past its grace time: from then on the lock cannot change.
    Locked: lock?.lockDate !== undefined && lock.lockDate <= ctx.now,
    MinRetentionDays: lock?.minRetentionDays,
    MaxRetentionDays: lock?.maxRetentionDays,
    LockDate: epochSeconds(lock?.lockDate),
  };
}

function createBackupVault(ctx: OpContext): OpResult {
  const name = requiredLabel(ctx.params, "BackupVaultName");
  checkName(name);
  const encryptionKeyArn = optionalString(ctx.body, "EncryptionKeyArn");
  const creatorRequestId = optionalString(ctx.body, "CreatorRequestId");
  const existing = ctx.store.vault(ctx.caller.accountId, ctx.caller.region, name);
  if (existing) {
    // CreatorRequestId makes a retried create safe: the same id gets the vault it created.
    if (creatorRequestId && existing.creatorRequestId === creatorRequestId)
      return {
        body: {
          BackupVaultName: name,
          BackupVaultArn: existing.arn,
          CreationDate: epochSeconds(existing.creationDate),
        },
      };
    throw new AwsError("AlreadyExistsException", `Backup vault with the name ${name} already exists.`);
  }
  const vault: Vault = {
    accountId: ctx.caller.accountId,
    region: ctx.caller.region,
    name,
    arn: callerVaultArn(ctx, name),
    creationDate: ctx.now,
    encryptionKeyArn: encryptionKeyArn ?? ctx.store.kmsKeyArn(ctx.caller.region, ctx.caller.accountId),
    creatorRequestId,
  };
  ctx.store.vaults.set(vaultKey(vault.accountId, vault.region, name), vault);
  return {
    body: {
      BackupVaultName: name,
      BackupVaultArn: vault.arn,
      CreationDate: epochSeconds(vault.creationDate),
    },
  };
}

function describeBackupVault(ctx: OpContext): OpResult {
  const name = requiredLabel(ctx.params, "BackupVaultName");
  const account = ctx.query.get("backupVaultAccountId") || ctx.caller.accountId;
  return { body: vaultView(ctx, callerVault(ctx, name, account)) };
}

function listBackupVaults(ctx: OpContext): OpResult {
  const type = ctx.query.get("vaultType");
  if (
    type &&
    !["BACKUP_VAULT", "LOGICALLY_AIR_GAPPED_BACKUP_VAULT", "RESTORE_ACCESS_BACKUP_VAULT"].includes(type)
  )
    throw invalidParameter(`Invalid vaultType ${type}.`);
  const maxResults = parseMaxResults(ctx.query);
  // The emulator has only standard vaults; shared (RAM) vaults do not exist here.
  const vaults =
    type && type !== "BACKUP_VAULT"
      ? []
      : [...ctx.store.vaults.values()]
          .filter((v) => v.accountId === ctx.caller.accountId && v.region === ctx.caller.region)
          .sort((a, b) => (a.name < b.name ? -1 : 1));
  const page = paginate(
    vaults,
    (v) => v.name,
    ctx.query.get("nextToken"),
    maxResults,
    `vaults|${type ?? ""}`,
  );
  return { body: { BackupVaultList: page.items.map((v) => vaultView(ctx, v)), NextToken: page.nextToken } };
}

function deleteBackupVault(ctx: OpContext): OpResult {
  const vault = callerVault(ctx, requiredLabel(ctx.params, "BackupVaultName"));
  const count = visibleRecoveryPointsOf(ctx.store, vault, ctx.now).length;
  if (count > 0) throw invalidRequest(`Backup vault cannot be deleted (contains ${count} recovery points).`);
  ctx.store.vaults.delete(vaultKey(vault.accountId, vault.region, vault.name));
  return {};
}

function putBackupVaultLockConfiguration(ctx: OpContext): OpResult {
  const vault = callerVault(ctx, requiredLabel(ctx.params, "BackupVaultName"));
  const min = optionalInteger(ctx.body, "MinRetentionDays");
  const max = optionalInteger(ctx.body, "MaxRetentionDays");
  const changeable = optionalInteger(ctx.body, "ChangeableForDays");
  if (vault.lock?.lockDate !== undefined && vault.lock.lockDate <= ctx.now)
    throw invalidRequest(
      `Backup vault ${vault.name} is locked in compliance mode since ${new Date(vault.lock.lockDate).toISOString()}; its lock configuration can no longer be changed.`,
    );
  for (const [field, v] of [
    ["MinRetentionDays", min],
    ["MaxRetentionDays", max],
  ] as const)
    if (v !== undefined && (v < 1 || v > 36500))
      throw invalidParameter(`${field} must be between 1 and 36500.`);
  if (min !== undefined && max !== undefined && min > max)
    throw invalidParameter("MinRetentionDays cannot be greater than MaxRetentionDays.");
  if (changeable !== undefined && (changeable < 3 || changeable > 36500))
    throw invalidParameter("ChangeableForDays must be between 3 and 36500.");
  vault.lock = {
    minRetentionDays: min,
    maxRetentionDays: max,
    lockDate: changeable !== undefined ? ctx.now + changeable * DAY_MS : undefined,
  };
  return {};
}

const vaultResource = (ctx: OpContext) =>
  ctx.params.BackupVaultName ? callerVaultArn(ctx, ctx.params.BackupVaultName) : undefined;

export const vaultRoutes: Route[] = [
  {
    method: "PUT",
    path: "/backup-vaults/{BackupVaultName}",
    operation: "CreateBackupVault",
    handler: createBackupVault,
    resource: vaultResource,
  },
  {
    method: "GET",
    path: "/backup-vaults/{BackupVaultName}",
    operation: "DescribeBackupVault",
    handler: describeBackupVault,
    resource: vaultResource,
  },
  { method: "GET", path: "/backup-vaults", operation: "ListBackupVaults", handler: listBackupVaults },
  {
    method: "DELETE",
    path: "/backup-vaults/{BackupVaultName}",
    operation: "DeleteBackupVault",
    handler: deleteBackupVault,
    resource: vaultResource,
  },
  {
    method: "PUT",
    path: "/backup-vaults/{BackupVaultName}/vault-lock",
    operation: "PutBackupVaultLockConfiguration",
    handler: putBackupVaultLockConfiguration,
    resource: vaultResource,
  },
];
