/**
 * The plugin's Pulumi package schema, generated from the property table the dynamic CopyJob reads
 * (inputs/properties.ts): the same inputs, required inputs, outputs and secrets. Each property's schema type
 * and description are written here, once; the compiler makes both tables name exactly the table's properties,
 * so a property added to properties.ts cannot be left out of the schema.
 */
import {
  DECLARED_OUTPUTS,
  PROPERTIES,
  type PropertyName,
  REQUIRED_INPUTS,
  SECRET_INPUTS,
  USER_INPUTS,
} from "../inputs/properties";
import { DEFAULTS } from "../inputs/settings";
import { CONFIG_PROPERTIES, PACKAGE } from "./config";
import { pluginVersion } from "./version";

export const COPY_JOB_TOKEN = `${PACKAGE}:index:CopyJob`;

type SchemaType = Record<string, unknown>;
const str: SchemaType = { type: "string" };
const int: SchemaType = { type: "integer" };
const num: SchemaType = { type: "number" };
const bool: SchemaType = { type: "boolean" };
const ref = (name: string): SchemaType => ({ $ref: `#/types/${PACKAGE}:index:${name}` });

/** Properties of the table that are no part of the resource's surface (set by a front, or bookkeeping). */
const HIDDEN: ReadonlySet<PropertyName> = new Set<PropertyName>(["tokenScope", "adopted"]);

const TYPES: Record<PropertyName, SchemaType> = {
  recoveryPointArn: str,
  sourceBackupVaultName: str,
  destinationBackupVaultArn: str,
  iamRoleArn: str,
  lifecycle: ref("Lifecycle"),
  idempotencyToken: str,
  onDelete: str,
  waitForCompletion: bool,
  timeoutMinutes: num,
  polling: ref("Polling"),
  region: str,
  destinationRoleArn: str,
  destinationExternalId: str,
  copyJobId: str,
  tokenScope: str,
  state: str,
  statusMessage: str,
  accountId: str,
  sourceBackupVaultArn: str,
  sourceRecoveryPointArn: str,
  destinationRecoveryPointArn: str,
  destinationRecoveryPoint: ref("DestinationRecoveryPoint"),
  destinationRecoveryPointLifecycle: ref("Lifecycle"),
  destinationVaultType: str,
  destinationVaultLockState: str,
  destinationEncryptionKeyArn: str,
  resourceArn: str,
  resourceType: str,
  resourceName: str,
  creationDate: str,
  completionDate: str,
  backupSizeInBytes: num,
  createdBy: { type: "object", additionalProperties: str },
  createdByBackupJobId: str,
  parentJobId: str,
  isParent: bool,
  compositeMemberIdentifier: str,
  numberOfChildJobs: int,
  childJobsInState: { type: "object", additionalProperties: int },
  messageCategory: str,
  sourceRegion: str,
  tokenAttempt: int,
  adopted: bool,
};

export const DESCRIPTIONS: Record<PropertyName, string> = {
  recoveryPointArn: "The source recovery point. A change starts a new copy.",
  sourceBackupVaultName: "The vault that holds the source recovery point (2-50 letters, digits, '-', '_').",
  destinationBackupVaultArn:
    "The vault to copy into; its region and account decide where destination-side calls go.",
  iamRoleArn: "The role AWS Backup uses for the copy, in the source account.",
  lifecycle:
    "Lifecycle of the copy: days are -1 or 1..36500 and deleteAfterDays must be at least moveToColdStorageAfterDays + 90. Changes in place.",
  idempotencyToken:
    "StartCopyJob's idempotency token. Default: a deterministic token from the project, stack, resource name and the properties that identify the copy, so an interrupted `up` never starts a second copy.",
  onDelete: 'What destroy does to the copy: "retain" (default, no AWS call) or "delete" (deletes the copy).',
  waitForCompletion: `Wait for the copy job to end (default ${DEFAULTS.waitForCompletion}); false returns once the job has started, and refresh/update fill in the rest.`,
  timeoutMinutes: `How long create, update and delete wait, in minutes (default ${DEFAULTS.timeoutMinutes}). The resource's customTimeouts, when set, take its place.`,
  polling: "Bounds of the wait's backoff, in seconds (default 2 to 120; fractions allowed).",
  region:
    "The source region; it must be the recovery point ARN's region. Default: the recovery point ARN's, then the provider's `backup-copy:region`, then AWS_REGION.",
  destinationRoleArn: "A role assumed for destination-side calls (cross-account copies).",
  destinationExternalId: "The external id for assuming destinationRoleArn. Stored as a secret.",
  copyJobId:
    "The copy job's id. As an input: adopt this existing job instead of starting one (what `pulumi import` writes).",
  tokenScope: "Set by the front: project/stack/name, mixed into the default token.",
  state: "The copy job's state: CREATED, RUNNING, COMPLETED, FAILED, ABORTED or PARTIAL.",
  statusMessage: "AWS's message about the job's state.",
  accountId: "The account that owns the copy job.",
  sourceBackupVaultArn: "The source vault's ARN.",
  sourceRecoveryPointArn: "The source recovery point's ARN, as AWS reports it.",
  destinationRecoveryPointArn: "The copy: the recovery point created in the destination vault.",
  destinationRecoveryPoint: "What DescribeRecoveryPoint says of the copy.",
  destinationRecoveryPointLifecycle: "The lifecycle the job gave the copy.",
  destinationVaultType: "The destination vault's type.",
  destinationVaultLockState: "The destination vault's lock state.",
  destinationEncryptionKeyArn: "The key that encrypts the copy.",
  resourceArn: "The AWS resource the recovery point backs up.",
  resourceType: "The type of that resource.",
  resourceName: "The name of that resource.",
  creationDate: "When the copy job was created (ISO-8601).",
  completionDate: "When the copy job ended (ISO-8601).",
  backupSizeInBytes: "The size of the copy, in bytes.",
  createdBy: "What created the job (backup plan, rule), when AWS says.",
  createdByBackupJobId: "The backup job that created the job, when AWS says.",
  parentJobId: "The parent job of a composite copy.",
  isParent: "Whether this job is a composite copy's parent.",
  compositeMemberIdentifier: "The member's identifier within a composite copy.",
  numberOfChildJobs: "How many child jobs a parent job has.",
  childJobsInState: "A parent job's child jobs by state.",
  messageCategory: "AWS's category of the job's status message.",
  sourceRegion: "The region where StartCopyJob and DescribeCopyJob ran.",
  tokenAttempt: "The index of the token that started this job (0 unless earlier attempts failed).",
  adopted: "The job was adopted through copyJobId.",
};

