/**
 * Errors the provider raises. Each message names the copy job or recovery point, quotes AWS's own words and,
 * where it can, says what the user must do.
 */
import { errorMessage, errorName } from "./aws/aws-errors";

/** The copy ended FAILED or PARTIAL. Carries no `id`, so Pulumi records nothing and the next `up` copies again. */
export class CopyJobFailedError extends Error {
  constructor(
    readonly copyJobId: string,
    readonly state: string,
    readonly statusMessage: string | undefined,
    hint?: string,
    /** The job's CompletionDate (epoch ms): start.ts tells an earlier attempt's failure by it. */
    readonly endedAt?: number,
  ) {
    super(
      `Copy job ${copyJobId} ended ${state}: ${withHint(statusMessage ?? "AWS gave no StatusMessage", hint)}`,
    );
    this.name = "CopyJobFailedError";
  }
}

/**
 * The wait reached the provider's deadline while the job still runs. `id` and `properties` make the Pulumi
 * plugin report ErrorResourceInitFailed: the engine keeps the resource, and the next `up` calls update, which
 * resumes the wait on the same job instead of starting a second copy.
 */
export class CopyStillRunningError extends Error {
  readonly reasons: string[];
  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    what: string,
  ) {
    super(what);
    this.name = "CopyStillRunningError";
    this.reasons = [what];
  }
}

/**
 * AWS's words, then our hint in parentheses. AWS ends most messages with a full stop ("… does not exist."):
 * it is trimmed, so the join reads "does not exist (create …)", never "exist.. create" or "exist. (create".
 */
export function withHint(awsMessage: string, hint: string | undefined): string {
  if (!hint) return awsMessage;
  return `${awsMessage.replace(/[.\s]+$/, "")} (${hint})`;
}

/** Hints for AWS refusals the user can act on, by exception name and message. */
const HINTS: Array<{ test: (name: string, message: string) => boolean; hint: string }> = [
  {
    test: (n) => n === "AccessDeniedException" || n === "AccessDenied",
    hint: "grant the missing permission named above to the caller (see the IAM policy in the README)",
  },
  {
    test: (n) => n === "UnrecognizedClientException",
    hint: "the credentials are not valid for this account: check AWS_PROFILE / aws:profile and the keys in use",
  },
  {
    test: (n, m) => n === "LimitExceededException" || /limit/i.test(m),
    hint: "AWS allows 100 concurrent copies per destination region and one job per resource; wait, then run again",
  },
  {
    test: (_n, m) => /only COMPLETED recovery points can be copied|is (DELETING|EXPIRED|PARTIAL)\b/i.test(m),
    hint: "choose a recovery point whose status is COMPLETED (getLatestRecoveryPoint picks the newest one)",
  },
  {
    test: (_n, m) => /continuous/i.test(m),
    hint: "continuous backups cannot be copied on demand: copy a snapshot (non-continuous) recovery point of the resource instead",
  },
  {
    test: (_n, m) => /cold storage.*cannot be copied|cannot be copied.*cold/i.test(m),
    hint: "recovery points in cold storage cannot be copied on demand: copy a recovery point that is still in warm storage",
  },
  {
    test: (_n, m) => /MoveToColdStorageAfterDays cannot be changed/i.test(m),
    hint: "the point is already in cold storage, so AWS keeps its cold transition: put moveToColdStorageAfterDays back to its current value (deleteAfterDays can still change)",
  },
  {
    test: (_n, m) => /legal hold/i.test(m),
    hint: 'release the legal hold on the recovery point, or set onDelete: "retain"',
  },
  {
    test: (_n, m) => /lock|retention/i.test(m),
    hint: 'the vault lock keeps recovery points for its minimum retention; it expires on its own, or set onDelete: "retain"',
  },
  {
    test: (_n, m) => /cold/i.test(m),
    hint: "the recovery point has moved to cold storage, where AWS fixes its lifecycle",
  },
  {
    test: (n) => n === "ResourceNotFoundException",
    hint: "check the ARN, the vault name and the region/account the call ran in",
  },
];

/** Wraps an AWS error in a message that names what we were doing, AWS's words and a next step. */
export function explainAwsError(doing: string, error: unknown): Error {
  const name = errorName(error);
  const message = errorMessage(error);
  const hint = HINTS.find((h) => h.test(name, message))?.hint;
  const explained = new Error(`${doing} failed: ${name ? `${name}: ` : ""}${withHint(message, hint)}`);
  explained.name = name || "Error";
  (explained as Error & { cause?: unknown }).cause = error;
  return explained;
}

