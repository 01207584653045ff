import type * as pulumi from "@pulumi/pulumi";
import { equal } from "../inputs/equal";
import { REPLACING_INPUTS, UPDATING_INPUTS } from "../inputs/properties";
import { isUnknown } from "../inputs/unknown";
import type { LifecycleInput } from "../types";
import { sameLifecycle } from "./destination";

/**
 * Always explicit: without a diff the engine would compare every input, `__provider` included, so upgrading
 * this package would look like a change to every copy. `olds` are the previous outputs, which echo the inputs.
 */
export function diff(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): pulumi.dynamic.DiffResult {
  const changed = (key: string) => isUnknown(news[key]) || !equal(olds[key], news[key]);
  // A replacing property left out does not replace (properties.ts): copyJobId is an output of every copy and
  // only an explicit, different one (adopting another job) means another copy.
  const replaces = REPLACING_INPUTS.filter((key) => news[key] !== undefined && changed(key));
  const updates = UPDATING_INPUTS.filter(changed);
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
