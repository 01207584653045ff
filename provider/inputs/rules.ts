/**
 * The validation rules `check` applies before any AWS call. Each failure names the property and the rule.
 * Values still unknown during preview are skipped: they are checked again when known.
 */
import { backupVaultArnProblem, recoveryPointArnProblem, REGION_PATTERN, roleArnProblem } from "./arn";
import { isUnknown } from "./unknown";

export interface CheckFailure {
  property: string;
  reason: string;
}

type Rule = (value: unknown) => string | undefined;

const string =
  (more?: (s: string) => string | undefined): Rule =>
  (value) => {
    if (typeof value !== "string") return `must be a string, not ${describe(value)}`;
    if (value.length === 0) return "must not be empty";
    return more?.(value);
  };
const boolean: Rule = (value) =>
  typeof value === "boolean" ? undefined : `must be true or false, not ${describe(value)}`;
const positiveNumber =
  (max: number): Rule =>
  (value) => {
    if (typeof value !== "number" || !Number.isFinite(value))
      return `must be a number, not ${describe(value)}`;
    if (value <= 0) return `must be greater than 0, not ${value}`;
    if (value > max) return `must be at most ${max}, not ${value}`;
    return undefined;
  };
/** AWS: lifecycle days are -1 (keep forever) or 1..36500. */
const lifecycleDays: Rule = (value) => {
  if (typeof value !== "number" || !Number.isInteger(value))
    return `must be a whole number of days, not ${describe(value)}`;
  if (value === -1 || (value >= 1 && value <= 36500)) return undefined;
  return `must be -1 (keep indefinitely) or between 1 and 36500 days, not ${value}`;
};
const oneOf =
  (...allowed: string[]): Rule =>
  (value) =>
    typeof value === "string" && allowed.includes(value)
      ? undefined
      : `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, not ${describe(value)}`;
const pattern = (re: RegExp, rule: string) => (s: string) => (re.test(s) ? undefined : `${rule}, not '${s}'`);

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

/** AWS: backup vault names are 2-50 letters, digits, hyphens and underscores. */
export const VAULT_NAME_RULE = pattern(
  /^[a-zA-Z0-9_-]{2,50}$/,
  "must be 2-50 characters of letters, digits, '-' and '_' (AWS's backup vault name rule)",
);

const TOP_LEVEL: Record<string, Rule> = {
  recoveryPointArn: string(recoveryPointArnProblem),
  sourceBackupVaultName: string(VAULT_NAME_RULE),
  destinationBackupVaultArn: string(backupVaultArnProblem),
  iamRoleArn: string(roleArnProblem),
  lifecycle: objectRule("lifecycle"),
  idempotencyToken: string(pattern(/^[\x20-\x7e]{1,255}$/, "must be 1-255 printable ASCII characters")),
  onDelete: oneOf("retain", "delete"),
  waitForCompletion: boolean,
  // A week: long enough for the largest copies, short enough that a forgotten wait ends.
  timeoutMinutes: positiveNumber(10080),
  polling: objectRule("polling"),
  region: string(pattern(REGION_PATTERN, "must be a region name such as us-east-1")),
  destinationRoleArn: string(roleArnProblem),
  destinationExternalId: string(
    pattern(/^[\w+=,.@:/-]{2,1224}$/, "must be 2-1224 characters of [\\w+=,.@:/-] (STS's ExternalId rule)"),
  ),
  copyJobId: string(
    pattern(/^[A-Za-z0-9:_-]{1,128}$/, "must be a copy job id (letters, digits, '-', '_' or ':')"),
  ),
  tokenScope: string(),
};

const NESTED: Record<string, Record<string, Rule>> = {
  lifecycle: {
    moveToColdStorageAfterDays: lifecycleDays,
    deleteAfterDays: lifecycleDays,
    optInToArchiveForSupportedResources: boolean,
  },
  polling: {
    minDelaySeconds: positiveNumber(3600),
    maxDelaySeconds: positiveNumber(3600),
  },
};

function objectRule(name: string): Rule {
  return (value) =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? undefined
      : `must be an object with ${Object.keys(NESTED[name]).join(", ")}, not ${describe(value)}`;
}

const REQUIRED = ["recoveryPointArn", "sourceBackupVaultName", "destinationBackupVaultArn", "iamRoleArn"];
/** Properties the engine or pulumi.dynamic add; never the user's. */
const RESERVED = new Set(["__provider"]);

export function validateInputs(inputs: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });

  for (const name of REQUIRED) {
    if (inputs[name] === undefined || inputs[name] === null) fail(name, "is required");
  }
  for (const [name, value] of Object.entries(inputs)) {
    if (RESERVED.has(name) || value === undefined || isUnknown(value)) continue;
    const rule = TOP_LEVEL[name];
    if (!rule) {
      fail(
        name,
        `is not a property of CopyJob (known: ${Object.keys(TOP_LEVEL)
          .filter((k) => k !== "tokenScope")
          .join(", ")})`,
      );
      continue;
    }
    if (value === null && !REQUIRED.includes(name)) continue;
    const broken = rule(value);
    if (broken) {
      fail(name, broken);
      continue;
    }
    const nested = NESTED[name];
    if (nested) validateNested(name, value as Record<string, unknown>, nested, fail);
  }
  validateLifecycle(inputs.lifecycle, fail);
  validatePolling(inputs.polling, fail);
  return failures;
}

function validateNested(
  parent: string,
  value: Record<string, unknown>,
  rules: Record<string, Rule>,
  fail: (property: string, reason: string) => void,
) {
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === null || isUnknown(v)) continue;
    const rule = rules[key];
    if (!rule) {
      fail(`${parent}.${key}`, `is not a property of ${parent} (known: ${Object.keys(rules).join(", ")})`);
      continue;
    }
    const broken = rule(v);
    if (broken) fail(`${parent}.${key}`, broken);
  }
}

/** AWS: a recovery point must stay 90 days in cold storage, so DeleteAfterDays ≥ MoveToColdStorageAfterDays + 90. */
function validateLifecycle(value: unknown, fail: (property: string, reason: string) => void) {
  if (!value || typeof value !== "object" || isUnknown(value)) return;
  const { moveToColdStorageAfterDays: cold, deleteAfterDays: del } = value as Record<string, unknown>;
  if (typeof cold !== "number" || typeof del !== "number" || cold === -1 || del === -1) return;
  if (lifecycleDays(cold) || lifecycleDays(del)) return;
  if (del < cold + 90) {
    fail(
      "lifecycle.deleteAfterDays",
      `must be at least moveToColdStorageAfterDays + 90 (${cold + 90}), not ${del}: AWS keeps cold-storage recovery points for at least 90 days`,
    );
  }
}

function validatePolling(value: unknown, fail: (property: string, reason: string) => void) {
  if (!value || typeof value !== "object" || isUnknown(value)) return;
  const { minDelaySeconds: min, maxDelaySeconds: max } = value as Record<string, unknown>;
  if (typeof min === "number" && typeof max === "number" && min > 0 && max > 0 && min > max) {
    fail("polling.minDelaySeconds", `must not exceed polling.maxDelaySeconds (${max}), not ${min}`);
  }
}
