/**
 * One poller per (region, account/credentials) in the runtime: the cost of waiting does not grow with the number
 * of CopyJob resources. This file is the tick: what to call and what to do with the answers. Who is tracked
 * lives in tracked-jobs.ts, when to tick in schedule.ts, what a copy's size says about its end in throughput.ts.
 *
 * Each tick makes one ListCopyJobs stream (SDK paginator, MaxResults 1000, filtered as list-window.ts says:
 * the jobs created since the oldest tracked one, and once every tracked job has been seen only those that
 * ended since the last list) and hands every tracked job it sees to the registry. DescribeCopyJob is only for
 * jobs a full list has not shown (a job just started can be invisible to ListCopyJobs for a while;
 * ResourceNotFound on Describe also means "not yet"), at most DESCRIBE_BUDGET a tick; with few jobs and a full
 * list longer than them, Describe alone. A tick thus costs ceil(jobs in the window / 1000) + at most
 * DESCRIBE_BUDGET calls, whatever the number of waiters.
 *
 * Once per poller, when a tracked copy has a size and there is no estimate for its region pair yet, one
 * ListCopyJobs page of recently COMPLETED copies teaches the throughput model (HISTORY_DAYS back).
 *
 * A transient tick error (throttling, 5xx, network) is retried on the next tick; any other error fails the
 * waiters and ends the watches it concerns. Timers are unref'd; a poller with nothing to track stops.
 */
import {
  BackupClient,
  CopyJob,
  DescribeCopyJobCommand,
  ListCopyJobsCommand,
  ListCopyJobsCommandInput,
  paginateListCopyJobs,
} from "@aws-sdk/client-backup";
import { performance } from "perf_hooks";
import { isNotFound, isTransient } from "../aws/aws-errors";
import { TERMINAL_STATES } from "../aws/find";
import { serverDateOf } from "../aws/server-date";
import { ListHistory, listWindow, ListWindow } from "./list-window";
import { nextTickDelay } from "./schedule";
import { ServerClock } from "./server-clock";
import { destinationRegionOf, ThroughputModel } from "./throughput";
import { Entry, TrackedJobs, TrackOptions, WaitOptions, Waiter, WatchEnd } from "./tracked-jobs";

/** ListCopyJobs page size (the API's maximum). */
export const PAGE_SIZE = 1000;
/** DescribeCopyJob calls a tick may make for jobs the list has not shown yet. */
export const DESCRIBE_BUDGET = 10;
/** How far back the history of completed copies is read (AWS time). */
export const HISTORY_DAYS = 14;
/** Before the window of its expected end, a copy is looked at every this share of its expected duration. */
export const SPARSE_FRACTION = 0.25;

export interface PollerStats {
  ticks: number;
  listCalls: number;
  describeCalls: number;
}

export interface PollerOptions {
  /** The poller has nothing left to track (the runtime forgets it). */
  onIdle: (poller: SharedPoller) => void;
  /** Every sighting of a copy job (the start gate frees slots with it). */
  onObserved?: (job: CopyJob) => void;
  random?: () => number;
  /** What this account's copies have shown of their speed; the runtime keeps it when the poller goes idle. */
  throughput?: ThroughputModel;
}

export class SharedPoller {
  private readonly tracked = new TrackedJobs((change) => {
    if (change !== "gone") this.attempt = 1;
    this.reschedule(change);
  });
  private readonly throughput: ThroughputModel;
  private readonly clock = new ServerClock();
  private attempt = 1;
  private timer?: NodeJS.Timeout;
  private nextAt = Infinity;
  private running = false;
  /** Pages the last full list took: with few jobs, Describe alone may be cheaper. */
  private lastListPages = 1;
  private readonly listHistory: ListHistory = {};
  /** Recent tick duration (moving average, ms), for the schedule's latency cap. */
  private tickCostMs = 0;
  readonly stats: PollerStats = { ticks: 0, listCalls: 0, describeCalls: 0 };

  constructor(
    readonly key: string,
    private client: BackupClient,
    private readonly options: PollerOptions,
  ) {
    this.throughput = options.throughput ?? new ThroughputModel();
  }

  /** Copy jobs tracked now. */
  get size(): number {
    return this.tracked.size;
  }

  trackedJobIds(): string[] {
    return this.tracked.ids();
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
    return this.tracked.wait(copyJobId, options);
  }

  /** Tracks a job without waiting for it; onEnd says when the poller stops looking, and why. */
  watch(copyJobId: string, options: TrackOptions, onEnd: (end: WatchEnd) => void): () => void {
    return this.tracked.watch(copyJobId, options, onEnd);
  }

