/**
 * Starting the copy: StartCopyJob with the deterministic token, never a second copy.
 *
 * AWS hands back the job it already started for a reused token, even a failed one. A job created before our
 * request reached AWS (its CreationDate precedes the response's Date) is a replay: a running or completed one is
 * ours from an interrupted run and is resumed; a failed one belongs to an earlier attempt, so we move to the next
 * token of the sequence and a retry starts a fresh copy. A job that failed within seconds is too young for the
 * CreationDate test; replayed-failure.ts tells it by its CompletionDate once the wait sees it failed.
 */
import {
  CopyJob,
  paginateListCopyJobs,
  StartCopyJobCommand,
  StartCopyJobCommandInput,
  StartCopyJobCommandOutput,
} from "@aws-sdk/client-backup";
import { errorMessage, errorName, isTransient } from "../aws/aws-errors";
import { FAILED_STATES, findCopyJob } from "../aws/find";
import { serverDateOf } from "../aws/server-date";
import { explainAwsError } from "../errors";
import { deterministicToken, tokenForAttempt } from "../inputs/token";
import { Deadline } from "../wait/deadline";
import { DeadlineReached, pollUntil } from "../wait/poll";
import { awsLifecycle } from "./aws-lifecycle";
import type { OperationContext } from "./context";
import { retryTransient } from "./retry";

/** A sequence this long only runs out after that many failed copies of one resource: then stop and say so. */
const MAX_ATTEMPTS = 50;
/** The Date header has one-second resolution; anything older than this was not created by our request. */
const REPLAY_MARGIN_MS = 2_000;

export interface StartedJob {
  copyJobId: string;
  tokenAttempt: number;
  /** The job as last seen, when a replay told us its state. */
  job?: CopyJob;
  /** True when the job was found rather than started by this call (a resumed run). */
  resumed: boolean;
  /** The server's clock (Date header, epoch ms, whole seconds) when StartCopyJob answered. */
  answeredAt?: number;
}

export async function startCopy(
  ctx: OperationContext,
  deadline: Deadline,
  firstAttempt = 0,
): Promise<StartedJob> {
  const base = ctx.inputs.idempotencyToken ?? deterministicToken(ctx.inputs);
  for (let attempt = firstAttempt; attempt < firstAttempt + MAX_ATTEMPTS; attempt++) {
    const token = tokenForAttempt(base, attempt);
    const out = await startWithRetry(ctx, token, deadline);
    if (!out) return adoptAfterTokenConflict(ctx, attempt);
    const copyJobId = out.CopyJobId!;
    if (!isReplay(out)) {
      return { copyJobId, tokenAttempt: attempt, resumed: false, answeredAt: serverDateOf(out) };
    }
    const job = await retryTransient(ctx, () => findCopyJob(ctx.source, copyJobId), deadline);
    if (job && FAILED_STATES.has(job.State ?? "")) {
      console.log(`Copy job ${copyJobId} from an earlier attempt ended ${job.State}; starting a new copy`);
      continue;
    }
    console.log(`Resuming copy job ${copyJobId}, started by an earlier run with the same inputs`);
    return { copyJobId, tokenAttempt: attempt, job, resumed: true };
  }
  throw new Error(
    `${MAX_ATTEMPTS} copies of ${ctx.inputs.recoveryPointArn} with this resource's tokens have failed; fix the cause, or set idempotencyToken to start over`,
  );
}

function isReplay(out: StartCopyJobCommandOutput): boolean {
  const serverNow = serverDateOf(out);
  const created = out.CreationDate?.getTime();
  return serverNow !== undefined && created !== undefined && created < serverNow - REPLAY_MARGIN_MS;
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
            console.log(
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
        `StartCopyJob for ${inputs.recoveryPointArn}: no start slot came free before the ${Math.round(deadline.totalMs / 60000)}-minute timeout ran out (at most ${ctx.runtime.maxConcurrentCopies} copies run at once, PULUMI_BACKUP_COPY_MAX_CONCURRENT_COPIES); nothing was started, run \`pulumi up\` again or raise timeoutMinutes`,
        { cause: error },
      );
    }
    if (error instanceof DeadlineReached) {
      throw explainAwsError(
        `StartCopyJob for ${inputs.recoveryPointArn} (still refused when the ${Math.round(deadline.totalMs / 60000)}-minute timeout ran out)`,
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

/**
 * The token was used with other parameters: an interrupted run started this copy, then the lifecycle changed.
 * The job exists, so adopt it (the caller then applies the new lifecycle) rather than start a second copy.
 */
async function adoptAfterTokenConflict(ctx: OperationContext, attempt: number): Promise<StartedJob> {
  const jobs: CopyJob[] = [];
  const pages = paginateListCopyJobs(
    { client: ctx.source },
    {
      ByDestinationVaultArn: ctx.inputs.destinationBackupVaultArn,
      BySourceRecoveryPointArn: ctx.inputs.recoveryPointArn,
      // Tokens are honoured for a day; a job older than that cannot be the one the token refers to.
      ByCreatedAfter: new Date(Date.now() - 25 * 3600_000),
    },
  );
  try {
    for await (const page of pages) jobs.push(...(page.CopyJobs ?? []));
  } catch (error) {
    throw explainAwsError(
      `ListCopyJobs (to find the copy job that idempotency token attempt ${attempt} started for ${ctx.inputs.recoveryPointArn})`,
      error,
    );
  }
  const live = jobs
    .filter((j) => !FAILED_STATES.has(j.State ?? ""))
    .sort((a, b) => (b.CreationDate?.getTime() ?? 0) - (a.CreationDate?.getTime() ?? 0))[0];
  if (!live?.CopyJobId) {
    throw new Error(
      `AWS refused idempotency token attempt ${attempt} for ${ctx.inputs.recoveryPointArn} because it was used with other parameters, and no running copy was found to adopt; set idempotencyToken to a new value`,
    );
  }
  console.log(`Adopting copy job ${live.CopyJobId}, started earlier for this resource with other settings`);
  return { copyJobId: live.CopyJobId, tokenAttempt: attempt, job: live, resumed: true };
}
