/**
 * Backup vault access policies: just enough of IAM's resource-policy evaluation to decide whether a
 * destination vault lets another account copy into it (`backup:CopyIntoBackupVault`), which is what makes
 * cross-account copies fail on AWS. An explicit Deny wins, then any Allow; nothing matching denies.
 *
 * Supported: `Effect`, `Action` (string or list; AWS Backup access policies accept no wildcard in Action),
 * `Principal` (`"*"` or `{"AWS": …}` with account ids, `arn:aws:iam::ACCOUNT:root` or the copy role's ARN),
 * `Condition` with `StringEquals` on `aws:PrincipalOrgID` / `aws:PrincipalAccount`. A statement using
 * anything else (NotAction, NotPrincipal, other conditions) applies to nobody: it neither allows nor denies.
 */

export const COPY_INTO_VAULT = "backup:CopyIntoBackupVault";

type Json = Record<string, unknown>;

export interface PolicyPrincipal {
  accountId: string;
  /** The copy job's role: AWS Backup acts as it in the source account. */
  roleArn: string;
  /** The organisation of the source account, when it has one. */
  orgId?: string;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** The statements of a policy document, or an error message saying why it is not one. */
export function parseAccessPolicy(text: string): Json[] | string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return "the policy is not valid JSON";
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc))
    return "the policy must be a JSON object";
  const statements = list((doc as Json).Statement);
  if (statements.length === 0) return "the policy has no Statement";
  for (const s of statements) {
    if (s === null || typeof s !== "object" || Array.isArray(s)) return "each Statement must be an object";
    const effect = (s as Json).Effect;
    if (effect !== "Allow" && effect !== "Deny") return "each Statement needs Effect Allow or Deny";
  }
  return statements as Json[];
}

function principalMatches(principal: unknown, who: PolicyPrincipal): boolean {
  if (principal === "*") return true;
  if (principal === null || typeof principal !== "object" || Array.isArray(principal)) return false;
  return list((principal as Json).AWS).some(
    (p) =>
      p === "*" || p === who.accountId || p === `arn:aws:iam::${who.accountId}:root` || p === who.roleArn,
  );
}

function conditionHolds(condition: unknown, who: PolicyPrincipal): boolean {
  if (condition === undefined) return true;
  if (condition === null || typeof condition !== "object") return false;
  return Object.entries(condition as Json).every(([operator, tests]) => {
    if (operator !== "StringEquals" || tests === null || typeof tests !== "object") return false;
    return Object.entries(tests as Json).every(([key, values]) => {
      const actual =
        key === "aws:PrincipalOrgID" ? who.orgId : key === "aws:PrincipalAccount" ? who.accountId : undefined;
      return actual !== undefined && list(values).includes(actual);
    });
  });
}

function applies(statement: Json, action: string, who: PolicyPrincipal): boolean {
  if ("NotAction" in statement || "NotPrincipal" in statement) return false;
  return (
    list(statement.Action).includes(action) &&
    principalMatches(statement.Principal, who) &&
    conditionHolds(statement.Condition, who)
  );
}

export function policyAllows(policy: string | undefined, action: string, who: PolicyPrincipal): boolean {
  if (policy === undefined) return false;
  const statements = parseAccessPolicy(policy);
  if (typeof statements === "string") return false;
  const matching = statements.filter((s) => applies(s, action, who));
  return matching.length > 0 && matching.every((s) => s.Effect === "Allow");
}

/** The policy the control API writes for `accessPolicyAllowsAccounts`: AWS's documented example. */
export function allowCopyFromAccounts(accounts: string[]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowCopyIntoVault",
        Effect: "Allow",
        Principal: { AWS: accounts.map((a) => `arn:aws:iam::${a}:root`) },
        Action: COPY_INTO_VAULT,
        Resource: "*",
      },
    ],
  });
}
