import type * as pulumi from "@pulumi/pulumi";
import { findCopyJob } from "../aws/find";
import type { StackConfig } from "../inputs/settings";
import type { Runtime } from "../runtime";
import { sleep } from "../wait/sleep";
import { complete, type Completion, withDeclaredLifecycle } from "./complete";
import { operationContext, type OperationContext, type OperationHooks } from "./context";
import { describeDestination } from "./destination";
import { whenResumedCopyMissing } from "./ownership";
import { completeStarted } from "./started";
import { startCopy, type StartedJob } from "./start";
import { retryTransient } from "./retry";

/** Looks at a resumed job's missing copy after the first: apart in time, so "not visible yet" is not "gone". */
const MORE_LOOKS = 2;

/**
 * StartCopyJob (or adopt `copyJobId`), then wait for a terminal state. FAILED/PARTIAL throws an error without
 * an id, so nothing is recorded; the deadline throws one with id and outputs, so the engine records a partial
 * resource whose next update resumes the wait.
 */
export async function create(
  config: StackConfig,
  props: Record<string, unknown>,
  runtime: Runtime,
  hooks: OperationHooks = {},
): Promise<pulumi.dynamic.CreateResult> {
  const ctx = operationContext(props, config, runtime, Infinity, hooks);
  const deadline = ctx.deadline;
  if (ctx.inputs.copyJobId) {
    const adopt = ctx.inputs.copyJobId;
    const job = await retryTransient(ctx, () => findCopyJob(ctx.source, adopt), deadline);
    if (!job) {
      throw new Error(
        `copyJobId ${ctx.inputs.copyJobId} was not found in region ${ctx.settings.sourceRegion}: adopt a job from the source account and region, within AWS's job history`,
      );
    }
    if (job.SourceRecoveryPointArn && job.SourceRecoveryPointArn !== ctx.inputs.recoveryPointArn) {
      throw new Error(
        `copyJobId ${ctx.inputs.copyJobId} copies ${job.SourceRecoveryPointArn}, not recoveryPointArn ${ctx.inputs.recoveryPointArn}`,
      );
    }
    return complete(ctx, ctx.inputs.copyJobId, 0, deadline, job);
  }
  let { started, result } = await completeStarted(ctx, deadline, await startCopy(ctx, deadline));
  // A found job (a replay of an earlier run's): its copy may have been deleted since (outside Pulumi, then
  // `refresh` and `up`). One found COMPLETED is said in one line, once its copy has been looked at.
  for (let copies = 0; copies < 3 && started.resumed; copies++) {
    const next = await afterResumed(ctx, started, result);
    if (next.kind === "done") {
      result = next.result;
      break;
    }
    ({ started, result } = await completeStarted(
      ctx,
      deadline,
      await startCopy(ctx, deadline, started.tokenAttempt + 1),
    ));
  }
  return withDeclaredLifecycle(ctx, result);
}

/** A resumed job: keep it (its copy is there, or may not be visible yet), or copy again (ownership.ts). */
async function afterResumed(
  ctx: OperationContext,
  started: StartedJob,
  result: Completion,
): Promise<{ kind: "done"; result: Completion } | { kind: "copy-again" }> {
  const arn = result.outs.destinationRecoveryPointArn;
  const said = started.completedWhenResumed ? started.line : undefined;
  if (!arn || result.outs.destinationRecoveryPoint) {
    if (said) ctx.log(`${said}: ${arn ?? "no copy recorded"}`);
    return { kind: "done", result };
  }
  // Looked at again, apart in time: one NotFound right after a copy completes proves nothing. Whether a copy
  // not seen may be copied again is ownership.ts's rule (only a job COMPLETED before this run).
  let destination;
  for (let look = 0; look < MORE_LOOKS && !destination; look++) {
    await sleep(Math.min(ctx.settings.minDelayMs, ctx.deadline.remainingMs()), ctx.hooks.signal);
    destination = await describeDestination(ctx, arn);
  }
  const decision = whenResumedCopyMissing({
    copyJobId: started.copyJobId,
    destinationRecoveryPointArn: arn,
    completedWhenResumed: started.completedWhenResumed === true,
    confirmedGone: MORE_LOOKS > 0 && !destination,
  });
  if (decision.kind === "keep") {
    if (said) ctx.log(`${said}: ${arn}${destination ? "" : " (not visible yet)"}`);
    const outs = destination ? { ...result.outs, destinationRecoveryPoint: destination } : result.outs;
    return { kind: "done", result: { ...result, outs } };
  }
  ctx.log(decision.line);
  return { kind: "copy-again" };
}
