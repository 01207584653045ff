/**
 * npx ts-node --transpile-only bench/engine-rss.ts [--n=1,10,100]
 *
 * Peak memory of the REAL dynamic-provider plugin under the real engine: one `pulumi up` (Pulumi CLI through
 * the Automation API, tests/e2e/support) creating N CopyJobs at once against the in-process emulator. While the
 * up runs, the plugin's and the CLI's VmHWM (peak resident set, Linux /proc) are sampled every 100 ms; the last
 * sample of each process is its peak. Prints a table. Not part of `npm run bench` or `npm test`.
 */
import * as fs from "fs";
import { engineProcesses, startE2eWorld } from "../tests/e2e/support";

const GiB = 1024 ** 3;

function arg(name: string, fallback: string): string {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : fallback;
}

/** VmHWM in MB, or undefined once the process is gone. */
function peakMb(pid: number): number | undefined {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmHWM:\s+(\d+) kB/m);
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface Row {
  n: number;
  seconds: number;
  pluginMb: number;
  cliMb: number;
  awsCalls: number;
  jobs: number;
}

async function measure(n: number): Promise<Row> {
  const world = await startE2eWorld({ seed: 500 + n, clockScale: 600 });
  try {
    const copies: Record<string, { args: Record<string, unknown> }> = {};
    for (let i = 0; i < n; i++) {
      // 10 to 200 GiB: copies of ~2 to ~34 emulated minutes, ~0.2 to ~3.4 real seconds at ×600.
      const rp = await world.recoveryPoint(Math.round((10 + (190 * i) / Math.max(1, n - 1)) * GiB));
      copies[`copy-${i}`] = { args: { recoveryPointArn: rp } };
    }
    const s = await world.stack({ stackName: `rss-${n}`, program: world.program(copies) });
    await world.control.resetCalls();
    const peaks = { plugin: 0, cli: 0 };
    const timer = setInterval(() => {
      const p = engineProcesses(world.cli.command.command);
      if (!p) return;
      peaks.cli = Math.max(peaks.cli, peakMb(p.cli.pid) ?? 0);
      if (p.plugin) peaks.plugin = Math.max(peaks.plugin, peakMb(p.plugin.pid) ?? 0);
    }, 100);
    const started = Date.now();
    try {
      await s.up();
    } finally {
      clearInterval(timer);
    }
    const seconds = (Date.now() - started) / 1000;
    const calls = await world.control.calls();
    const awsCalls = Object.entries(calls)
      .filter(([k]) => /^[A-Z]/.test(k))
      .reduce((sum, [, v]) => sum + v, 0);
    const jobs = (await world.control.state()).copyJobs.length;
    if (jobs !== n) throw new Error(`${jobs} copy jobs for ${n} resources`);
    return { n, seconds, pluginMb: peaks.plugin, cliMb: peaks.cli, awsCalls, jobs };
  } finally {
    await world.stop();
  }
}

async function main(): Promise<void> {
  const ns = arg("n", "100").split(",").map(Number);
  const rows: Row[] = [];
  for (const n of ns) rows.push(await measure(n));
  console.log(
    "| N | `pulumi up` (s) | plugin peak RSS (MB) | CLI peak RSS (MB) | AWS calls | calls per copy |",
  );
  console.log("| --: | --: | --: | --: | --: | --: |");
  for (const r of rows) {
    console.log(
      `| ${r.n} | ${r.seconds.toFixed(1)} | ${r.pluginMb.toFixed(0)} | ${r.cliMb.toFixed(0)} | ${r.awsCalls} | ${(r.awsCalls / r.n).toFixed(2)} |`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
