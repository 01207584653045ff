import { isTransient } from "../aws/aws-errors";
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
    console.log(
      `Retained the copy of job ${id}${old.destinationRecoveryPointArn ? ` (${old.destinationRecoveryPointArn})` : ""} (onDelete: "retain")`,
    );
    return;
  }
  const deadline = ctx.deadline;
  let job = await retryTransient(ctx, () => findCopyJob(ctx.source, old.copyJobId ?? id), deadline).catch(
    (e) => {
      if (isTransient(e)) return undefined;
      throw e;
    },
  );
  if (job && !TERMINAL_STATES.has(job.State ?? "")) {
    console.log(`Copy job ${job.CopyJobId} is still ${job.State}; waiting for it before deleting its copy`);
    try {
      job = await ctx.runtime.waitForCopyJob(ctx.source, job.CopyJobId!, {
        deadline,
        minDelayMs: ctx.settings.minDelayMs,
        maxDelayMs: ctx.settings.maxDelayMs,
        // A front's own log (the plugin's, against the URN) is passed on: the poller reports outside the operation.
        progress: progressReporter(`Copy job ${job.CopyJobId}`, undefined, ctx.hooks.log && ctx.log),
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
    console.log(`Copy job ${id} ended ${job.State}; there is no copy to delete`);
    return;
  }
  const destinationArn = job?.DestinationRecoveryPointArn ?? old.destinationRecoveryPointArn;
  if (!destinationArn) {
    console.log(`Copy job ${id} left no destination recovery point; nothing to delete`);
    return;
  }
  await deleteDestination(ctx, destinationArn, deadline);
}
