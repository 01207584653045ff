/**
 * Issue 21: never a second copy, never someone else's copy. Each case through the emulator (the real SDK over
 * HTTP), with the AWS calls the provider made counted by the emulator. The rules themselves are unit-tested in
 * tests/unit/ownership.spec.ts.
 */
import { strict as assert } from "assert";
import { capturingLogs, checked, GiB, jobsFor, startWorld, World } from "./world";

interface RecoveryPointState {
  recoveryPointArn: string;
  lifecycle?: { DeleteAfterDays?: number };
}

describe("provider against the emulator: which copy job is ours (issue 21)", function () {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(() => world.stop());
  afterEach(async () => {
    await world.emulator.control.setFaults({});
    await world.emulator.control.setSettings({ jobHistoryDays: 30 });
  });

  const pointState = async (arn: string) =>
    (await world.emulator.control.state()).recoveryPoints.find(
      (r) => (r as RecoveryPointState).recoveryPointArn === arn,
    ) as RecoveryPointState | undefined;

  /** A create interrupted mid-wait: the job runs on in AWS, and the stack records nothing. */
  async function interrupted(inputs: Record<string, unknown>): Promise<string> {
    const { error } = await capturingLogs(() => world.provider.create({ ...inputs, timeoutMinutes: 0.002 }));
    const id = (error as unknown as { id?: string })?.id;
    assert.ok(id, `expected the create to time out mid-wait, got ${String(error)}`);
    return id;
  }

  describe("defect 1: a token refused for other parameters", () => {
    it("another stack's copy of the same point into the same vault is not adopted, and its lifecycle is untouched", async () => {
      const rp = await world.recoveryPoint({ sizeBytes: 500 * GiB });
      const a = await checked(
        world,
        world.inputs(rp, { tokenScope: "proj/a/copy", lifecycle: { deleteAfterDays: 30 } }),
      );
      const jobA = await interrupted(a);
      await world.emulator.control.advanceClock(2 * 3600); // A's job completes; its token is still honoured.

      const b = await checked(
        world,
        world.inputs(rp, { tokenScope: "proj/b/copy", lifecycle: { deleteAfterDays: 90 } }),
      );
      const { result: created, error: bError } = await capturingLogs(() => world.provider.create(b));
      assert.ifError(bError);
      const jobB = created!.id;
      const copyB = String(created!.outs.destinationRecoveryPointArn);
      assert.notEqual(jobB, jobA);

      await world.emulator.control.resetCalls();
      const rerun = { ...a, lifecycle: { deleteAfterDays: 60 } };
      const { result, error, lines } = await capturingLogs(() => world.provider.create(rerun));
      assert.equal(result, undefined, `A adopted ${result?.id} (B's is ${jobB})`);
      assert.ok(error);
      assert.match(error.message, new RegExp(`${jobA}.*${jobB}|${jobB}.*${jobA}`));
      assert.match(error.message, /copyJobId/);
      assert.match(error.message, /idempotencyToken/);
      assert.match(error.message, /nothing was changed/);
      const calls = await world.emulator.control.calls();
      assert.equal(calls.UpdateRecoveryPointLifecycle ?? 0, 0, "a lifecycle was changed");
      assert.equal((await pointState(copyB))?.lifecycle?.DeleteAfterDays, 90, "B's copy's lifecycle changed");
      assert.equal(jobsFor(await world.emulator.control.state(), rp).length, 2, "a third job started");
      assert.ok(!lines.some((l) => /Adopting/.test(l)), lines.join("\n"));
    });

    it("the one job the token can be ours: adopted, and the new lifecycle applied to its copy", async () => {
      const rp = await world.recoveryPoint({ sizeBytes: 500 * GiB });
      const a = await checked(world, world.inputs(rp, { lifecycle: { deleteAfterDays: 30 } }));
      const jobA = await interrupted(a);
      await world.emulator.control.advanceClock(2 * 3600);
      const rerun = { ...a, lifecycle: { deleteAfterDays: 60 } };
      const { result, error, lines } = await capturingLogs(() => world.provider.create(rerun));
      assert.ifError(error);
      assert.equal(result!.id, jobA);
      assert.equal(result!.outs.destinationRecoveryPoint?.lifecycle?.deleteAfterDays, 60);
      assert.equal(jobsFor(await world.emulator.control.state(), rp).length, 1);
      assert.ok(
        lines.some((l) => l.includes(`Adopting copy job ${jobA}`)),
        lines.join("\n"),
      );
    });
  });

  describe("defect 2: a resumed job's copy not seen right after it completes", () => {
    it("a job resumed RUNNING that completes, then one NotFound from DescribeRecoveryPoint: no second copy", async () => {
      const rp = await world.recoveryPoint({ sizeBytes: 500 * GiB });
      const inputs = await checked(world, world.inputs(rp));
      const first = await interrupted(inputs);
      assert.match(jobsFor(await world.emulator.control.state(), rp)[0].state, /^(CREATED|RUNNING)$/);
      await world.emulator.control.setFaults({
        error: { operations: ["DescribeRecoveryPoint"], code: "ResourceNotFoundException", times: 1 },
      });
      await world.emulator.control.resetCalls();
      const { result, error, lines } = await capturingLogs(() => world.provider.create(inputs));
      assert.ifError(error);
      assert.equal(result!.id, first, lines.join("\n"));
      // The first describe hit the NotFound; a later look found the copy and recorded it.
      assert.ok(
        (await world.emulator.control.calls()).DescribeRecoveryPoint >= 2,
        "the copy was not looked at again",
      );
      assert.equal(result!.outs.destinationRecoveryPoint?.status, "COMPLETED");
      const jobs = jobsFor(await world.emulator.control.state(), rp);
      assert.deepEqual(
        jobs.map((j) => j.copyJobId),
        [first],
        `a second copy started: ${lines.join("\n")}`,
      );
      assert.ok(!lines.some((l) => /starting a new copy/.test(l)), lines.join("\n"));
    });

    it("a job resumed RUNNING whose copy stays unseen on every look: still no second copy", async () => {
      const rp = await world.recoveryPoint({ sizeBytes: 500 * GiB });
      const inputs = await checked(world, world.inputs(rp));
      const first = await interrupted(inputs);
      await world.emulator.control.setFaults({
        error: { operations: ["DescribeRecoveryPoint"], code: "ResourceNotFoundException", times: 5 },
      });
      const { result, error, lines } = await capturingLogs(() => world.provider.create(inputs));
      assert.ifError(error);
      assert.equal(result!.id, first, lines.join("\n"));
      assert.equal(jobsFor(await world.emulator.control.state(), rp).length, 1, lines.join("\n"));
    });

    it("a job resumed COMPLETED whose copy AWS misses once: looked at again, kept, no second copy", async () => {
      const rp = await world.recoveryPoint({ sizeBytes: 500 * GiB });
      const inputs = await checked(world, world.inputs(rp));
      const first = await interrupted(inputs);
      await world.emulator.control.advanceClock(2 * 3600);
      assert.equal(jobsFor(await world.emulator.control.state(), rp)[0].state, "COMPLETED");
      await world.emulator.control.setFaults({
        error: { operations: ["DescribeRecoveryPoint"], code: "ResourceNotFoundException", times: 1 },
      });
      const { result, error, lines } = await capturingLogs(() => world.provider.create(inputs));
      assert.ifError(error);
      assert.equal(result!.id, first);
      assert.equal(result!.outs.destinationRecoveryPoint?.status, "COMPLETED");
      assert.equal(jobsFor(await world.emulator.control.state(), rp).length, 1, lines.join("\n"));
    });
  });

  describe("the re-copy after drift, and progress lines", () => {
    it("a copy deleted outside Pulumi: one line says it is gone and a new copy starts; every line names the resource", async () => {
      const rp = await world.recoveryPoint({ sizeBytes: GiB });
      const inputs = await checked(world, world.inputs(rp, { tokenScope: "proj/dev/nightly-db" }));
      const { result: created } = await capturingLogs(() => world.provider.create(inputs));
      const old = created!.id;
      const gone = String(created!.outs.destinationRecoveryPointArn);
      await world.emulator.control.deleteRecoveryPointOutOfBand(gone);
      await world.emulator.control.advanceClock(3600);
      const { result, error, lines } = await capturingLogs(() => world.provider.create(inputs));
      assert.ifError(error);
      assert.notEqual(result!.id, old);
      const aboutOld = lines.filter((l) => l.includes(old) || l.includes(gone));
      assert.equal(aboutOld.length, 1, lines.join("\n"));
      assert.match(aboutOld[0], /COMPLETED, but its copy .* is gone; starting a new copy$/);
      assert.ok(!lines.some((l) => /Resuming/.test(l)), lines.join("\n"));
      assert.ok(lines.length > 1);
      for (const line of lines) assert.ok(line.startsWith("nightly-db: "), `unnamed line: ${line}`);
    });
  });

  describe("defect 3: a job that left AWS's history before its copy was recorded", () => {
    /** A waitForCompletion: false create, then the job completes and ages out (emulator history: 1 day). */
    async function agedOutUnrecorded(more: Record<string, unknown> = {}) {
      await world.emulator.control.setSettings({ jobHistoryDays: 1 });
      const rp = await world.recoveryPoint({ sizeBytes: 500 * GiB });
      const inputs = await checked(world, world.inputs(rp, { waitForCompletion: false, ...more }));
      const { result } = await capturingLogs(() => world.provider.create(inputs));
      const outs = result!.outs as Record<string, unknown>;
      assert.equal(outs.destinationRecoveryPointArn, undefined, "a copy was recorded");
      await world.emulator.control.advanceClock(3 * 86400);
      const [job] = jobsFor(await world.emulator.control.state(), rp) as unknown as {
        copyJobId: string;
        destinationRecoveryPointArn?: string;
      }[];
      assert.ok(job.destinationRecoveryPointArn);
      return { rp, inputs, id: result!.id, outs, copy: job.destinationRecoveryPointArn };
    }

    it("an update finds the copy in the destination vault, records it and applies the lifecycle, without polling", async () => {
      const { inputs, id, outs, copy } = await agedOutUnrecorded();
      await world.emulator.control.resetCalls();
      const news = {
        ...inputs,
        waitForCompletion: true,
        timeoutMinutes: 0.05,
        lifecycle: { deleteAfterDays: 365 },
      };
      const { result, error, lines } = await capturingLogs(() => world.provider.update!(id, outs, news));
      assert.ifError(error);
      const after = result!.outs as Record<string, unknown> & {
        destinationRecoveryPoint?: { lifecycle?: unknown };
      };
      assert.equal(after.destinationRecoveryPointArn, copy);
      assert.equal(after.state, "COMPLETED");
      assert.deepEqual(after.destinationRecoveryPoint?.lifecycle, { deleteAfterDays: 365 });
      const calls = await world.emulator.control.calls();
      assert.ok((calls.DescribeCopyJob ?? 0) <= 1, `polled the vanished job: ${JSON.stringify(calls)}`);
      assert.equal(calls.ListCopyJobs ?? 0, 0);
      assert.equal(calls.StartCopyJob ?? 0, 0);
      assert.ok(
        lines.some((l) => /no longer in AWS's job history.*found its copy/.test(l)),
        lines.join("\n"),
      );
    });

    it("with waitForCompletion still false, the lifecycle change reaches the copy too", async () => {
      const { inputs, id, outs, copy } = await agedOutUnrecorded();
      const news = { ...inputs, lifecycle: { deleteAfterDays: 200 } };
      const { result, error } = await capturingLogs(() => world.provider.update!(id, outs, news));
      assert.ifError(error);
      assert.equal(result!.outs.destinationRecoveryPointArn, copy);
      assert.equal((await pointState(copy))?.lifecycle?.DeleteAfterDays, 200);
    });

    it("refresh keeps the resource and records the copy it found", async () => {
      const { id, outs, copy } = await agedOutUnrecorded();
      const { result, error } = await capturingLogs(() => world.provider.read!(id, outs));
      assert.ifError(error);
      assert.equal(result!.id, id);
      assert.equal(result!.props!.destinationRecoveryPointArn, copy);
      assert.equal(result!.props!.destinationRecoveryPoint?.status, "COMPLETED");
    });

    it("its copy gone as well: the update fails at once, saying what to do, and starts nothing", async () => {
      const { inputs, id, outs, copy } = await agedOutUnrecorded();
      await world.emulator.control.deleteRecoveryPointOutOfBand(copy);
      await world.emulator.control.advanceClock(3600);
      await world.emulator.control.resetCalls();
      const news = { ...inputs, waitForCompletion: true, timeoutMinutes: 0.05 };
      const { error } = await capturingLogs(() => world.provider.update!(id, outs, news));
      assert.ok(error, "the update succeeded without a copy");
      assert.match(error.message, /no longer in AWS's job history.*pulumi refresh/);
      const calls = await world.emulator.control.calls();
      assert.ok((calls.DescribeCopyJob ?? 0) <= 1, `polled the vanished job: ${JSON.stringify(calls)}`);
      assert.equal(calls.StartCopyJob ?? 0, 0);
    });
  });
});
