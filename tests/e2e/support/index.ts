export { pulumiCli, type PulumiCli } from "./cli";
export { recorder, type Run } from "./events";
export { isolatedPulumi, PASSPHRASE, type IsolatedPulumi } from "./isolation";
export { cwdOf, descendants, engineProcesses, isAlive, processTable, type Proc } from "./processes";
export {
  DEST_REGION,
  E2E_POLLING,
  ROLE_ARN,
  SOURCE_ACCOUNT,
  SOURCE_REGION,
  checkpointFile,
  startE2eWorld,
  TYPE,
  type E2eStack,
  type E2eWorld,
  type E2eWorldOptions,
  type Deployment,
  type EmulatedRecoveryPoint,
  type StateResource,
  type StackSpec,
} from "./world";
