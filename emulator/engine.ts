import { COPY_INTO_VAULT, policyAllows } from "./access-policy";
import { parseRoleArn, parseVaultArn } from "./arn";
import { BackupJob, CopyJob, JobState, Lifecycle, RecoveryPoint, Settings, Store } from "./store";

/**
 * Time-driven behaviour, evaluated lazily. Recovery point state is a pure function of its fields and the
 * time; jobs are "settled" (moved through the states they would have reached by `now`) before every
 * request, so the world a handler sees is the one a real service would show at that emulated instant.
 */

const DAY = 86_400_000;

export function calculatedLifecycle(
  creationDate: number,
  lifecycle: Lifecycle | undefined,
): { MoveToColdStorageAt?: number; DeleteAt?: number } {
  const out: { MoveToColdStorageAt?: number; DeleteAt?: number } = {};
  if (lifecycle?.MoveToColdStorageAfterDays !== undefined && lifecycle.MoveToColdStorageAfterDays > 0)
    out.MoveToColdStorageAt = creationDate + lifecycle.MoveToColdStorageAfterDays * DAY;
  if (lifecycle?.DeleteAfterDays !== undefined && lifecycle.DeleteAfterDays > 0)
    out.DeleteAt = creationDate + lifecycle.DeleteAfterDays * DAY;
  return out;
}

/** When deletion starts: an explicit DeleteRecoveryPoint, or lifecycle expiry unless a legal hold stops it. */
export function deletionStartsAt(rp: RecoveryPoint): number | undefined {
  let start = rp.deleteRequestedAt;
  const { DeleteAt } = calculatedLifecycle(rp.creationDate, rp.lifecycle);
  if (DeleteAt !== undefined && !rp.legalHold) {
    const expiry = Math.max(DeleteAt, rp.legalHoldReleasedAt ?? 0, rp.availableAt);
    start = start === undefined ? expiry : Math.min(start, expiry);
  }
  return start;
}

export function goneAt(rp: RecoveryPoint, settings: Settings): number | undefined {
  const start = deletionStartsAt(rp);
  if (start === undefined) return rp.goneAt;
  const byDeletion = start + settings.deletingSeconds * 1000;
  return rp.goneAt === undefined ? byDeletion : Math.min(rp.goneAt, byDeletion);
}

export function isVisible(rp: RecoveryPoint, now: number, settings: Settings): boolean {
  if (rp.availableAt > now) return false;
  const gone = goneAt(rp, settings);
  return gone === undefined || gone > now;
}

export function statusAt(rp: RecoveryPoint, now: number): RecoveryPoint["status"] {
  const start = deletionStartsAt(rp);
  return start !== undefined && start <= now ? "DELETING" : rp.status;
}

export function storageClassAt(rp: RecoveryPoint, now: number): "WARM" | "COLD" {
  if (rp.seededCold) return "COLD";
  const { MoveToColdStorageAt } = calculatedLifecycle(rp.creationDate, rp.lifecycle);
  return MoveToColdStorageAt !== undefined && MoveToColdStorageAt <= now ? "COLD" : "WARM";
}

export function settle(store: Store, now: number): void {
  // Children first, so a parent sees its children's final states in the same pass.
  for (const id of [...store.activeCopyJobs]) {
    const job = store.copyJobs.get(id);
    if (job && !job.isParent) settleCopyJob(store, job, now);
  }
  for (const id of [...store.activeCopyJobs]) {
    const job = store.copyJobs.get(id);
    if (job?.isParent) settleParent(store, job, now);
  }
  for (const id of [...store.activeBackupJobs]) {
    const job = store.backupJobs.get(id);
    if (job) settleBackupJob(store, job, now);
  }
}

function finish(
  store: Store,
  job: CopyJob,
  state: JobState,
  at: number,
  message?: string,
  category?: string,
) {
  job.state = state;
  job.completionDate = at;
  job.statusMessage = message;
  job.messageCategory = category ?? (state === "COMPLETED" ? "SUCCESS" : job.messageCategory);
  store.activeCopyJobs.delete(job.copyJobId);
}

