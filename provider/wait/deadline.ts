/** A point in (real) time after which a wait gives up. Pulumi's customTimeouts never reach a dynamic provider. */
export class Deadline {
  private constructor(
    readonly at: number,
    readonly totalMs: number,
  ) {}

  static after(ms: number, now = Date.now()): Deadline {
    return new Deadline(now + ms, ms);
  }

  remainingMs(now = Date.now()): number {
    return Math.max(0, this.at - now);
  }

  passed(now = Date.now()): boolean {
    return now >= this.at;
  }
}
