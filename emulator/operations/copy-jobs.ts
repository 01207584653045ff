import { isRecoveryPointArn, parseRoleArn, parseVaultArn, VAULT_NAME_RE } from "../arn";
import { AwsError, invalidParameter, invalidRequest, notFound } from "../errors";
import { isVisible, statusAt, storageClassAt } from "../engine";
import { OpContext, OpResult, Route } from "../routing";
import { CopyJob, Lifecycle, RecoveryPoint, Store } from "../store";
import { optionalString, requiredLabel, requiredString, validateLifecycle } from "../validate";
import { listJobs } from "./job-lists";
import { replayedJobId, callerVault, DAY_MS, epochSeconds, lifecycleView, recoveryPointIn } from "./shared";

const STATES = ["CREATED", "RUNNING", "COMPLETED", "FAILED", "PARTIAL"];

/** What makes two StartCopyJob calls "the same request" for the idempotency token. */
function fingerprint(parts: {
  rp: string;
  source: string;
  dest: string;
  role: string;
  lifecycle?: Lifecycle;
}): string {
  const l = parts.lifecycle ?? {};
  return JSON.stringify([
    parts.rp,
    parts.source,
    parts.dest,
    parts.role,
    l.MoveToColdStorageAfterDays ?? null,
    l.DeleteAfterDays ?? null,
    l.OptInToArchiveForSupportedResources ?? null,
  ]);
}

function startResponse(job: CopyJob): OpResult {
  return {
    body: { CopyJobId: job.copyJobId, CreationDate: epochSeconds(job.creationDate), IsParent: job.isParent },
  };
}

function startCopyJob(ctx: OpContext): OpResult {
  const { store, caller, now, body } = ctx;
  const rpArn = requiredString(body, "RecoveryPointArn");
  const sourceVaultName = requiredString(body, "SourceBackupVaultName");
  const destArn = requiredString(body, "DestinationBackupVaultArn");
  const roleArn = requiredString(body, "IamRoleArn");
  const token = optionalString(body, "IdempotencyToken");
  const lifecycle = validateLifecycle(body.Lifecycle);
  if (!isRecoveryPointArn(rpArn)) throw invalidParameter(`Invalid RecoveryPointArn: ${rpArn}`);
  if (!VAULT_NAME_RE.test(sourceVaultName))
    throw invalidParameter(`Invalid SourceBackupVaultName: ${sourceVaultName}`);
  const dest = parseVaultArn(destArn);
  if (!dest) throw invalidParameter(`Invalid DestinationBackupVaultArn: ${destArn}`);
  if (!parseRoleArn(roleArn)) throw invalidParameter(`Invalid IamRoleArn: ${roleArn}`);

  const print = fingerprint({ rp: rpArn, source: sourceVaultName, dest: destArn, role: roleArn, lifecycle });
  const tokenKey = token === undefined ? undefined : `${caller.accountId}|${token}`;
  const replayed = replayedJobId(store.copyTokens, tokenKey, print, now, store.settings.tokenTtlHours, {
    operation: "StartCopyJob",
    job: "copy job",
  });
  const replayedJob = replayed === undefined ? undefined : store.copyJobs.get(replayed);
  if (replayedJob) return startResponse(replayedJob);

  const sourceVault = callerVault(ctx, sourceVaultName);
  const source = recoveryPointIn(ctx, sourceVault, rpArn);
  const status = statusAt(source, now);
  if (status !== "COMPLETED")
    throw invalidRequest(
      `Recovery point ${rpArn} is ${status}; only COMPLETED recovery points can be copied.`,
    );
  if (source.isContinuous)
    throw invalidRequest(
      `Recovery point ${rpArn} is a continuous backup; continuous backups cannot be copied on demand.`,
    );
  if (storageClassAt(source, now) === "COLD")
    throw invalidRequest(
      `Recovery point ${rpArn} is in cold storage; recovery points in cold storage cannot be copied.`,
    );
  if (destArn === sourceVault.arn)
    throw invalidParameter("The destination backup vault must differ from the source backup vault.");

  checkQuotas(store, caller.accountId, dest.region, source.resourceArn);

  const job = newJob(store, now, {
    accountId: caller.accountId,
    region: caller.region,
    source,
    sourceVaultArn: sourceVault.arn,
    destArn,
    roleArn,
    lifecycle,
    token,
  });
  const children = [...store.recoveryPoints.values()].filter(
    (rp) => rp.parentRecoveryPointArn === source.arn && isVisible(rp, now, store.settings),
  );
  if (source.isParent && children.length) {
    job.isParent = true;
    for (const child of children) {
      const c = newJob(store, now, {
        accountId: caller.accountId,
        region: caller.region,
        source: child,
        sourceVaultArn: sourceVault.arn,
        destArn,
        roleArn,
        lifecycle,
      });
      c.parentJobId = job.copyJobId;
      c.compositeMemberIdentifier = child.compositeMemberIdentifier;
      job.childJobIds.push(c.copyJobId);
    }
  }
  if (tokenKey) store.copyTokens.set(tokenKey, { jobId: job.copyJobId, fingerprint: print, createdAt: now });
  return startResponse(job);
}

function checkQuotas(store: Store, accountId: string, destRegion: string, resourceArn: string): void {
  let concurrent = 0;
  for (const id of store.activeCopyJobs) {
    const job = store.copyJobs.get(id)!;
    if (job.accountId !== accountId || job.parentJobId) continue;
    if (job.resourceArn === resourceArn)
      throw new AwsError(
        "LimitExceededException",
        `A copy job for resource ${resourceArn} is already in progress (${job.copyJobId}); only one copy job per resource can run at a time.`,
      );
    if (parseVaultArn(job.destinationBackupVaultArn)?.region === destRegion) concurrent++;
  }
  const max = store.settings.maxConcurrentCopiesPerDestinationRegion;
  if (concurrent >= max)
    throw new AwsError(
      "LimitExceededException",
      `Maximum number of concurrent copy jobs (${max}) to region ${destRegion} reached for account ${accountId}.`,
    );
}

