/**
 * Client-side start gating. AWS runs at most 100 copy jobs at a time per destination region and account and
 * refuses StartCopyJob beyond with LimitExceededException, which the SDK and start.ts retry: with a thousand
 * resources in one `pulumi up`, nine hundred of them would hammer StartCopyJob for hours. The gate is a
 * semaphore per (source client = region/account, destination region) with one slot per non-terminal job this
 * process started: a StartCopyJob waits here for a slot instead of being refused by AWS.
 *
 * Slots are freed by observations (the shared poller's, or any reportCopyJobObserved): a job seen in a terminal
 * state gives its slot back. While starts are queued, the gate asks the shared poller to watch the jobs holding
 * slots that nobody waits for (waitForCompletion: false), so their end is seen too. The gate only knows this
 * process's jobs: AWS's own LimitExceeded (other jobs in the account) is still handled by start.ts.
 * The gate also keeps at most MAX_STARTS_IN_FLIGHT StartCopyJob requests in flight, so a burst of starts does
 * not queue the waits' calls (ListCopyJobs, DescribeRecoveryPoint) behind it.
 *
 * PULUMI_BACKUP_COPY_MAX_CONCURRENT_COPIES sets the limit (default 100, AWS's quota); 0 turns the gate off.
 */
import type { BackupClient, CopyJob } from "@aws-sdk/client-backup";
import { TERMINAL_STATES } from "../aws/find";
import { DEFAULTS } from "../inputs/settings";
import { clientKeyOf } from "./client-key";
import { onCopyJobObserved, sharedPollerFor } from "./shared-poller";

export const DEFAULT_MAX_CONCURRENT_COPIES = 100;
/**
 * StartCopyJob requests in flight per gate. The SDK client (one per region/account) queues requests FIFO for
 * its sockets, so a thousand creates starting at once would put the shared poller's ListCopyJobs and every
 * finished copy's DescribeRecoveryPoint behind hundreds of starts, for as long as the burst lasts: copies that
 * end meanwhile are seen late. Starting in small batches keeps those calls a few requests from the front.
 */
export const MAX_STARTS_IN_FLIGHT = 10;
/**
 * Watching delays for jobs nobody waits for (the gate's own interest): the resources' defaults, so that the
 * gate's interest alone never makes the shared poller tick more often than its waiters ask.
 */
const WATCH_DELAYS = {
  minDelayMs: DEFAULTS.minDelaySeconds * 1000,
  maxDelayMs: DEFAULTS.maxDelaySeconds * 1000,
};

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
  /** Starts that had to queue, for the bench. */
  queued = 0;

  constructor(
    readonly limit: number,
    private client: BackupClient,
    private readonly watchDelays = WATCH_DELAYS,
    readonly maxStartsInFlight = MAX_STARTS_IN_FLIGHT,
  ) {}

  get inFlight(): number {
    return this.held.size + this.starting;
  }

  get waiting(): number {
    return this.queue.length;
  }

  useClient(client: BackupClient): void {
    this.client = client;
  }

  /** A start may go now: a slot is free and few enough starts are in flight. */
  private get admits(): boolean {
    return this.inFlight < this.limit && this.starting < this.maxStartsInFlight;
  }

  async acquire(): Promise<StartSlot> {
    if (this.admits && this.queue.length === 0) this.starting++;
    else {
      // Queued for a slot (not merely behind the starts in flight): count it and watch the slot holders.
      if (this.inFlight >= this.limit) this.queued++;
      // wake() counts the woken start in `starting` before resolving.
      await new Promise<void>((resolve) => {
        this.queue.push(resolve);
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
    const poller = sharedPollerFor(this.client);
    for (const [id, held] of this.held) {
      if (held.unwatch) continue;
      held.unwatch = poller.watch(id, {
        ...this.watchDelays,
        destinationVaultArn: held.destinationVaultArn,
      });
    }
  }

  private unwatchAll(): void {
    for (const held of this.held.values()) {
      held.unwatch?.();
      held.unwatch = undefined;
    }
  }
}

const gates = new Map<string, Map<string, StartGate>>();
let subscribed = false;

function limitFromEnv(): number {
  const raw = process.env.PULUMI_BACKUP_COPY_MAX_CONCURRENT_COPIES;
  if (raw === undefined || raw === "") return DEFAULT_MAX_CONCURRENT_COPIES;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : DEFAULT_MAX_CONCURRENT_COPIES;
}

/** The gate for starts through this client into this destination region, or undefined when gating is off. */
export function startGateFor(client: BackupClient, destinationRegion: string): StartGate | undefined {
  const limit = limitFromEnv();
  if (limit <= 0) return undefined;
  if (!subscribed) {
    subscribed = true;
    onCopyJobObserved((key, job) => {
      for (const gate of gates.get(key)?.values() ?? []) gate.observed(job);
    });
  }
  const key = clientKeyOf(client);
  let byRegion = gates.get(key);
  if (!byRegion) gates.set(key, (byRegion = new Map()));
  let gate = byRegion.get(destinationRegion);
  if (!gate || gate.limit !== limit) {
    gate = new StartGate(limit, client);
    byRegion.set(destinationRegion, gate);
  } else gate.useClient(client);
  return gate;
}

/** Forget every gate (tests and the bench between runs). */
export function clearStartGates(): void {
  gates.clear();
}

/** Every gate, for the bench's report. */
export function allStartGates(): StartGate[] {
  return [...gates.values()].flatMap((m) => [...m.values()]);
}
