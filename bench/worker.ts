/**
 * The measured process of one bench run, forked by bench/run.ts from its compiled copy (dist/bench/worker.js)
 * so that it holds what the Pulumi plugin holds: node, the compiled provider and the AWS SDK, plus this file's
 * bookkeeping; no ts-node and no emulator (that runs in a process of its own, as AWS would).
 *
 * It receives a WorkerTask, runs N concurrent creates through CopyJobProvider and answers with a WorkerResult.
 * Times it reports are emulated epoch milliseconds (from the emulator's clock at the start and the clock scale).
 */
import type { CopyJob, ServiceInputTypes, ServiceOutputTypes } from "@aws-sdk/client-backup";
import type { DeserializeMiddleware } from "@smithy/types";
import { readFileSync } from "fs";
import { getHeapSpaceStatistics } from "v8";
import { monitorEventLoopDelay, performance } from "perf_hooks";
import { EmulatorControl } from "../emulator/control-client";
import { CopyJobProvider } from "../provider/copy-job-provider";
import { DEFAULTS } from "../provider/inputs/settings";
import { CopyJobWaiter, Runtime } from "../provider/runtime";
import { fixedIntervalWaiter, sdkBackoffWaiter } from "./baselines";

export type StrategyName =
  "per-resource fixed 5 s" | "per-resource sdk-style backoff 2→120 s" | "shared poller";

export interface WorkerTask {
  strategy: StrategyName;
  scale: number;
  env: Record<string, string>;
  sourceRegion: string;
  destinationRegion: string;
  recoveryPointArns: string[];
  destinationVaultArn: string;
  iamRoleArn: string;
  timeoutMinutes: number;
}

export interface WorkerResult {
  /** Emulated ms when the creates began. */
  emulatedAt0: number;
  wallRealMs: number;
  /** Copy job id → emulated ms when its create returned. */
  returned: Record<string, number>;
  /** Copy job id → emulated ms when a terminal state was first seen (by the poller or a baseline waiter). */
  seenTerminal: Record<string, number>;
  failures: number;
  firstErrors: string[];
  queuedStarts: number;
  peakRssMb: number;
  /** process.memoryUsage() when RSS peaked (MB): how much of the peak is JS heap. */
  memoryAtPeakMb: Record<string, number>;
  rssBeforeMb: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** VmHWM of this process (Linux), the kernel's own peak RSS. */
  hwmMb?: number;
  /** Real ms to read and parse each ListCopyJobs response (deserialize step). */
  listParseMs: number[];
  /** Real ms per AWS call type, from send to result (SDK retries included). */
  callMs: Record<string, number[]>;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
}

const emulatedNowFrom = (at0: number, real0: number, scale: number) => () =>
  at0 + (performance.now() - real0) * scale;

