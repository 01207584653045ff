/**
 * A point in (real) time after which a wait gives up. Pulumi's customTimeouts never reach a dynamic provider;
 * the native plugin passes them in (OperationHooks.timeoutMs) and its Cancel as `signal`: once aborted, the
 * deadline counts as passed, so every wait and retry bounded by it ends as at the timeout, but promptly.
 */
export class Deadline {
  private constructor(
    readonly at: number,
    readonly totalMs: number,
    readonly signal?: AbortSignal,
  ) {}

  static after(ms: number, now = Date.now(), signal?: AbortSignal): Deadline {
    return new Deadline(now + ms, ms, signal);
  }

  /** The operation was cancelled (the engine's Cancel, or SIGINT in the plugin), not timed out. */
  get cancelled(): boolean {
    return this.signal?.aborted === true;
  }

  remainingMs(now = Date.now()): number {
    if (this.cancelled) return 0;
    return Math.max(0, this.at - now);
  }

  passed(now = Date.now()): boolean {
    return this.cancelled || now >= this.at;
  }

  /**
   * Calls `then` once, when the operation is cancelled; returns the function that stops listening. Waits that
   * sleep on a timer until the deadline use it to wake up at a cancel instead of at the deadline.
   */
  onCancel(then: () => void): () => void {
    const signal = this.signal;
    if (!signal) return () => {};
    if (signal.aborted) {
      queueMicrotask(then);
      return () => {};
    }
    signal.addEventListener("abort", then, { once: true });
    return () => signal.removeEventListener("abort", then);
  }
}