function property(name: PropertyName): SchemaType {
  const row = PROPERTIES[name];
  const out: SchemaType = { ...TYPES[name], description: DESCRIPTIONS[name] };
  if (row.kind === "input" && "secret" in row && row.secret) out.secret = true;
  return out;
}

function objectType(description: string, properties: Record<string, SchemaType>): SchemaType {
  return { type: "object", description, properties };
}

/** The schema as an object (getSchema serializes it). */
export function packageSchema(): Record<string, unknown> {
  const names = Object.keys(PROPERTIES) as PropertyName[];
  const inputs = USER_INPUTS.filter((n) => !HIDDEN.has(n as PropertyName)) as PropertyName[];
  // Outputs: what the resource declares, and every input (outputs echo the inputs).
  const outputs = names.filter(
    (n) => !HIDDEN.has(n) && ((DECLARED_OUTPUTS as readonly string[]).includes(n) || inputs.includes(n)),
  );
  return {
    name: PACKAGE,
    displayName: "AWS Backup copy jobs",
    version: pluginVersion(),
    description:
      "One-time AWS Backup copy jobs as a declarative resource: start a copy of a recovery point into another vault, wait for it, keep its outputs.",
    keywords: ["pulumi", "aws", "backup", "copy-job", "category/cloud"],
    homepage: "https://github.com/pulumi-backup-copy/pulumi-backup-copy",
    repository: "https://github.com/pulumi-backup-copy/pulumi-backup-copy",
    license: "Apache-2.0",
    publisher: "pulumi-backup-copy contributors",
    config: { variables: CONFIG_PROPERTIES },
    provider: {
      description: "The backup-copy provider.",
      inputProperties: CONFIG_PROPERTIES,
    },
    types: {
      [`${PACKAGE}:index:Lifecycle`]: objectType("Lifecycle of a recovery point, in days.", {
        moveToColdStorageAfterDays: { ...int, description: "Days until the copy moves to cold storage." },
        deleteAfterDays: { ...int, description: "Days until the copy is deleted." },
        optInToArchiveForSupportedResources: {
          ...bool,
          description: "Move supported resources to archive (cold) storage.",
        },
      }),
      [`${PACKAGE}:index:Polling`]: objectType("Bounds of the wait's backoff, in seconds.", {
        minDelaySeconds: { ...num, description: "The first delay between two looks (default 2)." },
        maxDelaySeconds: { ...num, description: "The longest delay between two looks (default 120)." },
      }),
      [`${PACKAGE}:index:CalculatedLifecycle`]: objectType("When the copy moves and is deleted.", {
        moveToColdStorageAt: { ...str, description: "ISO-8601." },
        deleteAt: { ...str, description: "ISO-8601." },
      }),
      [`${PACKAGE}:index:DestinationRecoveryPoint`]: objectType(
        "What DescribeRecoveryPoint says of the copy.",
        {
          status: str,
          statusMessage: str,
          storageClass: str,
          creationDate: str,
          completionDate: str,
          lifecycle: ref("Lifecycle"),
          calculatedLifecycle: ref("CalculatedLifecycle"),
          isEncrypted: bool,
          encryptionKeyArn: str,
          backupSizeInBytes: num,
        },
      ),
    },
    resources: {
      [COPY_JOB_TOKEN]: {
        description:
          "A one-time AWS Backup copy of a recovery point into another vault. The resource's id is the copy job's id. Import an existing job with `pulumi import backup-copy:index:CopyJob <name> <copyJobId>`.",
        inputProperties: Object.fromEntries(inputs.map((n) => [n, property(n)])),
        requiredInputs: [...REQUIRED_INPUTS],
        properties: Object.fromEntries(outputs.map((n) => [n, property(n)])),
        requiredOutputs: ["copyJobId", ...REQUIRED_INPUTS],
      },
    },
    language: {
      nodejs: { packageName: "@pulumi-backup-copy/sdk", respectSchemaVersion: true },
      python: { packageName: "pulumi_backup_copy", respectSchemaVersion: true },
      go: { importBasePath: "github.com/pulumi-backup-copy/pulumi-backup-copy/sdk/go/backupcopy" },
      csharp: { rootNamespace: "PulumiBackupCopy", respectSchemaVersion: true },
    },
  };
}

/** Names that must be secret in the schema (tests compare). */
export const SCHEMA_SECRETS = SECRET_INPUTS;