  /** Stops: every waiter fails with `error`, every watch ends with it. */
  stop(error: unknown): void {
    this.tracked.clear(error);
  }

  /** The delay before the next tick (schedule.ts). */
  nextDelayMs(now = Date.now()): number {
    return nextTickDelay({
      now,
      attempt: this.attempt,
      ...this.tracked.delays(),
      tickCostMs: this.tickCostMs,
      random: this.options.random ?? Math.random,
      jobs: this.tracked.values(),
    });
  }

  /**
   * Schedules the next tick, only ever earlier than the one already scheduled. The schedule is walked only
   * when that can change the answer: a departure cannot bring the next tick forward (the next tick reschedules
   * anyway), and a new job is blind with age 0, so with the backoff restarted its gap is the min delay, the
   * smallest any job can ask for: nextDelayMs would return exactly that, after a walk over every job.
   */
  private reschedule(change?: "new" | "again" | "gone"): void {
    if (this.running) return;
    if (this.tracked.size === 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.nextAt = Infinity;
      this.options.onIdle(this);
      return;
    }
    if (change === "gone" && this.timer) return;
    const now = Date.now();
    const at = now + (change === "new" ? this.tracked.delays().minDelayMs : this.nextDelayMs(now));
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
    const tracked = [...this.tracked.values()];
    const looked: Array<[Waiter, Entry]> = [];
    for (const e of tracked) for (const w of e.waiters) looked.push([w, e]);
    try {
      const listed = new Set<string>();
      let listComplete = false;
      const window = listWindow(tracked, this.listHistory);
      // An ends-only list is one page for up to 1000 ends: never dearer than describing.
      const endsOnly = window.completeAfter !== undefined;
      const useList = tracked.length > DESCRIBE_BUDGET || endsOnly || this.lastListPages <= tracked.length;
      if (useList) {
        try {
          await this.list(window, listed);
          listComplete = true;
        } catch (error) {
          this.failed(tracked, error);
        }
      }
      const unseen = tracked.filter((e) => !listed.has(e.jobId) && this.tracked.has(e));
      // A job an ends-only list does not show has not ended: it is as it was last seen, not missing.
      if (listComplete && !endsOnly) for (const e of unseen) e.missedLists++;
      const candidates = (useList ? (listComplete && !endsOnly ? unseen : []) : unseen)
        .filter((e) => !useList || !e.hinted || e.missedLists >= 2 || e.createdAt !== undefined)
        .sort((a, b) => b.missedLists - a.missedLists || a.registeredAt - b.registeredAt)
        .slice(0, DESCRIBE_BUDGET);
      await Promise.all(candidates.map((e) => this.describe(e)));
      for (const e of unseen)
        if (this.tracked.has(e) && !candidates.includes(e))
          for (const w of e.waiters)
            if (endsOnly) w.options.progress?.report(e.lastState, { bytes: e.sizeBytes });
            else w.options.progress?.report(undefined);
      await this.learnHistoryOnce();
      this.updateExpectations();
    } catch (error) {
      // Defensive: a bug above must not become an unhandled rejection or stop the poller.
      this.failed(tracked, error);
    } finally {
      this.tracked.afterTick(looked);
      const ms = performance.now() - began;
      this.tickCostMs = this.stats.ticks === 1 ? ms : 0.7 * this.tickCostMs + 0.3 * ms;
      this.attempt++;
      this.running = false;
      this.reschedule();
    }
  }

  private async list(window: ListWindow, listed: Set<string>): Promise<void> {
    const input: ListCopyJobsCommandInput = { ByCreatedAfter: window.createdAfter, MaxResults: PAGE_SIZE };
    if (window.completeAfter) input.ByCompleteAfter = window.completeAfter;
    if (window.destinationVaultArn) input.ByDestinationVaultArn = window.destinationVaultArn;
    let pages = 0;
    // AWS's time when the list was answered: its first page's Date (truncated to the second, so never late).
    let answeredAt: number | undefined;
    const pager = paginateListCopyJobs({ client: this.client, pageSize: PAGE_SIZE }, input);
    try {
      for await (const page of pager) {
        pages++;
        this.stats.listCalls++;
        if (pages === 1) answeredAt = serverDateOf(page);
        this.sawServerDate(page);
        for (const job of page.CopyJobs ?? []) {
          const entry = job.CopyJobId ? this.tracked.get(job.CopyJobId) : undefined;
          if (!entry) continue;
          listed.add(entry.jobId);
          entry.missedLists = 0;
          this.observe(entry, job);
        }
      }
    } catch (error) {
      this.stats.listCalls++;
      throw error;
    }
    this.listHistory.listedAt = answeredAt;
    if (window.completeAfter) return;
    this.listHistory.fullListedAt = answeredAt;
    this.lastListPages = Math.max(1, pages);
  }

