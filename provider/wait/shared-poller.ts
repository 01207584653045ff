/**
 * One poller per (region, account/credentials) for the whole plugin process: the cost of waiting does not grow
 * with the number of CopyJob resources.
 *
 * Resources register the copy jobs they wait for. Each tick makes one ListCopyJobs stream (SDK paginator,
 * MaxResults 1000, ByCreatedAfter = the oldest tracked job's creation minus a clock-skew margin,
 * ByDestinationVaultArn when every tracked job shares it) and hands every tracked job it sees to its waiters.
 * DescribeCopyJob is only for jobs the list has not shown (a job just started can be invisible to ListCopyJobs
 * for a while; ResourceNotFound on Describe also means "not yet"), at most DESCRIBE_BUDGET a tick. A tick thus
 * costs ceil(jobs in the window / 1000) + at most DESCRIBE_BUDGET calls, whatever the number of waiters.
 *
 * Schedule: capped exponential backoff with jitter (backoff.ts) between the smallest registered minDelay and the
 * smallest registered maxDelay, reset to the first step whenever a job registers, and never longer than
 * LATENCY_HEADROOM·LATENCY_FRACTION of the youngest tracked job's age minus the recent tick duration (a copy
 * that ends is seen, and its create returns, within ~5 % of its run time).
 *
 * Every waiter keeps its own deadline (DeadlineReached, as pollUntil throws it, after at least one tick).
 * A transient tick error (throttling, 5xx, network) is retried on the next tick; any other error fails the
 * waiters it concerns. Timers are unref'd; a poller with nothing to track stops and leaves the registry.
 */
import {
  BackupClient,
  CopyJob,
  DescribeCopyJobCommand,
  ListCopyJobsCommandInput,
  paginateListCopyJobs,
} from "@aws-sdk/client-backup";
import { performance } from "perf_hooks";
import { isNotFound, isTransient } from "../aws/aws-errors";
import { TERMINAL_STATES } from "../aws/find";
import type { ProgressReporter } from "../progress";
import { backoffDelay } from "./backoff";
import { clientKeyOf } from "./client-key";
import { Deadline } from "./deadline";
import { DeadlineReached } from "./poll";

/** ListCopyJobs page size (the API's maximum). */
export const PAGE_SIZE = 1000;
/** DescribeCopyJob calls a tick may make for jobs the list has not shown yet. */
export const DESCRIBE_BUDGET = 10;
/** The tick interval stays below this share of the youngest tracked job's age. */
export const LATENCY_FRACTION = 0.05;
/**
 * The cap aims at this share of LATENCY_FRACTION: after the tick that sees a copy end, its create still makes a
 * call (DescribeRecoveryPoint) and waits for the event loop.
 */
export const LATENCY_HEADROOM = 0.8;
/** Subtracted from ByCreatedAfter: the local clock (used before a job is seen) may run ahead of AWS's. */
export const CLOCK_SKEW_MARGIN_MS = 5 * 60_000;
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
  onSeen?: (job: CopyJob) => void;
}

interface Waiter {
  readonly options: WaitOptions;
  readonly resolve: (job: CopyJob) => void;
  readonly reject: (error: unknown) => void;
  timer?: NodeJS.Timeout;
  /** Ticks begun after this waiter registered and finished since. */
  ticks: number;
  expired: boolean;
  lastError?: unknown;
}

interface Entry {
  readonly jobId: string;
  readonly waiters: Set<Waiter>;
  /** Interest without a waiter (the start gate watching the jobs that hold its slots). */
  watchers: number;
  watchDelays?: { minDelayMs: number; maxDelayMs: number };
  /** When this process first tracked the job (local clock): the job's age for the latency cap. */
  registeredAt: number;
  /** Lower bound of the creation time in the local clock, until the job is seen. */
  createdAfter: number;
  /** Creation time as AWS reports it, once seen. */
  createdAt?: number;
  destinationVaultArn?: string;
  hinted: boolean;
  /** Consecutive complete lists that did not show the job. */
  missedLists: number;
}

export interface PollerStats {
  ticks: number;
  listCalls: number;
  describeCalls: number;
}

/** What one tick did and how long it took (real milliseconds), for the bench. */
export interface TickReport {
  pollerKey: string;
  tracked: number;
  ms: number;
  /** Real milliseconds of each ListCopyJobs page, from its request to its jobs handed out. */
  pageMs: number[];
  describeCalls: number;
  /** Delay before the next tick, when one is scheduled. */
  nextDelayMs?: number;
}

