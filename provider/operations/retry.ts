/**
 * Single AWS calls made outside a wait loop, tried again while AWS answers with a transient error
 * (throttling, LimitExceeded, 5xx, a dropped connection). The SDK retries as well, but its retry quota belongs
 * to the client, and one client serves every CopyJob of the stack: under sustained throttling the quota runs
 * dry and the SDK hands the first ThrottlingException straight back. Bounded by the operation's deadline: one deadline per operation (ctx.deadline), shared by every call and wait in it, so
 * retries never add up past timeoutMinutes. A call still in flight at the deadline (the SDK's own retries and
 * rate limiter can hold one for seconds) is abandoned there. The last AWS error is rethrown as it came, so the
 * caller's explanation (ARN, AWS's words, what to do) applies.
 */
import { isTransient } from "../aws/aws-errors";
import { Deadline } from "../wait/deadline";
import { DeadlineReached, deadlineError, pollUntil } from "../wait/poll";
import type { OperationContext } from "./context";

export async function retryTransient<T>(
  ctx: OperationContext,
  call: () => Promise<T>,
  deadline: Deadline = ctx.deadline,
): Promise<T> {
  let lastError: unknown;
  try {
    return await pollUntil(
      async () => {
        try {
          return { done: true as const, value: await withinDeadline(call(), deadline) };
        } catch (error) {
          if (!(error instanceof DeadlineReached)) lastError = error;
          throw error;
        }
      },
      { deadline, minDelayMs: ctx.settings.minDelayMs, maxDelayMs: ctx.settings.maxDelayMs, isTransient },
    );
  } catch (error) {
    if (error instanceof DeadlineReached && (error.lastError ?? lastError) !== undefined)
      throw error.lastError ?? lastError;
    throw error;
  }
}

/** The call's result, or DeadlineReached once the deadline passes (or the operation is cancelled) first. */
export function withinDeadline<T>(call: Promise<T>, deadline: Deadline): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(deadlineError(deadline)), deadline.remainingMs());
    timer.unref?.();
    const stopListening = deadline.onCancel(() => (clearTimeout(timer), reject(deadlineError(deadline))));
    call.then(
      (value) => (clearTimeout(timer), stopListening(), resolve(value)),
      (error) => (clearTimeout(timer), stopListening(), reject(error)),
    );
  });
}