async function run(task: WorkerTask): Promise<WorkerResult> {
  for (const [k, v] of Object.entries(task.env)) process.env[k] = v;
  const rssBeforeMb = process.memoryUsage().rss / 1024 ** 2;
  const control = new EmulatorControl(task.env.AWS_ENDPOINT_URL_BACKUP);
  const waiter: CopyJobWaiter | undefined =
    task.strategy === "shared poller"
      ? undefined
      : task.strategy === "per-resource fixed 5 s"
        ? fixedIntervalWaiter(5000 / task.scale)
        : sdkBackoffWaiter(2000 / task.scale, 120_000 / task.scale);
  // The bench's own runtime: the strategy and the sightings it records are options, not patched exports; its
  // memory settings are the plugin's (processRuntime).
  const onObserved: { fn?: (job: CopyJob) => void } = {};
  const runtime = new Runtime({
    waiter,
    onObserved: (job) => onObserved.fn?.(job),
    pinYoungGeneration: true,
  });

  // Per-call and per-parse timings on the source client (the one the provider's context makes and caches).
  const listParseMs: number[] = [];
  const callMs: Record<string, number[]> = {};
  const instrument = (region: string) => {
    const client = runtime.backupClient({ region });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const began = performance.now();
        try {
          return await next(args);
        } finally {
          (callMs[(context.commandName ?? "?").replace(/Command$/, "")] ??= []).push(
            performance.now() - began,
          );
        }
      },
      { step: "initialize", name: "benchCallTime", priority: "high" },
    );
    const inside: DeserializeMiddleware<ServiceInputTypes, ServiceOutputTypes> =
      (next, context) => async (args) => {
        if (context.commandName !== "ListCopyJobsCommand") return next(args);
        // Inside the deserializer: this times the HTTP round trip only; the difference is the parse.
        const began = performance.now();
        const result = await next(args);
        httpMs.push(performance.now() - began);
        return result;
      };
    const outside: DeserializeMiddleware<ServiceInputTypes, ServiceOutputTypes> =
      (next, context) => async (args) => {
        if (context.commandName !== "ListCopyJobsCommand") return next(args);
        const began = performance.now();
        const result = await next(args);
        listParseMs.push(performance.now() - began - (httpMs.pop() ?? 0));
        return result;
      };
    client.middlewareStack.addRelativeTo(inside, {
      relation: "after",
      toMiddleware: "deserializerMiddleware",
      name: "benchHttpTime",
    });
    client.middlewareStack.addRelativeTo(outside, {
      relation: "before",
      toMiddleware: "deserializerMiddleware",
      name: "benchParseTime",
    });
  };
  const httpMs: number[] = [];
  instrument(task.sourceRegion);
  instrument(task.destinationRegion);

  const t0 = performance.now();
  const at = Date.parse(await control.now());
  const real0 = (t0 + performance.now()) / 2;
  const emulatedNow = emulatedNowFrom(at, real0, task.scale);

  const seenTerminal: Record<string, number> = {};
  onObserved.fn = (job) => {
    const id = job.CopyJobId;
    if (id && seenTerminal[id] === undefined && ["COMPLETED", "FAILED", "PARTIAL"].includes(job.State ?? ""))
      seenTerminal[id] = emulatedNow();
  };
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let peakRss = process.memoryUsage().rss;
  let atPeak: NodeJS.MemoryUsage | undefined;
  let spacesAtPeak: Record<string, number> = {};
  let peakAtRealS = 0;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    if (usage.rss > peakRss || !atPeak) {
      [peakRss, atPeak] = [Math.max(peakRss, usage.rss), usage];
      spacesAtPeak = Object.fromEntries(
        getHeapSpaceStatistics().map((sp) => [sp.space_name, Math.round(sp.space_size / 1024 ** 2)]),
      );
      peakAtRealS = (performance.now() - t0) / 1000;
    }
  }, 50);
  const cpu0 = process.cpuUsage();
  const provider = new CopyJobProvider();
  provider.runtime = runtime;
  const returned: Record<string, number> = {};
  let failures = 0;
  const firstErrors: string[] = [];
  // The resource's default backoff, in emulated time.
  const polling = {
    minDelaySeconds: DEFAULTS.minDelaySeconds / task.scale,
    maxDelaySeconds: DEFAULTS.maxDelaySeconds / task.scale,
  };
  const log = console.log;
  console.log = () => undefined;
  try {
    await Promise.all(
      task.recoveryPointArns.map(async (rp, i) => {
        try {
          const { id } = await provider.create({
            recoveryPointArn: rp,
            sourceBackupVaultName: "prod-vault",
            destinationBackupVaultArn: task.destinationVaultArn,
            iamRoleArn: task.iamRoleArn,
            polling,
            timeoutMinutes: task.timeoutMinutes,
            tokenScope: `bench/${i}`,
            __provider: "bench",
          });
          returned[id] = emulatedNow();
        } catch (error) {
          failures++;
          if (firstErrors.length < 3) firstErrors.push(String(error));
        }
      }),
    );
  } finally {
    console.log = log;
    clearInterval(sampler);
    loop.disable();
  }
  const cpu = process.cpuUsage(cpu0);
  let hwmMb: number | undefined;
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    hwmMb = kb ? Number(kb) / 1024 : undefined;
  } catch {
    hwmMb = undefined;
  }
  return {
    emulatedAt0: at,
    wallRealMs: performance.now() - real0,
    returned,
    seenTerminal,
    failures,
    firstErrors,
    queuedStarts: runtime.startGates().reduce((sum, g) => sum + g.queued, 0),
    peakRssMb: peakRss / 1024 ** 2,
    memoryAtPeakMb: {
      ...Object.fromEntries(
        Object.entries(atPeak ?? {}).map(([k, v]) => [k, Math.round((v as number) / 1024 ** 2)]),
      ),
      ...spacesAtPeak,
      atRealS: Math.round(peakAtRealS),
    },
    hwmMb,
    rssBeforeMb,
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    listParseMs,
    callMs,
    eventLoopDelayP99Ms: loop.percentile(99) / 1e6,
    eventLoopDelayMaxMs: loop.max / 1e6,
  };
}

process.once("message", (task: WorkerTask) => {
  run(task).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error) => {
      process.stderr.write(`worker failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
});
