/**
 * Which copy job is this resource's: the whole decision, as pure functions of what AWS answered and what the
 * stack recorded, so each rule can be read and tested without AWS (tests/unit/ownership.spec.ts). The callers
 * (start.ts, create.ts, update.ts) make the calls and act on the decision; nothing here calls AWS.
 *
 * The promise: never a second copy, never someone else's copy. So a job is ours only when AWS's answer or our
 * own records prove it: the job AWS hands back for our token with our parameters (a replay), the one job that
 * can be our token's when AWS refuses the token for other parameters, or the job recorded in the stack. When
 * two jobs could be ours, or a copy may only be "not visible yet", nothing is changed and the user is told
 * what to set.
 *
 * The cases, in the order a create meets them:
 * - StartCopyJob answered with a job created before our request: a replay (whenStartAnswered).
 * - A replayed job that had already failed: an earlier attempt's, so the next token (whenStartAnswered).
 * - A failure that ended before our request was answered: an earlier attempt's (endedBeforeRequest).
 * - AWS refused the token for other parameters (whenTokenConflict).
 * - A job resumed COMPLETED whose copy is confirmed gone: copy again (whenResumedCopyMissing).
 * - A recorded job AWS no longer describes: too new to be listed, or too old to be described (whenJobNotFound),
 *   then its copy found in the destination vault (whenCopiesFound).
 */
import type { CopyJob } from "@aws-sdk/client-backup";
import { isCompleted, isFailed } from "../aws/status";

/** The Date header has one-second resolution; anything older than this was not created by our request. */
export const REPLAY_MARGIN_MS = 2_000;
/**
 * AWS honours an idempotency token for about a day (the emulator: tokenTtlHours, 24); a job older than this
 * cannot be the one a token refers to.
 */
export const TOKEN_LIFETIME_MS = 25 * 3600_000;
/**
 * Longest a job may be invisible to DescribeCopyJob because it is too new (AWS is eventually consistent;
 * observed lags are seconds, and AWS documents none). A recorded job not found although created longer ago
 * than this has left AWS's history: waiting for it would wait until the timeout.
 */
export const NOT_YET_VISIBLE_MS = 60 * 60_000;

// ---- StartCopyJob answered ----

export interface StartAnswer {
  copyJobId: string;
  /** The job's CreationDate (epoch ms) as StartCopyJob returned it. */
  createdAt?: number;
  /** The server's clock (Date header, epoch ms, whole seconds) when StartCopyJob answered. */
  answeredAt?: number;
}

/** A job created before our request reached AWS: AWS handed back the job it already started for the token. */
export function isReplay(answer: StartAnswer): boolean {
  const { createdAt, answeredAt } = answer;
  return answeredAt !== undefined && createdAt !== undefined && createdAt < answeredAt - REPLAY_MARGIN_MS;
}

export type StartDecision =
  /** Our request created the job. */
  | { kind: "started" }
  /** A replay of a running or completed job: an interrupted run's, ours. */
  | { kind: "resume"; completedWhenResumed: boolean; line: string }
  /** A replay of a failed job: an earlier attempt's; the next token of the sequence starts a new copy. */
  | { kind: "next-token"; line: string };

/**
 * `replayed`: the job as DescribeCopyJob showed it, asked only for a replay (undefined when not found yet:
 * a replayed job AWS has not shown is resumed, its state unknown, and the wait tells the rest).
 */
export function whenStartAnswered(answer: StartAnswer, replayed: CopyJob | undefined): StartDecision {
  if (!isReplay(answer)) return { kind: "started" };
  const id = answer.copyJobId;
  if (isFailed(replayed?.State))
    return {
      kind: "next-token",
      line: `Copy job ${id} from an earlier attempt ended ${replayed!.State}; starting a new copy`,
    };
  const completedWhenResumed = isCompleted(replayed?.State);
  return {
    kind: "resume",
    completedWhenResumed,
    line: completedWhenResumed
      ? `Copy job ${id}, started by an earlier run with the same inputs, has COMPLETED`
      : `Resuming copy job ${id}, started by an earlier run with the same inputs (${replayed?.State ?? "not visible yet"})`,
  };
}

// ---- A failure handed back as if just started ----

/**
 * Whether a job that ended FAILED/PARTIAL, which StartCopyJob handed back as if just started, had in fact
 * already ended before our request: then it is an earlier attempt's job, replayed for the reused token.
 *
 * The facts, all at the Date header's one-second resolution. D, the response's Date, is the server's clock at
 * some instant t while AWS handled our request, floored to the second: D <= t <= the response. The job our
 * request created was created after the request arrived and cannot have ended before StartCopyJob answered:
 * StartCopyJob only validates and queues (what it refuses is an error, not a failed job) and a job fails
 * later, asynchronously. So our own job has CompletionDate >= t >= D, and a job with CompletionDate < D ended
 * before our request was answered: it is not this request's job. The floor only makes the test stricter
 * (D <= t). A job that ended in the same second as D cannot be told apart; then the failure is reported as our
 * own (the job id in the error, nothing started), never a guess that would start copies in a loop: a retry a
 * second later moves on to the next token.
 */