/**
 * A copy's RUNNING time: its size over the throughput, times its own speed factor e^(spread·z) with z a standard
 * normal drawn from the job id (Box-Muller over two hashes), so copies of one size differ as real ones do while
 * the same job always takes the same time, whatever order requests arrive in.
 */
export function runningMs(settings: Settings, sizeBytes: number, jobId: string): number {
  const base = (sizeBytes / settings.throughputBytesPerSecond) * 1000;
  if (!settings.throughputSpread) return Math.ceil(base);
  const u1 = (hash(jobId + "#1") + 0.5) / 2 ** 32;
  const u2 = hash(jobId + "#2") / 2 ** 32;
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.ceil(base * Math.exp(settings.throughputSpread * z));
}

/** FNV-1a, 32 bits. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function settleCopyJob(store: Store, job: CopyJob, now: number): void {
  if (job.forcedFailure !== undefined) {
    if (job.state === "CREATED") job.runningAt = undefined;
    finish(store, job, "FAILED", now, job.forcedFailure, "ABORTED");
    return;
  }
  if (job.state === "CREATED") {
    const startAt = job.creationDate + store.settings.createdPhaseSeconds * 1000;
    if (now < startAt) return;
    const refusal = startRefusal(store, job);
    if (refusal) {
      finish(store, job, "FAILED", startAt, refusal.message, refusal.category);
      return;
    }
    job.state = "RUNNING";
    job.runningAt = startAt;
    job.completeAt = startAt + runningMs(store.settings, job.backupSizeInBytes, job.copyJobId);
  }
  if (job.state !== "RUNNING" || job.runningAt === undefined || job.completeAt === undefined) return;
  const source = store.recoveryPoints.get(job.sourceRecoveryPointArn);
  const sourceGoneAt = source ? deletionStartsAt(source) : job.runningAt;
  if (sourceGoneAt !== undefined && sourceGoneAt <= Math.min(now, job.completeAt)) {
    finish(
      store,
      job,
      "FAILED",
      Math.max(sourceGoneAt, job.runningAt),
      `Copy job failed because the source recovery point ${job.sourceRecoveryPointArn} was deleted while the copy was in progress.`,
      "ResourceNotFound",
    );
    return;
  }
  if (now < job.completeAt) return;
  const dest = parseVaultArn(job.destinationBackupVaultArn)!;
  const vault = store.vault(dest.account, dest.region, dest.name);
  if (!vault) {
    finish(
      store,
      job,
      "FAILED",
      job.completeAt,
      vaultMissingMessage(job.destinationBackupVaultArn),
      "ResourceNotFound",
    );
    return;
  }
  job.destinationRecoveryPointArn = createCopyRecoveryPoint(store, job, source!, job.completeAt, "COMPLETED");
  finish(store, job, "COMPLETED", job.completeAt);
}

function settleParent(store: Store, job: CopyJob, now: number): void {
  const children = job.childJobIds.map((id) => store.copyJobs.get(id)!);
  if (job.forcedFailure !== undefined) {
    for (const child of children) {
      if (store.activeCopyJobs.has(child.copyJobId))
        finish(store, child, "FAILED", now, job.forcedFailure, "ABORTED");
    }
    finish(store, job, "FAILED", now, job.forcedFailure, "ABORTED");
    return;
  }
  if (children.some((c) => c.state !== "CREATED")) {
    if (job.state === "CREATED") {
      job.state = "RUNNING";
      job.runningAt = Math.min(...children.map((c) => c.runningAt ?? c.completionDate ?? now));
    }
  }
  if (children.some((c) => store.activeCopyJobs.has(c.copyJobId))) return;
  const at = Math.max(...children.map((c) => c.completionDate ?? now));
  const failed = children.filter((c) => c.state === "FAILED").length;
  if (failed === children.length) {
    finish(store, job, "FAILED", at, `All ${failed} child copy jobs failed.`, children[0]?.messageCategory);
    return;
  }
  const source = store.recoveryPoints.get(job.sourceRecoveryPointArn)!;
  const partial = failed > 0;
  job.destinationRecoveryPointArn = createCopyRecoveryPoint(
    store,
    job,
    source,
    at,
    partial ? "PARTIAL" : "COMPLETED",
  );
  for (const child of children) {
    const rp =
      child.destinationRecoveryPointArn && store.recoveryPoints.get(child.destinationRecoveryPointArn);
    if (rp) rp.parentRecoveryPointArn = job.destinationRecoveryPointArn;
  }
  if (partial)
    finish(store, job, "PARTIAL", at, `${failed} of ${children.length} child copy jobs failed.`, "PARTIAL");
  else finish(store, job, "COMPLETED", at);
}

/** AWS's words when the destination vault's access policy does not let the source account copy into it. */
export const VAULT_POLICY_DENIED = "Access Denied trying to call AWS Backup service";

