/**
 * getLatestRecoveryPoint: the newest COMPLETED recovery point of a vault and/or a resource, the usual source
 * of a CopyJob ("copy the latest production backup of this database"). It runs in the program (like a data
 * source), with the SDK's default credential chain, and in the region given, or the stack's aws:region, or
 * AWS_REGION.
 */
import {
  DescribeRecoveryPointCommand,
  paginateListRecoveryPointsByBackupVault,
  paginateListRecoveryPointsByResource,
} from "@aws-sdk/client-backup";
import type * as pulumiTypes from "@pulumi/pulumi";
import { programPulumi } from "./program-pulumi";
import { explainAwsError } from "./errors";
import { programError } from "./program-error";
import { parseArn } from "./inputs/arn";
import { ClientCache } from "./aws/clients";

/** The program's own @pulumi/pulumi, not a second copy of a linked install's (see program-pulumi.ts). */
const pulumi = programPulumi();

export interface GetLatestRecoveryPointArgs {
  /** Search this vault. Without it, resourceArn is required and every vault of the region is searched. */
  backupVaultName?: string;
  /** Only recovery points of this resource (an RDS database, a DynamoDB table, an EBS volume, ...). */
  resourceArn?: string;
  /** Only recovery points of this resource type, as AWS Backup names it: "RDS", "DynamoDB", "EBS", ... */
  resourceType?: string;
  /** Only recovery points created strictly before this instant (ISO-8601 string or Date). */
  createdBefore?: string | Date;
  /** Where to search. Default: the stack's aws:region, then AWS_REGION / AWS_DEFAULT_REGION. */
  region?: string;
}

export type GetLatestRecoveryPointInputs = {
  [K in keyof GetLatestRecoveryPointArgs]: pulumiTypes.Input<GetLatestRecoveryPointArgs[K]>;
};

export interface LatestRecoveryPoint {
  recoveryPointArn: string;
  backupVaultName: string;
  /** ISO-8601. */
  creationDate: string;
  resourceArn: string;
  resourceType: string;
}

interface Candidate {
  recoveryPointArn: string;
  backupVaultName: string;
  creationDate: Date;
  resourceArn?: string;
  resourceType?: string;
}

