import { errorMessage, isTransient } from "../aws/aws-errors";
import { FAILED_STATES, findCopyJob, TERMINAL_STATES } from "../aws/find";
import type { StackConfig } from "../inputs/settings";
import type { CopyJobOutputs } from "../types";
import type { Runtime } from "../runtime";
import { DeadlineReached } from "../wait/poll";
import { operationContext, type OperationHooks } from "./context";
import { deleteDestination } from "./destination";
import { progressReporter } from "../progress";
import { retryTransient } from "./retry";

/**
 * `retain` (the default) keeps the copy and makes no AWS call. `delete` waits for a still-running job, deletes
 * the destination recovery point and waits until it is gone. A failure throws, so the engine keeps the resource
 * and the next destroy tries again.
 */
export async function remove(
  config: StackConfig,
  id: string,
  props: Record<string, unknown>,
  runtime: Runtime,
  hooks: OperationHooks = {},
): Promise<void> {
  const ctx = operationContext(props, config, runtime, Infinity, hooks);
  const old = props as Partial<CopyJobOutputs>;
  if (ctx.settings.onDelete === "retain") {
    ctx.log(
      `Retained the copy of job ${id}${old.destinationRecoveryPointArn ? ` (${old.destinationRecoveryPointArn})` : ""} (onDelete: "retain")`,
    );
    return;
  }
  const deadline = ctx.deadline;
  let job;
  // A job recorded as ended, with its copy known, cannot change: its copy is deleted without asking AWS again.
  if (!endedWithKnownCopy(old)) {
    try {
      job = await retryTransient(ctx, () => findCopyJob(ctx.source, old.copyJobId ?? id), deadline);
    } catch (error) {
      // Nothing but transient errors until the deadline: the job may still be running and make a copy after
      // this destroy, so the destroy fails and the engine keeps the resource ("nothing to delete" would drop it).
      if (!isTransient(error) && !(error instanceof DeadlineReached)) throw error;
      throw unseenJob(id, ctx.settings.sourceRegion, error);
    }
  }
  if (job && !TERMINAL_STATES.has(job.State ?? "")) {
    ctx.log(`Copy job ${job.CopyJobId} is still ${job.State}; waiting for it before deleting its copy`);
    try {
      job = await ctx.runtime.waitForCopyJob(ctx.source, job.CopyJobId!, {
        deadline,
        minDelayMs: ctx.settings.minDelayMs,
        maxDelayMs: ctx.settings.maxDelayMs,
        // Through ctx.log: named, and to the front's own log (the plugin's, against the URN) when it has one.
        progress: progressReporter(`Copy job ${job.CopyJobId}`, Date.now(), ctx.log),
        createdAfter: job.CreationDate,
        destinationVaultArn: job.DestinationBackupVaultArn,
      });
    } catch (error) {
      if (error instanceof DeadlineReached) {
        throw new Error(
          `Copy job ${id} is still running after the timeout; run the destroy again to delete its copy once it finishes`,
          { cause: error },
        );
      }
      throw error;
    }
  }
  if (job && FAILED_STATES.has(job.State ?? "") && !job.DestinationRecoveryPointArn) {
    ctx.log(`Copy job ${id} ended ${job.State}; there is no copy to delete`);
    return;
  }
  const destinationArn = job?.DestinationRecoveryPointArn ?? old.destinationRecoveryPointArn;
  if (!destinationArn) {
    ctx.log(`Copy job ${id} left no destination recovery point; nothing to delete`);
    return;
  }
  await deleteDestination(ctx, destinationArn, deadline);
}

/** The state recorded a terminal job and its destination recovery point: nothing AWS says now changes either. */
function endedWithKnownCopy(old: Partial<CopyJobOutputs>): boolean {
  return TERMINAL_STATES.has(old.state ?? "") && !!old.destinationRecoveryPointArn;
}

/** The delete fails and the engine keeps the resource, so the next destroy tries again. */
function unseenJob(id: string, region: string, error: unknown): Error {
  return new Error(
    `DescribeCopyJob ${id} in ${region} failed until the timeout (${errorMessage(error)}): the job may still be running and make a copy, so the copy is kept in the stack; run the destroy again when AWS answers`,
    { cause: error },
  );
}
