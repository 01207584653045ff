/**
 * The shared poller's registry: which copy jobs are tracked, who waits for each (waiters, with their own
 * deadlines) and who merely watches it (the start gate). It knows nothing of AWS calls or of the schedule;
 * the poller (shared-poller.ts) feeds it sightings and errors, and it settles waiters and ends watches.
 *
 * Every interest ends exactly once: a waiter resolves (terminal state), rejects (hard error, or DeadlineReached
 * after at least one look), and a watch's onEnd is called with the terminal job or the error that stopped it
 * (a watcher must learn that nobody looks any more, or it would wait for a sighting that never comes).
 */
import type { CopyJob } from "@aws-sdk/client-backup";
import type { ProgressReporter } from "../progress";
import { Deadline } from "./deadline";
import { deadlineError } from "./poll";
import type { Expected, ScheduledJob } from "./schedule";

const MAX_TIMER_MS = 2 ** 31 - 1;

export interface TrackOptions {
  minDelayMs: number;
  maxDelayMs: number;
  /** A lower bound of the job's creation time (e.g. when the create that started it began). */
  createdAfter?: Date;
  /** The job's destination vault, to narrow the list. */
  destinationVaultArn?: string;
}

export interface WaitOptions extends TrackOptions {
  deadline: Deadline;
  progress?: ProgressReporter;
  /** Called with every sighting, so a deadline error can carry the latest outputs. */
  onSeen?: (job: CopyJob) => void;
}

/** Why a watch ended: its job was seen terminal, or an error stopped the tracking. */
export type WatchEnd = { job: CopyJob } | { error: unknown };

export interface Waiter {
  readonly options: WaitOptions;
  readonly resolve: (job: CopyJob) => void;
  readonly reject: (error: unknown) => void;
  timer?: NodeJS.Timeout;
  /** Ticks finished since this waiter registered. */
  ticks: number;
  expired: boolean;
  lastError?: unknown;
  /** Stops listening for the operation's cancel (Deadline.onCancel). */
  stopCancelWatch?: () => void;
}

interface Watch {
  readonly delays: { minDelayMs: number; maxDelayMs: number };
  readonly onEnd: (end: WatchEnd) => void;
}

export interface Entry extends ScheduledJob {
  readonly jobId: string;
  readonly waiters: Set<Waiter>;
  readonly watches: Set<Watch>;
  readonly registeredAt: number;
  /** Lower bound of the creation time in the local clock, until the job is seen. */
  createdAfter: number;
  /** Creation time as AWS reports it, once seen. */
  createdAt?: number;
  destinationVaultArn?: string;
  /** Size as AWS reports it, once seen: with the throughput of recent copies, the expected end. */
  sizeBytes?: number;
  /** State at the last sighting (what progress lines repeat while an ends-only list does not show it). */
  lastState?: string;
  expected?: Expected;
  hinted: boolean;
  /** Consecutive complete lists that did not show the job. */
  missedLists: number;
}

export class TrackedJobs {
  private readonly entries = new Map<string, Entry>();
  /**
   * delays() as of the last change, or undefined after a departure (recomputed on demand). A registration only
   * lowers it, so it is updated in O(1): 1000 creates registering in a burst would otherwise walk every entry
   * each time (a million steps, and CPU the burst's own ticks wait behind).
   */
  private cachedDelays?: { minDelayMs: number; maxDelayMs: number };

  /**
   * `changed` runs after every registration and departure (the poller reschedules or stops): "new" when a job
   * starts being tracked, "again" when a tracked job gains an interest, "gone" after a departure.
   */
  constructor(private readonly changed: (change: "new" | "again" | "gone") => void) {}

  get size(): number {
    return this.entries.size;
  }

  ids(): string[] {
    return [...this.entries.keys()];
  }

  values(): IterableIterator<Entry> {
    return this.entries.values();
  }

  get(jobId: string): Entry | undefined {
    return this.entries.get(jobId);
  }

  /** True while `entry` is the one tracked for its job (a settled entry may be replaced by a new one). */
  has(entry: Entry): boolean {
    return this.entries.get(entry.jobId) === entry;
  }

  wait(copyJobId: string, options: WaitOptions): Promise<CopyJob> {
    return new Promise<CopyJob>((resolve, reject) => {
      const waiter: Waiter = { options, resolve, reject, ticks: 0, expired: false };
      const fresh = !this.entries.has(copyJobId);
      this.entryFor(copyJobId, options).waiters.add(waiter);
      this.armDeadline(copyJobId, waiter);
      this.registered(options, fresh);
    });
  }

  /** Tracks a job without waiting for it; returns the function that stops tracking it (onEnd is then not called). */
  watch(copyJobId: string, options: TrackOptions, onEnd: (end: WatchEnd) => void): () => void {
    const fresh = !this.entries.has(copyJobId);
    const entry = this.entryFor(copyJobId, options);
    const watch: Watch = {
      delays: { minDelayMs: options.minDelayMs, maxDelayMs: options.maxDelayMs },
      onEnd,
    };
    entry.watches.add(watch);
    this.registered(options, fresh);
    return () => {
      if (!entry.watches.delete(watch)) return;
      this.dropIfUnwanted(entry);
      this.departed();
    };
  }

  private registered(delays: { minDelayMs: number; maxDelayMs: number }, fresh: boolean): void {
    const cached = this.cachedDelays;
    if (cached) {
      const minDelayMs = Math.min(cached.minDelayMs, delays.minDelayMs);
      // As delays(): the smallest max, never below the smallest min.
      const maxDelayMs = Math.max(minDelayMs, Math.min(cached.maxDelayMs, delays.maxDelayMs));
      this.cachedDelays = { minDelayMs, maxDelayMs };
    }
    this.changed(fresh ? "new" : "again");
  }

