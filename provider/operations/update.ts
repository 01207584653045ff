import type { CopyJob } from "@aws-sdk/client-backup";
import type * as pulumi from "@pulumi/pulumi";
import { FAILED_STATES, findCopyJob } from "../aws/find";
import type { StackConfig } from "../inputs/settings";
import type { Runtime } from "../runtime";
import type { CopyJobOutputs } from "../types";
import { complete, withDeclaredLifecycle } from "./complete";
import { operationContext, type OperationHooks } from "./context";
import { mergeOutputs } from "../outputs";
import { copyOfUnlistedJob, updateFromCopy } from "./aged-out";
import { startCopy } from "./start";
import { retryTransient } from "./retry";

/**
 * In place: resume an unfinished wait (after a timeout, or with waitForCompletion turned on), restart a job that
 * failed while nobody waited, then make the destination's lifecycle match the declared one.
 */
export async function update(
  config: StackConfig,
  id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  runtime: Runtime,
  hooks: OperationHooks = {},
): Promise<pulumi.dynamic.UpdateResult> {
  const ctx = operationContext(
    { ...news, __provider: news.__provider ?? olds.__provider },
    config,
    runtime,
    Infinity,
    hooks,
  );
  const old = olds as Partial<CopyJobOutputs>;
  const deadline = ctx.deadline;
  let copyJobId = old.copyJobId ?? id;
  let attempt = old.tokenAttempt ?? 0;
  let startedJob: CopyJob | undefined;
  const job = await retryTransient(ctx, () => findCopyJob(ctx.source, copyJobId), deadline);
  if (!job && old.destinationRecoveryPointArn) {
    return { outs: (await updateFromCopy(ctx, id, old, old.destinationRecoveryPointArn)).outs };
  }
  if (!job) {
    // No copy recorded: a job too new to be listed is waited for; one too old to be described is managed
    // from its copy in the destination vault, or the update fails at once (never a wait for the timeout).
    const unlisted = await copyOfUnlistedJob(ctx, copyJobId, old);
    if (unlisted.kind === "fail") throw new Error(unlisted.message);
    if (unlisted.kind === "found") {
      const arn = unlisted.outs.destinationRecoveryPointArn!;
      return { outs: (await updateFromCopy(ctx, id, unlisted.outs, arn)).outs };
    }
  }
  if (job && FAILED_STATES.has(job.State ?? "") && !ctx.inputs.copyJobId) {
    ctx.log(
      `Copy job ${copyJobId} ended ${job.State} (${job.StatusMessage ?? "no message"}); starting a new copy`,
    );
    const started = await startCopy(ctx, deadline, attempt + 1, [copyJobId]);
    if (started.line) ctx.log(started.line);
    copyJobId = started.copyJobId;
    attempt = started.tokenAttempt;
    startedJob = started.job;
  }
  const lastSeen = job?.CopyJobId === copyJobId ? job : startedJob;
  const result = await withDeclaredLifecycle(
    ctx,
    await complete(ctx, copyJobId, attempt, deadline, lastSeen),
  );
  // The same job: what AWS said of it before and no longer says stays known.
  if (copyJobId === (old.copyJobId ?? id)) result.outs = mergeOutputs(old, result.outs);
  if (copyJobId !== id) {
    // The engine keeps the resource's id on update; the new job is recorded in the outputs.
    ctx.log(`Copy job ${copyJobId} replaces failed job ${id}; the resource id stays ${id}`);
  }
  return { outs: result.outs };
}
