/**
 * What AWS Backup's states mean, in one place (as terraform-provider-aws's backup package keeps `status`
 * apart from `find` and `wait`). A copy job is CREATED, then RUNNING, then ends COMPLETED, FAILED or PARTIAL
 * (a composite job some of whose children failed); ABORTED/ABORTING belong to backup jobs, not copy jobs. A
 * recovery point that is DELETING or EXPIRED is as good as gone.
 */

/** A copy job in one of these has ended: nothing about it changes any more. */
export const TERMINAL_STATES: ReadonlySet<string> = new Set(["COMPLETED", "FAILED", "PARTIAL"]);
/** Ended without a whole copy: no copy to manage; a new attempt needs a new idempotency token. */
export const FAILED_STATES: ReadonlySet<string> = new Set(["FAILED", "PARTIAL"]);
/** Not ended yet: its copy may still appear. */
export const IN_PROGRESS_STATES: ReadonlySet<string> = new Set(["CREATED", "RUNNING"]);
/** A destination recovery point in one of these is as good as gone: refresh drops the copy. */
export const GONE_RECOVERY_POINT_STATES: ReadonlySet<string> = new Set(["DELETING", "EXPIRED"]);

export const isTerminal = (state: string | undefined): boolean => TERMINAL_STATES.has(state ?? "");
export const isFailed = (state: string | undefined): boolean => FAILED_STATES.has(state ?? "");
export const isCompleted = (state: string | undefined): boolean => state === "COMPLETED";
/** An unknown state (a job not seen yet) counts as in progress: it has not been seen to end. */
export const isInProgress = (state: string | undefined): boolean => !isTerminal(state);
