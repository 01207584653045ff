/**
 * The destination recovery point: what refresh reports, where lifecycle changes land and what `onDelete:
 * "delete"` removes. These calls run in the destination vault's region (and account, with destinationRoleArn).
 */
import {
  DeleteRecoveryPointCommand,
  DescribeBackupVaultCommand,
  DescribeRecoveryPointCommand,
  UpdateRecoveryPointLifecycleCommand,
} from "@aws-sdk/client-backup";
import { errorMessage, errorName, isNotFound, isTransient } from "../aws/aws-errors";
import { findRecoveryPoint, GONE_RECOVERY_POINT_STATES } from "../aws/find";
import { serverDateOf } from "../aws/server-date";
import { explainAwsError, explainDestinationAccess } from "../errors";
import { destinationRecoveryPointOutput } from "../outputs";
import type { DestinationRecoveryPointOutput, LifecycleInput } from "../types";
import { Deadline } from "../wait/deadline";
import { DeadlineReached, pollUntil } from "../wait/poll";
import type { OperationContext } from "./context";
import { retryTransient } from "./retry";
import { awsLifecycle } from "./aws-lifecycle";

const DAY_MS = 86_400_000;

/** The destination recovery point's outputs, or undefined when it is gone (not found, DELETING, EXPIRED). */
export async function describeDestination(
  ctx: OperationContext,
  recoveryPointArn: string,
  options: { justCompleted?: boolean } = {},
): Promise<DestinationRecoveryPointOutput | undefined> {
  const doing = `DescribeRecoveryPoint ${recoveryPointArn} in ${ctx.inputs.destinationBackupVaultArn}`;
  const vault = ctx.settings.destinationVaultName;
  try {
    // Across accounts without destinationRoleArn, "not found" only says the caller's own account has no such
    // vault or point: it must not pass for "the copy is gone".
    const rp = await retryTransient(ctx, () =>
      unreachableWithoutRole(ctx)
        ? ctx.destination.send(
            new DescribeRecoveryPointCommand({ BackupVaultName: vault, RecoveryPointArn: recoveryPointArn }),
          )
        : options.justCompleted
          ? ctx.runtime.freshCopies.describe(ctx.destination, vault, recoveryPointArn)
          : findRecoveryPoint(ctx.destination, vault, recoveryPointArn),
    );
    if (!rp || GONE_RECOVERY_POINT_STATES.has(rp.Status ?? "")) return undefined;
    return destinationRecoveryPointOutput(rp);
  } catch (error) {
    throw explainDestination(ctx, doing, "backup:DescribeRecoveryPoint", error);
  }
}

/** Cross-account, without destinationRoleArn: the destination calls run with the source account's credentials. */
function unreachableWithoutRole(ctx: OperationContext): boolean {
  return ctx.settings.crossAccount && !ctx.inputs.destinationRoleArn;
}

/** A refused destination-side call, explained: which role to set or which permission to grant. */
export function explainDestination(
  ctx: OperationContext,
  doing: string,
  action: string,
  error: unknown,
): Error {
  return (
    explainDestinationAccess(
      {
        doing,
        action,
        destinationVaultArn: ctx.inputs.destinationBackupVaultArn,
        destinationAccountId: ctx.settings.destinationAccountId,
        sourceAccountId: ctx.settings.sourceAccountId,
        destinationRoleArn: ctx.inputs.destinationRoleArn,
        crossAccount: ctx.settings.crossAccount,
      },
      error,
    ) ?? explainAwsError(doing, error)
  );
}

export function sameLifecycle(
  wanted: LifecycleInput | undefined,
  actual: LifecycleInput | undefined,
): boolean {
  const norm = (l: LifecycleInput | undefined) => ({
    cold: l?.moveToColdStorageAfterDays ?? null,
    del: l?.deleteAfterDays ?? null,
    archive: l?.optInToArchiveForSupportedResources ?? null,
  });
  const a = norm(wanted);
  const b = norm(actual);
  return a.cold === b.cold && a.del === b.del && (a.archive === null || a.archive === b.archive);
}

export async function updateDestinationLifecycle(
  ctx: OperationContext,
  recoveryPointArn: string,
  lifecycle: LifecycleInput,
) {
  try {
    await retryTransient(ctx, () =>
      ctx.destination.send(
        new UpdateRecoveryPointLifecycleCommand({
          BackupVaultName: ctx.settings.destinationVaultName,
          RecoveryPointArn: recoveryPointArn,
          Lifecycle: awsLifecycle(lifecycle) ?? {},
        }),
      ),
    );
    ctx.log(`Updated the lifecycle of ${recoveryPointArn}: ${JSON.stringify(lifecycle)}`);
  } catch (error) {
    throw explainDestination(
      ctx,
      `UpdateRecoveryPointLifecycle of ${recoveryPointArn}`,
      "backup:UpdateRecoveryPointLifecycle",
      error,
    );
  }
}

