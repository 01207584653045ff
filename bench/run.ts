/**
 * npm run bench [-- --quick] [-- --n=1,10] [-- --no-quota] [-- --retry-modes]
 *
 * N concurrent CopyJob creates (in-process CopyJobProvider) against the emulator with a scaled clock and an
 * AWS-like throttle, for three waiting strategies: the shared poller (the provider as shipped) and two
 * per-resource baselines (bench/baselines.ts). Prints a table and writes bench/RESULTS.md.
 */
import { execSync } from "child_process";
import { writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { startEmulator } from "../emulator";
import { clearClientCache } from "../provider/aws/clients";
import { CopyJobProvider } from "../provider/copy-job-provider";
import * as copyJobWait from "../provider/wait/copy-job-wait";
import { allStartGates, clearStartGates } from "../provider/wait/start-gate";
import { fixedIntervalWaiter, sdkBackoffWaiter, Waiter } from "./baselines";

const SOURCE_ACCOUNT = "111111111111";
const SOURCE_REGION = "us-east-1";
const DEST_REGION = "us-west-2";
const ROLE_ARN = `arn:aws:iam::${SOURCE_ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`;
const THROUGHPUT = 100 * 1024 ** 2; // the emulator's default copy speed, bytes per emulated second

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
}

type StrategyName = "per-resource fixed 5 s" | "per-resource SDK backoff 2→120 s" | "shared poller";

interface Row {
  label: string;
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
  failures: number;
  duplicates: number;
  queuedStarts: number;
}

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const nArg = args.find((a) => a.startsWith("--n="));
const NS = nArg ? nArg.slice(4).split(",").map(Number) : quick ? [1, 10, 100] : [1, 10, 100, 1000];

