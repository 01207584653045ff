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
