/**
 * Single AWS calls made outside a wait loop, tried again while AWS answers with a transient error
 * (throttling, LimitExceeded, 5xx, a dropped connection). The SDK retries as well, but its retry quota belongs
 * to the client, and one client serves every CopyJob of the stack: under sustained throttling the quota runs
 * dry and the SDK hands the first ThrottlingException straight back. Bounded by the operation's deadline; the
 * last AWS error is rethrown as it came, so the caller's explanation (ARN, AWS's words, what to do) applies.
 */
import { isTransient } from "../aws/aws-errors";
import { Deadline } from "../wait/deadline";
import { DeadlineReached, pollUntil } from "../wait/poll";
import type { OperationContext } from "./context";

export async function retryTransient<T>(
  ctx: OperationContext,
  call: () => Promise<T>,
  deadline: Deadline = Deadline.after(ctx.settings.timeoutMs),
): Promise<T> {
  try {
    return await pollUntil(async () => ({ done: true as const, value: await call() }), {
      deadline,
      minDelayMs: ctx.settings.minDelayMs,
      maxDelayMs: ctx.settings.maxDelayMs,
      isTransient,
    });
  } catch (error) {
    if (error instanceof DeadlineReached && error.lastError !== undefined) throw error.lastError;
    throw error;
  }
}
