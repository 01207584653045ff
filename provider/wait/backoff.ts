/**
 * Capped exponential backoff with jitter, after @smithy/util-waiter's schedule: attempt n waits a random time
 * between minDelay and min(maxDelay, minDelay·2^(n-1)); once the doubling passes maxDelay every wait is maxDelay.
 * The random spread keeps many waiters from polling in lockstep.
 */
export interface BackoffOptions {
  minDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
}

export function backoffDelay(
  attempt: number,
  { minDelayMs, maxDelayMs, random = Math.random }: BackoffOptions,
): number {
  const ceiling = Math.log2(maxDelayMs / minDelayMs) + 1;
  if (attempt > ceiling) return maxDelayMs;
  const upper = Math.min(maxDelayMs, minDelayMs * 2 ** (attempt - 1));
  return minDelayMs + random() * (upper - minDelayMs);
}
