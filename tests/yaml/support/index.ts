export { killCliRuns, readEvents, runCli, startCli, type CliRun, type RunningCli } from "./cli-run";
export { withYamlWorld } from "./hooks";
export { runSdkProgram, type SdkProgram } from "./sdk-program";
export { toYaml, type YamlValue } from "./to-yaml";
export { awsCli, HOST_TIMEOUT_MS, lastLineOf, pluginDir, REPO, yamlHost } from "./tools";
export {
  DEST_REGION,
  NATIVE_TYPE,
  pulumiYaml,
  ROLE_ARN,
  SOURCE_ACCOUNT,
  SOURCE_REGION,
  startYamlWorld,
  YAML_POLLING,
  type YamlProgram,
  type YamlProject,
  type YamlResource,
  type YamlWorld,
  type YamlWorldOptions,
} from "./world";