/** The newest COMPLETED recovery point matching every filter given; throws, naming the filters, when none does. */
export async function getLatestRecoveryPoint(args: GetLatestRecoveryPointArgs): Promise<LatestRecoveryPoint> {
  const { backupVaultName, resourceArn, resourceType } = args;
  if (!backupVaultName && !resourceArn) {
    throw programError("getLatestRecoveryPoint needs backupVaultName, resourceArn or both");
  }
  const before = createdBeforeOf(args.createdBefore);
  const region = regionOf(args);
  // A client of its own: this runs in the program, not the plugin, a few times per run; nothing to share.
  const clients = new ClientCache();
  const client = clients.backupClient({ region, profile: configValue("profile") });
  const where = describeFilters(args, region);

  let newest: Candidate | undefined;
  const consider = (c: Candidate) => {
    if (before !== undefined && !(c.creationDate.getTime() < before.getTime())) return;
    if (!newest || c.creationDate.getTime() > newest.creationDate.getTime()) newest = c;
  };

  try {
    if (backupVaultName) {
      const pages = paginateListRecoveryPointsByBackupVault(
        { client },
        {
          BackupVaultName: backupVaultName,
          ByResourceArn: resourceArn,
          ByResourceType: resourceType,
          ByCreatedBefore: before,
        },
      );
      for await (const page of pages) {
        for (const rp of page.RecoveryPoints ?? []) {
          if (rp.Status !== "COMPLETED" || !rp.RecoveryPointArn || !rp.CreationDate) continue;
          // The filters were sent to AWS; checking them again costs nothing and keeps the answer exact.
          if (resourceArn && rp.ResourceArn !== resourceArn) continue;
          if (resourceType && rp.ResourceType !== resourceType) continue;
          consider({
            recoveryPointArn: rp.RecoveryPointArn,
            backupVaultName: rp.BackupVaultName ?? backupVaultName,
            creationDate: rp.CreationDate,
            resourceArn: rp.ResourceArn,
            resourceType: rp.ResourceType,
          });
        }
      }
    } else {
      const pages = paginateListRecoveryPointsByResource({ client }, { ResourceArn: resourceArn });
      for await (const page of pages) {
        for (const rp of page.RecoveryPoints ?? []) {
          if (rp.Status !== "COMPLETED" || !rp.RecoveryPointArn || !rp.CreationDate || !rp.BackupVaultName) {
            continue;
          }
          consider({
            recoveryPointArn: rp.RecoveryPointArn,
            backupVaultName: rp.BackupVaultName,
            creationDate: rp.CreationDate,
            resourceArn,
          });
        }
      }
    }
  } catch (error) {
    throw explainAwsError(`getLatestRecoveryPoint (${where})`, error);
  }

  let found: Candidate | undefined = newest;
  if (found && !found.resourceType) {
    // ListRecoveryPointsByResource does not say the resource type: DescribeRecoveryPoint does.
    try {
      const rp = await client.send(
        new DescribeRecoveryPointCommand({
          BackupVaultName: found.backupVaultName,
          RecoveryPointArn: found.recoveryPointArn,
        }),
      );
      found = { ...found, resourceType: rp.ResourceType, resourceArn: rp.ResourceArn ?? found.resourceArn };
    } catch (error) {
      throw explainAwsError(
        `getLatestRecoveryPoint: DescribeRecoveryPoint ${found.recoveryPointArn} in vault ${found.backupVaultName}`,
        error,
      );
    }
    if (resourceType && found.resourceType !== resourceType) found = undefined;
  }
  if (!found) throw programError(`getLatestRecoveryPoint: no COMPLETED recovery point matches ${where}`);
  return {
    recoveryPointArn: found.recoveryPointArn,
    backupVaultName: found.backupVaultName,
    creationDate: found.creationDate.toISOString(),
    resourceArn: found.resourceArn ?? "",
    resourceType: found.resourceType ?? "",
  };
}

/** getLatestRecoveryPoint for Pulumi inputs: runs once every argument is known (during preview too). */
export function getLatestRecoveryPointOutput(
  args: GetLatestRecoveryPointInputs,
): pulumiTypes.Output<LatestRecoveryPoint> {
  return pulumi
    .output(args)
    .apply((plain) => getLatestRecoveryPoint(plain as unknown as GetLatestRecoveryPointArgs));
}

function createdBeforeOf(value: string | Date | undefined): Date | undefined {
  if (value === undefined || value === "") return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw programError(`getLatestRecoveryPoint: createdBefore '${String(value)}' is not an ISO-8601 date`);
  }
  return date;
}

function regionOf(args: GetLatestRecoveryPointArgs): string {
  const region =
    args.region ||
    configValue("region") ||
    process.env.AWS_REGION ||
    process.env.AWS_DEFAULT_REGION ||
    // A resource ARN names its region; use it as a last resort.
    (args.resourceArn ? parseArn(args.resourceArn)?.region : undefined);
  if (!region) {
    throw programError("getLatestRecoveryPoint: no region: pass region, or set aws:region or AWS_REGION");
  }
  return region;
}

/** `aws:NAME` of the stack config, when running inside a Pulumi program. */
function configValue(name: string): string | undefined {
  try {
    return new pulumi.Config("aws").get(name) || undefined;
  } catch {
    return undefined;
  }
}

function describeFilters(args: GetLatestRecoveryPointArgs, region: string): string {
  const parts: string[] = [];
  if (args.backupVaultName) parts.push(`backupVaultName=${args.backupVaultName}`);
  if (args.resourceArn) parts.push(`resourceArn=${args.resourceArn}`);
  if (args.resourceType) parts.push(`resourceType=${args.resourceType}`);
  if (args.createdBefore !== undefined && args.createdBefore !== "") {
    const v = args.createdBefore;
    parts.push(`createdBefore=${v instanceof Date ? v.toISOString() : v}`);
  }
  parts.push(`region=${region}`);
  return parts.join(", ");
}
