/**
 * Waiting for a copy job to reach a terminal state. AWS is eventually consistent: a job just started may be
 * invisible to DescribeCopyJob for a moment, so "not found" counts as "not yet" until the deadline, as do
 * throttling and 5xx errors.
 */
import type { BackupClient, CopyJob } from "@aws-sdk/client-backup";
import { isTransient } from "../aws/aws-errors";
import { findCopyJob, TERMINAL_STATES } from "../aws/find";
import type { ProgressReporter } from "../progress";
import { Deadline } from "./deadline";
import { pollUntil } from "./poll";

export interface CopyJobWaitOptions {
  deadline: Deadline;
  minDelayMs: number;
  maxDelayMs: number;
  progress?: ProgressReporter;
  /** Called with every sighting, so a deadline error can carry the latest outputs. */
  onSeen?: (job: CopyJob) => void;
}

export function waitForCopyJob(
  client: BackupClient,
  copyJobId: string,
  options: CopyJobWaitOptions,
): Promise<CopyJob> {
  return pollUntil<CopyJob>(
    async () => {
      const job = await findCopyJob(client, copyJobId);
      options.progress?.report(job?.State, { bytes: job?.BackupSizeInBytes });
      if (!job) return { done: false as const };
      options.onSeen?.(job);
      return TERMINAL_STATES.has(job.State ?? "")
        ? { done: true as const, value: job }
        : { done: false as const };
    },
    { ...options, isTransient },
  );
}
