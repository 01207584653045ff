/**
 * The native plugin as users get it (the installed package's bin/pulumi-resource-backup-copy, running
 * dist/provider/plugin/main.js), spawned by the engine stand-in (tests/harness) against the AWS Backup emulator
 * with a clock running an hour per real second, seeded with the vaults and role a copy needs.
 */
import { BackupClient, StartCopyJobCommand } from "@aws-sdk/client-backup";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { DynamicProviderPlugin, type Props } from "../harness";
import { installPackage, type InstalledPackage } from "../harness/installed-package";
import { FAST_POLLING, ROLE_ARN, SOURCE_ACCOUNT, SOURCE_REGION } from "../support/constants";
import { seedCopyVaults } from "../support/seed";

export const TYPE = "backup-copy:index:CopyJob";
export { FAST_POLLING, GiB, ROLE_ARN, SOURCE_REGION } from "../support/constants";

export interface NativeWorld {
  pkg: InstalledPackage;
  emulator: RunningEmulator;
  destinationVaultArn: string;
  plugin: NativePlugin;
  /** Another plugin process (configured), stopped with the world. */
  startPlugin(): Promise<NativePlugin>;
  urn(name: string, stack?: string): string;
  recoveryPoint(sizeBytes?: number): Promise<string>;
  /** A CopyJob's inputs as a YAML program would give them. */
  inputs(recoveryPointArn: string, more?: Props): Props;
  /** StartCopyJob as the AWS CLI would (not through the provider). */
  startCopyOutside(
    recoveryPointArn: string,
    lifecycle?: { DeleteAfterDays?: number },
    destinationVaultArn?: string,
  ): Promise<string>;
  calls(name: string): Promise<number>;
  jobState(copyJobId: string): Promise<string | undefined>;
  stop(): Promise<void>;
}

export type NativePlugin = DynamicProviderPlugin;

/** 1 GiB copies in a few emulated seconds: milliseconds of real time. */
const DEFAULT_SIZE = 1024 ** 3;

export async function startNativeWorld(seed = 7): Promise<NativeWorld> {
  const pkg = await installPackage();
  const emulator = await startEmulator({ clockScale: 3600, quiet: true, seed });
  const plugins: NativePlugin[] = [];
  const stop = async () => {
    for (const p of plugins) await p.stop().catch(() => undefined);
    await emulator.stop();
  };
  const startPlugin = async () => {
    const p = await DynamicProviderPlugin.start({ executable: pkg.pluginExecutable, env: emulator.env });
    plugins.push(p);
    await p.configure({ region: SOURCE_REGION });
    return p;
  };
  let destinationVaultArn: string;
  let plugin: NativePlugin;
  try {
    destinationVaultArn = await seedCopyVaults(emulator.control);
    plugin = await startPlugin();
  } catch (error) {
    await stop();
    throw error;
  }
  let volumes = 0;
  return {
    pkg,
    emulator,
    destinationVaultArn,
    plugin,
    startPlugin,
    urn: (name, stack = "dev") => `urn:pulumi:${stack}::native::${TYPE}::${name}`,
    async recoveryPoint(sizeBytes = DEFAULT_SIZE) {
      volumes++;
      const { recoveryPointArn } = await emulator.control.seedRecoveryPoint({
        region: SOURCE_REGION,
        vaultName: "prod-vault",
        resourceArn: `arn:aws:ec2:${SOURCE_REGION}:${SOURCE_ACCOUNT}:volume/vol-${String(volumes).padStart(8, "0")}`,
        resourceType: "EBS",
        backupSizeInBytes: sizeBytes,
      });
      return recoveryPointArn;
    },
    inputs: (recoveryPointArn, more = {}) => ({
      recoveryPointArn,
      sourceBackupVaultName: "prod-vault",
      destinationBackupVaultArn: destinationVaultArn,
      iamRoleArn: ROLE_ARN,
      polling: FAST_POLLING,
      ...more,
    }),
    async startCopyOutside(recoveryPointArn, lifecycle, destination = destinationVaultArn) {
      const client = new BackupClient({
        region: SOURCE_REGION,
        endpoint: emulator.env.AWS_ENDPOINT_URL,
        credentials: {
          accessKeyId: emulator.env.AWS_ACCESS_KEY_ID,
          secretAccessKey: emulator.env.AWS_SECRET_ACCESS_KEY,
        },
      });
      try {
        const out = await client.send(
          new StartCopyJobCommand({
            RecoveryPointArn: recoveryPointArn,
            SourceBackupVaultName: "prod-vault",
            DestinationBackupVaultArn: destination,
            IamRoleArn: ROLE_ARN,
            Lifecycle: lifecycle,
          }),
        );
        return out.CopyJobId!;
      } finally {
        client.destroy();
      }
    },
    async calls(name) {
      return (await emulator.control.calls())[name] ?? 0;
    },
    async jobState(copyJobId) {
      return (await emulator.control.state()).copyJobs.find((j) => j.copyJobId === copyJobId)?.state;
    },
    stop,
  };
}

/** Resolves once `test` holds, looking every 20 ms; fails after `ms`. */
export async function until(
  test: () => Promise<boolean> | boolean,
  ms = 30_000,
  what = "condition",
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
