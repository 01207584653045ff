import type * as pulumi from "@pulumi/pulumi";
import { isUnknown } from "../inputs/unknown";
import type { LifecycleInput } from "../types";
import { sameLifecycle } from "./destination";

/** Properties that identify the copy: a change means a new copy job. */
const REPLACE = [
  "recoveryPointArn",
  "sourceBackupVaultName",
  "destinationBackupVaultArn",
  "iamRoleArn",
  "region",
  "idempotencyToken",
] as const;
/** Properties that change in place: the destination's lifecycle and how we wait, delete and reach it. */
const UPDATE = [
  "lifecycle",
  "onDelete",
  "waitForCompletion",
  "timeoutMinutes",
  "polling",
  "destinationRoleArn",
  "destinationExternalId",
] as const;

/**
 * Always explicit: without a diff the engine would compare every input, `__provider` included, so upgrading
 * this package would look like a change to every copy. `olds` are the previous outputs, which echo the inputs.
 */
export function diff(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): pulumi.dynamic.DiffResult {
  const changed = (key: string) => isUnknown(news[key]) || !equal(olds[key], news[key]);
  const replaces: string[] = REPLACE.filter(changed);
  // copyJobId is also an output: only an explicit, different input (adopting another job) replaces.
  if (news.copyJobId !== undefined && changed("copyJobId")) replaces.push("copyJobId");
  const updates: string[] = UPDATE.filter(changed);
  if (
    !updates.includes("lifecycle") &&
    news.lifecycle &&
    lifecycleDrifted(olds, news.lifecycle as LifecycleInput)
  ) {
    updates.push("lifecycle");
  }
  // An unfinished wait (a timeout, or waitForCompletion turned back on) is resumed by update.
  if (
    !updates.length &&
    news.waitForCompletion !== false &&
    olds.state !== undefined &&
    olds.state !== "COMPLETED"
  ) {
    updates.push("state");
  }
  return {
    changes: replaces.length + updates.length > 0,
    replaces,
    deleteBeforeReplace: false,
  };
}

/** Refresh saw the destination's lifecycle changed outside Pulumi: an update puts back the declared one. */
function lifecycleDrifted(olds: Record<string, unknown>, wanted: LifecycleInput): boolean {
  const actual = (olds.destinationRecoveryPoint as { lifecycle?: LifecycleInput } | undefined)?.lifecycle;
  return actual !== undefined && !sameLifecycle(wanted, actual);
}

export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return a == b;
  if (typeof a !== "object" || typeof b !== "object") return false;
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
