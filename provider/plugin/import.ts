/**
 * `pulumi import backup-copy:index:CopyJob <name> <copyJobId>`: the engine calls read with the id alone (no
 * properties, no inputs). The inputs are rebuilt from DescribeCopyJob (recovery point, vaults, role) and the
 * destination recovery point (lifecycle), with `copyJobId` itself, so the program `pulumi import` prints adopts
 * this job: its create (should the resource ever be created again) describes the job and starts no copy. Nothing
 * here starts a copy either: only DescribeCopyJob and DescribeRecoveryPoint are called.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CopyJob } from "@aws-sdk/client-backup";
import { FAILED_STATES, findCopyJob } from "../aws/find";
import { explainAwsError } from "../errors";
import { parseArn, vaultNameFromArn } from "../inputs/arn";
import type { StackConfig } from "../inputs/settings";
import { deterministicToken } from "../inputs/token";
import type { OperationHooks } from "../operations/context";
import { read } from "../operations/read";
import type { Runtime } from "../runtime";
import type { LifecycleInput } from "../types";

/** The region to look for the job in: the provider's `backup-copy:region`, then AWS_REGION. */
function importRegion(config: StackConfig): string {
  const region = config.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new Error(
      "Import needs the copy job's region: set the provider config `backup-copy:region` (pulumi config set backup-copy:region <region>) or AWS_REGION",
    );
  }
  return region;
}

/** The job's lifecycle as an input, when it sets one (AWS's empty lifecycle means none). */
function lifecycleInput(lifecycle: CopyJob["DestinationRecoveryPointLifecycle"]): LifecycleInput | undefined {
  if (!lifecycle) return undefined;
  const out: LifecycleInput = {};
  if (lifecycle.MoveToColdStorageAfterDays !== undefined)
    out.moveToColdStorageAfterDays = lifecycle.MoveToColdStorageAfterDays;
  if (lifecycle.DeleteAfterDays !== undefined) out.deleteAfterDays = lifecycle.DeleteAfterDays;
  if (lifecycle.OptInToArchiveForSupportedResources !== undefined)
    out.optInToArchiveForSupportedResources = lifecycle.OptInToArchiveForSupportedResources;
  return Object.keys(out).length ? out : undefined;
}

export async function importCopyJob(
  config: StackConfig,
  copyJobId: string,
  tokenScope: string | undefined,
  runtime: Runtime,
  hooks: OperationHooks,
): Promise<pulumi.dynamic.ReadResult> {
  const region = importRegion(config);
  const client = runtime.backupClient({ region, profile: config.profile });
  let job: CopyJob | undefined;
  try {
    job = await findCopyJob(client, copyJobId);
  } catch (error) {
    throw explainAwsError(`DescribeCopyJob ${copyJobId} in ${region}`, error);
  }
  if (!job) {
    throw new Error(
      `Copy job ${copyJobId} is not in AWS's job history in ${region}. Either it is in another region (set backup-copy:region) or it has aged out: AWS drops old jobs from DescribeCopyJob (the console shows 30 days) while their copies stay. An aged-out job cannot be imported by its id; declare a CopyJob for the copy instead, or manage the destination recovery point itself.`,
    );
  }
  if (FAILED_STATES.has(job.State ?? "") || (job.State as string) === "ABORTED") {
    throw new Error(
      `Copy job ${copyJobId} ended ${job.State}${job.StatusMessage ? ` (${job.StatusMessage})` : ""}: there is no copy to adopt`,
    );
  }
  if (
    !job.SourceRecoveryPointArn ||
    !job.SourceBackupVaultArn ||
    !job.DestinationBackupVaultArn ||
    !job.IamRoleArn
  ) {
    throw new Error(
      `DescribeCopyJob ${copyJobId} in ${region} did not name the job's recovery point, vaults and role`,
    );
  }
  const inputs: Record<string, unknown> = {
    recoveryPointArn: job.SourceRecoveryPointArn,
    sourceBackupVaultName: vaultNameFromArn(job.SourceBackupVaultArn),
    destinationBackupVaultArn: job.DestinationBackupVaultArn,
    iamRoleArn: job.IamRoleArn,
    copyJobId,
  };
  const lifecycle = lifecycleInput(job.DestinationRecoveryPointLifecycle);
  if (lifecycle) inputs.lifecycle = lifecycle;
  hooks.log?.(
    `Importing copy job ${copyJobId} (${job.State}): ${job.SourceRecoveryPointArn} into ${job.DestinationBackupVaultArn}`,
  );
  // The rest is a refresh of the adopted job: outputs from DescribeCopyJob and the destination recovery point.
  let result: pulumi.dynamic.ReadResult;
  try {
    result = await read(config, copyJobId, { ...inputs, adopted: true }, runtime, hooks);
  } catch (error) {
    throw crossAccountHint(job, copyJobId, error);
  }
  if (!result.id)
    throw new Error(`Copy job ${copyJobId} has no copy to adopt (its destination recovery point is gone)`);
  const outs = result.props as Record<string, unknown>;
  // The destination's lifecycle (what it is now) is the declared one.
  const current = (outs.destinationRecoveryPoint as { lifecycle?: LifecycleInput } | undefined)?.lifecycle;
  const declared = current && Object.keys(current).length ? current : lifecycle;
  const importedInputs = { ...(result.inputs as Record<string, unknown>) };
  if (declared) importedInputs.lifecycle = declared;
  else delete importedInputs.lifecycle;
  // check fills the default token for the imported inputs from the same parts: the outputs carry that token, so
  // the import's diff finds no change.
  const idempotencyToken = deterministicToken({ ...importedInputs, tokenScope });
  return {
    id: result.id,
    props: { ...outs, lifecycle: declared, idempotencyToken, adopted: true },
    inputs: importedInputs,
  };
}

/**
 * A copy into another account is described with a role of that account (destinationRoleArn), which an import
 * by id cannot know: say how to adopt such a job instead.
 */
function crossAccountHint(job: CopyJob, copyJobId: string, error: unknown): unknown {
  const source = parseArn(job.IamRoleArn ?? "")?.accountId || job.AccountId;
  const destination = parseArn(job.DestinationBackupVaultArn ?? "")?.accountId;
  if (!source || !destination || source === destination || !(error instanceof Error)) return error;
  return new Error(
    `${error.message}\nCopy job ${copyJobId} copies into account ${destination}: its copy is described with a role of that account, which an import by id cannot know. Declare the CopyJob with copyJobId: "${copyJobId}", destinationRoleArn (and destinationExternalId) instead: its create adopts the job and starts no copy.`,
    { cause: error },
  );
}