export function endedBeforeRequest(
  failure: { copyJobId: string; endedAt?: number },
  started: { copyJobId: string; answeredAt?: number },
): boolean {
  // answeredAt is only set for a job StartCopyJob did not tell apart as a replay.
  if (started.answeredAt === undefined || failure.endedAt === undefined) return false;
  return failure.copyJobId === started.copyJobId && failure.endedAt < started.answeredAt;
}

// ---- AWS refused the token: used with other parameters ----

export interface TokenConflict {
  recoveryPointArn: string;
  destinationBackupVaultArn: string;
  iamRoleArn: string;
  /** The token attempt AWS refused. */
  attempt: number;
  /** Jobs ListCopyJobs shows for this recovery point and destination vault, created within the token's life. */
  listed: readonly CopyJob[];
  /** Jobs the stack records as other attempts' (a failed job an update replaces): never this token's. */
  notOurs?: readonly string[];
}

export type ConflictDecision =
  | { kind: "adopt"; job: CopyJob; line: string }
  /** The one job that can be the token's has failed: the next token starts a new copy. */
  | { kind: "next-token"; line: string }
  | { kind: "fail"; message: string };

/**
 * The token was used with other parameters: typically an interrupted run started this copy, then the lifecycle
 * changed. The token's job used our role (the role is part of the token), this recovery point and vault; any
 * other stack's copy of the same point into the same vault looks the same. So a job is adopted only when it is
 * the only one that can be the token's; with two or more, adopting one could take another stack's copy (and
 * change its lifecycle, or delete it on destroy), so the create fails before any change and lists them.
 */
export function whenTokenConflict(conflict: TokenConflict): ConflictDecision {
  const { recoveryPointArn, attempt } = conflict;
  const notOurs = new Set(conflict.notOurs ?? []);
  const candidates = conflict.listed.filter(
    (job) =>
      !!job.CopyJobId &&
      !notOurs.has(job.CopyJobId) &&
      job.IamRoleArn === conflict.iamRoleArn &&
      // A backup plan's copy was started by the plan, with no token of ours.
      !job.CreatedBy?.BackupPlanId,
  );
  const refused = `AWS refused idempotency token attempt ${attempt} for ${recoveryPointArn} because it was used with other parameters (an earlier run of this resource, with another lifecycle)`;
  if (candidates.length === 0) {
    return {
      kind: "fail",
      message: `${refused}, and no copy job of it into ${conflict.destinationBackupVaultArn} with role ${conflict.iamRoleArn} was found; nothing was changed. Set idempotencyToken to a new value to start a new copy`,
    };
  }
  if (candidates.length > 1) {
    const ids = candidates.map((j) => `${j.CopyJobId} (${j.State ?? "state unknown"})`).join(", ");
    return {
      kind: "fail",
      message: `${refused}, and ${candidates.length} copy jobs of it into ${conflict.destinationBackupVaultArn} could be that run's: ${ids}. Another stack may have copied the same recovery point, so none was adopted and nothing was changed. Set copyJobId to the one this resource started to adopt it, or set idempotencyToken to a new value to start a new copy`,
    };
  }
  const [job] = candidates;
  if (isFailed(job.State))
    return {
      kind: "next-token",
      line: `Copy job ${job.CopyJobId}, started earlier for this resource with other settings, ended ${job.State}; starting a new copy`,
    };
  return {
    kind: "adopt",
    job,
    line: `Adopting copy job ${job.CopyJobId} (${job.State ?? "state unknown"}), started earlier for this resource with other settings`,
  };
}

// ---- A resumed job whose copy is not seen ----

export interface MissingCopy {
  copyJobId: string;
  destinationRecoveryPointArn: string;
  /** The job was already COMPLETED when StartCopyJob handed it back (not one that completed during this run). */
  completedWhenResumed: boolean;
  /**
   * Every look at the copy said gone (not found, DELETING, EXPIRED), and there was more than one, apart in
   * time: right after a copy completes, AWS may not show it yet, and one NotFound proves nothing.
   */
  confirmedGone: boolean;
}

export type MissingCopyDecision =
  | { kind: "copy-again"; line: string }
  /** Keep the job: its copy is there, or may only not be visible yet (refresh fills it in). */
  | { kind: "keep" };

