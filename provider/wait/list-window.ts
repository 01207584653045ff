/**
 * Which copy jobs a poller tick asks ListCopyJobs for: a pure function of what is tracked and of when the
 * last lists were answered, so the rule can be read and tested without the poller or AWS.
 *
 * A full list returns every job created since the oldest tracked one, running or not: at N = 1000 that is
 * ~830 KB a tick, parsed into ~1000 objects, to learn that most copies are still running. Most ticks only need
 * what changed since the last list, and the only change that matters to a waiter is a job's end. Once every
 * tracked job has been seen (so its creation, size and vault are known), a tick asks only for the jobs that
 * ended since the last answered list (ByCompleteAfter), less COMPLETION_MARGIN_MS for AWS's list to catch up
 * (AWS does not document how long that takes). The calls a tick makes are the same (one page per 1000 jobs
 * returned, and a filtered list returns fewer); the bytes each returns fall with the number of ends.
 *
 * Jobs that ended without a CompletionDate, or whose end the list showed only after the margin had passed,
 * would never match ByCompleteAfter; AWS does not document either as impossible. So a full list is still made
 * at least every FULL_LIST_EVERY_MS of AWS time, and whenever a tracked job has not been seen yet or the last
 * list's time is unknown (no Date header): at worst such an end is seen that much later, never missed.
 */

/** Subtracted from ByCreatedAfter: the local clock (used before a job is seen) may run ahead of AWS's. */
export const CLOCK_SKEW_MARGIN_MS = 5 * 60_000;
/** Subtracted from ByCompleteAfter: how long an end may take to reach AWS's list (AWS time). */
export const COMPLETION_MARGIN_MS = 2 * 60_000;
/** The longest stretch of AWS time between two full lists. */
export const FULL_LIST_EVERY_MS = 10 * 60_000;

export interface ListedJob {
  /** Lower bound of the creation time in the local clock, until the job is seen. */
  readonly createdAfter: number;
  /** Creation time as AWS reports it, once seen. */
  readonly createdAt?: number;
  readonly destinationVaultArn?: string;
}

export interface ListHistory {
  /** AWS's time (Date header) of the last list answered in full, full or not. */
  listedAt?: number;
  /** AWS's time of the last full list answered in full. */
  fullListedAt?: number;
}

export interface ListWindow {
  createdAfter: Date;
  /** Set when the tick asks only for ends (every tracked job has been seen). */
  completeAfter?: Date;
  /** Set when every tracked job shares one destination vault. */
  destinationVaultArn?: string;
}

export function listWindow(jobs: Iterable<ListedJob>, history: ListHistory): ListWindow {
  let oldest = Infinity;
  let allSeen = true;
  const vaults = new Set<string | undefined>();
  for (const job of jobs) {
    oldest = Math.min(oldest, job.createdAt ?? job.createdAfter);
    if (job.createdAt === undefined) allSeen = false;
    vaults.add(job.destinationVaultArn);
  }
  const window: ListWindow = { createdAfter: new Date(oldest - CLOCK_SKEW_MARGIN_MS) };
  const [vault] = vaults;
  if (vaults.size === 1 && vault) window.destinationVaultArn = vault;
  const { listedAt, fullListedAt } = history;
  if (
    allSeen &&
    listedAt !== undefined &&
    fullListedAt !== undefined &&
    listedAt - fullListedAt < FULL_LIST_EVERY_MS
  )
    window.completeAfter = new Date(listedAt - COMPLETION_MARGIN_MS);
  return window;
}
