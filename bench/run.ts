/**
 * npm run bench [-- --quick] [-- --n=1,10] [-- --strategy=shared] [-- --scale=60] [-- --max-minutes=240] [-- --no-quota] [-- --retry-modes] [-- --node=24] [-- --runtimes=22,24,26]
 *
 * N concurrent CopyJob creates (in-process CopyJobProvider) against the emulator with a scaled clock and an
 * AWS-like throttle, for three waiting strategies: the shared poller (the provider as shipped) and two
 * per-resource baselines (bench/baselines.ts). Prints a table and writes bench/RESULTS.md.
 *
 * --node=<major> runs the measured process (the worker, which stands for the plugin) on that Node.js major,
 * installed by scripts/node.sh into .cache/node on first use; without it, on the Node running the bench.
 * --runtimes= names the majors of the runtime section (a full run has it, with 22, 24 and 26).
 */
import { BackupClient, StartCopyJobCommand } from "@aws-sdk/client-backup";
import { ChildProcess, execSync, fork, spawn } from "child_process";
import { readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { EmulatorControl } from "../emulator/control-client";
import { transpileTo } from "../tests/support/transpile";
import type { StrategyName, WorkerResult, WorkerTask } from "./worker";

const ROOT = path.resolve(__dirname, "..");
const SOURCE_ACCOUNT = "111111111111";
const SOURCE_REGION = "us-east-1";
const DEST_REGION = "us-west-2";
const ROLE_ARN = `arn:aws:iam::${SOURCE_ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`;
const THROUGHPUT = 100 * 1024 ** 2; // the emulator's default copy speed, bytes per emulated second
/**
 * Each copy's own speed varies: RUNNING lasts size / throughput × e^(σ·z) (emulator/README.md). σ = 0.1 puts
 * ~95 % of copies within ±20 % of what their size predicts: an estimate from size is useful, never exact.
 */
const THROUGHPUT_SPREAD = 0.1;
/**
 * Copies the account finished before the measured run (2–6 min, 10 emulated minutes before it): the history a
 * real account has, which ListCopyJobs shows and the shared poller learns the throughput from.
 */
const HISTORY_COPIES = 20;

interface Scenario {
  /** Emulated seconds per real second. */
  scale: number;
  /** Copy durations (emulated seconds), spread evenly in log space. */
  minDurationS: number;
  maxDurationS: number;
  /** AWS-like throttle per operation, in emulated time (scaled to real time for the emulator). */
  ratePerSecond: number;
  burst: number;
  /** Concurrent copies AWS allows per destination region (AWS's default quota is 100). */
  quota: number | "N";
  /** Start-gate limit (0 = off); "quota" follows the quota. */
  gate: number | "quota";
  retryMode: "adaptive" | "standard";
  /** Node.js major of the measured process (scripts/node.sh); default --node=, else the bench's own Node. */
  node?: string;
}

type Stats = { n: number; mean: number; p50: number; p95: number; max: number };

/** Where the time goes (printed with BENCH_DETAIL=1; summarised in RESULTS.md). */
interface Detail {
  /** Emulated s from the job's CompletionDate to its first terminal sighting. */
  toSeen: Stats;
  /** Emulated s from that sighting to the create returning (DescribeRecoveryPoint and the event loop). */
  seenToReturn: Stats;
  /** Real ms per ListCopyJobs page parse. */
  listParseMs: Stats;
  callMs: Record<string, Stats>;
  workerCpuS: number;
  emulatorCpuS?: number;
  wallRealS: number;
  loopP99Ms: number;
  loopMaxMs: number;
  rssBeforeMb: number;
  workerHwmMb?: number;
  memoryAtPeakMb?: Record<string, number>;
  /** The creates furthest over their goal (overBy = latency / goal). */
  worst: Array<{
    id: string;
    durationS: number;
    latency: number;
    overBy: number;
    seen: number;
    back: number;
  }>;
}

interface Row {
  label: string;
  /** The measured process's Node.js version. */
  node: string;
  strategy: StrategyName;
  n: number;
  calls: number;
  callsByOp: Record<string, number>;
  throttled: number;
  p50: number;
  p95: number;
  overGoal: number;
  wallOverIdeal: number;
  wallS: number;
  peakRssMb: number;
  emulatorRssMb?: number;
  failures: number;
  duplicates: number;
  queuedStarts: number;
  detail: Detail;
}

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const nArg = args.find((a) => a.startsWith("--n="));
const NS = nArg ? nArg.slice(4).split(",").map(Number) : quick ? [1, 10, 100] : [1, 10, 100, 1000];

const numberArg = (name: string): number | undefined => {
  const raw = args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return raw === undefined ? undefined : Number(raw);
};

/**
 * Copies of 2 minutes to 4 hours, spread evenly in log space (copy sizes span orders of magnitude; the median is
 * 22 minutes): the hours-long ones are where per-resource waiters pay most, the minutes-long ones where the
 * latency goal is hardest.
 *
 * ×60: at ×120 or more a real millisecond of the provider's own work (a 1000-job List costs ~20 ms to fetch and
 * parse, the burst of 1000 starts ~2 s) is 0.12+ emulated seconds: the start burst alone lasts longer than the
 * shortest copies and they are seen late whatever the poller does; AWS's own List latency is of that order in
 * real seconds. A full run therefore takes about 40 minutes. `--scale=` and `--max-minutes=` override.
 */
const MAIN: Scenario = {
  scale: numberArg("scale") ?? (quick ? 120 : 60),
  minDurationS: 120,
  maxDurationS: (numberArg("max-minutes") ?? (quick ? 10 : 240)) * 60,
  ratePerSecond: 5,
  burst: 10,
  quota: "N",
  gate: "quota",
  retryMode: "adaptive",
};

function durationsFor(n: number, s: Scenario): number[] {
  if (n === 1) return [Math.sqrt(s.minDurationS * s.maxDurationS)];
  const ratio = s.maxDurationS / s.minDurationS;
  const out = Array.from({ length: n }, (_, i) => s.minDurationS * ratio ** (i / (n - 1)));
  // Interleave so that long and short copies start side by side.
  return out.map((_, i) => out[(i * 7919) % n]);
}

/** HISTORY_COPIES copies of 2–6 minutes, run to completion, then 10 emulated minutes pass. */
async function seedHistory(emulator: EmulatorProcess, destinationVaultArn: string): Promise<void> {
  const { control, env } = emulator;
  const client = new BackupClient({
    region: SOURCE_REGION,
    endpoint: env.AWS_ENDPOINT_URL_BACKUP,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
  });
  try {
    for (let i = 0; i < HISTORY_COPIES; i++) {
      const seconds = 120 * 3 ** (i / (HISTORY_COPIES - 1));
      const { recoveryPointArn } = await control.seedRecoveryPoint({
        region: SOURCE_REGION,
        vaultName: "prod-vault",
        resourceArn: `arn:aws:ec2:${SOURCE_REGION}:${SOURCE_ACCOUNT}:volume/vol-history-${i}`,
        resourceType: "EBS",
        backupSizeInBytes: Math.round((seconds - 2) * THROUGHPUT),
      });
      await client.send(
        new StartCopyJobCommand({
          RecoveryPointArn: recoveryPointArn,
          SourceBackupVaultName: "prod-vault",
          DestinationBackupVaultArn: destinationVaultArn,
          IamRoleArn: ROLE_ARN,
          IdempotencyToken: `history-${i}`,
        }),
      );
    }
    await control.advanceClock(8 * 60);
    while ((await control.state()).copyJobs.some((j) => j.state !== "COMPLETED"))
      await new Promise((r) => setTimeout(r, 100));
    await control.advanceClock(10 * 60);
  } finally {
    client.destroy();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

/** The compiled emulator in a process of its own (as AWS is to the plugin). */
interface EmulatorProcess {
  child: ChildProcess;
  env: Record<string, string>;
  control: EmulatorControl;
  stop(): Promise<void>;
}

async function spawnEmulator(scale: number, seed: number): Promise<EmulatorProcess> {
  const cli = path.join(ROOT, "dist", "emulator", "cli.js");
  const child = spawn(
    process.execPath,
    [cli, "--port", "0", "--clock-scale", String(scale), "--seed", String(seed), "--quiet"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const env: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    let buffered = "";
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const m of buffered.matchAll(/^export (\w+)=(.*)$/gm)) env[m[1]] = m[2];
      if (env.AWS_REGION !== undefined) {
        child.stdout!.off("data", onData);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`emulator exited (${code}) before printing its endpoint`)));
  });
  child.stdout!.resume();
  return {
    child,
    env,
    control: new EmulatorControl(env.AWS_ENDPOINT_URL_BACKUP),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Peak RSS (VmHWM) and CPU time of another process, from /proc (Linux); undefined elsewhere. */
function procStats(pid: number | undefined): { hwmMb?: number; cpuMs?: number } {
  if (pid === undefined) return {};
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100/s)
    return { hwmMb: hwm ? Number(hwm[1]) / 1024 : undefined, cpuMs: ticks * 10 };
  } catch {
    return {};
  }
}

