import { strict as assert } from "assert";
import { BackupClient, CopyJob, StartCopyJobCommand } from "@aws-sdk/client-backup";
import { TERMINAL_STATES } from "../../provider/aws/find";
import { Deadline } from "../../provider/wait/deadline";
import { DeadlineReached } from "../../provider/wait/poll";
import { Runtime } from "../../provider/runtime";
import type { WaitOptions } from "../../provider/wait/tracked-jobs";
import { GiB, ROLE_ARN, SOURCE_REGION, startWorld, World } from "./world";

describe("shared poller against the emulator", function () {
  let world: World;
  let client: BackupClient;
  const runtime = new Runtime();
  const waitForCopyJob = (c: BackupClient, id: string, options: WaitOptions) =>
    runtime.waitForCopyJob(c, id, options);
  const delays = { minDelayMs: 5, maxDelayMs: 20 };

  before(async () => {
    // Strict IAM: an unregistered key must be refused.
    world = await startWorld({ clockScale: 3600, enforceIam: true });
    // A client of its own (not the provider's cached one): this test starts more jobs than the start gate admits
    // while the emulated clock stands still.
    client = new BackupClient({ region: SOURCE_REGION });
  });
  after(async () => {
    client.destroy();
    runtime.clear();
    await world.stop();
  });
  afterEach(() => world.emulator.control.setFaults({}));

  async function startJobs(count: number, sizeBytes: (i: number) => number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const rp = await world.recoveryPoint({ sizeBytes: sizeBytes(i) });
      const out = await client.send(
        new StartCopyJobCommand({
          RecoveryPointArn: rp,
          SourceBackupVaultName: "prod-vault",
          DestinationBackupVaultArn: world.destinationVaultArn,
          IamRoleArn: ROLE_ARN,
          IdempotencyToken: `poller-${Date.now()}-${i}`,
        }),
      );
      ids.push(out.CopyJobId!);
    }
    return ids;
  }

  it("300 waiters: about one List page a tick, every waiter woken with its own job", async () => {
    await world.emulator.control.setSettings({ maxConcurrentCopiesPerDestinationRegion: 1000 });
    try {
      await world.emulator.control.setClock({ scale: 0 });
      const ids = await startJobs(300, (i) => (1 + (i % 30)) * 10 * GiB);
      await world.emulator.control.resetCalls();
      await world.emulator.control.setClock({ scale: 3600 });
      const seen = new Map<string, number>();
      const jobs = await Promise.all(
        ids.map((id) =>
          waitForCopyJob(client, id, {
            deadline: Deadline.after(30_000),
            ...delays,
            destinationVaultArn: world.destinationVaultArn,
            onSeen: (j: CopyJob) => seen.set(id, (seen.get(id) ?? 0) + (j.CopyJobId === id ? 1 : 1000)),
          }),
        ),
      );
      jobs.forEach((job, i) => {
        assert.equal(job.CopyJobId, ids[i]);
        assert.equal(job.State, "COMPLETED");
      });
      assert.ok(
        [...seen.values()].every((v) => v < 1000),
        "onSeen only ever gets the waiter's own job",
      );
      const calls = await world.emulator.control.calls();
      const list = calls.ListCopyJobs ?? 0;
      const describe = calls.DescribeCopyJob ?? 0;
      assert.ok(list >= 1, JSON.stringify(calls));
      // Each tick is one List page (300 < 1000) and at most a few Describes; per-resource polling would make
      // at least one call per job per tick.
      assert.ok(describe <= 10, `Describe only for jobs the list missed: ${JSON.stringify(calls)}`);
      assert.ok(list + describe < ids.length, `cost independent of N: ${JSON.stringify(calls)}`);
      assert.equal(runtime.pollerFor(client).size, 0, "nothing tracked once every waiter is done");
    } finally {
      await world.emulator.control.setSettings({ maxConcurrentCopiesPerDestinationRegion: 100 });
    }
  });

  it("once every job has been seen, a tick's list returns only the jobs that ended since the last one", async () => {
    await world.emulator.control.setSettings({ maxConcurrentCopiesPerDestinationRegion: 1000 });
    // What each ListCopyJobs asked for and how many jobs it brought back, as the SDK sent and parsed them.
    const lists: Array<{ endsOnly: boolean; jobs: number; ended: number }> = [];
    // The provider's own kind of client (it reads the Date headers the list window is measured by), from a
    // runtime of this test's own: a poller of its own, and a middleware added before the first request.
    const ownRuntime = new Runtime();
    const own = ownRuntime.backupClient({ region: SOURCE_REGION });
    own.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === "ListCopyJobsCommand") {
          const input = args.input as { ByCompleteAfter?: Date; ByState?: string };
          // The poller's once-only read of COMPLETED history is not a tick's list.
          if (input.ByState) return result;
          const jobs = (result.output as { CopyJobs?: CopyJob[] }).CopyJobs ?? [];
          lists.push({
            endsOnly: input.ByCompleteAfter !== undefined,
            jobs: jobs.length,
            ended: jobs.filter((j) => TERMINAL_STATES.has(j.State ?? "")).length,
          });
        }
        return result;
      },
      { step: "initialize", name: "testListSizes" },
    );
    try {
      await world.emulator.control.setClock({ scale: 0 });
      // Spread ends (10 GiB to 1.2 TiB): most ticks see a few copies end among 120 still running.
      const ids = await startJobs(120, (i) => (1 + i) * 10 * GiB);
      await world.emulator.control.setClock({ scale: 3600 });
      const jobs = await Promise.all(
        ids.map((id) =>
          ownRuntime.waitForCopyJob(own, id, {
            deadline: Deadline.after(60_000),
            ...delays,
            destinationVaultArn: world.destinationVaultArn,
          }),
        ),
      );
      jobs.forEach((job, i) => assert.deepEqual([job.CopyJobId, job.State], [ids[i], "COMPLETED"]));
      const endsOnly = lists.filter((l) => l.endsOnly);
      assert.ok(endsOnly.length >= lists.length / 2, `most ticks ask for ends: ${JSON.stringify(lists)}`);
      // AWS's filter, through the wire: an ends-only list brings back ended jobs, not the running ones.
      assert.ok(
        endsOnly.every((l) => l.ended === l.jobs),
        JSON.stringify(endsOnly),
      );
      const returned = lists.reduce((sum, l) => sum + l.jobs, 0);
      assert.ok(
        returned < (lists.length * ids.length) / 3,
        `${returned} jobs over ${lists.length} lists of up to ${ids.length}: ${JSON.stringify(lists)}`,
      );
    } finally {
      ownRuntime.clear();
      await world.emulator.control.setSettings({ maxConcurrentCopiesPerDestinationRegion: 100 });
    }
  });

  it("deadlines are per waiter: a short one fails alone, the others still complete", async () => {
    const [short, long] = await startJobs(2, () => 20 * GiB);
    const [huge] = await startJobs(1, () => 5000 * GiB);
    const started = Date.now();
    const results = await Promise.allSettled([
      waitForCopyJob(client, huge, { deadline: Deadline.after(100), ...delays }),
      waitForCopyJob(client, short, { deadline: Deadline.after(20_000), ...delays }),
      waitForCopyJob(client, long, { deadline: Deadline.after(20_000), ...delays }),
    ]);
    assert.equal(results[0].status, "rejected");
    assert.ok((results[0] as PromiseRejectedResult).reason instanceof DeadlineReached);
    assert.equal(results[1].status, "fulfilled");
    assert.equal(results[2].status, "fulfilled");
    assert.ok(Date.now() - started < 20_000);
  });

  it("a non-transient error fails the waiters with it; throttling is retried", async () => {
    const [id] = await startJobs(1, () => 10 * GiB);
    await world.emulator.control.setFaults({ seed: 5, throttleProbability: 0.5 });
    const job = await waitForCopyJob(client, id, { deadline: Deadline.after(20_000), ...delays });
    assert.equal(job.State, "COMPLETED");
    await world.emulator.control.setFaults({});

    const foreign = new BackupClient({
      region: SOURCE_REGION,
      credentials: { accessKeyId: "AKIDUNKNOWN000000000", secretAccessKey: "nope" },
    });
    try {
      const error = await waitForCopyJob(foreign, id, {
        deadline: Deadline.after(20_000),
        ...delays,
      }).catch((e) => e);
      assert.ok(!(error instanceof DeadlineReached), `a hard error, not the deadline: ${String(error)}`);
      assert.ok(error instanceof Error);
    } finally {
      foreign.destroy();
    }
  });

  it("unregistering stops polling: no calls once the last waiter has gone", async () => {
    const [id] = await startJobs(1, () => 5000 * GiB);
    await waitForCopyJob(client, id, { deadline: Deadline.after(50), ...delays }).catch(() => undefined);
    const poller = runtime.pollerFor(client);
    assert.equal(poller.size, 0);
    assert.equal(poller.nextTickInMs, undefined, "no tick scheduled");
    await world.emulator.control.resetCalls();
    await new Promise((r) => setTimeout(r, 200));
    const calls = await world.emulator.control.calls();
    assert.equal((calls.ListCopyJobs ?? 0) + (calls.DescribeCopyJob ?? 0), 0, JSON.stringify(calls));
  });
});
