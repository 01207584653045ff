import { parseArn } from "../arn";
import { AwsError, invalidParameter, invalidRequest } from "../errors";
import { deletionStartsAt, isVisible, lockRefusal, statusAt, storageClassAt } from "../engine";
import { newestFirstKey, paginate } from "../pagination";
import { OpContext, OpResult, Route } from "../routing";
import { RecoveryPoint } from "../store";
import { parseMaxResults, parseQueryTime, requiredLabel, validateLifecycle } from "../validate";
import {
  calculatedLifecycleView,
  callerVault,
  DAY_MS,
  epochSeconds,
  lifecycleView,
  recoveryPointIn,
  recoveryPointView,
  visibleRecoveryPointsOf,
} from "./shared";

function target(ctx: OpContext) {
  const vault = callerVault(
    ctx,
    requiredLabel(ctx.params, "BackupVaultName"),
    ctx.query.get("backupVaultAccountId") || undefined,
  );
  const arn = requiredLabel(ctx.params, "RecoveryPointArn");
  if (!parseArn(arn)) throw invalidParameter(`Invalid RecoveryPointArn: ${arn}`);
  return { vault, rp: recoveryPointIn(ctx, vault, arn) };
}

function describeRecoveryPoint(ctx: OpContext): OpResult {
  const { rp } = target(ctx);
  return { body: recoveryPointView(ctx.store, rp, ctx.now) };
}

function deleteRecoveryPoint(ctx: OpContext): OpResult {
  const { vault, rp } = target(ctx);
  // Already being deleted: the request has nothing left to do, and AWS treats a repeat as done.
  if (statusAt(rp, ctx.now) === "DELETING") return {};
  if (rp.legalHold)
    throw new AwsError(
      "InvalidResourceStateException",
      `Recovery point ${rp.arn} is protected by a legal hold and cannot be deleted until the hold is released.`,
    );
  const min = vault.lock?.minRetentionDays;
  if (min !== undefined && ctx.now < rp.creationDate + min * DAY_MS)
    throw invalidRequest(
      `Recovery point ${rp.arn} cannot be deleted: backup vault ${vault.name} is locked with a minimum retention period of ${min} days and the recovery point was created on ${new Date(rp.creationDate).toISOString()}.`,
    );
  // Early deletion of a cold recovery point is allowed (AWS charges the rest of the 90 days in cold).
  const markDeleted = (point: RecoveryPoint) => {
    point.deleteRequestedAt = ctx.now;
    point.goneAt = ctx.now + ctx.store.settings.deletingSeconds * 1000;
  };
  markDeleted(rp);
  for (const child of ctx.store.recoveryPoints.values())
    if (child.parentRecoveryPointArn === rp.arn && isVisible(child, ctx.now, ctx.store.settings))
      markDeleted(child);
  return {};
}

function updateRecoveryPointLifecycle(ctx: OpContext): OpResult {
  const { vault, rp } = target(ctx);
  const requested = validateLifecycle(ctx.body.Lifecycle);
  if (deletionStartsAt(rp) !== undefined && statusAt(rp, ctx.now) === "DELETING")
    throw new AwsError("InvalidResourceStateException", `Recovery point ${rp.arn} is being deleted.`);
  if (requested) {
    const next = { ...requested };
    if (storageClassAt(rp, ctx.now) === "COLD") {
      const current = rp.lifecycle?.MoveToColdStorageAfterDays;
      if (next.MoveToColdStorageAfterDays === undefined) next.MoveToColdStorageAfterDays = current;
      else if (next.MoveToColdStorageAfterDays !== current)
        throw invalidRequest(
          `MoveToColdStorageAfterDays cannot be changed: recovery point ${rp.arn} has already transitioned to cold storage.`,
        );
      if (
        next.MoveToColdStorageAfterDays !== undefined &&
        next.MoveToColdStorageAfterDays > 0 &&
        next.DeleteAfterDays !== undefined &&
        next.DeleteAfterDays > 0 &&
        next.DeleteAfterDays < next.MoveToColdStorageAfterDays + 90
      )
        throw invalidParameter(
          "Invalid Lifecycle: DeleteAfterDays must be at least 90 days greater than MoveToColdStorageAfterDays.",
        );
    }
    const lockProblem = lockRefusal(vault.lock, next);
    if (lockProblem)
      throw invalidRequest(`Lifecycle refused by the vault lock of ${vault.name}. ${lockProblem}`);
    rp.lifecycle = next;
  }
  return {
    body: {
      BackupVaultArn: vault.arn,
      RecoveryPointArn: rp.arn,
      Lifecycle: lifecycleView(rp.lifecycle),
      CalculatedLifecycle: calculatedLifecycleView(rp),
    },
  };
}

