/**
 * From a started job to outputs: wait (unless the user said not to), then describe the destination recovery
 * point. Shared by create and by update, which resumes an unfinished wait.
 */
import type { CopyJob } from "@aws-sdk/client-backup";
import { FAILED_STATES, findCopyJob } from "../aws/find";
import { CopyJobFailedError, CopyStillRunningError, failedJobHint } from "../errors";
import { buildOutputs } from "../outputs";
import { progressReporter } from "../progress";
import type { CopyJobOutputs } from "../types";
import { Deadline } from "../wait/deadline";
import { DeadlineReached } from "../wait/poll";
import type { OperationContext } from "./context";
import { describeDestination, sameLifecycle, updateDestinationLifecycle } from "./destination";
import { retryTransient } from "./retry";

export interface Completion {
  id: string;
  outs: CopyJobOutputs;
}

export async function complete(
  ctx: OperationContext,
  copyJobId: string,
  tokenAttempt: number,
  deadline: Deadline,
  lastSeen?: CopyJob,
): Promise<Completion> {
  const extra = {
    copyJobId,
    sourceRegion: ctx.settings.sourceRegion,
    tokenAttempt,
    adopted: ctx.inputs.copyJobId !== undefined,
  };
  if (!ctx.settings.waitForCompletion) {
    const job = (await retryTransient(ctx, () => findCopyJob(ctx.source, copyJobId))) ?? lastSeen;
    console.log(
      `Copy job ${copyJobId} started (${job?.State ?? "CREATED"}); not waiting (waitForCompletion: false)`,
    );
    return { id: copyJobId, outs: await outputsFor(ctx, extra, job) };
  }
  let seen = lastSeen;
  let job: CopyJob;
  try {
    job = await ctx.runtime.waitForCopyJob(ctx.source, copyJobId, {
      deadline,
      minDelayMs: ctx.settings.minDelayMs,
      maxDelayMs: ctx.settings.maxDelayMs,
      // A front's own log (the plugin's, against the URN) is passed on: the poller reports outside the operation.
      progress: progressReporter(`Copy job ${copyJobId}`, undefined, ctx.hooks.log && ctx.log),
      // Kept only when the state changes: the poller hands over a fresh object every tick, and only the last
      // state (for the timeout's partial outputs) is needed, not each tick's copy of the same job.
      onSeen: (j) => {
        if (j.State !== seen?.State) seen = j;
      },
      createdAfter: lastSeen?.CopyJobId === copyJobId ? lastSeen.CreationDate : undefined,
      destinationVaultArn: ctx.inputs.destinationBackupVaultArn,
    });
  } catch (error) {
    if (!(error instanceof DeadlineReached)) throw error;
    const outs = buildOutputs(ctx.inputs, extra, seen);
    const minutes = Math.round(deadline.totalMs / 60000);
    const when = deadline.cancelled
      ? "when the operation was cancelled"
      : `after the ${minutes}-minute timeout`;
    throw new CopyStillRunningError(
      copyJobId,
      // The plugin neither adds __provider to these properties nor survives an undefined in them.
      ctx.provider === undefined ? { ...outs } : { ...outs, __provider: ctx.provider },
      `Copy job ${copyJobId} is still ${seen?.State ?? "starting"} ${when}; it keeps running in AWS. Run \`pulumi up\` again to resume waiting for the same job (no second copy starts)${deadline.cancelled ? "" : ", or raise timeoutMinutes"}.`,
    );
  }
  if (FAILED_STATES.has(job.State ?? "")) {
    throw new CopyJobFailedError(
      copyJobId,
      job.State!,
      job.StatusMessage,
      failedJobHint(job.StatusMessage, ctx.settings.crossAccount),
      job.CompletionDate?.getTime(),
    );
  }
  console.log(`Copy job ${copyJobId} COMPLETED: ${job.DestinationRecoveryPointArn}`);
  return { id: copyJobId, outs: await outputsFor(ctx, extra, job, { justCompleted: true }) };
}

export async function outputsFor(
  ctx: OperationContext,
  extra: Parameters<typeof buildOutputs>[1],
  job: CopyJob | undefined,
  options: { justCompleted?: boolean } = {},
): Promise<CopyJobOutputs> {
  const destinationArn = job?.DestinationRecoveryPointArn;
  const destination =
    destinationArn && job?.State === "COMPLETED"
      ? await describeDestination(ctx, destinationArn, options)
      : undefined;
  return buildOutputs(ctx.inputs, extra, job, destination);
}

/**
 * Makes the copy's lifecycle the declared one: a resumed job may have started with an older lifecycle, and
 * refresh may have seen it changed outside Pulumi. Only the destination is described again; the job is as seen.
 */
export async function withDeclaredLifecycle(ctx: OperationContext, result: Completion): Promise<Completion> {
  const wanted = ctx.inputs.lifecycle;
  const arn = result.outs.destinationRecoveryPointArn;
  const current = result.outs.destinationRecoveryPoint;
  if (!wanted || !arn || !current || sameLifecycle(wanted, current.lifecycle)) return result;
  await updateDestinationLifecycle(ctx, arn, wanted);
  const { destinationRecoveryPoint: _, ...outs } = result.outs;
  const destination = await describeDestination(ctx, arn);
  return { id: result.id, outs: destination ? { ...outs, destinationRecoveryPoint: destination } : outs };
}
