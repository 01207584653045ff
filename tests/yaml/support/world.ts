/**
 * A YAML world: a Pulumi project directory (Pulumi.yaml, `runtime: yaml`) driven by the real `pulumi` CLI as a
 * subprocess, as a user types it: `pulumi up`, `preview`, `refresh`, `import`, `destroy`, `stack export`. No
 * Automation API, no inline program: the CLI starts the YAML language host (scripts/pulumi-yaml.sh), which
 * registers `backup-copy:index:CopyJob`, and the engine runs the native plugin named in `plugins.providers`.
 *
 * Isolation is the e2e suite's (tests/e2e/support/isolation.ts): own PULUMI_HOME, a file:// backend in a temp
 * dir, a passphrase, no update check, no plugin downloads. The only endpoint anyone is told about is the
 * emulator on 127.0.0.1; PATH holds the CLI's folder, the YAML host's folder and node (the plugin is a node
 * script), nothing else of the user's.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  startEmulator,
  type CopyJobState,
  type EmulatorControl,
  type RunningEmulator,
} from "../../../emulator";
import { DEST_REGION, ROLE_ARN, SOURCE_ACCOUNT, SOURCE_REGION } from "../../support/constants";
import { seedCopyVaults } from "../../support/seed";
import {
  isolatedPulumi,
  pulumiCli,
  readDeployment,
  resourceNamed,
  type IsolatedPulumi,
} from "../../e2e/support";
import type { Deployment, StateResource } from "../../e2e/support";
import { killCliRuns, runCli, type CliRun, type RunningCli, startCli } from "./cli-run";
import { toYaml, type YamlValue } from "./to-yaml";
import { pluginDir, yamlHost } from "./tools";

export { DEST_REGION, ROLE_ARN, SOURCE_ACCOUNT, SOURCE_REGION };
/** The native plugin's type token. */
export const NATIVE_TYPE = "backup-copy:index:CopyJob";
/** Fractions of a second between polls: the emulator's clock runs fast. */
export const YAML_POLLING = { minDelaySeconds: 0.02, maxDelaySeconds: 0.2 };

/** One resource of a Pulumi YAML program: `type`, `properties`, `options` as Pulumi YAML spells them. */
export interface YamlResource {
  type: string;
  properties?: Record<string, YamlValue>;
  options?: Record<string, YamlValue>;
}

export interface YamlProgram {
  resources: Record<string, YamlResource>;
  outputs?: Record<string, YamlValue>;
}

export interface YamlWorldOptions {
  /** Emulated seconds per real second. Default 600 (a 10 GiB copy, ~100 emulated s, takes ~0.2 s). */
  clockScale?: number;
  /** Seeds the emulator's random choices. */
  seed?: number;
}

export interface YamlWorld {
  cliPath: string;
  hostPath: string;
  /** The folder with `pulumi-resource-backup-copy`, named in every Pulumi.yaml's `plugins.providers`. */
  pluginDir: string;
  emulator: RunningEmulator;
  control: EmulatorControl;
  pulumi: IsolatedPulumi;
  /** What every CLI run gets (and nothing else of this process's environment but HOME and TMPDIR). */
  env: Record<string, string>;
  destinationVaultArn: string;
  /** A CopyJob's properties with the vaults, role and fast polling filled in. */
  copyProperties(recoveryPointArn: string, extra?: Record<string, YamlValue>): Record<string, YamlValue>;
  /** A fresh COMPLETED recovery point in the source vault (10 GiB unless told). */
  recoveryPoint(sizeBytes?: number): Promise<string>;
  jobsOf(recoveryPointArn: string): Promise<CopyJobState[]>;
  /** A project directory with its own stack (`pulumi stack init`), holding `program`. */
  project(stackName: string, program: YamlProgram): Promise<YamlProject>;
  /**
   * A project directory holding a Pulumi.yaml written elsewhere (examples/yaml), as text; its `name:` line
   * names the project. Its own stack (`pulumi stack init`).
   */
  projectFromText(stackName: string, pulumiYamlText: string): Promise<YamlProject>;
  stop(): Promise<void>;
}

export interface YamlProject {
  dir: string;
  stackName: string;
  projectName: string;
  /** Rewrites Pulumi.yaml with another program (same project, same stack). */
  write(program: YamlProgram): void;
  /** `pulumi <args> --stack <stack> --non-interactive` in the project directory; rejects on a non-zero exit. */
  cli(args: string[], opts?: { allowFailure?: boolean }): Promise<CliRun>;
  /** Starts the CLI without waiting: for a SIGINT mid-run. */
  start(args: string[]): RunningCli;
  up(extra?: string[], opts?: { allowFailure?: boolean }): Promise<CliRun>;
  preview(extra?: string[]): Promise<CliRun>;
  refresh(extra?: string[]): Promise<CliRun>;
  destroy(extra?: string[]): Promise<CliRun>;
  /** `pulumi stack export` as a user runs it (no --show-secrets). */
  exportStack(): Promise<{ text: string; deployment: Deployment }>;
  /** The checkpoint the file backend holds, read from disk (no CLI run). */
  deployment(): Deployment;
  resource(name: string): StateResource | undefined;
}

/** The arguments every state-changing run gets: an event log, so each run's steps and diagnostics are known. */
const UP = ["up", "--yes", "--skip-preview"];

