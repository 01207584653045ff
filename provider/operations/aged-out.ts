/**
 * A job that has aged out of AWS's history. AWS drops old jobs from DescribeCopyJob and ListCopyJobs (how soon
 * is not documented; the console shows 30 days) while the copy itself stays. Waiting for such a job would wait
 * for something that never appears until the timeout ran out, then record outputs without the copy, and the
 * next refresh would drop a resource whose copy lives on. So a job that is not found while its copy is known
 * is managed from the copy: its destination recovery point.
 */
import type { CopyJobOutputs } from "../types";
import { buildOutputs, mergeOutputs } from "../outputs";
import { type Completion, withDeclaredLifecycle } from "./complete";
import type { OperationContext } from "./context";
import { describeDestination } from "./destination";

/** Update (lifecycle, onDelete, wait settings) of a copy whose job is gone from AWS's history. */
export async function updateFromCopy(
  ctx: OperationContext,
  id: string,
  old: Partial<CopyJobOutputs>,
  destinationArn: string,
): Promise<Completion> {
  const copyJobId = old.copyJobId ?? id;
  console.log(
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
