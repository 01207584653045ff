/** ListCopyJobs for the decisions that need more than one job id: which jobs could be a token's. */
import { BackupClient, CopyJob, paginateListCopyJobs } from "@aws-sdk/client-backup";

/** Every copy job of `recoveryPointArn` into `destinationVaultArn` created after `createdAfter`, any state. */
export async function listCopyJobsOf(
  client: BackupClient,
  filter: { recoveryPointArn: string; destinationVaultArn: string; createdAfter: Date },
): Promise<CopyJob[]> {
  const jobs: CopyJob[] = [];
  const pages = paginateListCopyJobs(
    { client },
    {
      ByDestinationVaultArn: filter.destinationVaultArn,
      BySourceRecoveryPointArn: filter.recoveryPointArn,
      ByCreatedAfter: filter.createdAfter,
    },
  );
  for await (const page of pages) jobs.push(...(page.CopyJobs ?? []));
  return jobs;
}
