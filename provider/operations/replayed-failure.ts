/**
 * A copy that failed within a second, then a retry right away: AWS hands back the failed job for the reused
 * token, and its CreationDate is too recent for start.ts's replay check. The job's end tells it apart.
 */
import { CopyJobFailedError } from "../errors";
import type { Deadline } from "../wait/deadline";
import { complete, type Completion } from "./complete";
import type { OperationContext } from "./context";
import { startCopy, type StartedJob } from "./start";

/**
 * Whether a job that ended FAILED/PARTIAL, which StartCopyJob handed back as if just started, had in fact
 * already ended before our request: then it is an earlier attempt's job, replayed for the reused token.
 *
 * The facts, all at the Date header's one-second resolution. D, the response's Date, is the server's clock at
 * some instant t while AWS handled our request, floored to the second: D <= t <= the response. The job our
 * request created was created after the request arrived and cannot have ended before StartCopyJob answered:
 * StartCopyJob only validates and queues (what it refuses is an error, not a failed job) and a job fails
 * later, asynchronously. So our own job has CompletionDate >= t >= D, and a job with CompletionDate < D ended
 * before our request was answered: it is not this request's job. The floor only makes the test stricter
 * (D <= t). A job that ended in the same second as D cannot be told apart; then the failure is reported as our
 * own (the job id in the error, nothing started), never a guess that would start copies in a loop: a retry a
 * second later moves on to the next token.
 */
export function endedBeforeRequest(failure: CopyJobFailedError, started: StartedJob): boolean {
  // answeredAt is only set for a job StartCopyJob did not tell apart as a replay (start.ts).
  if (started.answeredAt === undefined || failure.endedAt === undefined) return false;
  return failure.copyJobId === started.copyJobId && failure.endedAt < started.answeredAt;
}

/**
 * Waits for a job this run started; a failed job that proves to be an earlier attempt's (endedBeforeRequest)
 * moves to the next token and starts a new copy.
 */
export async function completeStarted(
  ctx: OperationContext,
  deadline: Deadline,
  first: StartedJob,
): Promise<{ started: StartedJob; result: Completion }> {
  let started = first;
  for (;;) {
    try {
      const result = await complete(ctx, started.copyJobId, started.tokenAttempt, deadline, started.job);
      return { started, result };
    } catch (error) {
      if (!(error instanceof CopyJobFailedError) || !endedBeforeRequest(error, started)) throw error;
      console.log(
        `Copy job ${started.copyJobId} had already ended ${error.state} before this request (an earlier attempt's job, returned for the reused token); starting a new copy`,
      );
      started = await startCopy(ctx, deadline, started.tokenAttempt + 1);
    }
  }
}