type TickListener = (report: TickReport) => void;
const tickListeners = new Set<TickListener>();

/** Every finished tick of every poller (the bench measures the poller's own cost with it). */
export function onPollerTick(listener: TickListener): () => void {
  tickListeners.add(listener);
  return () => tickListeners.delete(listener);
}

type Observer = (pollerKey: string, job: CopyJob) => void;
const observers = new Set<Observer>();

/** Every sighting of a copy job, by any poller (the start gate uses it to free slots). */
export function onCopyJobObserved(observer: Observer): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

/** For waiters outside the shared poller (the bench's baselines): report a sighting to the observers. */
export function reportCopyJobObserved(client: BackupClient, job: CopyJob): void {
  const key = clientKeyOf(client);
  for (const observer of observers) observer(key, job);
}

export class SharedPoller {
  private readonly entries = new Map<string, Entry>();
  private attempt = 1;
  private timer?: NodeJS.Timeout;
  private nextAt = Infinity;
  private running = false;
  private lastListPages = 1;
  /** Recent tick duration (moving average, ms): a copy that ends just after a list is seen one delay plus one
   * tick later, so the latency cap leaves room for it. */
  private tickCostMs = 0;
  readonly stats: PollerStats = { ticks: 0, listCalls: 0, describeCalls: 0 };

  constructor(
    readonly key: string,
    private client: BackupClient,
    private readonly onIdle: (poller: SharedPoller) => void,
    private readonly random: () => number = Math.random,
  ) {}

  /** Copy jobs tracked now. */
  get size(): number {
    return this.entries.size;
  }

  /** Ids of the tracked copy jobs. */
  trackedJobIds(): string[] {
    return [...this.entries.keys()];
  }

  /** Milliseconds until the next tick, or undefined when none is scheduled. */
  get nextTickInMs(): number | undefined {
    return this.timer ? Math.max(0, this.nextAt - Date.now()) : undefined;
  }

  useClient(client: BackupClient): void {
    this.client = client;
  }

  /** Resolves with the job once terminal; rejects with DeadlineReached at the deadline, or with a hard error. */
  wait(copyJobId: string, options: WaitOptions): Promise<CopyJob> {
    return new Promise<CopyJob>((resolve, reject) => {
      const waiter: Waiter = { options, resolve, reject, ticks: 0, expired: false };
      this.entryFor(copyJobId, options).waiters.add(waiter);
      this.armDeadline(copyJobId, waiter);
      this.registered();
    });
  }

