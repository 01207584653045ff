/**
 * Waiting for a copy job to reach a terminal state, through the process-wide shared poller (shared-poller.ts):
 * every CopyJob resource of the stack that targets the same region and account is observed by one
 * ListCopyJobs stream a tick, so the number of calls does not grow with the number of resources. AWS is
 * eventually consistent: a job just started may be invisible for a moment, so "not found" counts as "not yet"
 * until the deadline, as do throttling and 5xx errors.
 */
import type { BackupClient, CopyJob } from "@aws-sdk/client-backup";
import type { ProgressReporter } from "../progress";
import { Deadline } from "./deadline";
import { sharedPollerFor } from "./shared-poller";

export interface CopyJobWaitOptions {
  deadline: Deadline;
  minDelayMs: number;
  maxDelayMs: number;
  progress?: ProgressReporter;
  /** Called with every sighting, so a deadline error can carry the latest outputs. */
  onSeen?: (job: CopyJob) => void;
  /** A lower bound of the job's creation time; narrows the list (a wrong one costs a DescribeCopyJob). */
  createdAfter?: Date;
  /** The job's destination vault; narrows the list. */
  destinationVaultArn?: string;
}

export function waitForCopyJob(
  client: BackupClient,
  copyJobId: string,
  options: CopyJobWaitOptions,
): Promise<CopyJob> {
  return sharedPollerFor(client).wait(copyJobId, options);
}
