import { performance } from "perf_hooks";
import { AwsError, ERROR_STATUS, ErrorCode } from "./errors";
import { Prng } from "./random";

export interface FaultSpec {
  seed?: number;
  /** Token bucket per operation (real time): ThrottlingException once the burst is spent. */
  throttle?: { operations?: string[]; ratePerSecond: number; burst: number };
  throttleProbability?: number;
  serverErrorProbability?: number;
  /** Destroys the socket without a response. */
  resetProbability?: number;
  latencyMs?: { min: number; max: number };
  /** Emulated seconds a new copy job stays invisible to DescribeCopyJob and ListCopyJobs. */
  consistencyDelaySeconds?: number;
  /**
   * A non-transient AWS error for every request to these operations (e.g. AccessDeniedException, 400); with
   * `times`, only for the next that many such requests (e.g. one ResourceNotFoundException: AWS's eventual
   * consistency right after a copy completes).
   */
  error?: { operations: string[]; code: ErrorCode; message?: string; times?: number };
}

export type FaultDecision =
  | { kind: "none"; latencyMs: number }
  | { kind: "reset"; latencyMs: number }
  | { kind: "error"; latencyMs: number; error: AwsError };

/**
 * Faults for AWS operations (never the control API). Draws come from a PRNG seeded by the spec's seed (or
 * the emulator's), in a fixed order per request, so a given request sequence sees the same faults each run.
 */
export class FaultInjector {
  private spec: FaultSpec = {};
  private rng: Prng;
  private buckets = new Map<string, { tokens: number; at: number }>();
  /** Requests `error` has failed since it was set (its `times` bounds them). */
  private errorsGiven = 0;

  constructor(private readonly defaultSeed: number) {
    this.rng = new Prng(defaultSeed);
  }

  set(spec: FaultSpec): void {
    validate(spec);
    this.spec = { ...spec };
    this.rng = new Prng(spec.seed ?? this.defaultSeed);
    this.buckets.clear();
    this.errorsGiven = 0;
  }

  get current(): FaultSpec {
    return this.spec;
  }

  get consistencyDelaySeconds(): number {
    return this.spec.consistencyDelaySeconds ?? 0;
  }

  decide(operation: string): FaultDecision {
    const s = this.spec;
    const latencyMs = s.latencyMs
      ? this.rng.int(Math.floor(s.latencyMs.min), Math.floor(s.latencyMs.max))
      : 0;
    if (s.resetProbability && this.rng.next() < s.resetProbability) return { kind: "reset", latencyMs };
    if (
      s.error &&
      s.error.operations.includes(operation) &&
      (s.error.times === undefined || this.errorsGiven < s.error.times)
    ) {
      this.errorsGiven++;
      const { code, message } = s.error;
      return { kind: "error", latencyMs, error: new AwsError(code, message ?? `${code} (injected fault)`) };
    }
    if (
      s.throttle &&
      (!s.throttle.operations || s.throttle.operations.includes(operation)) &&
      !this.take(operation)
    )
      return { kind: "error", latencyMs, error: throttled() };
    if (s.throttleProbability && this.rng.next() < s.throttleProbability)
      return { kind: "error", latencyMs, error: throttled() };
    if (s.serverErrorProbability && this.rng.next() < s.serverErrorProbability) {
      // Both statuses occur in the wild behind AWS front ends; the SDK retries either as transient.
      const status = this.rng.next() < 0.5 ? 500 : 503;
      return {
        kind: "error",
        latencyMs,
        error: new AwsError(
          "ServiceUnavailableException",
          "The service is temporarily unavailable. Try again later.",
          status,
        ),
      };
    }
    return { kind: "none", latencyMs };
  }

  private take(operation: string): boolean {
    const { ratePerSecond, burst } = this.spec.throttle!;
    const now = performance.now();
    const bucket = this.buckets.get(operation) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond);
    bucket.at = now;
    this.buckets.set(operation, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

const throttled = () => new AwsError("ThrottlingException", "Rate exceeded");

function validate(spec: FaultSpec): void {
  const prob = (name: string, v: unknown) => {
    if (v !== undefined && (typeof v !== "number" || !(v >= 0 && v <= 1)))
      throw new Error(`${name} must be a probability between 0 and 1`);
  };
  prob("throttleProbability", spec.throttleProbability);
  prob("serverErrorProbability", spec.serverErrorProbability);
  prob("resetProbability", spec.resetProbability);
  if (spec.throttle) {
    const { ratePerSecond, burst } = spec.throttle;
    if (!(ratePerSecond >= 0) || !(burst >= 0))
      throw new Error("throttle needs ratePerSecond >= 0 and burst >= 0");
  }
  if (spec.latencyMs && !(spec.latencyMs.min >= 0 && spec.latencyMs.max >= spec.latencyMs.min))
    throw new Error("latencyMs needs 0 <= min <= max");
  if (spec.error && !(Array.isArray(spec.error.operations) && spec.error.code in ERROR_STATUS))
    throw new Error("error needs operations and a known error code");
  if (spec.error?.times !== undefined && !(Number.isInteger(spec.error.times) && spec.error.times >= 0))
    throw new Error("error.times must be a whole number >= 0");
  if (spec.consistencyDelaySeconds !== undefined && !(spec.consistencyDelaySeconds >= 0))
    throw new Error("consistencyDelaySeconds must be >= 0");
}