  /** Tracks a job without waiting for it; returns the function that stops tracking it. */
  watch(copyJobId: string, options: TrackOptions): () => void {
    const entry = this.entryFor(copyJobId, options);
    entry.watchers++;
    entry.watchDelays = { minDelayMs: options.minDelayMs, maxDelayMs: options.maxDelayMs };
    this.registered();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const current = this.entries.get(copyJobId);
      if (current !== entry) return;
      entry.watchers--;
      this.dropIfUnwanted(entry);
      this.reschedule();
    };
  }

  private entryFor(copyJobId: string, options: TrackOptions): Entry {
    let entry = this.entries.get(copyJobId);
    const now = Date.now();
    if (!entry) {
      entry = {
        jobId: copyJobId,
        waiters: new Set(),
        watchers: 0,
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

  private registered(): void {
    this.attempt = 1;
    this.reschedule();
  }

  private armDeadline(jobId: string, waiter: Waiter): void {
    const remaining = waiter.options.deadline.remainingMs();
    waiter.timer = setTimeout(
      () => {
        waiter.timer = undefined;
        if (!waiter.options.deadline.passed()) return this.armDeadline(jobId, waiter);
        // As pollUntil: the deadline is checked after an observation, so a waiter always gets one look.
        if (waiter.ticks > 0)
          this.settle(jobId, waiter, () => waiter.reject(new DeadlineReached(waiter.lastError)));
        else waiter.expired = true;
      },
      Math.min(remaining, MAX_TIMER_MS),
    );
    waiter.timer.unref?.();
  }

  private settle(jobId: string, waiter: Waiter, action: () => void): void {
    const entry = this.entries.get(jobId);
    if (!entry?.waiters.delete(waiter)) return;
    if (waiter.timer) clearTimeout(waiter.timer);
    waiter.timer = undefined;
    action();
    this.dropIfUnwanted(entry);
    this.reschedule();
  }

  private dropIfUnwanted(entry: Entry): void {
    if (entry.waiters.size === 0 && entry.watchers <= 0) this.entries.delete(entry.jobId);
  }

  /** Delays from every waiter's polling input: the smallest min and the smallest max. */
  private delays(): { minDelayMs: number; maxDelayMs: number } {
    let minDelayMs = Infinity;
    let maxDelayMs = Infinity;
    // Runs on every registration and settle: no allocation here (at N = 1000 that is a million arrays).
    const take = (o: TrackOptions | undefined) => {
      if (!o) return;
      if (o.minDelayMs < minDelayMs) minDelayMs = o.minDelayMs;
      if (o.maxDelayMs < maxDelayMs) maxDelayMs = o.maxDelayMs;
    };
    for (const entry of this.entries.values()) {
      for (const waiter of entry.waiters) take(waiter.options);
      take(entry.watchDelays);
    }
    return { minDelayMs, maxDelayMs: Math.max(minDelayMs, maxDelayMs) };
  }

  /**
   * The delay before the next tick: backoff, capped by the latency goal for the youngest job. The cap counts
   * the tick itself: a copy that ends just after a list is seen a delay and a tick later.
   */
  nextDelayMs(now = Date.now()): number {
    const { minDelayMs, maxDelayMs } = this.delays();
    let youngest = Infinity;
    for (const entry of this.entries.values()) youngest = Math.min(youngest, now - entry.registeredAt);
    const cap = Math.max(minDelayMs, LATENCY_HEADROOM * LATENCY_FRACTION * youngest - this.tickCostMs);
    return Math.min(backoffDelay(this.attempt, { minDelayMs, maxDelayMs, random: this.random }), cap);
  }

  /** Schedules the next tick, only ever earlier than the one already scheduled. */
  private reschedule(): void {
    if (this.running) return;
    if (this.entries.size === 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.nextAt = Infinity;
      this.onIdle(this);
      return;
    }
    const now = Date.now();
    const at = now + this.nextDelayMs(now);
    if (this.timer && this.nextAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.nextAt = Infinity;
      void this.tick();
    }, at - now);
    this.timer.unref?.();
  }

  /** One observation of every tracked job. Never rejects. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.stats.ticks++;
    const began = performance.now();
    const pageMs: number[] = [];
    const describesBefore = this.stats.describeCalls;
    const tracked = [...this.entries.values()];
    const waiters = new Map<Waiter, string>();
    for (const e of tracked) for (const w of e.waiters) waiters.set(w, e.jobId);
    try {
      const listed = new Set<string>();
      let listComplete = false;
      const useList = tracked.length > DESCRIBE_BUDGET || this.lastListPages <= tracked.length;
      if (useList) {
        try {
          await this.list(tracked, listed, pageMs);
          listComplete = true;
        } catch (error) {
          this.failed(tracked, error);
        }
      }
      const unseen = tracked.filter((e) => !listed.has(e.jobId) && this.entries.get(e.jobId) === e);
      if (listComplete) for (const e of unseen) e.missedLists++;
      const candidates = (useList ? (listComplete ? unseen : []) : unseen)
        .filter((e) => !useList || !e.hinted || e.missedLists >= 2 || e.createdAt !== undefined)
        .sort((a, b) => b.missedLists - a.missedLists || a.registeredAt - b.registeredAt)
        .slice(0, DESCRIBE_BUDGET);
      await Promise.all(candidates.map((e) => this.describe(e)));
      for (const e of unseen)
        if (this.entries.get(e.jobId) === e && !candidates.includes(e))
          for (const w of e.waiters) w.options.progress?.report(undefined);
    } catch (error) {
      // Defensive: a bug above must not become an unhandled rejection or stop the poller.
      this.failed(tracked, error);
    } finally {
      for (const [waiter, jobId] of waiters) {
        if (!this.entries.get(jobId)?.waiters.has(waiter)) continue;
        waiter.ticks++;
        if (waiter.expired || waiter.options.deadline.passed())
          this.settle(jobId, waiter, () => waiter.reject(new DeadlineReached(waiter.lastError)));
      }
      const ms = performance.now() - began;
      this.tickCostMs = this.stats.ticks === 1 ? ms : 0.7 * this.tickCostMs + 0.3 * ms;
      this.attempt++;
      this.running = false;
      this.reschedule();
      if (tickListeners.size > 0) {
        const report: TickReport = {
          pollerKey: this.key,
          tracked: tracked.length,
          ms,
          pageMs,
          describeCalls: this.stats.describeCalls - describesBefore,
          nextDelayMs: this.nextTickInMs,
        };
        for (const listener of tickListeners) listener(report);
      }
    }
  }

  private async list(tracked: Entry[], listed: Set<string>, pageMs: number[]): Promise<void> {
    let oldest = Infinity;
    const vaults = new Set<string | undefined>();
    for (const e of tracked) {
      oldest = Math.min(oldest, e.createdAt ?? e.createdAfter);
      vaults.add(e.destinationVaultArn);
    }
    const input: ListCopyJobsCommandInput = {
      ByCreatedAfter: new Date(oldest - CLOCK_SKEW_MARGIN_MS),
      MaxResults: PAGE_SIZE,
    };
    const [vault] = vaults;
    if (vaults.size === 1 && vault) input.ByDestinationVaultArn = vault;
    let pages = 0;
    const pager = paginateListCopyJobs({ client: this.client, pageSize: PAGE_SIZE }, input);
    let pageStart = performance.now();
    try {
      for await (const page of pager) {
        pages++;
        this.stats.listCalls++;
        for (const job of page.CopyJobs ?? []) {
          const entry = job.CopyJobId ? this.entries.get(job.CopyJobId) : undefined;
          if (!entry) continue;
          listed.add(entry.jobId);
          entry.missedLists = 0;
          this.observe(entry, job);
        }
        pageMs.push(performance.now() - pageStart);
        pageStart = performance.now();
      }
    } catch (error) {
      this.stats.listCalls++;
      throw error;
    }
    this.lastListPages = Math.max(1, pages);
  }

  private async describe(entry: Entry): Promise<void> {
    this.stats.describeCalls++;
    try {
      const out = await this.client.send(new DescribeCopyJobCommand({ CopyJobId: entry.jobId }));
      if (out.CopyJob && this.entries.get(entry.jobId) === entry) this.observe(entry, out.CopyJob);
    } catch (error) {
      if (isNotFound(error)) {
        for (const w of entry.waiters) w.options.progress?.report(undefined);
        return;
      }
      this.failed([entry], error);
    }
  }

  private observe(entry: Entry, job: CopyJob): void {
    if (job.CreationDate) entry.createdAt = job.CreationDate.getTime();
    // Replaced only when it differs: holding each tick's copy of the same string would keep it alive too.
    if (job.DestinationBackupVaultArn && job.DestinationBackupVaultArn !== entry.destinationVaultArn)
      entry.destinationVaultArn = job.DestinationBackupVaultArn;
    for (const observer of observers) observer(this.key, job);
    const terminal = TERMINAL_STATES.has(job.State ?? "");
    for (const waiter of [...entry.waiters]) {
      waiter.lastError = undefined;
      waiter.options.progress?.report(job.State, { bytes: job.BackupSizeInBytes });
      waiter.options.onSeen?.(job);
      if (terminal) this.settle(entry.jobId, waiter, () => waiter.resolve(job));
    }
    if (terminal) {
      entry.watchers = 0;
      if (this.entries.get(entry.jobId) === entry) this.entries.delete(entry.jobId);
    }
  }

  /** Transient: remembered for DeadlineReached, retried next tick. Otherwise: the waiters fail with it. */
  private failed(entries: Entry[], error: unknown): void {
    const transient = isTransient(error);
    for (const entry of entries) {
      for (const waiter of [...entry.waiters]) {
        if (transient) waiter.lastError = error;
        else this.settle(entry.jobId, waiter, () => waiter.reject(error));
      }
      if (!transient && entry.waiters.size === 0 && this.entries.get(entry.jobId) === entry) {
        entry.watchers = 0;
        this.entries.delete(entry.jobId);
      }
    }
  }
}

const pollers = new Map<string, SharedPoller>();

/** The process-wide poller for this client's (region, account/credentials). */
export function sharedPollerFor(client: BackupClient): SharedPoller {
  const key = clientKeyOf(client);
  let poller = pollers.get(key);
  if (!poller) {
    poller = new SharedPoller(key, client, (idle) => {
      if (pollers.get(idle.key) === idle) pollers.delete(idle.key);
    });
    pollers.set(key, poller);
  } else {
    // The client cache may have made a new client for the same target (clearClientCache): use the newest.
    poller.useClient(client);
  }
  return poller;
}

/** Pollers with work, for tests and the bench. */
export function activePollers(): SharedPoller[] {
  return [...pollers.values()];
}
