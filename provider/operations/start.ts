/**
 * Starting the copy: StartCopyJob with the deterministic token, never a second copy.
 *
 * AWS hands back the job it already started for a reused token, even a failed one, and refuses a token used
 * with other parameters. Whether the job handed back (or one AWS lists after a refusal) is ours is decided in
 * ownership.ts; this file makes the calls and acts on the decision. A job that failed within seconds is too
 * young for the CreationDate test; started.ts tells it by its CompletionDate once the wait sees it failed.
 */
import {
  type CopyJob,
  StartCopyJobCommand,
  StartCopyJobCommandInput,
  StartCopyJobCommandOutput,
} from "@aws-sdk/client-backup";
import { errorMessage, errorName, isTransient } from "../aws/aws-errors";
import { listCopyJobsOf } from "../aws/copy-jobs";
import { findCopyJob } from "../aws/find";
import { serverDateOf } from "../aws/server-date";
import { explainAwsError } from "../errors";
import { deterministicToken, tokenForAttempt } from "../inputs/token";
import { timeoutText } from "../timeout-text";
import { Deadline } from "../wait/deadline";
import { DeadlineReached, pollUntil } from "../wait/poll";
import { awsLifecycle } from "./aws-lifecycle";
import type { OperationContext } from "./context";
import { isReplay, TOKEN_LIFETIME_MS, whenStartAnswered, whenTokenConflict } from "./ownership";
import { retryTransient } from "./retry";

/** A sequence this long only runs out after that many failed copies of one resource: then stop and say so. */
const MAX_ATTEMPTS = 50;

export interface StartedJob {
  copyJobId: string;
  tokenAttempt: number;
  /** The job as last seen: as a replay or ListCopyJobs showed it, or as StartCopyJob created it (CREATED). */
  job?: CopyJob;
  /** True when the job was found rather than started by this call (a resumed run, or adopted after a refusal). */
  resumed: boolean;
  /** The found job had already COMPLETED: its copy is checked (create.ts) before anything is said. */
  completedWhenResumed?: boolean;
  /** What was decided about a found job, for the caller to print (create.ts prints one line in the end). */
  line?: string;
  /** The server's clock (Date header, epoch ms, whole seconds) when StartCopyJob answered. */
  answeredAt?: number;
}

/**
 * `notOurs`: job ids the stack records as other attempts' (a failed job an update replaces), which a token
 * refusal must never adopt.
 */
export async function startCopy(
  ctx: OperationContext,
  deadline: Deadline,
  firstAttempt = 0,
  notOurs: readonly string[] = [],
): Promise<StartedJob> {
  const base = ctx.inputs.idempotencyToken ?? deterministicToken(ctx.inputs);
  for (let attempt = firstAttempt; attempt < firstAttempt + MAX_ATTEMPTS; attempt++) {
    const token = tokenForAttempt(base, attempt);
    const out = await startWithRetry(ctx, token, deadline);
    if (!out) {
      const decision = whenTokenConflict({
        recoveryPointArn: ctx.inputs.recoveryPointArn,
        destinationBackupVaultArn: ctx.inputs.destinationBackupVaultArn,
        iamRoleArn: ctx.inputs.iamRoleArn,
        attempt,
        listed: await jobsThatMayHoldToken(ctx, attempt, deadline),
        notOurs,
      });
      if (decision.kind === "fail") throw new Error(decision.message);
      if (decision.kind === "next-token") {
        ctx.log(decision.line);
        continue;
      }
      const job = decision.job;
      return {
        copyJobId: job.CopyJobId!,
        tokenAttempt: attempt,
        job,
        resumed: true,
        completedWhenResumed: job.State === "COMPLETED",
        line: decision.line,
      };
    }
    const copyJobId = out.CopyJobId!;
    const answer = { copyJobId, createdAt: out.CreationDate?.getTime(), answeredAt: serverDateOf(out) };
    // Only a replay is described: a job our request just created is ours, and may not be visible yet.
    const replayed = isReplay(answer)
      ? await retryTransient(ctx, () => findCopyJob(ctx.source, copyJobId), deadline)
      : undefined;
    const decision = whenStartAnswered(answer, replayed);
    if (decision.kind === "started") {
      // StartCopyJob's own answer: the job's creation date is recorded even if it is never seen (a job that
      // leaves AWS's history unseen is told from one too new to be listed by it, ownership.ts).
      const job: CopyJob = { CopyJobId: copyJobId, CreationDate: out.CreationDate, State: "CREATED" };
      return { copyJobId, tokenAttempt: attempt, job, resumed: false, answeredAt: answer.answeredAt };
    }
    if (decision.kind === "next-token") {
      ctx.log(decision.line);
      continue;
    }
    return {
      copyJobId,
      tokenAttempt: attempt,
      job: replayed,
      resumed: true,
      completedWhenResumed: decision.completedWhenResumed,
      line: decision.line,
    };
  }
  throw new Error(
    `${MAX_ATTEMPTS} copies of ${ctx.inputs.recoveryPointArn} with this resource's tokens have failed; fix the cause, or set idempotencyToken to start over`,
  );
}

