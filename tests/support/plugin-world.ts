/**
 * The package installed as users get it, its serialized provider, and the REAL dynamic-provider plugin
 * (tests/harness) spawned against the AWS Backup emulator with a clock running an hour per real second, seeded
 * with the source vault, the destination vault and the role a copy needs. Plugin tests drive stacks against it.
 */
import { strict as assert } from "assert";
import { startEmulator, type EmulatorControl, type RunningEmulator } from "../../emulator";
import {
  DynamicProviderPlugin,
  serializeProvider,
  Stack,
  type OperationSummary,
  type Props,
  type ResourceDecl,
} from "../harness";
import { installPackage, type InstalledPackage } from "../harness/installed-package";
import { FAST_POLLING, ROLE_ARN, SOURCE_ACCOUNT as ACCOUNT, SOURCE_REGION } from "./constants";
import { seedCopyVaults } from "./seed";

/** The type the engine gives a CopyJob: a dynamic resource of the package's "backup-copy" provider. */
export const TYPE = "pulumi-nodejs:dynamic/backup-copy:CopyJob";
export { DEST_REGION, FAST_POLLING, GiB, ROLE_ARN, SOURCE_REGION } from "./constants";
export { SOURCE_ACCOUNT as ACCOUNT } from "./constants";

export interface PluginWorldOptions {
  /** The Pulumi project: given to every plugin and every stack. */
  project: string;
  /** Seeds the emulator's random choices (IDs, fault draws). */
  seed: number;
  /** Stack names are `${stackPrefix}1`, `${stackPrefix}2`, … */
  stackPrefix: string;
  /** Source volume ids are `vol-${resourcePrefix}` then the count, padded to 8 characters in all. Default "". */
  resourcePrefix?: string;
  /** Size of a recovery point when `recoveryPoint()` is given none. */
  defaultSizeBytes: number;
}

export interface PluginWorld {
  pkg: InstalledPackage;
  emulator: RunningEmulator;
  control: EmulatorControl;
  /** The installed CopyJobProvider, serialized as the engine receives it. */
  provider: string;
  destinationVaultArn: string;
  /** The plugin started with the world. */
  plugin: DynamicProviderPlugin;
  /** Every plugin started so far, the first one included; `stop()` stops them all. */
  plugins: readonly DynamicProviderPlugin[];
  /**
   * Another plugin process (env: the emulator's), stopped with the world. Default cwd: the installed package's
   * root; install tests pass a program's directory and that program's own plugin script.
   */
  startPlugin(where?: { cwd: string; pluginScript: string }): Promise<DynamicProviderPlugin>;
  newStack(): Stack;
  /** What `new CopyJob(name, props)` sends: the props plus tokenScope (the engine adds __provider). */
  decl(stack: Stack, name: string, props: Props, serialized?: string): ResourceDecl;
  /** A fresh COMPLETED recovery point in the source vault. */
  recoveryPoint(sizeBytes?: number): Promise<string>;
  /** The ARNs of every recovery point the emulator holds, in any vault. */
  liveRecoveryPoints(): Promise<Set<string>>;
  /** Fails the test unless the operation succeeded; returns the summary. */
  ok(summary: OperationSummary): OperationSummary;
  stop(): Promise<void>;
}

export async function startPluginWorld(options: PluginWorldOptions): Promise<PluginWorld> {
  const { project, seed, stackPrefix, resourcePrefix = "", defaultSizeBytes } = options;
  const pkg = await installPackage();
  const provider = await serializeProvider(new (pkg.load().CopyJobProvider)());
  const emulator = await startEmulator({ clockScale: 3600, quiet: true, seed });
  const control = emulator.control;
  const plugins: DynamicProviderPlugin[] = [];
  const stop = async () => {
    for (const p of plugins) await p.stop().catch(() => undefined);
    await emulator.stop();
  };
  const startPlugin = async (where?: { cwd: string; pluginScript: string }) => {
    const p = await DynamicProviderPlugin.start({ cwd: pkg.root, ...where, env: emulator.env, project });
    plugins.push(p);
    return p;
  };
  let destinationVaultArn: string;
  let plugin: DynamicProviderPlugin;
  try {
    destinationVaultArn = await seedCopyVaults(control);
    plugin = await startPlugin();
  } catch (error) {
    await stop();
    throw error;
  }
  let rpCount = 0;
  let stackCount = 0;
  return {
    pkg,
    emulator,
    control,
    provider,
    destinationVaultArn,
    plugin,
    plugins,
    startPlugin,
    newStack() {
      stackCount++;
      return new Stack({
        project,
        stack: `${stackPrefix}${stackCount}`,
        config: { "aws:region": SOURCE_REGION },
      });
    },
    decl(stack, name, props, serialized = provider) {
      return {
        name,
        type: TYPE,
        provider: serialized,
        props: {
          sourceBackupVaultName: "prod-vault",
          destinationBackupVaultArn: destinationVaultArn,
          iamRoleArn: ROLE_ARN,
          polling: FAST_POLLING,
          ...props,
          tokenScope: `${stack.project}/${stack.stack}/${name}`,
        },
      };
    },
    async recoveryPoint(sizeBytes = defaultSizeBytes) {
      rpCount++;
      const volume = `${resourcePrefix}${String(rpCount).padStart(8 - resourcePrefix.length, "0")}`;
      const { recoveryPointArn } = await control.seedRecoveryPoint({
        region: SOURCE_REGION,
        vaultName: "prod-vault",
        resourceArn: `arn:aws:ec2:${SOURCE_REGION}:${ACCOUNT}:volume/vol-${volume}`,
        resourceType: "EBS",
        backupSizeInBytes: sizeBytes,
      });
      return recoveryPointArn;
    },
    async liveRecoveryPoints() {
      return new Set(
        (await control.state()).recoveryPoints.map(
          (r) => (r as { recoveryPointArn: string }).recoveryPointArn,
        ),
      );
    },
    ok(summary) {
      assert.ok(summary.ok, `operation failed: ${summary.errors.map((e) => e.message).join("\n")}`);
      return summary;
    },
    stop,
  };
}
