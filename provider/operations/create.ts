import type * as pulumi from "@pulumi/pulumi";
import { findCopyJob } from "../aws/find";
import type { StackConfig } from "../inputs/settings";
import type { Runtime } from "../runtime";
import type { CopyJobOutputs } from "../types";
import { complete, withDeclaredLifecycle } from "./complete";
import { operationContext, type OperationHooks } from "./context";
import { completeStarted } from "./replayed-failure";
import { startCopy } from "./start";
import { retryTransient } from "./retry";

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
  // AWS hands back the job of a reused token for a while, even a COMPLETED one whose copy has since been
  // deleted (a copy deleted outside Pulumi, then `refresh` and `up`): that copy is not there, so copy again.
  // Only for a job started before this run (a replay): a copy this run just made may not be visible yet.
  for (let i = 0; i < 3 && started.resumed && copyIsGone(result.outs); i++) {
    console.log(
      `Copy job ${started.copyJobId} COMPLETED earlier but its copy ${result.outs.destinationRecoveryPointArn} is gone; starting a new copy`,
    );
    ({ started, result } = await completeStarted(
      ctx,
      deadline,
      await startCopy(ctx, deadline, started.tokenAttempt + 1),
    ));
  }
  return withDeclaredLifecycle(ctx, result);
}

function copyIsGone(outs: CopyJobOutputs): boolean {
  return outs.state === "COMPLETED" && !!outs.destinationRecoveryPointArn && !outs.destinationRecoveryPoint;
}
