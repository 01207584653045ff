export { serializeProvider } from "./serialize";
export {
  DynamicProviderPlugin,
  PluginError,
  type CheckResult,
  type Diagnostic,
  type DiffChanges,
  type DiffResult,
  type InitFailure,
  type Props,
  type ReadResult,
  type StartOptions,
} from "./plugin";
export {
  CheckFailedError,
  DYNAMIC_RESOURCE_TYPE,
  Stack,
  UNKNOWN,
  type OperationSummary,
  type ResourceDecl,
  type ResourceState,
  type RunOptions,
  type StackJSON,
  type StepOp,
  type StepResult,
} from "./engine";
