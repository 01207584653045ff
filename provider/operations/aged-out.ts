/**
 * A job that has aged out of AWS's history. AWS drops old jobs from DescribeCopyJob and ListCopyJobs (how soon
 * is not documented; the console shows 30 days) while the copy itself stays. Waiting for such a job would wait
 * for something that never appears until the timeout ran out, then record outputs without the copy, and the
 * next refresh would drop a resource whose copy lives on. So a job that is not found while its copy is known
 * is managed from the copy: its destination recovery point; and one whose copy was never recorded (nobody
 * waited for it) has its copy looked up in the destination vault (ownership.ts decides).
 */
import { findRecoveryPoint, findRecoveryPointsOfResource } from "../aws/find";
import { serverDateOf } from "../aws/server-date";
import type { CopyJobOutputs } from "../types";
import { buildOutputs, mergeOutputs } from "../outputs";
import { type Completion, withDeclaredLifecycle } from "./complete";
import type { OperationContext } from "./context";
import { describeDestination, explainDestination } from "./destination";
import { whenCopiesFound, whenJobNotFound } from "./ownership";
import { retryTransient } from "./retry";

/** Update (lifecycle, onDelete, wait settings) of a copy whose job is gone from AWS's history. */
export async function updateFromCopy(
  ctx: OperationContext,
  id: string,
  old: Partial<CopyJobOutputs>,
  destinationArn: string,
): Promise<Completion> {
  const copyJobId = old.copyJobId ?? id;
  ctx.log(
    `Copy job ${copyJobId} is no longer in AWS's job history; updating its copy ${destinationArn} directly`,
  );
  const destination = await describeDestination(ctx, destinationArn);
  if (!destination) {
    throw new Error(
      `Copy job ${copyJobId} is no longer in AWS's job history and its copy ${destinationArn} is gone: run \`pulumi refresh\` (it removes the resource), then \`pulumi up\` copies again`,
    );
  }
  const extra = {
    copyJobId,
    sourceRegion: ctx.settings.sourceRegion,
    tokenAttempt: old.tokenAttempt,
    adopted: old.adopted,
  };
  const outs = mergeOutputs(old, buildOutputs(ctx.inputs, extra, undefined, destination));
  return withDeclaredLifecycle(ctx, { id: copyJobId, outs });
}

export type UnlistedJob =
  /** Too new to be listed (or nothing recorded tells): wait as usual. */
  | { kind: "not-yet-visible" }
  /** Too old to be described, and its copy found: the outputs to record, destinationRecoveryPointArn included. */
  | { kind: "found"; outs: Partial<CopyJobOutputs> }
  /** Too old to be described, and no copy (or several) found: what to tell the user. */
  | { kind: "fail"; message: string };

/**
 * A recorded job DescribeCopyJob does not find, with no copy recorded: too new to be listed, or too old to be
 * described, and then its copy looked up in the destination vault (ownership.ts decides both).
 */
export async function copyOfUnlistedJob(
  ctx: OperationContext,
  copyJobId: string,
  old: Partial<CopyJobOutputs>,
): Promise<UnlistedJob> {
  const recordedCreatedAt = old.creationDate ? Date.parse(old.creationDate) : undefined;
  if (recordedCreatedAt === undefined) return { kind: "not-yet-visible" };
  const { inputs, settings } = ctx;
  // The source recovery point: the server's clock, and what its copy keeps (resource, creation date).
  const source = await retryTransient(ctx, () =>
    findRecoveryPoint(ctx.source, inputs.sourceBackupVaultName, inputs.recoveryPointArn),
  );
  const resourceArn = source?.ResourceArn ?? old.resourceArn;
  let listed: Awaited<ReturnType<typeof findRecoveryPointsOfResource>> | undefined;
  const list = async () => {
    if (!resourceArn) return undefined;
    try {
      return await retryTransient(ctx, () =>
        findRecoveryPointsOfResource(ctx.destination, settings.destinationVaultName, resourceArn),
      );
    } catch (error) {
      throw explainDestination(
        ctx,
        `ListRecoveryPointsByBackupVault ${settings.destinationVaultName} (to find the copy of ${inputs.recoveryPointArn} made by copy job ${copyJobId}, which has left AWS's job history)`,
        "backup:ListRecoveryPointsByBackupVault",
        error,
      );
    }
  };
  let serverNow = source ? serverDateOf(source) : undefined;
  if (serverNow === undefined) {
    listed = await list();
    serverNow = listed?.serverNow ?? Date.now();
  }
  const found = whenJobNotFound(recordedCreatedAt, serverNow);
  if (found.kind === "not-yet-visible") return found;
  listed ??= await list();
  const decision = whenCopiesFound(
    {
      copyJobId,
      createdAt: found.createdAt,
      recoveryPointArn: inputs.recoveryPointArn,
      destinationBackupVaultArn: inputs.destinationBackupVaultArn,
      sourceBackupVaultArn: old.sourceBackupVaultArn,
      sourceCreatedAt: source?.CreationDate?.getTime(),
    },
    (listed?.points ?? []).map((p) => ({
      recoveryPointArn: p.RecoveryPointArn ?? "",
      sourceBackupVaultArn: p.SourceBackupVaultArn,
      createdAt: p.CreationDate?.getTime(),
      completedAt: p.CompletionDate?.getTime(),
      status: p.Status,
    })),
  );
  if (decision.kind === "fail") return decision;
  ctx.log(decision.line);
  const point = listed!.points.find((p) => p.RecoveryPointArn === decision.recoveryPointArn);
  const outs: Partial<CopyJobOutputs> = {
    ...old,
    destinationRecoveryPointArn: decision.recoveryPointArn,
    // The copy exists, so its job ended as the copy's status says (COMPLETED, or PARTIAL for a composite).
    state: point?.Status === "PARTIAL" ? "PARTIAL" : "COMPLETED",
  };
  return { kind: "found", outs };
}
