/**
 * Client-side start gating. AWS runs at most 100 copy jobs at a time per destination region and account and
 * refuses StartCopyJob beyond with LimitExceededException, which the SDK and start.ts retry: with a thousand
 * resources in one `pulumi up`, nine hundred of them would hammer StartCopyJob for hours. The gate is a
 * semaphore per (source client = region/account, destination region), owned by the runtime, with one slot per
 * non-terminal job this process started: a StartCopyJob waits here for a slot instead of being refused by AWS.
 *
 * A slot is freed when its job is seen terminal (`observed`, fed every sighting by the runtime). While starts are
 * queued, the gate asks the shared poller to watch the jobs holding slots, so their end is seen even when nobody
 * waits for them (waitForCompletion: false). A watch tells the gate when it ends: with the terminal job, or with
 * the error that stopped the poller looking (AccessDenied, say). Then the slot is freed too: nobody will see that
 * job end, and a slot held forever would queue every later start until its timeout. Freeing early only risks
 * AWS's own LimitExceeded, which start.ts waits out. Waiting for a slot is bounded by the operation's deadline.
 * The gate also keeps at most MAX_STARTS_IN_FLIGHT StartCopyJob requests in flight, so a burst of starts does
 * not queue the waits' calls (ListCopyJobs, DescribeRecoveryPoint) behind it.
 */
import type { CopyJob } from "@aws-sdk/client-backup";
import { TERMINAL_STATES } from "../aws/find";
import { DEFAULTS } from "../inputs/settings";
import { Deadline } from "./deadline";
import { deadlineError } from "./poll";
import type { TrackOptions, WatchEnd } from "./tracked-jobs";

export const DEFAULT_MAX_CONCURRENT_COPIES = 100;
/**
 * StartCopyJob requests in flight per gate. The SDK client (one per region/account) queues requests FIFO for
 * its sockets, so a thousand creates starting at once would put the shared poller's ListCopyJobs and every
 * finished copy's DescribeRecoveryPoint behind hundreds of starts, for as long as the burst lasts: copies that
 * end meanwhile are seen late. Starting in small batches keeps those calls a few requests from the front.
 */
export const MAX_STARTS_IN_FLIGHT = 10;
const MAX_TIMER_MS = 2 ** 31 - 1;
/**
 * Watching delays for jobs nobody waits for (the gate's own interest): the resources' defaults, so that the
 * gate's interest alone never makes the shared poller tick more often than its waiters ask.
 */
const WATCH_DELAYS = {
  minDelayMs: DEFAULTS.minDelaySeconds * 1000,
  maxDelayMs: DEFAULTS.maxDelaySeconds * 1000,
};

/** How the gate asks for a job to be watched (the shared poller's watch); returns the function that stops it. */
export type Watch = (copyJobId: string, options: TrackOptions, onEnd: (end: WatchEnd) => void) => () => void;

export interface StartSlot {
  /** The start succeeded: the slot now belongs to this job until it is seen terminal. */
  bind(copyJobId: string, destinationVaultArn?: string): void;
  /** The start failed: give the slot back. */
  release(): void;
}

interface HeldJob {
  destinationVaultArn?: string;
  unwatch?: () => void;
}

export class StartGate {
  private readonly held = new Map<string, HeldJob>();
  private starting = 0;
  private readonly queue: Array<() => void> = [];
  /** Starts that had to queue for a slot (the bench reports it). */
  queued = 0;

  constructor(
    readonly limit: number,
    private readonly watch: Watch,
    private readonly watchDelays = WATCH_DELAYS,
    readonly maxStartsInFlight = MAX_STARTS_IN_FLIGHT,
  ) {}

  get inFlight(): number {
    return this.held.size + this.starting;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Ids of the jobs holding slots. */
  heldJobIds(): string[] {
    return [...this.held.keys()];
  }

  /** A start may go now: a slot is free and few enough starts are in flight. */
  private get admits(): boolean {
    return this.inFlight < this.limit && this.starting < this.maxStartsInFlight;
  }

  /** Waits for a slot; rejects with DeadlineReached when the deadline passes first (the queue forgets it). */
  async acquire(deadline?: Deadline): Promise<StartSlot> {
    if (this.admits && this.queue.length === 0) this.starting++;
    else {
      // Queued for a slot (not merely behind the starts in flight): count it and watch the slot holders.
      if (this.inFlight >= this.limit) this.queued++;
      // wake() counts the woken start in `starting` before resolving.
      await new Promise<void>((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        let stopCancelWatch = () => {};
        const admit = () => {
          if (timer) clearTimeout(timer);
          stopCancelWatch();
          resolve();
        };
        this.queue.push(admit);
        if (deadline) {
          const expire = () => {
            if (!deadline.passed()) {
              timer = setTimeout(expire, Math.min(deadline.remainingMs(), MAX_TIMER_MS));
              timer.unref?.();
              return;
            }
            const at = this.queue.indexOf(admit);
            if (at < 0) return;
            this.queue.splice(at, 1);
            if (this.queue.length === 0) this.unwatchAll();
            stopCancelWatch();
            reject(deadlineError(deadline));
          };
          timer = setTimeout(expire, Math.min(deadline.remainingMs(), MAX_TIMER_MS));
          timer.unref?.();
          stopCancelWatch = deadline.onCancel(() => (clearTimeout(timer), expire()));
        }
        if (this.inFlight >= this.limit) this.watchHeld();
      });
    }
    let open = true;
    return {
      bind: (copyJobId, destinationVaultArn) => {
        if (!open) return;
        open = false;
        this.starting--;
        // A reused token hands back a job that already holds a slot: one job, one slot.
        if (!this.held.has(copyJobId)) {
          this.held.set(copyJobId, { destinationVaultArn });
          if (this.queue.length > 0 && this.inFlight >= this.limit) this.watchHeld();
        }
        this.wake();
      },
      release: () => {
        if (!open) return;
        open = false;
        this.starting--;
        this.wake();
      },
    };
  }

  /** A sighting of a job: a terminal one frees its slot. */
  observed(job: CopyJob): void {
    const id = job.CopyJobId;
    if (!id || !TERMINAL_STATES.has(job.State ?? "")) return;
    this.free(id);
  }

  private free(id: string): void {
    const held = this.held.get(id);
    if (!held) return;
    held.unwatch?.();
    this.held.delete(id);
    this.wake();
  }

  private wake(): void {
    while (this.queue.length > 0 && this.admits) {
      this.starting++;
      this.queue.shift()!();
    }
    if (this.queue.length === 0) this.unwatchAll();
    else if (this.inFlight >= this.limit) this.watchHeld();
  }

  private watchHeld(): void {
    for (const [id, held] of this.held) {
      if (held.unwatch) continue;
      held.unwatch = this.watch(
        id,
        { ...this.watchDelays, destinationVaultArn: held.destinationVaultArn },
        (end) => {
          if (this.held.get(id) !== held) return;
          held.unwatch = undefined;
          if ("error" in end)
            console.log(
              `Start gate: stopped watching copy job ${id} (${String(end.error)}); its slot is freed, AWS's own quota still applies`,
            );
          this.free(id);
        },
      );
    }
  }

  private unwatchAll(): void {
    for (const held of this.held.values()) {
      held.unwatch?.();
      held.unwatch = undefined;
    }
  }
}
