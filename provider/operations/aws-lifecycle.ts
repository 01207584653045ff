import type { LifecycleInput } from "../types";

/** The declared lifecycle in AWS's shape (StartCopyJob, UpdateRecoveryPointLifecycle). */
export function awsLifecycle(lifecycle: LifecycleInput | undefined) {
  if (!lifecycle) return undefined;
  return {
    MoveToColdStorageAfterDays: lifecycle.moveToColdStorageAfterDays,
    DeleteAfterDays: lifecycle.deleteAfterDays,
    OptInToArchiveForSupportedResources: lifecycle.optInToArchiveForSupportedResources,
  };
}