export const CROSS_ACCOUNT_DISABLED =
  "Copy job failed. Cross-account backup is not enabled in the organization's AWS Backup settings.";

export const vaultMissingMessage = (arn: string) =>
  `Copy job failed. Destination backup vault ${arn} does not exist.`;

/** What AWS only discovers once the job runs: it then ends FAILED instead of refusing StartCopyJob. */
function startRefusal(store: Store, job: CopyJob): { message: string; category: string } | undefined {
  const roleProblem = roleRefusal(store, job.iamRoleArn, job.accountId);
  if (roleProblem) return { message: roleProblem, category: "AccessDenied" };
  const dest = parseVaultArn(job.destinationBackupVaultArn)!;
  const vault = store.vault(dest.account, dest.region, dest.name);
  if (!vault)
    return { message: vaultMissingMessage(job.destinationBackupVaultArn), category: "ResourceNotFound" };
  if (dest.account !== job.accountId) {
    const org = store.organization;
    if (!org || !org.accounts.includes(job.accountId) || !org.accounts.includes(dest.account))
      return {
        message:
          "Copy job failed. Both source and destination account must be a member of the same organization.",
        category: "AccessDenied",
      };
    if (!org.crossAccountBackupEnabled) return { message: CROSS_ACCOUNT_DISABLED, category: "AccessDenied" };
    const who = { accountId: job.accountId, roleArn: job.iamRoleArn, orgId: org.id };
    if (!policyAllows(vault.accessPolicy, COPY_INTO_VAULT, who))
      return { message: VAULT_POLICY_DENIED, category: "AccessDenied" };
  }
  const lockProblem = lockRefusal(vault.lock, job.lifecycle);
  if (lockProblem) return { message: `Copy job failed. ${lockProblem}`, category: "InvalidParameters" };
  return undefined;
}

export function roleRefusal(store: Store, roleArn: string, accountId: string): string | undefined {
  const role = store.roles.get(roleArn);
  const parsed = parseRoleArn(roleArn);
  // Without strict IAM an unseeded role exists and trusts AWS Backup; it must still be the job's account's.
  const missing = !role && store.enforceIam;
  if (missing || (role && !role.assumableByBackup) || parsed?.account !== accountId)
    return `Insufficient privileges to perform this action. AWS Backup could not assume IAM role ${roleArn}: check that it exists in account ${accountId} and trusts backup.amazonaws.com.`;
  return undefined;
}

/** Vault lock bounds on retention; -1 / absent DeleteAfterDays means "kept forever". */
export function lockRefusal(
  lock: { minRetentionDays?: number; maxRetentionDays?: number } | undefined,
  lifecycle?: Lifecycle,
) {
  if (!lock) return undefined;
  const days =
    lifecycle?.DeleteAfterDays !== undefined && lifecycle.DeleteAfterDays > 0
      ? lifecycle.DeleteAfterDays
      : Infinity;
  if (lock.minRetentionDays !== undefined && days < lock.minRetentionDays)
    return `The retention period of ${days} days is shorter than the vault lock minimum retention period of ${lock.minRetentionDays} days.`;
  if (lock.maxRetentionDays !== undefined && days > lock.maxRetentionDays)
    return `The retention period of ${days === Infinity ? "'always'" : `${days} days`} is longer than the vault lock maximum retention period of ${lock.maxRetentionDays} days.`;
  return undefined;
}

