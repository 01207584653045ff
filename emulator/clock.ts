import { performance } from "perf_hooks";

/**
 * Emulated wall clock. It starts at the real time and runs `scale` emulated seconds per real second, so a
 * test can make a 2-hour copy job finish in milliseconds. Everything time-dependent (job states, cold
 * transitions, deletions) is derived from this clock lazily when read, so no timers are needed.
 * The monotonic performance clock drives it: a wall-clock jump on the host must not move emulated time back.
 */
export class Clock {
  private baseReal: number;
  private baseEmulated: number;
  private currentScale: number;

  constructor(scale = 1, start = Date.now()) {
    assertScale(scale);
    this.currentScale = scale;
    this.baseReal = performance.now();
    this.baseEmulated = start;
  }

  /** Emulated epoch milliseconds (integer). */
  now(): number {
    return Math.floor(this.baseEmulated + (performance.now() - this.baseReal) * this.currentScale);
  }

  get scale(): number {
    return this.currentScale;
  }

  /** Rebases first so that changing the speed never makes time jump. */
  setScale(scale: number): void {
    assertScale(scale);
    this.baseEmulated = this.now();
    this.baseReal = performance.now();
    this.currentScale = scale;
  }

  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0)
      throw new Error("advance() takes a non-negative number of seconds");
    this.baseEmulated += seconds * 1000;
  }
}

function assertScale(scale: number): void {
  // 0 freezes time, which tests use to observe intermediate states with certainty.
  if (!Number.isFinite(scale) || scale < 0) throw new Error("clock scale must be a finite number >= 0");
}
