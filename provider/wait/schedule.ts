/**
 * When the shared poller looks next: a pure function of what it tracks, so it can be read, changed and tested
 * without the poller, the registry or AWS.
 *
 * Each tracked job asks for a look within some gap; the poller ticks at the smallest (never sooner than
 * minDelay). A job's gap depends on what is known about its end:
 * - Nothing (blind): the capped exponential backoff (backoff.ts, restarted whenever a job registers), never
 *   longer than LATENCY_HEADROOM·LATENCY_FRACTION of the job's age less the recent tick's duration, so a copy
 *   that ends is seen within ~5 % of its run time whenever it ends.
 * - An expected end (its size over the throughput of recent copies, throughput.ts), before the window in
 *   which it may plausibly end: it sleeps through that time, looking every SPARSE_FRACTION of the expected
 *   duration in case the estimate is wrong (or the copy fails early). This may exceed maxDelay: the ceiling
 *   bounds the backoff of a wait that knows nothing, not a sleep through time the copy cannot end in. Its
 *   first dense look is due one in-window gap after the window opens, not at the opening: a copy that ends
 *   as the window opens is seen within its goal then, and a look at the opening itself would find it
 *   running. (With a look at each opening, 1000 copies with 1000 different windows meant hundreds of ticks
 *   that saw nothing, and fewer copies seen ending per tick to describe together.)
 * - Inside that window and after it: the latency cap alone (bounded by maxDelay), dense where the end is.
 */
import { backoffDelay } from "./backoff";

/** A look is due within this share of the job's age (the goal: detection within 5 % of the run time). */
export const LATENCY_FRACTION = 0.05;
/**
 * The cap aims at this share of LATENCY_FRACTION: after the tick that sees a copy end, its create still makes a
 * call (DescribeRecoveryPoint) and waits for the event loop.
 */
export const LATENCY_HEADROOM = 0.8;

export interface Expected {
  /** Local clock (ms): from here on the copy may plausibly end. */
  windowStartAt: number;
  /** Before the window, looks are this far apart (local ms). */
  sparseGapMs: number;
}

export interface ScheduledJob {
  /** When this process first tracked the job (local clock): its age for the latency cap. */
  readonly registeredAt: number;
  readonly expected?: Expected;
}

export interface ScheduleInput {
  now: number;
  /** Ticks since the last registration, from 1: the blind backoff's step. */
  attempt: number;
  minDelayMs: number;
  maxDelayMs: number;
  /** Recent tick duration (ms): a copy ending just after a list is seen one delay plus one tick later. */
  tickCostMs: number;
  random: () => number;
  jobs: Iterable<ScheduledJob>;
}

/** The delay (ms) before the next tick. */
export function nextTickDelay(input: ScheduleInput): number {
  const { now, minDelayMs, maxDelayMs, tickCostMs } = input;
  const backoff = backoffDelay(input.attempt, { minDelayMs, maxDelayMs, random: input.random });
  /** The latency cap of a job looked at `at`: a copy ending just after that look is due a look this soon. */
  const capAt = (job: ScheduledJob, at: number) =>
    Math.max(minDelayMs, LATENCY_HEADROOM * LATENCY_FRACTION * (at - job.registeredAt) - tickCostMs);
  let delay = Infinity;
  for (const job of input.jobs) {
    const cap = capAt(job, now);
    const e = job.expected;
    let gap: number;
    if (!e) gap = Math.min(backoff, cap);
    else if (now < e.windowStartAt) {
      const firstDense = e.windowStartAt - now + Math.min(maxDelayMs, capAt(job, e.windowStartAt));
      gap = Math.min(firstDense, Math.max(cap, e.sparseGapMs));
    } else gap = Math.min(maxDelayMs, cap);
    if (gap < delay) delay = gap;
  }
  return Math.max(minDelayMs, delay === Infinity ? backoff : delay);
}
