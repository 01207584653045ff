export {
  assertCiphertext,
  checkpointPath,
  readDeployment,
  resourceNamed,
  type Deployment,
  type StateResource,
} from "./checkpoint";
export { CLI_TIMEOUT_MS, pulumiCli, type PulumiCli } from "./cli";
export { recorder, type Run } from "./events";
export { withE2eWorld } from "./hooks";
export { isolatedPulumi, PASSPHRASE, type IsolatedPulumi } from "./isolation";
export { cwdOf, descendants, engineProcesses, isAlive, processTable, type Proc } from "./processes";
export {
  DEST_REGION,
  E2E_POLLING,
  record,
  ROLE_ARN,
  SOURCE_ACCOUNT,
  SOURCE_REGION,
  startE2eWorld,
  TYPE,
  type E2eStack,
  type E2eWorld,
  type E2eWorldOptions,
  type EmulatedRecoveryPoint,
  type StackSpec,
} from "./world";
