/**
 * From a started (or found) job to its end: wait for it, and act on the one decision the end can change. A
 * copy that failed within a second, then a retry right away: AWS hands back the failed job for the reused
 * token, and its CreationDate is too recent for the replay test; its CompletionDate tells it apart
 * (ownership.ts, endedBeforeRequest), and the next token starts a new copy.
 */
import { CopyJobFailedError } from "../errors";
import type { Deadline } from "../wait/deadline";
import { complete, type Completion } from "./complete";
import type { OperationContext } from "./context";
import { endedBeforeRequest } from "./ownership";
import { startCopy, type StartedJob } from "./start";

/**
 * Waits for the job; a failed job that proves to be an earlier attempt's moves to the next token and starts a
 * new copy. A found job is announced here, except one found COMPLETED: create.ts says in one line what became
 * of it once its copy has been looked at.
 */
export async function completeStarted(
  ctx: OperationContext,
  deadline: Deadline,
  first: StartedJob,
): Promise<{ started: StartedJob; result: Completion }> {
  let started = first;
  for (;;) {
    if (started.line && !started.completedWhenResumed) ctx.log(started.line);
    try {
      const result = await complete(ctx, started.copyJobId, started.tokenAttempt, deadline, started.job, {
        quiet: started.completedWhenResumed,
      });
      return { started, result };
    } catch (error) {
      if (!(error instanceof CopyJobFailedError) || !endedBeforeRequest(error, started)) throw error;
      ctx.log(
        `Copy job ${started.copyJobId} had already ended ${error.state} before this request (an earlier attempt's job, returned for the reused token); starting a new copy`,
      );
      started = await startCopy(ctx, deadline, started.tokenAttempt + 1);
    }
  }
}
