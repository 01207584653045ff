/**
 * The per-resource waiting strategies the shared poller is measured against, passed to the bench's Runtime
 * as its `waiter`. Each resource polls DescribeCopyJob on its own, as the provider did before the shared poller:
 * - fixed interval, as CDK's custom-resource provider framework (5 s);
 * - the SDK waiters' schedule (@smithy/util-waiter: 2 s doubling to 120 s, with jitter).
 * The runtime reports each terminal job they return to the start gate, as the shared poller's sightings are.
 * They share the provider's clients, hence its SDK retry mode: `adaptive`, a client-side rate limiter that slows
 * every caller once AWS throttles (what users of such waiters need at scale).
 */
import type { CopyJob } from "@aws-sdk/client-backup";
import { isTransient } from "../provider/aws/aws-errors";
import { findCopyJob, TERMINAL_STATES } from "../provider/aws/find";
import type { CopyJobWaiter } from "../provider/runtime";
import { pollUntil } from "../provider/wait/poll";

function perResource(minDelayMs: number, maxDelayMs: number): CopyJobWaiter {
  return (client, copyJobId, options) =>
    pollUntil<CopyJob>(
      async () => {
        const job = await findCopyJob(client, copyJobId);
        options.progress?.report(job?.State, { bytes: job?.BackupSizeInBytes });
        if (!job) return { done: false as const };
        options.onSeen?.(job);
        return TERMINAL_STATES.has(job.State ?? "")
          ? { done: true as const, value: job }
          : { done: false as const };
      },
      { deadline: options.deadline, minDelayMs, maxDelayMs, isTransient },
    );
}

/** Every resource polls on its own every `intervalMs` (real milliseconds). */
export function fixedIntervalWaiter(intervalMs: number): CopyJobWaiter {
  return perResource(intervalMs, intervalMs);
}

/** Every resource polls on its own on the SDK waiters' capped exponential backoff. */
export function sdkBackoffWaiter(minDelayMs: number, maxDelayMs: number): CopyJobWaiter {
  return perResource(minDelayMs, maxDelayMs);
}