const MAIN: Scenario = {
  scale: quick ? 240 : 360,
  minDurationS: 120,
  maxDurationS: quick ? 3600 : 7200,
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

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function runOne(strategy: StrategyName, n: number, s: Scenario, label: string): Promise<Row> {
  const quota = s.quota === "N" ? Math.max(100, n) : s.quota;
  const gate = s.gate === "quota" ? quota : s.gate;
  process.env.PULUMI_BACKUP_COPY_MAX_CONCURRENT_COPIES = String(gate);
  process.env.PULUMI_BACKUP_COPY_RETRY_MODE = s.retryMode;
  const emulator = await startEmulator({ clockScale: s.scale, quiet: true, seed: 11 });
  for (const [k, v] of Object.entries(emulator.env)) process.env[k] = v;
  clearClientCache();
  clearStartGates();
  const control = emulator.control;
  await control.setSettings({ maxConcurrentCopiesPerDestinationRegion: quota, createdPhaseSeconds: 2 });
  await control.seedVault({ region: SOURCE_REGION, name: "prod-vault" });
  const { backupVaultArn: dest } = await control.seedVault({ region: DEST_REGION, name: "dr-vault" });
  await control.seedRole({ arn: ROLE_ARN });
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
  const waiter: Waiter | undefined =
    strategy === "shared poller"
      ? undefined
      : strategy === "per-resource fixed 5 s"
        ? fixedIntervalWaiter(5000 / s.scale)
        : sdkBackoffWaiter(2000 / s.scale, 120_000 / s.scale);
  const original = copyJobWait.waitForCopyJob;
  if (waiter) (copyJobWait as { waitForCopyJob: typeof original }).waitForCopyJob = waiter;
  const log = console.log;
  console.log = () => undefined;
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
  const emulatedAt0 = Date.parse(await control.now());
  const real0 = performance.now();
  const emulatedNow = () => emulatedAt0 + (performance.now() - real0) * s.scale;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const provider = new CopyJobProvider();
  const returned = new Map<string, number>();
  let failures = 0;
  const polling = { minDelaySeconds: 2 / s.scale, maxDelaySeconds: 30 / s.scale };
  try {
    await Promise.all(
      rps.map(async (rp, i) => {
        try {
          const { id } = await provider.create({
            recoveryPointArn: rp,
            sourceBackupVaultName: "prod-vault",
            destinationBackupVaultArn: dest,
            iamRoleArn: ROLE_ARN,
            polling,
            timeoutMinutes: (4 * s.maxDurationS * (quota < n ? Math.ceil(n / quota) : 1)) / 60 / s.scale + 1,
            tokenScope: `bench/${i}`,
            __provider: "bench",
          });
          returned.set(id, emulatedNow());
        } catch (error) {
          failures++;
          if (failures <= 3) process.stderr.write(`create failed: ${String(error)}\n`);
        }
      }),
    );
  } finally {
    clearInterval(sampler);
    console.log = log;
    (copyJobWait as { waitForCopyJob: typeof original }).waitForCopyJob = original;
  }
  const wallS = ((performance.now() - real0) / 1000) * s.scale;
  await control.setFaults({});
  const callsByOp = await control.calls();
  const state = await control.state();
  const perRp = new Map<string, number>();
  for (const j of state.copyJobs)
    perRp.set(j.sourceRecoveryPointArn, (perRp.get(j.sourceRecoveryPointArn) ?? 0) + 1);
  const duplicates = [...perRp.values()].reduce((sum, c) => sum + Math.max(0, c - 1), 0);
  const latencies: number[] = [];
  let overGoal = 0;
  let lastCompletion = emulatedAt0;
  for (const job of state.copyJobs) {
    const completed = Date.parse(String(job.completionDate ?? ""));
    const created = Date.parse(String(job.creationDate ?? ""));
    if (Number.isNaN(completed)) continue;
    lastCompletion = Math.max(lastCompletion, completed);
    const back = returned.get(job.copyJobId);
    if (back === undefined) continue;
    const latency = Math.max(0, (back - completed) / 1000);
    latencies.push(latency);
    if (latency > Math.max(5, 0.05 * ((completed - created) / 1000))) overGoal++;
  }
  latencies.sort((a, b) => a - b);
  const calls = Object.entries(callsByOp)
    .filter(([k]) => /^[A-Z]/.test(k))
    .reduce((sum, [, v]) => sum + v, 0);
  const queuedStarts = allStartGates().reduce((sum, g) => sum + g.queued, 0);
  await emulator.stop();
  clearClientCache();
  clearStartGates();
  const ideal = (lastCompletion - emulatedAt0) / 1000;
  return {
    label,
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
    peakRssMb: peakRss / 1024 ** 2,
    failures,
    duplicates,
    queuedStarts,
  };
}

const HEADER =
  "| run | strategy | N | API calls | calls/copy | StartCopyJob | wait calls (List+Describe) | wait/copy | throttled | detect p50 s | detect p95 s | over goal | wall/ideal | peak RSS MB | failures | duplicates |";
const RULE = "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|";

function line(r: Row): string {
  const op = (name: string) => r.callsByOp[name] ?? 0;
  const wait = op("ListCopyJobs") + op("DescribeCopyJob");
  return `| ${r.label} | ${r.strategy} | ${r.n} | ${r.calls} | ${(r.calls / r.n).toFixed(2)} | ${op("StartCopyJob")} | ${wait} | ${(wait / r.n).toFixed(2)} | ${r.throttled} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.overGoal} | ${r.wallOverIdeal.toFixed(2)} | ${r.peakRssMb.toFixed(0)} | ${r.failures} | ${r.duplicates} |`;
}

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
    sections.push({ title, scenario, rows });
  };
  const strategies: StrategyName[] = [
    "per-resource fixed 5 s",
    "per-resource SDK backoff 2→120 s",
    "shared poller",
  ];
  if (!args.includes("--only-quota"))
    await run(
      "Waiting strategies (quota raised to N: every copy runs at once)",
      MAIN,
      NS.flatMap((n) => strategies.map((st) => [st, n, "main"] as [StrategyName, number, string])),
    );
  if (!args.includes("--no-quota") && !nArg) {
    const n = quick ? 150 : 300;
    const q: Scenario = { ...MAIN, quota: 100, maxDurationS: quick ? 1200 : 1800, minDurationS: 120 };
    await run(`Under AWS's quota of 100 concurrent copies (N = ${n}): start gate off vs on`, q, [
      ["shared poller", n, "gate off", { gate: 0 }],
      ["shared poller", n, "gate 100"],
    ]);
  }
  if (args.includes("--retry-modes") || (!quick && !nArg && !args.includes("--only-quota"))) {
    const n = quick ? 100 : 1000;
    const base: Scenario = { ...MAIN, maxDurationS: 1800 };
    const rows: Row[] = [];
    for (const retryMode of ["adaptive", "standard"] as const)
      for (const st of ["per-resource fixed 5 s", "shared poller"] as StrategyName[])
        rows.push(await runOne(st, n, { ...base, retryMode }, retryMode));
    console.log(`\n## Retry modes (N = ${n})\n${describe(base)}\n\n${HEADER}\n${RULE}`);
    rows.forEach((r) => console.log(line(r)));
    sections.push({ title: `SDK retry mode: adaptive vs standard (N = ${n})`, scenario: base, rows });
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
    `${new Date().toISOString()} · ${os.cpus().length} CPUs (nproc) · ${os.cpus()[0]?.model ?? ""} · node ${process.version} · commit ${commit} · ${quick ? "--quick" : "full"} run in ${elapsed} s`,
    "",
    "Times are emulated seconds. API calls count every AWS request the emulator received (throttled ones too).",
    "Detection latency: from the job's emulated CompletionDate to its create returning. Over goal: copies detected",
    "later than max(5 s, 5 % of the copy's duration). Wall/ideal: time until every create returned over the time",
    "until the last copy completed. Peak RSS is the whole process (emulator included).",
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
    ]),
  ].join("\n");
  if (!nArg && !args.includes("--only-quota")) writeFileSync(path.join(__dirname, "RESULTS.md"), md);
  console.log(
    `\nbench finished in ${elapsed} s${nArg || args.includes("--only-quota") ? "" : "; wrote bench/RESULTS.md"}`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
