/**
 * The validation rules `check` applies before any AWS call, and the CopyJob constructor applies to the values
 * it already knows (so unit tests under Pulumi's mocks, where the engine never calls check, see the same
 * failures). Each failure names the property and the rule; the property table (properties.ts) gives each
 * property its rule. Values still unknown are skipped: they are checked again when known.
 */
import { parseArn } from "./arn";
import { inputProperty, REQUIRED_INPUTS, USER_INPUTS } from "./properties";
import { isUnknown } from "./unknown";
import { describe, lifecycleDays, Rule } from "./value-rules";

export interface CheckFailure {
  property: string;
  reason: string;
}

/** Properties the engine or pulumi.dynamic add; never the user's. */
const RESERVED = new Set(["__provider"]);

type Fail = (property: string, reason: string) => void;

export function validateInputs(inputs: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const fail: Fail = (property, reason) => failures.push({ property, reason });

  for (const name of REQUIRED_INPUTS) {
    if (inputs[name] === undefined || inputs[name] === null) fail(name, "is required");
  }
  for (const [name, value] of Object.entries(inputs)) {
    if (RESERVED.has(name) || value === undefined || isUnknown(value)) continue;
    const row = inputProperty(name);
    if (!row) {
      fail(name, `is not a property of CopyJob (known: ${USER_INPUTS.join(", ")})`);
      continue;
    }
    if (value === null && !row.required) continue;
    const broken = row.rule(value);
    if (broken) {
      // The engine prints the reason: a secret's value must not be in it.
      fail(
        name,
        row.secret && typeof value === "string" ? broken.split(`'${value}'`).join("[secret]") : broken,
      );
      continue;
    }
    if (row.members) validateMembers(name, value as Record<string, unknown>, row.members, fail);
  }
  validateLifecycle(inputs.lifecycle, fail);
  validatePolling(inputs.polling, fail);
  validateRegion(inputs, fail);
  return failures;
}

/**
 * A failure as Pulumi's engine prints a check failure ("property P with value V has a problem: R"), for the
 * CopyJob constructor, which throws before the engine is involved.
 */
export function describeFailure(inputs: Record<string, unknown>, failure: CheckFailure): string {
  const value = failure.property
    .split(".")
    .reduce<unknown>(
      (v, key) => (v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined),
      inputs,
    );
  const shown = inputProperty(failure.property)?.secret
    ? " with a secret value"
    : value === undefined
      ? ""
      : ` with value ${typeof value === "object" ? JSON.stringify(value) : describe(value)}`;
  return `property ${failure.property}${shown} has a problem: ${failure.reason}`;
}

function validateMembers(
  parent: string,
  value: Record<string, unknown>,
  rules: Record<string, Rule>,
  fail: Fail,
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
function validateLifecycle(value: unknown, fail: Fail) {
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

function validatePolling(value: unknown, fail: Fail) {
  if (!value || typeof value !== "object" || isUnknown(value)) return;
  const { minDelaySeconds: min, maxDelaySeconds: max } = value as Record<string, unknown>;
  if (typeof min === "number" && typeof max === "number" && min > 0 && max > 0 && min > max) {
    fail("polling.minDelaySeconds", `must not exceed polling.maxDelaySeconds (${max}), not ${min}`);
  }
}

/**
 * StartCopyJob runs in the source recovery point's region, which every recovery point ARN names (an EC2
 * snapshot's ARN has no account, never no region): an explicit region must be that one.
 */
function validateRegion(inputs: Record<string, unknown>, fail: Fail) {
  const { region, recoveryPointArn } = inputs;
  if (typeof region !== "string" || typeof recoveryPointArn !== "string") return;
  const arnRegion = parseArn(recoveryPointArn)?.region;
  if (arnRegion && region !== arnRegion) {
    fail(
      "region",
      `must be the region of recoveryPointArn (${arnRegion}), not '${region}': StartCopyJob runs where the source recovery point is`,
    );
  }
}