/** The jobs a refused token may belong to: this recovery point into this vault, within a token's lifetime. */
async function jobsThatMayHoldToken(ctx: OperationContext, attempt: number, deadline: Deadline) {
  try {
    return await retryTransient(
      ctx,
      () =>
        listCopyJobsOf(ctx.source, {
          recoveryPointArn: ctx.inputs.recoveryPointArn,
          destinationVaultArn: ctx.inputs.destinationBackupVaultArn,
          createdAfter: new Date(Date.now() - TOKEN_LIFETIME_MS),
        }),
      deadline,
    );
  } catch (error) {
    throw explainAwsError(
      `ListCopyJobs (to find the copy job that idempotency token attempt ${attempt} started for ${ctx.inputs.recoveryPointArn})`,
      error,
    );
  }
}

/**
 * StartCopyJob, waiting out quotas: LimitExceeded (100 concurrent copies per destination region, one job per
 * resource) means "wait for a slot", never "fail this resource". Returns undefined when AWS refuses the
 * token because it was used with other parameters.
 */
async function startWithRetry(
  ctx: OperationContext,
  token: string,
  deadline: Deadline,
): Promise<StartCopyJobCommandOutput | undefined> {
  const { inputs, settings } = ctx;
  let reported = false;
  try {
    return await pollUntil(
      async () => {
        try {
          const out = await sendThroughGate(ctx, {
            RecoveryPointArn: inputs.recoveryPointArn,
            SourceBackupVaultName: inputs.sourceBackupVaultName,
            DestinationBackupVaultArn: inputs.destinationBackupVaultArn,
            IamRoleArn: inputs.iamRoleArn,
            IdempotencyToken: token,
            Lifecycle: awsLifecycle(inputs.lifecycle),
          });
          return { done: true, value: out };
        } catch (error) {
          if (isTokenConflict(error)) return { done: true, value: undefined };
          if (errorName(error) === "LimitExceededException" && !reported) {
            reported = true;
            ctx.log(
              `StartCopyJob for ${inputs.recoveryPointArn}: ${errorMessage(error)}; waiting for a free slot`,
            );
          }
          throw error;
        }
      },
      { deadline, minDelayMs: settings.minDelayMs, maxDelayMs: settings.maxDelayMs, isTransient },
    );
  } catch (error) {
    if (error instanceof DeadlineReached && error.lastError === undefined) {
      // The start gate's queue: every slot stayed held by this process's running copies.
      throw new Error(
        `StartCopyJob for ${inputs.recoveryPointArn}: no start slot came free before the ${timeoutText(deadline.totalMs)} ran out (at most ${ctx.runtime.maxConcurrentCopies} copies run at once, PULUMI_BACKUP_COPY_MAX_CONCURRENT_COPIES); nothing was started, run \`pulumi up\` again or raise timeoutMinutes`,
        { cause: error },
      );
    }
    if (error instanceof DeadlineReached) {
      throw explainAwsError(
        `StartCopyJob for ${inputs.recoveryPointArn} (still refused when the ${timeoutText(deadline.totalMs)} ran out)`,
        error.lastError,
      );
    }
    throw explainAwsError(
      `StartCopyJob for ${inputs.recoveryPointArn} into ${inputs.destinationBackupVaultArn}`,
      error,
    );
  }
}

/**
 * StartCopyJob inside a slot of the start gate (wait/start-gate.ts): the request, and the SDK's retries of it,
 * wait for a slot rather than being refused by AWS's concurrency quota; the job started holds the slot until it
 * is seen terminal. The command is built only once the slot is granted, so a thousand queued starts hold a
 * thousand small closures, not a thousand SDK commands with their middleware stacks.
 */
async function sendThroughGate(
  ctx: OperationContext,
  input: StartCopyJobCommandInput,
): Promise<StartCopyJobCommandOutput> {
  const gate = ctx.runtime.startGateFor(ctx.source, ctx.settings.destinationRegion);
  if (!gate) return ctx.source.send(new StartCopyJobCommand(input));
  const slot = await gate.acquire(ctx.deadline);
  try {
    const out = await ctx.source.send(new StartCopyJobCommand(input));
    if (out.CopyJobId) slot.bind(out.CopyJobId, input.DestinationBackupVaultArn);
    else slot.release();
    return out;
  } catch (error) {
    slot.release();
    throw error;
  }
}

function isTokenConflict(error: unknown): boolean {
  const name = errorName(error);
  return (
    (name === "ConflictException" ||
      name === "InvalidRequestException" ||
      name === "IdempotentParameterMismatch") &&
    /idempoten|token/i.test(errorMessage(error))
  );
}