export async function startYamlWorld(options: YamlWorldOptions = {}): Promise<YamlWorld> {
  const [cli, hostPath, plugin] = await Promise.all([pulumiCli(), yamlHost(), pluginDir()]);
  const iso = isolatedPulumi("pulumi-yaml-");
  const emulator = await startEmulator({
    clockScale: options.clockScale ?? 600,
    quiet: true,
    seed: options.seed ?? 21,
  });
  const control = emulator.control;
  const projects: string[] = [];
  const stop = async () => {
    killCliRuns();
    await emulator.stop();
    iso.remove();
    for (const dir of projects) fs.rmSync(dir, { recursive: true, force: true });
  };
  const env: Record<string, string> = {
    HOME: process.env.HOME ?? os.homedir(),
    TMPDIR: os.tmpdir(),
    ...iso.env,
    ...emulator.env,
    AWS_REGION: SOURCE_REGION,
    // Unhides `--event-log` (the JSON-lines engine events each run is read back from), as the Automation API does.
    PULUMI_DEBUG_COMMANDS: "true",
    // The CLI first, then the YAML host, then node (the plugin's interpreter) and the system's basics.
    PATH: [
      path.dirname(cli.path),
      path.dirname(hostPath),
      path.dirname(process.execPath),
      "/usr/bin",
      "/bin",
    ].join(path.delimiter),
    // No config file or profile of the user's reaches the plugin's AWS SDK.
    AWS_CONFIG_FILE: path.join(iso.dir, "aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(iso.dir, "aws-credentials"),
  };
  let destinationVaultArn: string;
  try {
    destinationVaultArn = await seedCopyVaults(control);
  } catch (error) {
    await stop();
    throw error;
  }
  let rpCount = 0;
  const world: YamlWorld = {
    cliPath: cli.path,
    hostPath,
    pluginDir: plugin,
    emulator,
    control,
    pulumi: iso,
    env,
    destinationVaultArn,
    copyProperties: (recoveryPointArn, extra = {}) => ({
      recoveryPointArn,
      sourceBackupVaultName: "prod-vault",
      destinationBackupVaultArn: destinationVaultArn,
      iamRoleArn: ROLE_ARN,
      polling: YAML_POLLING,
      ...extra,
    }),
    async recoveryPoint(sizeBytes = 10 * 1024 ** 3) {
      rpCount++;
      const { recoveryPointArn } = await control.seedRecoveryPoint({
        region: SOURCE_REGION,
        vaultName: "prod-vault",
        resourceArn: `arn:aws:ec2:${SOURCE_REGION}:${SOURCE_ACCOUNT}:volume/vol-yaml${String(rpCount).padStart(5, "0")}`,
        resourceType: "EBS",
        backupSizeInBytes: sizeBytes,
      });
      return recoveryPointArn;
    },
    async jobsOf(recoveryPointArn) {
      return (await control.state()).copyJobs.filter((j) => j.sourceRecoveryPointArn === recoveryPointArn);
    },
    async project(stackName, program) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-yaml-project-"));
      projects.push(dir);
      const p = openProject(world, dir, stackName, `yaml-${stackName}`);
      p.write(program);
      await p.cli(["stack", "init"]); // the stack named by --stack
      return p;
    },
    async projectFromText(stackName, text) {
      const name = /^name:\s*(\S+)\s*$/m.exec(text)?.[1];
      if (!name) throw new Error(`no name: line in\n${text}`);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-yaml-project-"));
      projects.push(dir);
      fs.writeFileSync(path.join(dir, "Pulumi.yaml"), text);
      const p = openProject(world, dir, stackName, name);
      await p.cli(["stack", "init"]); // the stack named by --stack
      return p;
    },
    stop,
  };
  return world;
}

/** Pulumi.yaml for `program`: runtime yaml, the native plugin by path. */
export function pulumiYaml(projectName: string, plugin: string, program: YamlProgram): string {
  return toYaml({
    name: projectName,
    runtime: "yaml",
    plugins: { providers: [{ name: "backup-copy", path: plugin }] },
    resources: program.resources as unknown as YamlValue,
    outputs: program.outputs,
  });
}

function openProject(world: YamlWorld, dir: string, stackName: string, projectName: string): YamlProject {
  const eventLogs = fs.mkdtempSync(path.join(world.pulumi.dir, "events-"));
  let runs = 0;
  const withStack = (args: string[]) => [...args, "--stack", stackName, "--non-interactive"];
  // Commands that run the engine get an event log: their steps and diagnostics, read back after the run.
  const logged = (args: string[]) => {
    const eventLog = path.join(eventLogs, `${++runs}.jsonl`);
    return { args: withStack([...args, "--event-log", eventLog]), eventLog };
  };
  const cli: YamlProject["cli"] = (args, opts) =>
    runCli(world.cliPath, withStack(args), { cwd: dir, env: world.env, ...opts });
  const engine = (args: string[], opts?: { allowFailure?: boolean }) => {
    const l = logged(args);
    return runCli(world.cliPath, l.args, { cwd: dir, env: world.env, eventLog: l.eventLog, ...opts });
  };
  const deployment = () => readDeployment(world.pulumi.backendDir, projectName, stackName);
  return {
    dir,
    stackName,
    projectName,
    write: (program) =>
      fs.writeFileSync(path.join(dir, "Pulumi.yaml"), pulumiYaml(projectName, world.pluginDir, program)),
    cli,
    start: (args) => {
      const l = logged(args);
      return startCli(world.cliPath, l.args, { cwd: dir, env: world.env, eventLog: l.eventLog });
    },
    up: (extra = [], opts) => engine([...UP, ...extra], opts),
    preview: (extra = []) => engine(["preview", ...extra]),
    refresh: (extra = []) => engine(["refresh", "--yes", "--skip-preview", ...extra]),
    destroy: (extra = []) => engine(["destroy", "--yes", "--skip-preview", ...extra]),
    async exportStack() {
      const { stdout } = await cli(["stack", "export"]);
      return { text: stdout, deployment: (JSON.parse(stdout) as { deployment: Deployment }).deployment };
    },
    deployment,
    resource: (name) => resourceNamed(deployment(), name),
  };
}