function createCopyRecoveryPoint(
  store: Store,
  job: CopyJob,
  source: RecoveryPoint,
  at: number,
  status: RecoveryPoint["status"],
): string {
  const dest = parseVaultArn(job.destinationBackupVaultArn)!;
  const vault = store.vault(dest.account, dest.region, dest.name)!;
  const arn = store.newRecoveryPointArn(source.resourceType, dest.region, dest.account);
  store.recoveryPoints.set(arn, {
    arn,
    accountId: dest.account,
    region: dest.region,
    vaultName: dest.name,
    resourceArn: source.resourceArn,
    resourceType: source.resourceType,
    resourceName: source.resourceName,
    backupSizeInBytes: source.backupSizeInBytes,
    // AWS: a copy keeps its source's creation date; only the lifecycle may be overridden.
    creationDate: source.creationDate,
    completionDate: at,
    availableAt: at,
    status,
    isContinuous: false,
    seededCold: false,
    lifecycle: job.lifecycle ?? source.lifecycle,
    legalHold: false,
    iamRoleArn: job.iamRoleArn,
    encryptionKeyArn: vault.encryptionKeyArn,
    sourceBackupVaultArn: job.sourceBackupVaultArn,
    copyJobId: job.copyJobId,
    isParent: job.isParent,
    compositeMemberIdentifier: job.compositeMemberIdentifier,
  });
  return arn;
}

function settleBackupJob(store: Store, job: BackupJob, now: number): void {
  const end = (state: JobState, at: number, message?: string, category?: string) => {
    job.state = state;
    job.completionDate = at;
    job.statusMessage = message;
    job.messageCategory = category ?? "SUCCESS";
    store.activeBackupJobs.delete(job.backupJobId);
  };
  if (job.state === "CREATED") {
    const startAt = job.creationDate + store.settings.createdPhaseSeconds * 1000;
    if (now < startAt) return;
    const roleProblem = roleRefusal(store, job.iamRoleArn, job.accountId);
    if (roleProblem) return end("FAILED", startAt, roleProblem, "AccessDenied");
    const lockProblem = lockRefusal(
      store.vault(job.accountId, job.region, job.backupVaultName)?.lock,
      job.lifecycle,
    );
    if (lockProblem) return end("FAILED", startAt, `Backup job failed. ${lockProblem}`, "InvalidParameters");
    job.state = "RUNNING";
    job.runningAt = startAt;
    job.completeAt =
      startAt + Math.ceil((job.backupSizeInBytes / store.settings.throughputBytesPerSecond) * 1000);
  }
  if (job.state !== "RUNNING" || job.completeAt === undefined || now < job.completeAt) return;
  const vault = store.vault(job.accountId, job.region, job.backupVaultName);
  if (!vault)
    return end(
      "FAILED",
      job.completeAt,
      `Backup vault ${job.backupVaultName} does not exist.`,
      "ResourceNotFound",
    );
  const arn = job.recoveryPointArn ?? store.newRecoveryPointArn(job.resourceType, job.region, job.accountId);
  store.recoveryPoints.set(arn, {
    arn,
    accountId: job.accountId,
    region: job.region,
    vaultName: job.backupVaultName,
    resourceArn: job.resourceArn,
    resourceType: job.resourceType,
    resourceName: job.resourceName,
    backupSizeInBytes: job.backupSizeInBytes,
    creationDate: job.creationDate,
    completionDate: job.completeAt,
    availableAt: job.completeAt,
    status: "COMPLETED",
    isContinuous: false,
    seededCold: false,
    lifecycle: job.lifecycle,
    legalHold: false,
    iamRoleArn: job.iamRoleArn,
    encryptionKeyArn: vault.encryptionKeyArn,
    backupJobId: job.backupJobId,
    isParent: false,
  });
  job.recoveryPointArn = arn;
  end("COMPLETED", job.completeAt);
}
