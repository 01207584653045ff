import type * as pulumiTypes from "@pulumi/pulumi";
import { programPulumi } from "./program-pulumi";
import { CopyJobProvider } from "./copy-job-provider";
import { DECLARED_OUTPUTS, SECRET_INPUTS } from "./inputs/properties";
import { throwOnKnownBadInputs } from "./inputs/known-inputs";
import { tokenScope } from "./inputs/token";
import type { CopyJobArgs, DestinationRecoveryPointOutput, LifecycleInput } from "./types";

/** The program's own @pulumi/pulumi, not a second copy of a linked install's (see program-pulumi.ts). */
const pulumi = programPulumi();

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
    throwOnKnownBadInputs(name, args as unknown as Record<string, unknown>);
    sharedProvider ??= new CopyJobProvider();
    const props: Record<string, unknown> = {
      ...args,
      // Mixed into a new resource's default token so two stacks (or two resources) copying the same point get
      // two jobs; a resource keeps the token it has when this changes (operations/check.ts).
      // Under a parent it also names the parent (inputs/token.ts): same-named copies under two components differ.
      tokenScope: opts?.parent
        ? opts.parent.urn.apply((urn) => tokenScope(pulumi.getProject(), pulumi.getStack(), name, urn))
        : tokenScope(pulumi.getProject(), pulumi.getStack(), name),
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