/**
 * Deletes the destination recovery point and waits until it is gone. Already gone is success. Where AWS
 * refuses because a vault lock or the cold-storage minimum still holds the point, the lifecycle is shortened
 * to the earliest expiry AWS allows and the delete is reported as scheduled; a legal hold cannot be worked
 * around, so that fails with what to do.
 */
export async function deleteDestination(ctx: OperationContext, recoveryPointArn: string, deadline: Deadline) {
  const vault = ctx.settings.destinationVaultName;
  const doing = `DeleteRecoveryPoint ${recoveryPointArn} in vault ${vault}`;
  try {
    await retryTransient(
      ctx,
      () =>
        ctx.destination.send(
          new DeleteRecoveryPointCommand({ BackupVaultName: vault, RecoveryPointArn: recoveryPointArn }),
        ),
      deadline,
    );
  } catch (error) {
    if (isNotFound(error) && !unreachableWithoutRole(ctx))
      return ctx.log(`${recoveryPointArn} is already gone`);
    if (!isRetentionRefusal(error)) throw explainDestination(ctx, doing, "backup:DeleteRecoveryPoint", error);
    return scheduleEarliestExpiry(ctx, recoveryPointArn, error);
  }
  try {
    await pollUntil(
      async () => {
        const rp = await findRecoveryPoint(ctx.destination, vault, recoveryPointArn);
        return rp ? { done: false } : { done: true, value: undefined };
      },
      { deadline, minDelayMs: ctx.settings.minDelayMs, maxDelayMs: ctx.settings.maxDelayMs, isTransient },
    );
  } catch (error) {
    if (error instanceof DeadlineReached) {
      throw new Error(
        `${doing}: still DELETING when the timeout ran out; run the destroy again to finish waiting`,
        { cause: error },
      );
    }
    throw explainDestination(ctx, doing, "backup:DescribeRecoveryPoint", error);
  }
  ctx.log(`Deleted ${recoveryPointArn} from vault ${vault}`);
}

function isRetentionRefusal(error: unknown): boolean {
  const name = errorName(error);
  if (name !== "InvalidRequestException" && name !== "InvalidResourceStateException") return false;
  return !/legal hold/i.test(errorMessage(error)) && /retention|lock|cold|minimum/i.test(errorMessage(error));
}

async function scheduleEarliestExpiry(ctx: OperationContext, recoveryPointArn: string, refusal: unknown) {
  const vault = ctx.settings.destinationVaultName;
  const doing = `DeleteRecoveryPoint ${recoveryPointArn} (refused: ${errorMessage(refusal)})`;
  let rp;
  let vaultInfo;
  try {
    rp = await retryTransient(ctx, () => findRecoveryPoint(ctx.destination, vault, recoveryPointArn));
    if (!rp) return;
  } catch (error) {
    throw explainDestination(ctx, `${doing}; DescribeRecoveryPoint`, "backup:DescribeRecoveryPoint", error);
  }
  try {
    // The vault lock's minimum retention bounds the earliest expiry.
    vaultInfo = await retryTransient(ctx, () =>
      ctx.destination.send(new DescribeBackupVaultCommand({ BackupVaultName: vault })),
    );
  } catch (error) {
    throw explainDestination(
      ctx,
      `${doing}; DescribeBackupVault ${vault}`,
      "backup:DescribeBackupVault",
      error,
    );
  }
  const now = serverDateOf(rp) ?? Date.now();
  const created = rp.CreationDate?.getTime() ?? now;
  const ageDays = Math.ceil((now - created) / DAY_MS);
  const cold = rp.Lifecycle?.MoveToColdStorageAfterDays;
  const floors = [ageDays + 1, vaultInfo.MinRetentionDays ?? 0];
  if (cold !== undefined && cold >= 0) floors.push(cold + 90);
  const deleteAfterDays = Math.max(...floors);
  const current = rp.Lifecycle?.DeleteAfterDays;
  if (current !== undefined && current > 0 && current <= deleteAfterDays) {
    throw explainAwsError(
      `DeleteRecoveryPoint ${recoveryPointArn} (it already expires as early as AWS allows, on ${rp.CalculatedLifecycle?.DeleteAt?.toISOString()})`,
      refusal,
    );
  }
  try {
    await retryTransient(ctx, () =>
      ctx.destination.send(
        new UpdateRecoveryPointLifecycleCommand({
          BackupVaultName: vault,
          RecoveryPointArn: recoveryPointArn,
          Lifecycle: { MoveToColdStorageAfterDays: cold, DeleteAfterDays: deleteAfterDays },
        }),
      ),
    );
  } catch (error) {
    throw explainDestination(
      ctx,
      `${doing}; shortening its lifecycle`,
      "backup:UpdateRecoveryPointLifecycle",
      error,
    );
  }
  const expiry = new Date(created + deleteAfterDays * DAY_MS).toISOString();
  ctx.log(
    `AWS refused to delete ${recoveryPointArn} now (${errorMessage(refusal)}); set DeleteAfterDays=${deleteAfterDays}, so AWS deletes it on ${expiry}, the earliest it allows`,
  );
}