  private async describe(entry: Entry): Promise<void> {
    this.stats.describeCalls++;
    try {
      const out = await this.client.send(new DescribeCopyJobCommand({ CopyJobId: entry.jobId }));
      this.sawServerDate(out);
      if (out.CopyJob && this.tracked.has(entry)) this.observe(entry, out.CopyJob);
    } catch (error) {
      if (isNotFound(error)) {
        for (const w of entry.waiters) w.options.progress?.report(undefined);
        return;
      }
      this.failed([entry], error);
    }
  }

  private sawServerDate(output: object): void {
    const server = serverDateOf(output);
    if (server !== undefined) this.clock.observe(server, Date.now());
  }

  private observe(entry: Entry, job: CopyJob): void {
    if (job.CreationDate) entry.createdAt = job.CreationDate.getTime();
    if (job.BackupSizeInBytes !== undefined) entry.sizeBytes = job.BackupSizeInBytes;
    // Replaced only when they differ: holding each tick's copy of the same string would keep it alive too.
    if (job.State !== entry.lastState) entry.lastState = job.State;
    if (job.DestinationBackupVaultArn && job.DestinationBackupVaultArn !== entry.destinationVaultArn)
      entry.destinationVaultArn = job.DestinationBackupVaultArn;
    this.options.onObserved?.(job);
    const terminal = TERMINAL_STATES.has(job.State ?? "");
    for (const waiter of entry.waiters) {
      waiter.lastError = undefined;
      waiter.options.progress?.report(job.State, { bytes: job.BackupSizeInBytes });
      waiter.options.onSeen?.(job);
    }
    if (terminal) {
      this.throughput.learn(job);
      this.tracked.terminal(entry, job);
    }
  }

  /**
   * The throughput of this account's recent copies, from one ListCopyJobs page of COMPLETED ones: asked once,
   * when a tracked copy has a size but its region pair has no estimate (the process has not seen enough copies
   * end). A refusal leaves the schedule blind; it is not worth failing anyone for.
   */
  private async learnHistoryOnce(): Promise<void> {
    if (this.throughput.historyRead) return;
    let wanted = false;
    for (const e of this.tracked.values()) {
      if (e.sizeBytes && !this.throughput.estimate(regionOfVault(e.destinationVaultArn), e.sizeBytes)) {
        wanted = true;
        break;
      }
    }
    if (!wanted) return;
    this.throughput.historyRead = true;
    this.stats.listCalls++;
    try {
      const out = await this.client.send(
        new ListCopyJobsCommand({
          ByState: "COMPLETED",
          ByCompleteAfter: new Date(Date.now() - HISTORY_DAYS * 86_400_000),
          MaxResults: PAGE_SIZE,
        }),
      );
      this.sawServerDate(out);
      for (const job of out.CopyJobs ?? []) this.throughput.learn(job);
    } catch {
      // Blind schedule it is.
    }
  }

  /** Each tracked copy's expected end, in local time, from its size, its creation and the throughput model. */
  private updateExpectations(): void {
    for (const e of this.tracked.values()) {
      const estimate = this.throughput.estimate(regionOfVault(e.destinationVaultArn), e.sizeBytes);
      const windowStartAt =
        estimate && e.createdAt !== undefined
          ? this.clock.toLocal(e.createdAt + estimate.durationMs * (1 - estimate.spread))
          : undefined;
      const sparseGapMs = estimate && this.clock.toLocalDuration(SPARSE_FRACTION * estimate.durationMs);
      e.expected =
        windowStartAt !== undefined && sparseGapMs !== undefined ? { windowStartAt, sparseGapMs } : undefined;
    }
  }

  private failed(entries: Entry[], error: unknown): void {
    const transient = isTransient(error);
    for (const entry of entries) {
      if (transient) this.tracked.transient(entry, error);
      else this.tracked.failed(entry, error);
    }
  }
}

function regionOfVault(vaultArn: string | undefined): string | undefined {
  return vaultArn ? destinationRegionOf({ DestinationBackupVaultArn: vaultArn }) : undefined;
}
