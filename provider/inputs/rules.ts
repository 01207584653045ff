/**
 * The validation rules `check` applies before any AWS call, and the CopyJob constructor applies to the values
 * it already knows (so unit tests under Pulumi's mocks, where the engine never calls check, see the same
 * failures). Each failure names the property and the rule; the property table (properties.ts) gives each
 * property its rule. Values still unknown are skipped: they are checked again when known.
 */
import { validateAccounts } from "./account-rules";
import { parseArn } from "./arn";
import { inputProperty, REQUIRED_INPUTS, USER_INPUTS } from "./properties";
import { nearestName } from "./suggest";
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
  // One mistake, one failure: the first rule a property breaks is the one reported (a required property set
  // to null is "required", not also "not a string"; a malformed region is not also "not the ARN's region").
  // The property's own rule runs before the rules that compare it with others.
  const fail: Fail = (property, reason) => {
    if (!failures.some((f) => f.property === property)) failures.push({ property, reason });
  };

  for (const name of REQUIRED_INPUTS) {
    if (inputs[name] === undefined || inputs[name] === null) fail(name, "is required");
  }
  for (const [name, value] of Object.entries(inputs)) {
    if (RESERVED.has(name) || value === undefined || isUnknown(value)) continue;
    const row = inputProperty(name);
    if (!row) {
      fail(
        name,
        `is not a property of CopyJob (known: ${USER_INPUTS.join(", ")})${didYouMean(name, USER_INPUTS)}`,
      );
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
  validateAccounts(inputs, fail);
  return failures;
}

function didYouMean(name: string, known: readonly string[]): string {
  const meant = nearestName(name, known);
  return meant ? `; did you mean ${meant}?` : "";
}

/**
 * A nested member's failure (lifecycle.deleteAfterDays) quotes the member's value itself: the engine looks the
 * dotted path up as one top-level key and prints its value as `{<nil>}`. The rule's own ", not VALUE" tail is
 * dropped, since the value now leads.
 */
function memberReason(path: string, value: unknown, reason: string): string {
  const tails = [`, not ${describe(value)}`, `, not ${String(value)}`];
  const rule = tails.reduce((r, tail) => (r.endsWith(tail) ? r.slice(0, -tail.length) : r), reason);
  return `${path}: ${plain(value)} ${rule}`;
}

/** A value as a program writes it: 10, true, 'text', null, {"a":1}. */
function plain(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return String(value);
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
  // A nested member's reason quotes its value already (memberReason).
  const nested = failure.property.includes(".");
  const shown = inputProperty(failure.property)?.secret
    ? " with a secret value"
    : value === undefined || nested
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
    const path = `${parent}.${key}`;
    if (!rule) {
      // The key is the mistake, not its value: the path leads.
      const known = Object.keys(rules);
      fail(
        path,
        `${path} is not a property of ${parent} (known: ${known.join(", ")})${didYouMean(key, known)}`,
      );
      continue;
    }
    const broken = rule(v);
    if (broken) fail(path, memberReason(path, v, broken));
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
      memberReason(
        "lifecycle.deleteAfterDays",
        del,
        `must be at least moveToColdStorageAfterDays + 90 (${cold + 90}): AWS keeps cold-storage recovery points for at least 90 days`,
      ),
    );
  }
}

function validatePolling(value: unknown, fail: Fail) {
  if (!value || typeof value !== "object" || isUnknown(value)) return;
  const { minDelaySeconds: min, maxDelaySeconds: max } = value as Record<string, unknown>;
  if (typeof min === "number" && typeof max === "number" && min > 0 && max > 0 && min > max) {
    fail(
      "polling.minDelaySeconds",
      memberReason("polling.minDelaySeconds", min, `must not exceed polling.maxDelaySeconds (${max})`),
    );
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
