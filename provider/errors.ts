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
  ) {
    super(
      `Copy job ${copyJobId} ended ${state}: ${statusMessage ?? "AWS gave no StatusMessage"}` +
        (hint ? `. ${hint}` : ""),
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
  const explained = new Error(
    `${doing} failed: ${name ? `${name}: ` : ""}${message}${hint ? ` (${hint})` : ""}`,
  );
  explained.name = name || "Error";
  (explained as Error & { cause?: unknown }).cause = error;
  return explained;
}

/** Hints for a job that AWS started and then failed, from its StatusMessage. */
export function failedJobHint(statusMessage: string | undefined, crossAccount: boolean): string | undefined {
  const m = statusMessage ?? "";
  if (
    /organi[sz]ation|cross-account|cross account/i.test(m) ||
    (crossAccount && /access|denied|polic/i.test(m))
  ) {
    return "for a cross-account copy both accounts must be in one AWS Organization with cross-account backup enabled, and the destination vault's access policy must allow backup:CopyIntoBackupVault from the source account";
  }
  if (/role|assume|iam/i.test(m)) {
    return "check that iamRoleArn exists in the source account, trusts backup.amazonaws.com and has AWS Backup's copy permissions";
  }
  if (/not found|deleted|does not exist/i.test(m)) {
    return "the source recovery point or a vault disappeared during the copy; check that they exist";
  }
  return undefined;
}