/**
 * AWS hands back the job of a reused token for a while, even a COMPLETED one whose copy has since been deleted
 * (a copy deleted outside Pulumi, then `refresh` and `up`): that copy is not there, so copy again. Only for a
 * job that was COMPLETED before this run, and only when the copy is confirmed gone: a job that completed during
 * this run may not show its copy yet, and copying again would leave the first copy orphaned.
 */
export function whenResumedCopyMissing(missing: MissingCopy): MissingCopyDecision {
  if (!missing.completedWhenResumed || !missing.confirmedGone) return { kind: "keep" };
  return {
    kind: "copy-again",
    line: `Copy job ${missing.copyJobId}, started by an earlier run with the same inputs, COMPLETED, but its copy ${missing.destinationRecoveryPointArn} is gone; starting a new copy`,
  };
}

// ---- A recorded job that AWS does not describe ----

export type NotFoundDecision =
  /** Too new to be listed: AWS may not show a job for a while after it starts; wait as usual. */
  | { kind: "not-yet-visible" }
  /** Too old to be described: the job left AWS's history; manage it from its copy. */
  | { kind: "aged-out"; createdAt: number };

/**
 * DescribeCopyJob said NotFound for a job the stack records. `recordedCreatedAt` is the job's CreationDate as
 * recorded (epoch ms), `serverNow` the server's clock now. Without a recorded creation date nothing tells the
 * two apart, and the job is treated as not visible yet (the behaviour of every earlier version).
 */
export function whenJobNotFound(recordedCreatedAt: number | undefined, serverNow: number): NotFoundDecision {
  if (recordedCreatedAt === undefined || !Number.isFinite(recordedCreatedAt))
    return { kind: "not-yet-visible" };
  return serverNow - recordedCreatedAt > NOT_YET_VISIBLE_MS
    ? { kind: "aged-out", createdAt: recordedCreatedAt }
    : { kind: "not-yet-visible" };
}

export interface VaultCopy {
  recoveryPointArn: string;
  sourceBackupVaultArn?: string;
  /** A copy keeps its source's CreationDate (epoch ms). */
  createdAt?: number;
  completedAt?: number;
  status?: string;
}

export interface AgedOutJob {
  copyJobId: string;
  /** The job's recorded CreationDate (epoch ms). */
  createdAt: number;
  recoveryPointArn: string;
  destinationBackupVaultArn: string;
  /** The source vault's ARN, when recorded. */
  sourceBackupVaultArn?: string;
  /** The source recovery point's CreationDate (epoch ms), when it could still be described. */
  sourceCreatedAt?: number;
}

export type CopyFoundDecision =
  { kind: "adopt-copy"; recoveryPointArn: string; line: string } | { kind: "fail"; message: string };

/**
 * The copy of an aged-out job, among the destination vault's recovery points of the same resource: a copy
 * keeps its source's creation date and names its source vault, and it completed after the job started. Exactly
 * one match is the job's copy; none or several fail at once with what to do, rather than wait for a job AWS
 * will never show again.
 */
export function whenCopiesFound(job: AgedOutJob, points: readonly VaultCopy[]): CopyFoundDecision {
  const matches = points.filter(
    (p) =>
      (job.sourceBackupVaultArn === undefined || p.sourceBackupVaultArn === job.sourceBackupVaultArn) &&
      (job.sourceCreatedAt === undefined || p.createdAt === job.sourceCreatedAt) &&
      (p.completedAt === undefined || p.completedAt >= job.createdAt) &&
      p.status !== "DELETING" &&
      p.status !== "EXPIRED",
  );
  const agedOut = `Copy job ${job.copyJobId} (created ${new Date(job.createdAt).toISOString()}) is no longer in AWS's job history and no copy of it was recorded`;
  if (matches.length === 1) {
    return {
      kind: "adopt-copy",
      recoveryPointArn: matches[0].recoveryPointArn,
      line: `${agedOut}; found its copy ${matches[0].recoveryPointArn} in ${job.destinationBackupVaultArn}`,
    };
  }
  if (matches.length === 0) {
    return {
      kind: "fail",
      message: `${agedOut}, and no copy of ${job.recoveryPointArn} made after it is in ${job.destinationBackupVaultArn}: the job failed or its copy is gone. Run \`pulumi refresh\` (it removes the resource from the stack), then \`pulumi up\` copies again`,
    };
  }
  return {
    kind: "fail",
    message: `${agedOut}, and ${matches.length} copies of ${job.recoveryPointArn} are in ${job.destinationBackupVaultArn} (${matches.map((m) => m.recoveryPointArn).join(", ")}), so which one is this resource's cannot be told; nothing was changed. Run \`pulumi refresh\` (it removes the resource from the stack and leaves the copies), then \`pulumi up\` copies again; or remove the resource with \`pulumi state delete\` and manage the copy you want outside Pulumi`,
  };
}
