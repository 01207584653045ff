/**
 * The runtime: everything a process holds while it serves CopyJob operations, in one object. AWS clients (one
 * per region/credentials), the shared pollers (one per client target), the start gates (one per client target
 * and destination region), the throughput each target's copies have shown, and the queues that describe fresh
 * copies together. Operations reach it through their context (operations/context.ts).
 *
 * The plugin process has one (`processRuntime`, made on first use by provider-methods.ts, inside the plugin:
 * the serialized provider never captures it). Tests and the bench build their own, with their options, and
 * `clear()` it when the environment changes.
 */
import type { BackupClient, CopyJob } from "@aws-sdk/client-backup";
import { AwsTarget, ClientCache } from "./aws/clients";
import { FreshCopies } from "./aws/fresh-copies";
import { SharedPoller } from "./wait/shared-poller";
import { DEFAULT_MAX_CONCURRENT_COPIES, StartGate } from "./wait/start-gate";
import { ThroughputModel } from "./wait/throughput";
import type { WaitOptions } from "./wait/tracked-jobs";
import { pinYoungGeneration } from "./young-generation";

/**
 * The bound of a refresh (read), whatever the resource's timeoutMinutes: a refresh only describes, and must
 * not hang `pulumi refresh` for hours when AWS throttles or fails; it fails and can be run again.
 */
export const REFRESH_TIMEOUT_MS = 5 * 60_000;

/** How a create waits for its copy job to end. */
export type CopyJobWaiter = (
  client: BackupClient,
  copyJobId: string,
  options: WaitOptions,
) => Promise<CopyJob>;

export interface RuntimeOptions {
  /** Start gate limit; 0 turns gating off. Default: PULUMI_BACKUP_COPY_MAX_CONCURRENT_COPIES, else 100. */
  maxConcurrentCopies?: number;
  /** Default REFRESH_TIMEOUT_MS. */
  refreshTimeoutMs?: number;
  /** Default: the shared poller. The bench measures other waiting strategies through this. */
  waiter?: CopyJobWaiter;
  /** Every sighting of a copy job, by any poller or waiter. */
  onObserved?: (job: CopyJob) => void;
  /**
   * Keep V8's young generation at its size now (young-generation.ts), as the plugin's runtime does. Process-wide,
   * so off by default: tests' runtimes leave the test process alone; the bench's measures the plugin's memory.
   */
  pinYoungGeneration?: boolean;
}

export class Runtime {
  readonly clients = new ClientCache();
  readonly freshCopies = new FreshCopies((client) => this.clients.keyOf(client));
  readonly refreshTimeoutMs: number;
  readonly maxConcurrentCopies: number;
  private readonly pollers = new Map<string, SharedPoller>();
  private readonly throughput = new Map<string, ThroughputModel>();
  /** By client key, then destination region. */
  private readonly gates = new Map<string, Map<string, StartGate>>();

  constructor(private readonly options: RuntimeOptions = {}) {
    this.refreshTimeoutMs = options.refreshTimeoutMs ?? REFRESH_TIMEOUT_MS;
    this.maxConcurrentCopies = options.maxConcurrentCopies ?? limitFromEnv();
    if (options.pinYoungGeneration) pinYoungGeneration();
  }

  backupClient(target: AwsTarget): BackupClient {
    return this.clients.backupClient(target);
  }

  /** Waits for a copy job to reach a terminal state (the shared poller unless the options say otherwise). */
  async waitForCopyJob(client: BackupClient, copyJobId: string, options: WaitOptions): Promise<CopyJob> {
    if (!this.options.waiter) return this.pollerFor(client).wait(copyJobId, options);
    const job = await this.options.waiter(client, copyJobId, options);
    this.observed(this.clients.keyOf(client), job);
    return job;
  }

  /** The poller for this client's (region, account/credentials). */
  pollerFor(client: BackupClient): SharedPoller {
    const key = this.clients.keyOf(client);
    let poller = this.pollers.get(key);
    if (!poller) {
      let model = this.throughput.get(key);
      if (!model) this.throughput.set(key, (model = new ThroughputModel()));
      poller = new SharedPoller(key, client, {
        onIdle: (idle) => {
          if (this.pollers.get(idle.key) === idle) this.pollers.delete(idle.key);
        },
        onObserved: (job) => this.observed(key, job),
        throughput: model,
      });
      this.pollers.set(key, poller);
    } else {
      // A cleared cache may have made a new client for the same target: use the newest.
      poller.useClient(client);
    }
    return poller;
  }

  /** Pollers with work. */
  activePollers(): SharedPoller[] {
    return [...this.pollers.values()];
  }

  /** The gate for starts through this client into this destination region, or undefined when gating is off. */
  startGateFor(client: BackupClient, destinationRegion: string): StartGate | undefined {
    if (this.maxConcurrentCopies <= 0) return undefined;
    const key = this.clients.keyOf(client);
    let byRegion = this.gates.get(key);
    if (!byRegion) this.gates.set(key, (byRegion = new Map()));
    let gate = byRegion.get(destinationRegion);
    if (!gate) {
      // The poller is looked up at each watch, so a gate follows the newest client of its target.
      gate = new StartGate(this.maxConcurrentCopies, (id, options, onEnd) =>
        this.pollerFor(client).watch(id, options, onEnd),
      );
      byRegion.set(destinationRegion, gate);
    }
    return gate;
  }

  startGates(): StartGate[] {
    return [...this.gates.values()].flatMap((m) => [...m.values()]);
  }

  /**
   * Forgets everything (tests that change the environment): clients are destroyed, pollers stop (their waiters
   * fail, their watches end), gates and queues go: slots held by jobs of the old environment would never be
   * seen to end.
   */
  clear(): void {
    const stopped = new Error("the provider's runtime was cleared");
    for (const poller of [...this.pollers.values()]) poller.stop(stopped);
    this.pollers.clear();
    this.throughput.clear();
    this.gates.clear();
    this.freshCopies.clear();
    this.clients.clear();
  }

  private observed(clientKey: string, job: CopyJob): void {
    this.options.onObserved?.(job);
    for (const gate of this.gates.get(clientKey)?.values() ?? []) gate.observed(job);
  }
}

function limitFromEnv(): number {
  const raw = process.env.PULUMI_BACKUP_COPY_MAX_CONCURRENT_COPIES;
  if (raw === undefined || raw === "") return DEFAULT_MAX_CONCURRENT_COPIES;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : DEFAULT_MAX_CONCURRENT_COPIES;
}

let shared: Runtime | undefined;

/** The plugin process's runtime, made on first use (by the first operation, so never under setMocks). */
export function processRuntime(): Runtime {
  return (shared ??= new Runtime({ pinYoungGeneration: true }));
}