  private departed(): void {
    this.cachedDelays = undefined;
    this.changed("gone");
  }

  /** Delays from every interest's polling input: the smallest min and the smallest max. */
  delays(): { minDelayMs: number; maxDelayMs: number } {
    return (this.cachedDelays ??= this.computeDelays());
  }

  private computeDelays(): { minDelayMs: number; maxDelayMs: number } {
    let minDelayMs = Infinity;
    let maxDelayMs = Infinity;
    // Runs on every tick and registration: no allocation here (at N = 1000 that is a million arrays).
    const take = (o: { minDelayMs: number; maxDelayMs: number }) => {
      if (o.minDelayMs < minDelayMs) minDelayMs = o.minDelayMs;
      if (o.maxDelayMs < maxDelayMs) maxDelayMs = o.maxDelayMs;
    };
    for (const entry of this.entries.values()) {
      for (const waiter of entry.waiters) take(waiter.options);
      for (const watch of entry.watches) take(watch.delays);
    }
    return { minDelayMs, maxDelayMs: Math.max(minDelayMs, maxDelayMs) };
  }

  /** The job reached a terminal state: every waiter resolves, every watch ends, the entry goes. */
  terminal(entry: Entry, job: CopyJob): void {
    this.end(entry, (waiter) => waiter.resolve(job), { job });
  }

  /** A hard error about this job: its waiters fail with it, its watches end with it, the entry goes. */
  failed(entry: Entry, error: unknown): void {
    this.end(entry, (waiter) => waiter.reject(error), { error });
  }

  private end(entry: Entry, settle: (waiter: Waiter) => void, why: WatchEnd): void {
    if (!this.has(entry)) return;
    this.entries.delete(entry.jobId);
    for (const waiter of entry.waiters) this.release(waiter, () => settle(waiter));
    for (const watch of entry.watches) watch.onEnd(why);
    entry.waiters.clear();
    entry.watches.clear();
    this.departed();
  }

  /** A transient error: kept for DeadlineReached, retried on the next tick. */
  transient(entry: Entry, error: unknown): void {
    for (const waiter of entry.waiters) waiter.lastError = error;
  }

  /** Stops everything (the runtime is cleared): waiters fail with `error`, watches end with it. */
  clear(error: unknown): void {
    for (const entry of [...this.entries.values()]) this.failed(entry, error);
  }

  /** After a tick: the waiters it observed have had a look; those past their deadline now leave. */
  afterTick(looked: Array<[Waiter, Entry]>): void {
    for (const [waiter, entry] of looked) {
      if (!this.has(entry) || !entry.waiters.has(waiter)) continue;
      waiter.ticks++;
      if (waiter.expired || waiter.options.deadline.passed()) this.expire(entry, waiter);
    }
  }

  private expire(entry: Entry, waiter: Waiter): void {
    if (!entry.waiters.delete(waiter)) return;
    this.release(waiter, () => waiter.reject(deadlineError(waiter.options.deadline, waiter.lastError)));
    this.dropIfUnwanted(entry);
    this.departed();
  }

  private release(waiter: Waiter, action: () => void): void {
    if (waiter.timer) clearTimeout(waiter.timer);
    waiter.timer = undefined;
    waiter.stopCancelWatch?.();
    waiter.stopCancelWatch = undefined;
    action();
  }

  private entryFor(copyJobId: string, options: TrackOptions): Entry {
    let entry = this.entries.get(copyJobId);
    const now = Date.now();
    if (!entry) {
      entry = {
        jobId: copyJobId,
        waiters: new Set(),
        watches: new Set(),
        registeredAt: now,
        createdAfter: options.createdAfter?.getTime() ?? now,
        destinationVaultArn: options.destinationVaultArn,
        hinted: options.createdAfter !== undefined,
        missedLists: 0,
      };
      this.entries.set(copyJobId, entry);
    } else {
      // registeredAt stays the first registration: it stands for the job's age, which a second interest in the
      // same job (the start gate watching it, a waiter after a watch) does not change.
      if (options.createdAfter && entry.createdAt === undefined)
        entry.createdAfter = Math.min(entry.createdAfter, options.createdAfter.getTime());
      entry.destinationVaultArn ??= options.destinationVaultArn;
    }
    return entry;
  }

  private armDeadline(jobId: string, waiter: Waiter): void {
    // A cancel ends the wait at once, looked at or not: the caller records what it last saw (or the started
    // job's id alone) as a partial, and the next `up` resumes the same job.
    waiter.stopCancelWatch ??= waiter.options.deadline.onCancel(() => {
      const entry = this.entries.get(jobId);
      if (entry) this.expire(entry, waiter);
    });
    const remaining = waiter.options.deadline.remainingMs();
    waiter.timer = setTimeout(
      () => {
        waiter.timer = undefined;
        if (!waiter.options.deadline.passed()) return this.armDeadline(jobId, waiter);
        // As pollUntil: the deadline is checked after an observation, so a waiter always gets one look.
        const entry = this.entries.get(jobId);
        if (entry && waiter.ticks > 0) this.expire(entry, waiter);
        else waiter.expired = true;
      },
      Math.min(remaining, MAX_TIMER_MS),
    );
    waiter.timer.unref?.();
  }

  private dropIfUnwanted(entry: Entry): void {
    if (entry.waiters.size === 0 && entry.watches.size === 0 && this.has(entry))
      this.entries.delete(entry.jobId);
  }
}
