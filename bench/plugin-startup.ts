/**
 * npx ts-node --transpile-only bench/plugin-startup.ts [--runs=5]
 *
 * The native plugin (the installed package's bin/pulumi-resource-backup-copy) against the dynamic-provider
 * plugin (@pulumi/pulumi/cmd/dynamic-provider, which the engine runs for every pulumi.dynamic resource), each
 * started as the engine starts it (tests/harness):
 * - start-up: from spawn to the first gRPC answer (the port line, Handshake, GetPluginInfo). "cold" is the
 *   first start of this run (after the package was installed or rebuilt: files read from disk, nothing in
 *   V8's code cache), "warm" the median of the following starts;
 * - RSS (VmRSS of the plugin's node process) once ready, and after Configure, Check and a create that waits
 *   for one 1 GiB copy against the emulator (VmHWM: the peak).
 * Not shipped: the package's `files` hold neither bench/ nor tests/.
 */
import * as fs from "fs";
import { startEmulator } from "../emulator";
import { DynamicProviderPlugin, serializeProvider } from "../tests/harness";
import { installPackage } from "../tests/harness/installed-package";
import { FAST_POLLING, ROLE_ARN, SOURCE_ACCOUNT, SOURCE_REGION } from "../tests/support/constants";
import { seedCopyVaults } from "../tests/support/seed";

interface Figures {
  coldMs: number;
  warmMs: number;
  readyRssMb: number;
  /** Configure and the first Check: the native plugin loads the operations and the AWS SDK there. */
  firstCheckMs: number;
  afterCopyRssMb: number;
  peakRssMb: number;
}

const runs = Number(process.argv.find((a) => a.startsWith("--runs="))?.slice(7) ?? 5);

/** VmRSS / VmHWM of a process, in MB (Linux). The native shim execs node, so its pid is node's. */
function rss(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+)`, "m"))?.[1] ?? 0);
  return { rssMb: Math.round(kb("VmRSS") / 1024), peakMb: Math.round(kb("VmHWM") / 1024) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(
  name: string,
  start: () => Promise<DynamicProviderPlugin>,
  copy: (plugin: DynamicProviderPlugin) => Promise<number>,
): Promise<Figures> {
  const times: number[] = [];
  let readyRssMb = 0;
  for (let i = 0; i < runs; i++) {
    const began = performance.now();
    const plugin = await start();
    times.push(performance.now() - began);
    if (i === 0) readyRssMb = rss(plugin.pid!).rssMb;
    await plugin.stop();
  }
  const plugin = await start();
  try {
    const firstCheckMs = await copy(plugin);
    const after = rss(plugin.pid!);
    const figures = {
      coldMs: Math.round(times[0]),
      warmMs: Math.round(median(times.slice(1))),
      readyRssMb,
      firstCheckMs: Math.round(firstCheckMs),
      afterCopyRssMb: after.rssMb,
      peakRssMb: after.peakMb,
    };
    console.log(`${name}: ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    await plugin.stop();
  }
}

async function main(): Promise<void> {
  const pkg = await installPackage();
  // A rebuilt or reinstalled package is read from disk again: the first start below is a cold one.
  const emulator = await startEmulator({ clockScale: 3600, quiet: true, seed: 5 });
  try {
    const destinationBackupVaultArn = await seedCopyVaults(emulator.control);
    let volume = 0;
    const props = async () => {
      volume++;
      const { recoveryPointArn } = await emulator.control.seedRecoveryPoint({
        region: SOURCE_REGION,
        vaultName: "prod-vault",
        resourceArn: `arn:aws:ec2:${SOURCE_REGION}:${SOURCE_ACCOUNT}:volume/vol-${String(volume).padStart(8, "0")}`,
        resourceType: "EBS",
        backupSizeInBytes: 1024 ** 3,
      });
      return {
        recoveryPointArn,
        sourceBackupVaultName: "prod-vault",
        destinationBackupVaultArn,
        iamRoleArn: ROLE_ARN,
        polling: FAST_POLLING,
      };
    };
    const native = await measure(
      "native",
      () => DynamicProviderPlugin.start({ executable: pkg.pluginExecutable, env: emulator.env }),
      async (plugin) => {
        const urn = "urn:pulumi:bench::bench::backup-copy:index:CopyJob::copy";
        const news = await props();
        const began = performance.now();
        await plugin.configure({ region: SOURCE_REGION });
        const { inputs } = await plugin.check(urn, {}, news);
        const checked = performance.now() - began;
        await plugin.create(urn, inputs);
        return checked;
      },
    );
    const serialized = await serializeProvider(new (pkg.load().CopyJobProvider)());
    const dynamic = await measure(
      "dynamic",
      () => DynamicProviderPlugin.start({ cwd: pkg.root, env: emulator.env, project: "bench" }),
      async (plugin) => {
        const urn = "urn:pulumi:bench::bench::pulumi-nodejs:dynamic/backup-copy:CopyJob::copy";
        const news = { ...(await props()), tokenScope: "bench/bench/copy", __provider: serialized };
        const began = performance.now();
        await plugin.configure({ "aws:region": SOURCE_REGION });
        const { inputs } = await plugin.check(urn, {}, news);
        const checked = performance.now() - began;
        await plugin.create(urn, inputs);
        return checked;
      },
    );
    console.log(
      "\n| plugin | start cold | start warm (median) | Configure + first Check | RSS ready | RSS after a copy | peak RSS |",
    );
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const [name, f] of [
      ["native (bin/pulumi-resource-backup-copy)", native],
      ["dynamic (@pulumi/pulumi/cmd/dynamic-provider)", dynamic],
    ] as const) {
      console.log(
        `| ${name} | ${f.coldMs} ms | ${f.warmMs} ms | ${f.firstCheckMs} ms | ${f.readyRssMb} MB | ${f.afterCopyRssMb} MB | ${f.peakRssMb} MB |`,
      );
    }
    console.log(`\nNode ${process.version}, ${runs} starts each, ${new Date().toISOString()}`);
  } finally {
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
