export { CopyJob } from "./copy-job";
export { CopyJobProvider } from "./copy-job-provider";
export type {
  CopyJobArgs,
  CopyJobInputs,
  CopyJobOutputs,
  DestinationRecoveryPointOutput,
  LifecycleInput,
  OnDelete,
  PollingInput,
} from "./types";
export { getLatestRecoveryPoint, getLatestRecoveryPointOutput } from "./latest-recovery-point";
export type {
  GetLatestRecoveryPointArgs,
  GetLatestRecoveryPointInputs,
  LatestRecoveryPoint,
} from "./latest-recovery-point";