/**
 * Hints for a job that AWS started and then failed, from its StatusMessage. The three cross-account causes
 * AWS documents each get their own fix: one organisation, cross-account backup turned on in the management
 * account's global settings, and the destination vault's access policy. AWS words the last one only as
 * "Access Denied trying to call AWS Backup service", so on a cross-account copy an access denial that is not
 * about the copy role means the vault policy.
 */
export function failedJobHint(statusMessage: string | undefined, crossAccount: boolean): string | undefined {
  const m = statusMessage ?? "";
  if (/same organi[sz]ation|member of the same/i.test(m))
    return "for a cross-account copy both accounts must be members of one AWS Organization: invite the destination account into the source account's organization (or copy within one account)";
  if (/cross-account backup is not enabled|cross-account backup is disabled/i.test(m))
    return "turn on cross-account backup in the organization's management account: aws backup update-global-settings --global-settings isCrossAccountBackupEnabled=true (aws backup describe-global-settings shows it)";
  if (crossAccount && /access denied|not authori[sz]ed|polic/i.test(m) && !/role|assume/i.test(m))
    return "the destination vault's access policy must allow backup:CopyIntoBackupVault from the source account: in the destination account run aws backup put-backup-vault-access-policy with a statement allowing Principal arn:aws:iam::SOURCE_ACCOUNT:root that action";
  if (/role|assume|iam/i.test(m)) {
    return "check that iamRoleArn exists in the source account, trusts backup.amazonaws.com and has AWS Backup's copy permissions";
  }
  if (/destination backup vault .* does not exist/i.test(m)) {
    return "create the destination vault, or fix destinationBackupVaultArn's account, region or name";
  }
  if (/not found|deleted|does not exist/i.test(m)) {
    return "the source recovery point or a vault disappeared during the copy; check that they exist";
  }
  return undefined;
}

/** The destination-side actions the provider calls, for the explanations below and docs/iam.md. */
export const DESTINATION_ACTIONS = [
  "backup:DescribeRecoveryPoint",
  "backup:UpdateRecoveryPointLifecycle",
  "backup:DeleteRecoveryPoint",
  "backup:DescribeBackupVault",
];

export interface DestinationAccess {
  /** e.g. "DescribeRecoveryPoint arn:... in vault dr-vault". */
  doing: string;
  /** The IAM action of the call, e.g. "backup:DescribeRecoveryPoint". */
  action: string;
  destinationVaultArn: string;
  destinationAccountId: string;
  sourceAccountId?: string;
  destinationRoleArn?: string;
  crossAccount: boolean;
}

/**
 * Explains a refused destination-side call: which role to set or which permission to grant. Never quotes the
 * external id (a secret). Returns undefined for errors that are not about access, so the caller falls back
 * to explainAwsError.
 *
 * Without destinationRoleArn a cross-account call runs with the source account's default credentials, which
 * look the vault name up in their own account: AWS answers AccessDenied or ResourceNotFound, and neither
 * means the copy is gone.
 */
export function explainDestinationAccess(access: DestinationAccess, error: unknown): Error | undefined {
  const name = errorName(error);
  const message = errorMessage(error);
  const denied = isDenied(name);
  const caller = access.sourceAccountId ? `account ${access.sourceAccountId}` : "the source account";
  let hint: string | undefined;
  if (access.destinationRoleArn && /sts:AssumeRole/.test(message)) {
    hint =
      `AWS refused to let the caller assume destinationRoleArn ${access.destinationRoleArn}: its trust policy must allow ${caller} ` +
      `(sts:AssumeRole), the caller needs sts:AssumeRole on it, and when the trust policy has an sts:ExternalId condition ` +
      `destinationExternalId must match it`;
  } else if (access.destinationRoleArn && denied) {
    hint = `allow ${access.action} on ${access.destinationVaultArn} in the policies of destinationRoleArn ${access.destinationRoleArn}`;
  } else if (
    !access.destinationRoleArn &&
    access.crossAccount &&
    (denied || name === "ResourceNotFoundException")
  ) {
    hint =
      `the destination vault is in account ${access.destinationAccountId} but the call ran with the default credentials (${caller}); ` +
      `set destinationRoleArn to a role in account ${access.destinationAccountId} that trusts ${caller} and allows ` +
      `${DESTINATION_ACTIONS.join(", ")} on ${access.destinationVaultArn} (and destinationExternalId if its trust policy requires an external id)`;
  }
  if (!hint) return undefined;
  const explained = new Error(`${access.doing} failed: ${name ? `${name}: ` : ""}${withHint(message, hint)}`);
  explained.name = denied ? name : "AccessDeniedException";
  (explained as Error & { cause?: unknown }).cause = error;
  return explained;
}

function isDenied(name: string): boolean {
  return name === "AccessDeniedException" || name === "AccessDenied";
}