function newJob(
  store: Store,
  now: number,
  a: {
    accountId: string;
    region: string;
    source: RecoveryPoint;
    sourceVaultArn: string;
    destArn: string;
    roleArn: string;
    lifecycle?: Lifecycle;
    token?: string;
  },
): CopyJob {
  const job: CopyJob = {
    copyJobId: store.ids.uuid(),
    accountId: a.accountId,
    region: a.region,
    sourceBackupVaultArn: a.sourceVaultArn,
    sourceRecoveryPointArn: a.source.arn,
    destinationBackupVaultArn: a.destArn,
    resourceArn: a.source.resourceArn,
    resourceType: a.source.resourceType,
    resourceName: a.source.resourceName,
    iamRoleArn: a.roleArn,
    lifecycle: a.lifecycle,
    backupSizeInBytes: a.source.backupSizeInBytes,
    creationDate: now,
    state: "CREATED",
    idempotencyToken: a.token,
    isParent: false,
    childJobIds: [],
  };
  store.copyJobs.set(job.copyJobId, job);
  store.activeCopyJobs.add(job.copyJobId);
  return job;
}

/** Invisible while the consistency-delay fault hides it, and once older than the job history. */
function visibleToCaller(ctx: OpContext, job: CopyJob, consistencyDelaySeconds: number): boolean {
  return (
    job.accountId === ctx.caller.accountId &&
    job.region === ctx.caller.region &&
    ctx.now >= job.creationDate + consistencyDelaySeconds * 1000 &&
    ctx.now - job.creationDate <= ctx.store.settings.jobHistoryDays * DAY_MS
  );
}

export function copyJobView(store: Store, job: CopyJob) {
  const children = job.childJobIds.map((id) => store.copyJobs.get(id)!);
  const childStates = job.isParent
    ? Object.fromEntries(
        ["CREATED", "RUNNING", "COMPLETED", "FAILED"].map((s) => [
          s,
          children.filter((c) => c.state === s).length,
        ]),
      )
    : undefined;
  return {
    AccountId: job.accountId,
    CopyJobId: job.copyJobId,
    SourceBackupVaultArn: job.sourceBackupVaultArn,
    SourceRecoveryPointArn: job.sourceRecoveryPointArn,
    DestinationBackupVaultArn: job.destinationBackupVaultArn,
    DestinationVaultType: "BACKUP_VAULT",
    DestinationRecoveryPointArn: job.destinationRecoveryPointArn,
    DestinationRecoveryPointLifecycle: lifecycleView(job.lifecycle),
    ResourceArn: job.resourceArn,
    CreationDate: epochSeconds(job.creationDate),
    CompletionDate: epochSeconds(job.completionDate),
    State: job.state,
    StatusMessage: job.statusMessage,
    BackupSizeInBytes: job.backupSizeInBytes,
    IamRoleArn: job.iamRoleArn,
    ResourceType: job.resourceType,
    ParentJobId: job.parentJobId,
    IsParent: job.isParent,
    CompositeMemberIdentifier: job.compositeMemberIdentifier,
    NumberOfChildJobs: job.isParent ? children.length : undefined,
    ChildJobsInState: childStates,
    ResourceName: job.resourceName,
    MessageCategory: job.messageCategory,
  };
}

function describeCopyJob(ctx: OpContext, delay: number): OpResult {
  const id = requiredLabel(ctx.params, "CopyJobId");
  const job = ctx.store.copyJobs.get(id);
  if (!job || !visibleToCaller(ctx, job, delay)) throw notFound(`Copy job ${id} was not found.`);
  return { body: { CopyJob: copyJobView(ctx.store, job) } };
}

function listCopyJobs(ctx: OpContext, delay: number): OpResult {
  const page = listJobs(
    ctx,
    [...ctx.store.copyJobs.values()].filter((j) => visibleToCaller(ctx, j, delay)),
    {
      scope: "cj",
      states: STATES,
      fields: (j) => ({ ...j, id: j.copyJobId }),
      text: {
        destinationVaultArn: (j) => j.destinationBackupVaultArn,
        sourceRecoveryPointArn: (j) => j.sourceRecoveryPointArn,
      },
    },
  );
  return {
    body: { CopyJobs: page.items.map((j) => copyJobView(ctx.store, j)), NextToken: page.nextToken },
  };
}

export function copyJobRoutes(consistencyDelaySeconds: () => number): Route[] {
  return [
    {
      method: "PUT",
      path: "/copy-jobs",
      operation: "StartCopyJob",
      handler: startCopyJob,
      resource: (ctx) =>
        typeof ctx.body.RecoveryPointArn === "string" ? ctx.body.RecoveryPointArn : undefined,
      // AWS checks that the caller may pass the copy role to AWS Backup.
      extraActions: (ctx) => [
        {
          action: "iam:PassRole",
          resource: typeof ctx.body.IamRoleArn === "string" ? ctx.body.IamRoleArn : undefined,
        },
      ],
    },
    {
      method: "GET",
      path: "/copy-jobs/{CopyJobId}",
      operation: "DescribeCopyJob",
      handler: (ctx) => describeCopyJob(ctx, consistencyDelaySeconds()),
    },
    {
      method: "GET",
      path: "/copy-jobs",
      operation: "ListCopyJobs",
      handler: (ctx) => listCopyJobs(ctx, consistencyDelaySeconds()),
    },
  ];
}