/** The worker runs compiled, like the plugin: transpile bench/worker.ts and bench/baselines.ts into dist/bench. */
function compileWorker(): string {
  const out = path.join(ROOT, "dist", "bench");
  for (const name of ["worker", "baselines"])
    transpileTo(path.join(__dirname, `${name}.ts`), path.join(out, `${name}.js`));
  return path.join(out, "worker.js");
}

let workerPath: string | undefined;

/**
 * The node binary a worker runs on: a major from scripts/node.sh (installed into .cache/node on first use), or
 * the Node running the bench. Users run the plugin on Node 22/24/26 (current @pulumi/pulumi needs 22), and V8's
 * heap differs between them (the young generation reaches 32 MB on Node 20 and 22, 64 MB on Node 24), so every
 * row says which Node it measured.
 */
interface NodeBinary {
  execPath: string;
  version: string;
}
const nodes = new Map<string, NodeBinary>();
function nodeFor(major?: string): NodeBinary {
  if (!major) return { execPath: process.execPath, version: process.version };
  let node = nodes.get(major);
  if (!node) {
    const bin = execSync(`bash ${JSON.stringify(path.join(ROOT, "scripts", "node.sh"))} ${major}`, {
      stdio: ["ignore", "pipe", "inherit"],
    })
      .toString()
      .trim()
      .split("\n")
      .pop()!;
    const execPath = path.join(bin, "node");
    node = {
      execPath,
      version: execSync(`${JSON.stringify(execPath)} --version`)
        .toString()
        .trim(),
    };
    nodes.set(major, node);
  }
  return node;
}
/** --node=<major>: the Node of every row but the runtime section's. */
const NODE_ARG = args.find((a) => a.startsWith("--node="))?.slice(7);

