/**
 * The per-resource waiting strategies the shared poller is measured against. Each resource polls
 * DescribeCopyJob on its own, as provider/wait/copy-job-wait.ts did before the shared poller:
 * - fixed interval, as CDK's custom-resource provider framework (5 s);
 * - the SDK waiters' schedule (@smithy/util-waiter: 2 s doubling to 120 s, with jitter).
 * Both report their sightings so the start gate frees slots exactly as with the shared poller.
 */
import type { BackupClient, CopyJob } from "@aws-sdk/client-backup";
import { isTransient } from "../provider/aws/aws-errors";
import { findCopyJob, TERMINAL_STATES } from "../provider/aws/find";
import type { CopyJobWaitOptions } from "../provider/wait/copy-job-wait";
import { pollUntil } from "../provider/wait/poll";
import { reportCopyJobObserved } from "../provider/wait/shared-poller";

export type Waiter = (
  client: BackupClient,
  copyJobId: string,
  options: CopyJobWaitOptions,
) => Promise<CopyJob>;

function perResource(minDelayMs: number, maxDelayMs: number): Waiter {
  return (client, copyJobId, options) =>
    pollUntil<CopyJob>(
      async () => {
        const job = await findCopyJob(client, copyJobId);
        options.progress?.report(job?.State, { bytes: job?.BackupSizeInBytes });
        if (!job) return { done: false as const };
        reportCopyJobObserved(client, job);
        options.onSeen?.(job);
        return TERMINAL_STATES.has(job.State ?? "")
          ? { done: true as const, value: job }
          : { done: false as const };
      },
      { deadline: options.deadline, minDelayMs, maxDelayMs, isTransient },
    );
}

/** Every resource polls on its own every `intervalMs` (real milliseconds). */
export function fixedIntervalWaiter(intervalMs: number): Waiter {
  return perResource(intervalMs, intervalMs);
}

/** Every resource polls on its own on the SDK waiters' capped exponential backoff. */
export function sdkBackoffWaiter(minDelayMs: number, maxDelayMs: number): Waiter {
  return perResource(minDelayMs, maxDelayMs);
}
