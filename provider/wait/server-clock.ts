/**
 * AWS's clock as this process sees it, from the Date headers of the poller's responses. Durations learnt from
 * AWS timestamps (CreationDate, CompletionDate) are in AWS's time; the schedule sleeps in local time. The two
 * run at the same rate against AWS, but the emulator (the bench, tests) runs its clock faster, so the rate is
 * measured, not assumed. The Date header has one-second resolution: over a span of S server seconds the rate is
 * known to within about 2/S, and conversions err early by that much (a sleep then ends a little soon, never
 * late). Nothing is converted before the samples span MIN_SPAN_MS.
 */
export const MIN_SPAN_MS = 5_000;
/** Each end of the span may be off by up to a second of truncation. */
const RESOLUTION_MS = 1_000;

export class ServerClock {
  private first?: { server: number; local: number };
  private last?: { server: number; local: number };

  observe(serverMs: number, localMs: number): void {
    if (!this.first) this.first = { server: serverMs, local: localMs };
    // The first local time a server second is seen, at both ends: the truncation then biases both alike.
    if (!this.last || serverMs > this.last.server) this.last = { server: serverMs, local: localMs };
  }

  /** Server ms per local ms, or undefined until measured. */
  rate(): number | undefined {
    if (!this.first || !this.last) return undefined;
    const server = this.last.server - this.first.server;
    const local = this.last.local - this.first.local;
    return server >= MIN_SPAN_MS && local > 0 ? server / local : undefined;
  }

  /** The rate's relative uncertainty. */
  private error(): number {
    return (2 * RESOLUTION_MS) / (this.last!.server - this.first!.server);
  }

  /**
   * A local duration no longer than `serverMs` of server time (the rate taken at its upper bound), or undefined
   * until the rate is known.
   */
  toLocalDuration(serverMs: number): number | undefined {
    const rate = this.rate();
    return rate === undefined ? undefined : serverMs / (rate * (1 + this.error()));
  }

  /** The local time at which the server's clock shows `serverMs` at the earliest, or undefined until known. */
  toLocal(serverMs: number): number | undefined {
    const rate = this.rate();
    if (rate === undefined || !this.last) return undefined;
    const ahead = serverMs - this.last.server;
    return (
      this.last.local + ahead / (rate * (ahead > 0 ? 1 + this.error() : 1 - Math.min(0.5, this.error())))
    );
  }
}
