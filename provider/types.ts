import type * as pulumi from "@pulumi/pulumi";
import type { InternalInput } from "./inputs/properties";

/** Lifecycle of the destination recovery point, in days (AWS's own rules apply: see inputs/rules.ts). */
export interface LifecycleInput {
  moveToColdStorageAfterDays?: number;
  deleteAfterDays?: number;
  optInToArchiveForSupportedResources?: boolean;
}

/** Bounds of the wait's backoff, in seconds (fractions allowed, for tests against a fast emulator clock). */
export interface PollingInput {
  minDelaySeconds?: number;
  maxDelaySeconds?: number;
}

export type OnDelete = "retain" | "delete";

/** The plain (resolved) inputs the provider sees. Each has a row in inputs/properties.ts (the compiler checks). */
export interface CopyJobInputs {
  /** The recovery point to copy. Its ARN names the source region and (but for EC2 snapshots and AMIs) account. */
  recoveryPointArn: string;
  /** The NAME of the vault holding the recovery point (not its ARN): 2-50 letters, digits, '-' or '_'. */
  sourceBackupVaultName: string;
  /** The ARN of the vault the copy goes into; its account and region may differ from the source's. */
  destinationBackupVaultArn: string;
  /**
   * The role AWS Backup copies with. It must be in the recovery point's account: the copy job runs there and
   * AWS Backup is only given roles of that account (check refuses another account's role; an EC2 snapshot's
   * or AMI's ARN names no account, so there is nothing to compare).
   */
  iamRoleArn: string;
  lifecycle?: LifecycleInput;
  idempotencyToken?: string;
  onDelete?: OnDelete;
  waitForCompletion?: boolean;
  timeoutMinutes?: number;
  polling?: PollingInput;
  region?: string;
  /**
   * A role the provider assumes to read, update and delete the copy in the destination vault (a cross-account
   * copy needs one). It must be in the destination vault's account: those calls name the vault by its name,
   * which AWS looks up in the calling role's own account (check refuses another account's role).
   */
  destinationRoleArn?: string;
  /**
   * The external id destinationRoleArn's trust policy asks for, sent only with that AssumeRole: setting it
   * without destinationRoleArn is an error. Stored as a Pulumi secret, never quoted in messages.
   */
  destinationExternalId?: string;
  copyJobId?: string;
  /** Set by the CopyJob resource: project/stack/name, mixed into the default token. */
  tokenScope?: string;
}

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** Arguments of the CopyJob resource. */
export interface CopyJobArgs extends Omit<Inputs<CopyJobInputs>, "lifecycle" | "polling" | InternalInput> {
  lifecycle?: pulumi.Input<Inputs<LifecycleInput>>;
  polling?: pulumi.Input<Inputs<PollingInput>>;
}

export interface CalculatedLifecycleOutput {
  moveToColdStorageAt?: string;
  deleteAt?: string;
}

/** What DescribeRecoveryPoint says of the destination recovery point. */
export interface DestinationRecoveryPointOutput {
  status?: string;
  statusMessage?: string;
  storageClass?: string;
  creationDate?: string;
  completionDate?: string;
  lifecycle?: LifecycleInput;
  calculatedLifecycle?: CalculatedLifecycleOutput;
  isEncrypted?: boolean;
  encryptionKeyArn?: string;
  backupSizeInBytes?: number;
}

/**
 * Outputs: every input echoed (the engine hands the previous outputs to diff/update/delete as "olds"),
 * every field of DescribeCopyJob's CopyJob in camelCase, and the destination recovery point.
 * Dates are ISO-8601 strings; absent values are omitted, never undefined.
 */
export interface CopyJobOutputs extends CopyJobInputs {
  copyJobId: string;
  accountId?: string;
  sourceBackupVaultArn?: string;
  sourceRecoveryPointArn?: string;
  destinationRecoveryPointArn?: string;
  destinationVaultType?: string;
  destinationVaultLockState?: string;
  destinationEncryptionKeyArn?: string;
  destinationRecoveryPointLifecycle?: LifecycleInput;
  resourceArn?: string;
  resourceType?: string;
  resourceName?: string;
  creationDate?: string;
  completionDate?: string;
  state?: string;
  statusMessage?: string;
  backupSizeInBytes?: number;
  createdBy?: Record<string, string>;
  createdByBackupJobId?: string;
  parentJobId?: string;
  isParent?: boolean;
  compositeMemberIdentifier?: string;
  numberOfChildJobs?: number;
  childJobsInState?: Record<string, number>;
  messageCategory?: string;
  destinationRecoveryPoint?: DestinationRecoveryPointOutput;
  /** Region where StartCopyJob/DescribeCopyJob ran. */
  sourceRegion?: string;
  /** Index of the deterministic token that started this job (0 unless earlier attempts failed). */
  tokenAttempt?: number;
  /** The job was adopted through the copyJobId input rather than started. */
  adopted?: boolean;
}
