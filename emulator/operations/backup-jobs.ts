import { parseArn, parseRoleArn, resourceNameOf, resourceTypeOf } from "../arn";
import { invalidParameter, notFound } from "../errors";
import { OpContext, OpResult, Route } from "../routing";
import { BackupJob } from "../store";
import { optionalString, requiredLabel, requiredString, validateLifecycle } from "../validate";
import { listJobs } from "./job-lists";
import { replayedJobId, callerVault, callerVaultArn, DAY_MS, epochSeconds, lifecycleView } from "./shared";

/** On-demand backups, so that recovery points can also be made through the API rather than only seeded. */

function startBackupJob(ctx: OpContext): OpResult {
  const { store, caller, now, body } = ctx;
  const vaultName = requiredString(body, "BackupVaultName");
  const resourceArn = requiredString(body, "ResourceArn");
  const roleArn = requiredString(body, "IamRoleArn");
  const token = optionalString(body, "IdempotencyToken");
  const lifecycle = validateLifecycle(body.Lifecycle);
  const resource = parseArn(resourceArn);
  if (!resource) throw invalidParameter(`Invalid ResourceArn: ${resourceArn}`);
  if (!parseRoleArn(roleArn)) throw invalidParameter(`Invalid IamRoleArn: ${roleArn}`);
  const print = JSON.stringify([vaultName, resourceArn, roleArn, lifecycle ?? null]);
  const tokenKey = token === undefined ? undefined : `${caller.accountId}|${token}`;
  const replayed = replayedJobId(store.backupTokens, tokenKey, print, now, store.settings.tokenTtlHours, {
    operation: "StartBackupJob",
    job: "backup job",
  });
  const replayedJob = replayed === undefined ? undefined : store.backupJobs.get(replayed);
  if (replayedJob) return startResponse(replayedJob);
  const vault = callerVault(ctx, vaultName);
  const resourceType = resourceTypeOf(resourceArn);
  const job: BackupJob = {
    backupJobId: store.ids.uuid(),
    accountId: caller.accountId,
    region: caller.region,
    backupVaultName: vault.name,
    backupVaultArn: vault.arn,
    resourceArn,
    resourceType,
    resourceName: resourceNameOf(resourceArn),
    iamRoleArn: roleArn,
    lifecycle,
    backupSizeInBytes: store.settings.backupSizeInBytes,
    creationDate: now,
    state: "CREATED",
    // Known up front, as AWS returns it from StartBackupJob.
    recoveryPointArn: store.newRecoveryPointArn(resourceType, caller.region, caller.accountId),
    idempotencyToken: token,
  };
  store.backupJobs.set(job.backupJobId, job);
  store.activeBackupJobs.add(job.backupJobId);
  if (tokenKey)
    store.backupTokens.set(tokenKey, { jobId: job.backupJobId, fingerprint: print, createdAt: now });
  return startResponse(job);
}

function startResponse(job: BackupJob): OpResult {
  return {
    body: {
      BackupJobId: job.backupJobId,
      RecoveryPointArn: job.recoveryPointArn,
      CreationDate: epochSeconds(job.creationDate),
      IsParent: false,
    },
  };
}

/** The caller's own jobs, within the job history (30 days by default, as AWS lists them). */
function visibleToCaller(ctx: OpContext, job: BackupJob): boolean {
  return (
    job.accountId === ctx.caller.accountId &&
    job.region === ctx.caller.region &&
    ctx.now - job.creationDate <= ctx.store.settings.jobHistoryDays * DAY_MS
  );
}

function describeBackupJob(ctx: OpContext): OpResult {
  const id = requiredLabel(ctx.params, "BackupJobId");
  const job = ctx.store.backupJobs.get(id);
  if (!job || !visibleToCaller(ctx, job)) throw notFound(`Backup job ${id} was not found.`);
  return { body: backupJobView(ctx, job) };
}

/** BACKUP_STATES: the model's BackupJobState values (a filter may name states the emulator never reaches). */
const BACKUP_STATES = [
  "CREATED",
  "PENDING",
  "RUNNING",
  "ABORTING",
  "ABORTED",
  "COMPLETED",
  "FAILED",
  "EXPIRED",
  "PARTIAL",
];

function listBackupJobs(ctx: OpContext): OpResult {
  const page = listJobs(
    ctx,
    [...ctx.store.backupJobs.values()].filter((j) => visibleToCaller(ctx, j)),
    {
      scope: "bj",
      states: BACKUP_STATES,
      fields: (j) => ({ ...j, id: j.backupJobId }),
      text: { backupVaultName: (j) => j.backupVaultName },
    },
  );
  return { body: { BackupJobs: page.items.map((j) => backupJobView(ctx, j)), NextToken: page.nextToken } };
}

/** Every field DescribeBackupJob documents that the emulator has a value for (ListBackupJobs: the same). */
function backupJobView(ctx: OpContext, job: BackupJob) {
  const done =
    job.state === "COMPLETED"
      ? 1
      : job.state === "RUNNING" && job.runningAt !== undefined && job.completeAt !== undefined
        ? Math.min(1, (ctx.now - job.runningAt) / Math.max(1, job.completeAt - job.runningAt))
        : 0;
  return {
    AccountId: job.accountId,
    BackupJobId: job.backupJobId,
    BackupVaultName: job.backupVaultName,
    BackupVaultArn: job.backupVaultArn,
    VaultType: "BACKUP_VAULT",
    RecoveryPointLifecycle: lifecycleView(job.lifecycle),
    RecoveryPointArn: job.recoveryPointArn,
    IsEncrypted: true,
    ResourceArn: job.resourceArn,
    CreationDate: epochSeconds(job.creationDate),
    CompletionDate: epochSeconds(job.completionDate),
    State: job.state,
    StatusMessage: job.statusMessage,
    PercentDone: (done * 100).toFixed(1),
    BackupSizeInBytes: job.backupSizeInBytes,
    BytesTransferred: Math.floor(job.backupSizeInBytes * done),
    IamRoleArn: job.iamRoleArn,
    ResourceType: job.resourceType,
    ExpectedCompletionDate: epochSeconds(job.completeAt),
    // AWS's default start window is 8 hours.
    StartBy: epochSeconds(job.creationDate + 8 * 3_600_000),
    IsParent: false,
    ResourceName: job.resourceName,
    InitiationDate: epochSeconds(job.creationDate),
    MessageCategory: job.messageCategory,
  };
}

export const backupJobRoutes: Route[] = [
  {
    method: "PUT",
    path: "/backup-jobs",
    operation: "StartBackupJob",
    handler: startBackupJob,
    resource: (ctx) =>
      typeof ctx.body.BackupVaultName === "string"
        ? callerVaultArn(ctx, ctx.body.BackupVaultName)
        : undefined,
    extraActions: (ctx) => [
      {
        action: "iam:PassRole",
        resource: typeof ctx.body.IamRoleArn === "string" ? ctx.body.IamRoleArn : undefined,
      },
    ],
  },
  { method: "GET", path: "/backup-jobs", operation: "ListBackupJobs", handler: listBackupJobs },
  {
    method: "GET",
    path: "/backup-jobs/{BackupJobId}",
    operation: "DescribeBackupJob",
    handler: describeBackupJob,
  },
];
