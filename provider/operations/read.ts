import type * as pulumi from "@pulumi/pulumi";
import { FAILED_STATES, findCopyJob, TERMINAL_STATES } from "../aws/find";
import { explainAwsError } from "../errors";
import type { StackConfig } from "../inputs/settings";
import type { Runtime } from "../runtime";
import { buildOutputs } from "../outputs";
import type { CopyJobOutputs } from "../types";
import { inputsOf, operationContext, type OperationContext, type OperationHooks } from "./context";
import { copyOfUnlistedJob } from "./aged-out";
import { describeDestination } from "./destination";
import { retryTransient } from "./retry";

/**
 * Refresh. A copy whose destination recovery point is gone (not found, DELETING, EXPIRED), or whose job failed,
 * is gone: an empty id removes it from the stack and the next `up` copies again. A job that has aged out of
 * AWS's history while its recovery point lives on keeps the resource. Bounded by the runtime's refresh bound
 * (REFRESH_TIMEOUT_MS, 5 minutes) or timeoutMinutes if shorter: a throttled AWS fails the refresh, never hangs it.
 */
export async function read(
  config: StackConfig,
  id: string,
  props: Record<string, unknown>,
  runtime: Runtime,
  hooks: OperationHooks = {},
): Promise<pulumi.dynamic.ReadResult> {
  const ctx = operationContext(props, config, runtime, runtime.refreshTimeoutMs, hooks);
  const old = props as Partial<CopyJobOutputs>;
  let job;
  try {
    job = await retryTransient(ctx, () => findCopyJob(ctx.source, old.copyJobId ?? id));
  } catch (error) {
    throw explainAwsError(`DescribeCopyJob ${id} in ${ctx.settings.sourceRegion}`, error);
  }
  const copyJobId = old.copyJobId ?? id;
  const extra = {
    copyJobId,
    sourceRegion: ctx.settings.sourceRegion,
    tokenAttempt: old.tokenAttempt,
    adopted: old.adopted,
  };
  const inputs = readInputs(props);
  if (job && FAILED_STATES.has(job.State ?? "")) return gone(ctx, `copy job ${id} ended ${job.State}`);
  if (job && !TERMINAL_STATES.has(job.State ?? "")) {
    return { id, props: buildOutputs(ctx.inputs, extra, job), inputs };
  }
  let known = old;
  // Without a recorded creation date nothing tells the two apart: dropped, as every earlier version did.
  if (!job && !old.destinationRecoveryPointArn && old.creationDate) {
    // No copy recorded (nobody waited for it): a job too new to be listed keeps the resource; one that has left
    // AWS's history is looked for by its copy in the destination vault (ownership.ts decides).
    const unlisted = await copyOfUnlistedJob(ctx, copyJobId, old);
    if (unlisted.kind === "not-yet-visible") return { id, props: { ...props }, inputs };
    if (unlisted.kind === "fail")
      return gone(
        ctx,
        `copy job ${id} has left AWS's job history and its copy was not found (${unlisted.message})`,
      );
    known = unlisted.outs;
  }
  const destinationArn = job?.DestinationRecoveryPointArn ?? known.destinationRecoveryPointArn;
  if (!destinationArn)
    return gone(ctx, `copy job ${id} is not in AWS's history and no destination recovery point is known`);
  const destination = await describeDestination(ctx, destinationArn);
  if (!destination) return gone(ctx, `destination recovery point ${destinationArn} is gone`);
  // Aged out of the job history: keep what we knew of the job, refresh the recovery point.
  const outs = job
    ? buildOutputs(ctx.inputs, extra, job, destination)
    : { ...known, destinationRecoveryPoint: destination };
  return { id, props: outs, inputs };
}

function gone(ctx: OperationContext, why: string): pulumi.dynamic.ReadResult {
  ctx.log(`Refresh: ${why}; removing the copy from the stack (the next up copies again)`);
  return { id: "", props: {} };
}

/** The stored inputs, unchanged: refresh reports drift in outputs and must not rewrite what the user declared. */
function readInputs(props: Record<string, unknown>): Record<string, unknown> {
  const inputs: Record<string, unknown> = { ...inputsOf(props) };
  // copyJobId is echoed as an output of every copy; it was an input only for an adopted job.
  if (props.adopted !== true) delete inputs.copyJobId;
  return inputs;
}
