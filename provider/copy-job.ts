import * as pulumi from "@pulumi/pulumi";
import { CopyJobProvider } from "./copy-job-provider";
import { DECLARED_OUTPUTS, SECRET_INPUTS } from "./inputs/properties";
import { throwOnKnownBadInputs } from "./inputs/known-inputs";
import type { CopyJobArgs, DestinationRecoveryPointOutput, LifecycleInput } from "./types";

/** One provider object for every CopyJob: pulumi.dynamic caches its serialized text per object. */
let sharedProvider: CopyJobProvider | undefined;

/**
 * A one-time AWS Backup copy of a recovery point into another vault, as a Pulumi resource. The resource ID
 * is the CopyJobId. See the README for inputs, outputs and what create/update/delete do in AWS.
 */
export class CopyJob extends pulumi.dynamic.Resource {
  declare readonly copyJobId: pulumi.Output<string>;
  declare readonly state: pulumi.Output<string>;
  declare readonly statusMessage: pulumi.Output<string | undefined>;
  declare readonly accountId: pulumi.Output<string | undefined>;
  declare readonly recoveryPointArn: pulumi.Output<string>;
  declare readonly sourceBackupVaultName: pulumi.Output<string>;
  declare readonly sourceBackupVaultArn: pulumi.Output<string | undefined>;
  declare readonly sourceRecoveryPointArn: pulumi.Output<string | undefined>;
  declare readonly destinationBackupVaultArn: pulumi.Output<string>;
  declare readonly destinationRecoveryPointArn: pulumi.Output<string | undefined>;
  declare readonly destinationRecoveryPoint: pulumi.Output<DestinationRecoveryPointOutput | undefined>;
  declare readonly destinationRecoveryPointLifecycle: pulumi.Output<LifecycleInput | undefined>;
  declare readonly destinationVaultType: pulumi.Output<string | undefined>;
  declare readonly destinationVaultLockState: pulumi.Output<string | undefined>;
  declare readonly destinationEncryptionKeyArn: pulumi.Output<string | undefined>;
  declare readonly iamRoleArn: pulumi.Output<string>;
  declare readonly resourceArn: pulumi.Output<string | undefined>;
  declare readonly resourceType: pulumi.Output<string | undefined>;
  declare readonly resourceName: pulumi.Output<string | undefined>;
  declare readonly creationDate: pulumi.Output<string | undefined>;
  declare readonly completionDate: pulumi.Output<string | undefined>;
  declare readonly backupSizeInBytes: pulumi.Output<number | undefined>;
  declare readonly createdBy: pulumi.Output<Record<string, string> | undefined>;
  declare readonly createdByBackupJobId: pulumi.Output<string | undefined>;
  declare readonly parentJobId: pulumi.Output<string | undefined>;
  declare readonly isParent: pulumi.Output<boolean | undefined>;
  declare readonly compositeMemberIdentifier: pulumi.Output<string | undefined>;
  declare readonly numberOfChildJobs: pulumi.Output<number | undefined>;
  declare readonly childJobsInState: pulumi.Output<Record<string, number> | undefined>;
  declare readonly messageCategory: pulumi.Output<string | undefined>;
  declare readonly lifecycle: pulumi.Output<LifecycleInput | undefined>;
  declare readonly idempotencyToken: pulumi.Output<string>;
  declare readonly onDelete: pulumi.Output<string | undefined>;
  declare readonly sourceRegion: pulumi.Output<string>;
  declare readonly tokenAttempt: pulumi.Output<number | undefined>;

  constructor(name: string, args: CopyJobArgs, opts?: pulumi.CustomResourceOptions) {
    throwOnKnownBadInputs(name, args as unknown as Record<string, unknown>);
    sharedProvider ??= new CopyJobProvider();
    const props: Record<string, unknown> = {
      ...args,
      // Mixed into a new resource's default token so two stacks (or two resources) copying the same point get
      // two jobs; a resource keeps the token it has when this changes (operations/check.ts).
      tokenScope: `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
    };
    for (const secret of SECRET_INPUTS) {
      if (props[secret] !== undefined) props[secret] = pulumi.secret(props[secret]);
    }
    // Registered as outputs even when the program leaves them out.
    for (const output of DECLARED_OUTPUTS) if (!(output in props)) props[output] = undefined;
    super(
      sharedProvider,
      name,
      props,
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...SECRET_INPUTS],
      },
      "backup-copy",
      "CopyJob",
    );
  }
}