function runWorker(task: WorkerTask, node: NodeBinary): Promise<WorkerResult> {
  workerPath ??= compileWorker();
  const child = fork(workerPath, [], {
    execPath: node.execPath,
    execArgv: [],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    let result: WorkerResult | undefined;
    child.once("message", (message) => (result = message as WorkerResult));
    child.once("exit", (code) =>
      result ? resolve(result) : reject(new Error(`bench worker exited with ${code}`)),
    );
    child.send(task);
  });
}

function stats(values: number[]): { n: number; mean: number; p50: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return {
    n: sorted.length,
    mean,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

async function runOne(strategy: StrategyName, n: number, s: Scenario, label: string): Promise<Row> {
  const quota = s.quota === "N" ? Math.max(100, n) : s.quota;
  const gate = s.gate === "quota" ? quota : s.gate;
  const emulator = await spawnEmulator(s.scale, 11);
  try {
    const control = emulator.control;
    await control.setSettings({
      maxConcurrentCopiesPerDestinationRegion: quota,
      createdPhaseSeconds: 2,
      throughputSpread: THROUGHPUT_SPREAD,
    });
    await control.seedVault({ region: SOURCE_REGION, name: "prod-vault" });
    const { backupVaultArn: dest } = await control.seedVault({ region: DEST_REGION, name: "dr-vault" });
    await control.seedRole({ arn: ROLE_ARN });
    await seedHistory(emulator, dest);
    const durations = durationsFor(n, s);
    const rps: string[] = [];
    for (let i = 0; i < n; i++) {
      const { recoveryPointArn } = await control.seedRecoveryPoint({
        region: SOURCE_REGION,
        vaultName: "prod-vault",
        resourceArn: `arn:aws:ec2:${SOURCE_REGION}:${SOURCE_ACCOUNT}:volume/vol-${String(i).padStart(8, "0")}`,
        resourceType: "EBS",
        backupSizeInBytes: Math.round(Math.max(0, durations[i] - 2) * THROUGHPUT),
      });
      rps.push(recoveryPointArn);
    }
    await control.setFaults({
      // Polling is what is measured; the start path (StartCopyJob, DescribeRecoveryPoint) is the same for every
      // strategy and is left unthrottled, because the SDK's retry delays run in real time, not emulated time.
      throttle: {
        operations: ["DescribeCopyJob", "ListCopyJobs"],
        ratePerSecond: s.ratePerSecond * s.scale,
        burst: s.burst,
      },
    });
    await control.resetCalls();
    const emuCpu0 = procStats(emulator.child.pid).cpuMs;
    const node = nodeFor(s.node ?? NODE_ARG);
    const w = await runWorker(
      {
        strategy,
        scale: s.scale,
        env: {
          ...emulator.env,
          PULUMI_BACKUP_COPY_MAX_CONCURRENT_COPIES: String(gate),
          PULUMI_BACKUP_COPY_RETRY_MODE: s.retryMode,
        },
        sourceRegion: SOURCE_REGION,
        destinationRegion: DEST_REGION,
        recoveryPointArns: rps,
        destinationVaultArn: dest,
        iamRoleArn: ROLE_ARN,
        timeoutMinutes: (4 * s.maxDurationS * (quota < n ? Math.ceil(n / quota) : 1)) / 60 / s.scale + 1,
      },
      node,
    );
    const emu = procStats(emulator.child.pid);
    await control.setFaults({});
    const callsByOp = await control.calls();
    const state = await control.state();
    const perRp = new Map<string, number>();
    for (const j of state.copyJobs)
      perRp.set(j.sourceRecoveryPointArn, (perRp.get(j.sourceRecoveryPointArn) ?? 0) + 1);
    const duplicates = [...perRp.values()].reduce((sum, c) => sum + Math.max(0, c - 1), 0);
    const latencies: number[] = [];
    const toSeen: number[] = [];
    const seenToReturn: number[] = [];
    const worst: Detail["worst"] = [];
    let overGoal = 0;
    let lastCompletion = w.emulatedAt0;
    for (const job of state.copyJobs) {
      const completed = Date.parse(String(job.completionDate ?? ""));
      const created = Date.parse(String(job.creationDate ?? ""));
      if (Number.isNaN(completed)) continue;
      lastCompletion = Math.max(lastCompletion, completed);
      const back = w.returned[job.copyJobId];
      if (back === undefined) continue;
      const latency = Math.max(0, (back - completed) / 1000);
      latencies.push(latency);
      const seen = w.seenTerminal[job.copyJobId];
      if (seen !== undefined) {
        toSeen.push(Math.max(0, (seen - completed) / 1000));
        seenToReturn.push(Math.max(0, (back - seen) / 1000));
      }
      const durationS = (completed - created) / 1000;
      const goal = Math.max(5, 0.05 * durationS);
      if (latency > goal) {
        overGoal++;
        worst.push({
          id: job.copyJobId,
          durationS,
          latency,
          overBy: latency / goal,
          seen: (seen - completed) / 1000,
          back: (completed - w.emulatedAt0) / s.scale,
        });
      }
    }
    latencies.sort((a, b) => a - b);
    const calls = Object.entries(callsByOp)
      .filter(([k]) => /^[A-Z]/.test(k))
      .reduce((sum, [, v]) => sum + v, 0);
    const wallS = (w.wallRealMs / 1000) * s.scale;
    const ideal = (lastCompletion - w.emulatedAt0) / 1000;
    const detail: Detail = {
      toSeen: stats(toSeen),
      seenToReturn: stats(seenToReturn),
      listParseMs: stats(w.listParseMs),
      callMs: Object.fromEntries(Object.entries(w.callMs).map(([k, v]) => [k, stats(v)])),
      workerCpuS: (w.cpuUserMs + w.cpuSystemMs) / 1000,
      emulatorCpuS:
        emu.cpuMs !== undefined && emuCpu0 !== undefined ? (emu.cpuMs - emuCpu0) / 1000 : undefined,
      wallRealS: w.wallRealMs / 1000,
      loopP99Ms: w.eventLoopDelayP99Ms,
      loopMaxMs: w.eventLoopDelayMaxMs,
      rssBeforeMb: w.rssBeforeMb,
      workerHwmMb: w.hwmMb,
      memoryAtPeakMb: w.memoryAtPeakMb,
      worst: worst.sort((a, b) => b.overBy - a.overBy).slice(0, 8),
    };
    if (process.env.BENCH_DETAIL) console.error(JSON.stringify({ label, strategy, n, ...detail }));
    for (const e of w.firstErrors) process.stderr.write(`create failed: ${e}\n`);
    return {
      label,
      node: node.version,
      strategy,
      n,
      calls,
      callsByOp,
      throttled: callsByOp.throttled ?? 0,
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      overGoal,
      wallOverIdeal: wallS / ideal,
      wallS,
      peakRssMb: w.hwmMb ?? w.peakRssMb,
      emulatorRssMb: emu.hwmMb,
      failures: w.failures,
      duplicates,
      queuedStarts: w.queuedStarts,
      detail,
    };
  } finally {
    await emulator.stop();
  }
}

const HISTORY_MARKER = "<!-- history: kept by bench/run.ts -->";

const HEADER =
  "| run | strategy | N | API calls | calls/copy | calls/copy w/o DescribeRecoveryPoint | StartCopyJob | wait calls (List+Describe) | wait/copy | throttled | detect p50 s | detect p95 s | over goal | seen p95 s | wall/ideal | peak RSS MB (provider) | emulator RSS MB | failures | duplicates |";
const RULE = "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|";

function line(r: Row): string {
  const op = (name: string) => r.callsByOp[name] ?? 0;
  const wait = op("ListCopyJobs") + op("DescribeCopyJob");
  const withoutRp = r.calls - op("DescribeRecoveryPoint");
  return `| ${r.label} | ${r.strategy} | ${r.n} | ${r.calls} | ${(r.calls / r.n).toFixed(2)} | ${(withoutRp / r.n).toFixed(2)} | ${op("StartCopyJob")} | ${wait} | ${(wait / r.n).toFixed(2)} | ${r.throttled} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.overGoal} | ${r.detail.toSeen.p95.toFixed(1)} | ${r.wallOverIdeal.toFixed(2)} | ${r.peakRssMb.toFixed(0)} | ${r.emulatorRssMb?.toFixed(0) ?? "?"} | ${r.failures} | ${r.duplicates} |`;
}

/**
 * Issue 5's targets at the largest N of a section, each with its measured value and verdict. The ratio to the
 * per-resource waiter is given on all calls (the target) and on waiting calls alone (StartCopyJob and the
 * destination describe are the same one call per copy in every strategy, a floor no waiting scheme removes).
 */
/**
 * Issue 15's goal at every N: fewer calls per copy than the SDK-style waiter, and p95 detection within
 * max(5 s, 5 % of the copy's duration), i.e. at most 5 % of creates over their goal.
 */
function perNGoal(rows: Row[]): string[] {
  const ns = [...new Set(rows.map((r) => r.n))].sort((a, b) => a - b);
  const out = ns.flatMap((n) => {
    const shared = rows.find((r) => r.n === n && r.strategy === "shared poller");
    const sdk = rows.find((r) => r.n === n && r.strategy === "per-resource sdk-style backoff 2→120 s");
    if (!shared || !sdk) return [];
    const fewer = shared.calls / n < sdk.calls / n;
    const prompt = shared.overGoal <= 0.05 * n;
    return [
      `| ${n} | ${(shared.calls / n).toFixed(2)} | ${(sdk.calls / n).toFixed(2)} | ${fewer ? "yes" : "**no**"} | ${shared.p95.toFixed(1)} | ${shared.overGoal} of ${n} | ${prompt ? "yes" : "**no**"} |`,
    ];
  });
  if (out.length === 0) return [];
  return [
    "Issue 15's goal at each N (shared poller against the SDK-style waiter):",
    "",
    "| N | calls/copy shared | calls/copy sdk-style | fewer | detect p95 s | over goal | p95 within goal |",
    "|--:|--:|--:|---|--:|--:|---|",
    ...out,
  ];
}

function targets(rows: Row[]): string[] {
  const n = Math.max(...rows.map((r) => r.n));
  const at = (st: StrategyName) => rows.find((r) => r.n === n && r.strategy === st);
  const shared = at("shared poller");
  if (!shared || n < 1000) return [];
  const sdk = at("per-resource sdk-style backoff 2→120 s");
  const fixed = at("per-resource fixed 5 s");
  const waitCalls = (r: Row) => (r.callsByOp.ListCopyJobs ?? 0) + (r.callsByOp.DescribeCopyJob ?? 0);
  const ratio = (base: Row | undefined, f: (r: Row) => number) =>
    base ? f(base) / Math.max(1, f(shared)) : NaN;
  const overShare = shared.overGoal / shared.n;
  const out: Array<[string, string, boolean]> = [
    ["0 failures", String(shared.failures), shared.failures === 0],
    ["0 duplicate jobs", String(shared.duplicates), shared.duplicates === 0],
    ["≤ 1.5 API calls per copy, start included", (shared.calls / n).toFixed(2), shared.calls / n <= 1.5],
    [
      "≥ 20× fewer calls than the per-resource (SDK-style) waiter",
      `${ratio(sdk, (r) => r.calls).toFixed(1)}× (waiting calls alone: ${ratio(sdk, waitCalls).toFixed(0)}×; fixed 5 s: ${ratio(fixed, (r) => r.calls).toFixed(1)}×)`,
      ratio(sdk, (r) => r.calls) >= 20,
    ],
    [
      "p95 detection ≤ max(5 s, 5 % of the copy's duration)",
      `${(overShare * 100).toFixed(1)} % of creates over their goal`,
      overShare <= 0.05,
    ],
    ["peak RSS ≤ 150 MB", `${shared.peakRssMb.toFixed(0)} MB`, shared.peakRssMb <= 150],
  ];
  return [
    `Issue 5's targets at N = ${n} (shared poller):`,
    "",
    "| target | measured | met |",
    "|---|---|---|",
    ...out.map(([t, v, ok]) => `| ${t} | ${v} | ${ok ? "yes" : "**no**"} |`),
  ];
}

/** One record per run, for bench/results.json. */
function records(sections: Array<{ title: string; scenario: Scenario; rows: Row[] }>) {
  return sections.flatMap((sec) =>
    sec.rows.map((r) => {
      const op = (name: string) => r.callsByOp[name] ?? 0;
      return {
        section: sec.title,
        label: r.label,
        n: r.n,
        strategy: r.strategy,
        callsPerCopy: round(r.calls / r.n),
        waitingCallsPerCopy: round((op("ListCopyJobs") + op("DescribeCopyJob")) / r.n),
        detectionP50Seconds: round(r.p50),
        detectionP95Seconds: round(r.p95),
        overGoal: r.overGoal,
        peakRssMb: round(r.peakRssMb),
        emulatorRssMb: r.emulatorRssMb === undefined ? null : round(r.emulatorRssMb),
        throttled: r.throttled,
        failures: r.failures,
        duplicates: r.duplicates,
        callsByOperation: r.callsByOp,
        clockScale: sec.scenario.scale,
        node: r.node,
        copyMinutes: [sec.scenario.minDurationS / 60, sec.scenario.maxDurationS / 60],
      };
    }),
  );
}

const round = (x: number) => Math.round(x * 100) / 100;

function describe(s: Scenario): string {
  return `clock ×${s.scale}; durations ${s.minDurationS / 60}–${s.maxDurationS / 60} min (log-spread); throttle on DescribeCopyJob and ListCopyJobs ${s.ratePerSecond}/s burst ${s.burst} each (emulated); quota ${s.quota === "N" ? "max(100, N)" : s.quota}; start gate ${s.gate === "quota" ? "= quota" : s.gate || "off"}; retry mode ${s.retryMode}`;
}

async function main(): Promise<void> {
  const started = Date.now();
  const sections: Array<{ title: string; scenario: Scenario; rows: Row[] }> = [];
  const run = async (
    title: string,
    scenario: Scenario,
    plan: Array<[StrategyName, number, string, Partial<Scenario>?]>,
  ) => {
    const rows: Row[] = [];
    console.log(`\n## ${title}\n${describe(scenario)}\n\n${HEADER}\n${RULE}`);
    for (const [strategy, n, label, more] of plan) {
      const row = await runOne(strategy, n, { ...scenario, ...more }, label);
      rows.push(row);
      console.log(line(row));
    }
    if (title.startsWith("Waiting strategies"))
      console.log(["", ...perNGoal(rows), "", ...targets(rows)].join("\n"));
    sections.push({ title, scenario, rows });
  };
  const only = args.find((a) => a.startsWith("--strategy="))?.slice(11);
  /** Every section, every strategy: the run that may replace the published table. */
  const fullRun = !quick && !nArg && !args.includes("--only-quota") && !only;
  const strategies = (
    ["per-resource fixed 5 s", "per-resource sdk-style backoff 2→120 s", "shared poller"] as StrategyName[]
  ).filter((st) => !only || st.startsWith(only));
  if (!args.includes("--only-quota"))
    await run(
      "Waiting strategies (quota raised to N: every copy runs at once)",
      MAIN,
      // Fixed 5 s polling runs at N = 1 only unless --fixed: at N ≥ 10 the 4-hour copies make each run ~4 min,
      // and from N = 100 the emulated throttle, not its schedule, sets what it costs (see RESULTS.md).
      NS.flatMap((n) =>
        strategies
          .filter((st) => n === 1 || st !== "per-resource fixed 5 s" || args.includes("--fixed") || only)
          .map((st) => [st, n, "main"] as [StrategyName, number, string]),
      ),
    );
  if (!args.includes("--no-quota") && !nArg) {
    const n = quick ? 150 : 300;
    // ×360: three waves of up to 30 min would take minutes at ×60; this section compares gate off and on.
    const q: Scenario = {
      ...MAIN,
      scale: 360,
      quota: 100,
      maxDurationS: quick ? 1200 : 1800,
      minDurationS: 120,
    };
    await run(`Under AWS's quota of 100 concurrent copies (N = ${n}): start gate off vs on`, q, [
      ["shared poller", n, "gate off", { gate: 0 }],
      ["shared poller", n, "gate 100"],
    ]);
  }
  if (args.includes("--retry-modes") || (!quick && !nArg && !args.includes("--only-quota"))) {
    const n = quick ? 100 : 1000;
    // Throttling, not duration, is what this section compares: 2–20 min copies keep it to a few minutes.
    const base: Scenario = { ...MAIN, maxDurationS: Math.min(MAIN.maxDurationS, 1200) };
    const rows: Row[] = [];
    for (const retryMode of ["adaptive", "standard"] as const)
      for (const st of ["per-resource fixed 5 s", "shared poller"] as StrategyName[])
        rows.push(await runOne(st, n, { ...base, retryMode }, retryMode));
    console.log(`\n## Retry modes (N = ${n})\n${describe(base)}\n\n${HEADER}\n${RULE}`);
    rows.forEach((r) => console.log(line(r)));
    sections.push({ title: `SDK retry mode: adaptive vs standard (N = ${n})`, scenario: base, rows });
  }
  const runtimesArg = args.find((a) => a.startsWith("--runtimes"));
  if (runtimesArg || fullRun) {
    // The N = 1000 shared-poller row of the main table again, with the worker on each current Node.js major:
    // the plugin runs on whatever Node the user has, and its peak RSS is mostly V8's heap sizing.
    const majors = (runtimesArg?.includes("=") ? runtimesArg.split("=")[1] : "22,24,26").split(",");
    const n = quick ? 100 : 1000;
    await run(
      `Node.js runtimes (N = ${n}, shared poller, the main table's scenario)`,
      MAIN,
      majors.map((major) => ["shared poller", n, `node ${major}`, { node: major }]),
    );
  }
  const elapsed = ((Date.now() - started) / 1000).toFixed(0);
  let commit: string;
  try {
    commit = execSync("git rev-parse --short HEAD", { stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {
    commit = "unknown";
  }
  const md = [
    "# Benchmark results",
    "",
    `${new Date().toISOString()} · ${os.cpus().length} CPUs (nproc) · ${os.cpus()[0]?.model ?? ""} · node ${process.version} (measured process: node ${nodeFor(NODE_ARG).version}, but for the runtime section) · commit ${commit} · ${quick ? "--quick" : "full"} run in ${elapsed} s`,
    "",
    "Times are emulated seconds. API calls count every AWS request the emulator received (throttled ones too);",
    "each completed copy costs one DescribeRecoveryPoint (its outputs), shown apart in the next column.",
    "Detection latency: from the job's emulated CompletionDate to its create returning. Seen p95: CompletionDate to",
    "the first sighting of the terminal state (the create then still describes the destination recovery point).",
    "Over goal: creates returned later than max(5 s, 5 % of the copy's duration). Wall/ideal: time until every",
    "create returned over the time until the last copy completed. The creates run in a process of their own from",
    "the compiled provider (node + provider + AWS SDK, as the plugin), the emulator in another; peak RSS is the",
    "provider process's VmHWM, the emulator's is beside it.",
    "",
    ...sections.flatMap((sec) => [
      `## ${sec.title}`,
      "",
      describe(sec.scenario),
      "",
      HEADER,
      RULE,
      ...sec.rows.map(line),
      "",
      ...(sec.title.startsWith("Waiting strategies")
        ? [...perNGoal(sec.rows), "", ...targets(sec.rows), ""]
        : []),
    ]),
  ].join("\n");
  // Only a full run replaces the published table; --quick, --n=, --strategy= and --only-quota runs just print.
  const publish = fullRun;
  if (publish) {
    // Everything from the history marker on (earlier tables, kept for comparison) survives a new run.
    const file = path.join(__dirname, "RESULTS.md");
    let history = "";
    try {
      const old = readFileSync(file, "utf8");
      const at = old.indexOf(HISTORY_MARKER);
      if (at >= 0) history = "\n" + old.slice(at);
    } catch {
      history = "";
    }
    writeFileSync(file, md + history);
    writeFileSync(path.join(__dirname, "results.json"), JSON.stringify(records(sections), null, 2) + "\n");
  }
  console.log(
    `\nbench finished in ${elapsed} s${publish ? "; wrote bench/RESULTS.md and bench/results.json" : " (bench/RESULTS.md and results.json unchanged: only a full run writes them)"}`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
