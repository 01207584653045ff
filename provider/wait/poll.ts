/**
 * The poller: call `observe` until it returns a result, sleeping on the backoff schedule between calls and
 * never past the deadline. Transient errors (as judged by `isTransient`) count as "not yet".
 */
import { backoffDelay, BackoffOptions } from "./backoff";
import { Deadline } from "./deadline";
import { sleep } from "./sleep";

export type Observation<T> = { done: true; value: T } | { done: false };

export interface PollOptions extends BackoffOptions {
  deadline: Deadline;
  isTransient?: (error: unknown) => boolean;
  signal?: AbortSignal;
}

export class DeadlineReached extends Error {
  constructor(readonly lastError?: unknown) {
    super("the operation's timeout ran out (timeoutMinutes, or the refresh bound)");
    this.name = "DeadlineReached";
  }
}

/**
 * The operation was cancelled (the plugin's Cancel or SIGINT) while it waited. A DeadlineReached, so every
 * caller that turns a timeout into a resumable partial does the same for a cancel; the job keeps running.
 */
export class WaitCancelled extends DeadlineReached {
  constructor(lastError?: unknown) {
    super(lastError);
    this.message = "the operation was cancelled";
    this.name = "WaitCancelled";
  }
}

/** What a wait bounded by `deadline` throws once it has passed: cancelled, or timed out. */
export function deadlineError(deadline: Deadline, lastError?: unknown): DeadlineReached {
  return deadline.cancelled ? new WaitCancelled(lastError) : new DeadlineReached(lastError);
}

export async function pollUntil<T>(observe: () => Promise<Observation<T>>, options: PollOptions): Promise<T> {
  let lastError: unknown;
  for (let attempt = 1; ; attempt++) {
    try {
      const seen = await observe();
      if (seen.done) return seen.value;
      lastError = undefined;
    } catch (error) {
      if (!options.isTransient?.(error)) throw error;
      lastError = error;
    }
    const remaining = options.deadline.remainingMs();
    if (remaining <= 0) throw deadlineError(options.deadline, lastError);
    try {
      await sleep(
        Math.min(remaining, backoffDelay(attempt, options)),
        options.signal ?? options.deadline.signal,
      );
    } catch (error) {
      if (options.deadline.cancelled) throw new WaitCancelled(lastError);
      throw error;
    }
  }
}
