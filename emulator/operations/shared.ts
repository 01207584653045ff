import { vaultArn } from "../arn";
import { invalidRequest, notFound } from "../errors";
import { calculatedLifecycle, isVisible, statusAt, storageClassAt } from "../engine";
import { OpContext } from "../routing";
import { Lifecycle, RecoveryPoint, Store, TokenRecord, Vault } from "../store";

export const DAY_MS = 86_400_000;

/** Body timestamps are epoch seconds as JSON numbers: the SDK refuses ISO strings there. */
export const epochSeconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

export function callerVault(ctx: OpContext, name: string, accountId = ctx.caller.accountId): Vault {
  const vault = ctx.store.vault(accountId, ctx.caller.region, name);
  if (!vault)
    throw notFound(
      `Backup vault ${name} does not exist in account ${accountId}, region ${ctx.caller.region}.`,
    );
  return vault;
}

export const callerVaultArn = (ctx: OpContext, name: string) =>
  vaultArn(ctx.caller.region, ctx.caller.accountId, name);

/** A recovery point counts as in a vault only while it is visible (not yet created, or gone, it is not). */
export function recoveryPointIn(ctx: OpContext, vault: Vault, arn: string): RecoveryPoint {
  const rp = ctx.store.recoveryPoints.get(arn);
  if (
    !rp ||
    rp.accountId !== vault.accountId ||
    rp.region !== vault.region ||
    rp.vaultName !== vault.name ||
    !isVisible(rp, ctx.now, ctx.store.settings)
  )
    throw notFound(`Recovery point ${arn} was not found in backup vault ${vault.name}.`);
  return rp;
}

export function visibleRecoveryPointsOf(store: Store, vault: Vault, now: number): RecoveryPoint[] {
  const out: RecoveryPoint[] = [];
  for (const rp of store.recoveryPoints.values()) {
    if (rp.accountId === vault.accountId && rp.region === vault.region && rp.vaultName === vault.name)
      if (isVisible(rp, now, store.settings)) out.push(rp);
  }
  return out;
}

export function lifecycleView(lifecycle: Lifecycle | undefined) {
  return lifecycle && Object.keys(lifecycle).length ? { ...lifecycle } : undefined;
}

export function calculatedLifecycleView(rp: { creationDate: number; lifecycle?: Lifecycle }) {
  const c = calculatedLifecycle(rp.creationDate, rp.lifecycle);
  if (c.MoveToColdStorageAt === undefined && c.DeleteAt === undefined) return undefined;
  return { MoveToColdStorageAt: epochSeconds(c.MoveToColdStorageAt), DeleteAt: epochSeconds(c.DeleteAt) };
}

/** Every field DescribeRecoveryPoint documents that the emulator has a value for. */
export function recoveryPointView(store: Store, rp: RecoveryPoint, now: number) {
  return {
    RecoveryPointArn: rp.arn,
    BackupVaultName: rp.vaultName,
    BackupVaultArn: vaultArn(rp.region, rp.accountId, rp.vaultName),
    SourceBackupVaultArn: rp.sourceBackupVaultArn,
    ResourceArn: rp.resourceArn,
    ResourceType: rp.resourceType,
    ResourceName: rp.resourceName,
    IamRoleArn: rp.iamRoleArn,
    Status: statusAt(rp, now),
    StatusMessage: statusAt(rp, now) === "PARTIAL" ? "One or more nested recovery points failed." : undefined,
    CreationDate: epochSeconds(rp.creationDate),
    InitiationDate: epochSeconds(rp.creationDate),
    CompletionDate: epochSeconds(rp.completionDate),
    BackupSizeInBytes: rp.backupSizeInBytes,
    CalculatedLifecycle: calculatedLifecycleView(rp),
    Lifecycle: lifecycleView(rp.lifecycle),
    EncryptionKeyArn: rp.encryptionKeyArn,
    IsEncrypted: true,
    StorageClass: storageClassAt(rp, now),
    ParentRecoveryPointArn: rp.parentRecoveryPointArn,
    CompositeMemberIdentifier: rp.compositeMemberIdentifier,
    IsParent: rp.isParent,
    VaultType: "BACKUP_VAULT",
    EncryptionKeyType: "AWS_OWNED_KMS_KEY",
  };
}

/**
 * AWS's idempotency: a token used within its lifetime gives back the job it started (even a failed one), and is
 * refused with other parameters. Returns that job's id, or undefined for a token not (or no longer) in use.
 */
export function replayedJobId(
  tokens: Map<string, TokenRecord>,
  tokenKey: string | undefined,
  fingerprint: string,
  now: number,
  ttlHours: number,
  request: { operation: string; job: string },
): string | undefined {
  const seen = tokenKey === undefined ? undefined : tokens.get(tokenKey);
  if (!seen || now - seen.createdAt >= ttlHours * 3_600_000) return undefined;
  if (seen.fingerprint === fingerprint) return seen.jobId;
  throw invalidRequest(
    `The idempotency token ${tokenKey!.split("|").slice(1).join("|")} was already used for a ${request.operation} request with different parameters (${request.job} ${seen.jobId}).`,
  );
}
