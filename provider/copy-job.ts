import type * as pulumiTypes from "@pulumi/pulumi";
import { programPulumi } from "./program-pulumi";

/** The program's own @pulumi/pulumi, not a second copy of a linked install's (see program-pulumi.ts). */
const pulumi = programPulumi();
import { CopyJobProvider } from "./copy-job-provider";
import type { CopyJobArgs, DestinationRecoveryPointOutput, LifecycleInput } from "./types";

/** One provider object for every CopyJob: pulumi.dynamic caches its serialized text per object. */
let sharedProvider: CopyJobProvider | undefined;

/**
 * A one-time AWS Backup copy of a recovery point into another vault, as a Pulumi resource. The resource ID
 * is the CopyJobId. See the README for inputs, outputs and what create/update/delete do in AWS.
 */
export class CopyJob extends pulumi.dynamic.Resource {
  declare readonly copyJobId: pulumiTypes.Output<string>;
  declare readonly state: pulumiTypes.Output<string>;
  declare readonly statusMessage: pulumiTypes.Output<string | undefined>;
  declare readonly accountId: pulumiTypes.Output<string | undefined>;
  declare readonly recoveryPointArn: pulumiTypes.Output<string>;
  declare readonly sourceBackupVaultName: pulumiTypes.Output<string>;
  declare readonly sourceBackupVaultArn: pulumiTypes.Output<string | undefined>;
  declare readonly sourceRecoveryPointArn: pulumiTypes.Output<string | undefined>;
  declare readonly destinationBackupVaultArn: pulumiTypes.Output<string>;
  declare readonly destinationRecoveryPointArn: pulumiTypes.Output<string | undefined>;
  declare readonly destinationRecoveryPoint: pulumiTypes.Output<DestinationRecoveryPointOutput | undefined>;
  declare readonly destinationRecoveryPointLifecycle: pulumiTypes.Output<LifecycleInput | undefined>;
  declare readonly destinationVaultType: pulumiTypes.Output<string | undefined>;
  declare readonly destinationVaultLockState: pulumiTypes.Output<string | undefined>;
  declare readonly destinationEncryptionKeyArn: pulumiTypes.Output<string | undefined>;
  declare readonly iamRoleArn: pulumiTypes.Output<string>;
  declare readonly resourceArn: pulumiTypes.Output<string | undefined>;
  declare readonly resourceType: pulumiTypes.Output<string | undefined>;
  declare readonly resourceName: pulumiTypes.Output<string | undefined>;
  declare readonly creationDate: pulumiTypes.Output<string | undefined>;
  declare readonly completionDate: pulumiTypes.Output<string | undefined>;
  declare readonly backupSizeInBytes: pulumiTypes.Output<number | undefined>;
  declare readonly createdBy: pulumiTypes.Output<Record<string, string> | undefined>;
  declare readonly createdByBackupJobId: pulumiTypes.Output<string | undefined>;
  declare readonly parentJobId: pulumiTypes.Output<string | undefined>;
  declare readonly isParent: pulumiTypes.Output<boolean | undefined>;
  declare readonly compositeMemberIdentifier: pulumiTypes.Output<string | undefined>;
  declare readonly numberOfChildJobs: pulumiTypes.Output<number | undefined>;
  declare readonly childJobsInState: pulumiTypes.Output<Record<string, number> | undefined>;
  declare readonly messageCategory: pulumiTypes.Output<string | undefined>;
  declare readonly lifecycle: pulumiTypes.Output<LifecycleInput | undefined>;
  declare readonly idempotencyToken: pulumiTypes.Output<string>;
  declare readonly onDelete: pulumiTypes.Output<string | undefined>;
  declare readonly sourceRegion: pulumiTypes.Output<string>;
  declare readonly tokenAttempt: pulumiTypes.Output<number | undefined>;

  constructor(name: string, args: CopyJobArgs, opts?: pulumiTypes.CustomResourceOptions) {
    sharedProvider ??= new CopyJobProvider();
    const props: Record<string, unknown> = {
      ...args,
      // Mixed into the default token so two stacks (or two resources) copying the same point get two jobs.
      tokenScope: `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
      destinationExternalId:
        args.destinationExternalId === undefined ? undefined : pulumi.secret(args.destinationExternalId),
    };
    for (const output of OUTPUTS) if (!(output in props)) props[output] = undefined;
    super(
      sharedProvider,
      name,
      props,
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "destinationExternalId"],
      },
      "backup-copy",
      "CopyJob",
    );
  }
}

/** Declared so the engine registers them as outputs of the resource. */
const OUTPUTS = [
  "copyJobId",
  "state",
  "statusMessage",
  "accountId",
  "sourceBackupVaultArn",
  "sourceRecoveryPointArn",
  "destinationRecoveryPointArn",
  "destinationRecoveryPoint",
  "destinationRecoveryPointLifecycle",
  "destinationVaultType",
  "destinationVaultLockState",
  "destinationEncryptionKeyArn",
  "resourceArn",
  "resourceType",
  "resourceName",
  "creationDate",
  "completionDate",
  "backupSizeInBytes",
  "createdBy",
  "createdByBackupJobId",
  "parentJobId",
  "isParent",
  "compositeMemberIdentifier",
  "numberOfChildJobs",
  "childJobsInState",
  "messageCategory",
  "idempotencyToken",
  "sourceRegion",
  "tokenAttempt",
];