const byNewest = (a: RecoveryPoint, b: RecoveryPoint) => {
  const ka = newestFirstKey(a.creationDate, a.arn);
  const kb = newestFirstKey(b.creationDate, b.arn);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

function listRecoveryPointsByBackupVault(ctx: OpContext): OpResult {
  const vault = callerVault(
    ctx,
    requiredLabel(ctx.params, "BackupVaultName"),
    ctx.query.get("backupVaultAccountId") || undefined,
  );
  const q = ctx.query;
  const maxResults = parseMaxResults(q);
  const after = parseQueryTime(q, "createdAfter");
  const before = parseQueryTime(q, "createdBefore");
  const resourceArn = q.get("resourceArn");
  const resourceType = q.get("resourceType");
  const parent = q.get("parentRecoveryPointArn");
  const planId = q.get("backupPlanId");
  const points = visibleRecoveryPointsOf(ctx.store, vault, ctx.now)
    .filter(
      (rp) =>
        (after === undefined || rp.creationDate >= after) &&
        (before === undefined || rp.creationDate <= before) &&
        (!resourceArn || rp.resourceArn === resourceArn) &&
        (!resourceType || rp.resourceType === resourceType) &&
        (!parent || rp.parentRecoveryPointArn === parent) &&
        // Nothing here was made by a backup plan.
        !planId,
    )
    .sort(byNewest);
  const page = paginate(
    points,
    (rp) => newestFirstKey(rp.creationDate, rp.arn),
    q.get("nextToken"),
    maxResults,
    `rpv|${vault.arn}|${[after, before, resourceArn, resourceType, parent, planId].join("|")}`,
  );
  return {
    body: {
      // RecoveryPointByBackupVault has every DescribeRecoveryPoint member but StorageClass (botocore's and the
      // JS SDK's models agree; the conformance suite checks it).
      RecoveryPoints: page.items.map((rp) => {
        const { StorageClass: _, ...listed } = recoveryPointView(ctx.store, rp, ctx.now);
        return listed;
      }),
      NextToken: page.nextToken,
    },
  };
}

function listRecoveryPointsByResource(ctx: OpContext): OpResult {
  const resourceArn = requiredLabel(ctx.params, "ResourceArn");
  if (!parseArn(resourceArn)) throw invalidParameter(`Invalid ResourceArn: ${resourceArn}`);
  const maxResults = parseMaxResults(ctx.query);
  const points = [...ctx.store.recoveryPoints.values()]
    .filter(
      (rp) =>
        rp.resourceArn === resourceArn &&
        rp.accountId === ctx.caller.accountId &&
        rp.region === ctx.caller.region &&
        isVisible(rp, ctx.now, ctx.store.settings),
    )
    .sort(byNewest);
  const page = paginate(
    points,
    (rp) => newestFirstKey(rp.creationDate, rp.arn),
    ctx.query.get("nextToken"),
    maxResults,
    `rpr|${resourceArn}`,
  );
  return {
    body: {
      RecoveryPoints: page.items.map((rp) => ({
        RecoveryPointArn: rp.arn,
        CreationDate: epochSeconds(rp.creationDate),
        Status: statusAt(rp, ctx.now),
        EncryptionKeyArn: rp.encryptionKeyArn,
        BackupSizeBytes: rp.backupSizeInBytes,
        BackupVaultName: rp.vaultName,
        IsParent: rp.isParent,
        ParentRecoveryPointArn: rp.parentRecoveryPointArn,
        ResourceName: rp.resourceName,
        VaultType: "BACKUP_VAULT",
        EncryptionKeyType: "AWS_OWNED_KMS_KEY",
      })),
      NextToken: page.nextToken,
    },
  };
}

const rpResource = (ctx: OpContext) => ctx.params.RecoveryPointArn;
const RP_PATH = "/backup-vaults/{BackupVaultName}/recovery-points/{RecoveryPointArn+}";

export const recoveryPointRoutes: Route[] = [
  {
    method: "GET",
    path: RP_PATH,
    operation: "DescribeRecoveryPoint",
    handler: describeRecoveryPoint,
    resource: rpResource,
  },
  {
    method: "DELETE",
    path: RP_PATH,
    operation: "DeleteRecoveryPoint",
    handler: deleteRecoveryPoint,
    resource: rpResource,
  },
  {
    method: "POST",
    path: RP_PATH,
    operation: "UpdateRecoveryPointLifecycle",
    handler: updateRecoveryPointLifecycle,
    resource: rpResource,
  },
  {
    method: "GET",
    path: "/backup-vaults/{BackupVaultName}/recovery-points",
    operation: "ListRecoveryPointsByBackupVault",
    handler: listRecoveryPointsByBackupVault,
  },
  {
    method: "GET",
    path: "/resources/{ResourceArn+}/recovery-points",
    operation: "ListRecoveryPointsByResource",
    handler: listRecoveryPointsByResource,
    resource: (ctx) => ctx.params.ResourceArn,
  },
];
