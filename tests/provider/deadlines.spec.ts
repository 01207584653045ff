/**
 * Issue 12.3: an operation honours its timeout as a whole, a refresh has a short bound of its own, and the start
 * gate neither waits past the deadline nor leaks a slot. Each case injects the fault through the emulator.
 */
import { strict as assert } from "assert";
import { capturingLogs, checked, GiB, startWorld, World } from "./world";

/** Emulated seconds per real second: 100 MiB/s copies then take size / (6000 MiB) real seconds. */
const SCALE = 60;
/** Bytes of a copy that runs this many real seconds. */
const realSecondsOfCopy = (seconds: number) => seconds * SCALE * 100 * 1024 ** 2;

/** The promise's outcome, or "still running" after `ms`: the guard turns a hang into a failure with a message. */
async function settledWithin<T>(
  promise: Promise<T>,
  ms: number,
): Promise<{ value?: T; error?: Error } | "still running"> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<"still running">((r) => (timer = setTimeout(() => r("still running"), ms)));
  try {
    return await Promise.race([
      promise.then(
        (value) => ({ value }),
        (error: Error) => ({ error }),
      ),
      guard,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describe("deadlines (issue 12.3)", function () {
  this.timeout(60_000);

  describe("one deadline per operation", () => {
    let world: World;
    before(
      async () => (world = await startWorld({ clockScale: SCALE, runtime: { refreshTimeoutMs: 1500 } })),
    );
    after(() => world.stop());
    afterEach(() => world.emulator.control.setFaults({}));

    it("a create whose destination describe is throttled ends within timeoutMinutes, not a timeout later", async () => {
      // The copy takes most of the timeout; then every DescribeRecoveryPoint is throttled. A fresh timeout for
      // that call would end the create at ~6 + 8 s.
      const timeoutMs = 8000;
      const rp = await world.recoveryPoint({ sizeBytes: Math.round(realSecondsOfCopy(6)) });
      const inputs = await checked(world, world.inputs(rp, { timeoutMinutes: timeoutMs / 60_000 }));
      await world.emulator.control.setFaults({
        throttle: {
          operations: ["DescribeRecoveryPoint", "ListRecoveryPointsByBackupVault"],
          ratePerSecond: 0,
          burst: 0,
        },
      });
      const began = Date.now();
      const { error } = await capturingLogs(() => world.provider.create(inputs));
      const elapsed = Date.now() - began;
      assert.ok(error, "the describe never succeeds: the create fails");
      assert.match(String(error), /Throttl|Rate exceeded|timeout ran out/);
      // The bound under test is the timeout itself; 2.5 s covers one SDK call in flight and a slow CI machine.
      assert.ok(elapsed < timeoutMs + 2500, `create took ${elapsed} ms with a ${timeoutMs} ms timeout`);
    });

    it("a refresh under throttling fails within the refresh bound, whatever timeoutMinutes says", async () => {
      const rp = await world.recoveryPoint({ sizeBytes: GiB });
      const inputs = await checked(world, world.inputs(rp, { timeoutMinutes: 60 }));
      const { id, outs } = await world.provider.create(inputs);
      await world.emulator.control.setFaults({
        throttle: { operations: ["DescribeCopyJob"], ratePerSecond: 0, burst: 0 },
      });
      // Before the fix the refresh retried for the resource's 60 minutes.
      const outcome = await settledWithin(world.provider.read(id, outs), 20_000);
      assert.notEqual(outcome, "still running", "refresh still retrying after 20 s (its bound is 1.5 s)");
      assert.ok(
        outcome !== "still running" && outcome.error,
        "a throttled refresh fails (and can be re-run)",
      );
      assert.match(String(outcome.error), /Throttl|Rate exceeded|timeout ran out/);
    });
  });

  describe("the start gate", () => {
    let world: World;
    before(
      async () => (world = await startWorld({ clockScale: SCALE, runtime: { maxConcurrentCopies: 1 } })),
    );
    after(() => world.stop());
    afterEach(() => world.emulator.control.setFaults({}));

    it("a start queued behind a full gate fails at its deadline instead of waiting forever", async () => {
      const holder = await world.recoveryPoint({ sizeBytes: 5000 * GiB });
      await world.provider.create(await checked(world, world.inputs(holder, { waitForCompletion: false })));
      const rp = await world.recoveryPoint({ sizeBytes: GiB });
      const inputs = await checked(world, world.inputs(rp, { timeoutMinutes: 0.05 }));
      const outcome = await settledWithin(
        capturingLogs(() => world.provider.create(inputs)),
        20_000,
      );
      assert.notEqual(outcome, "still running", "the queued start is still waiting 20 s after a 3 s timeout");
      const error = outcome !== "still running" ? outcome.value?.error : undefined;
      assert.ok(error, "the create fails");
      assert.match(String(error), /no start slot came free before the 0.05-minute timeout/);
      const jobs = (await world.emulator.control.state()).copyJobs.filter(
        (j) => j.sourceRecoveryPointArn === rp,
      );
      assert.equal(jobs.length, 0, "nothing was started");
    });

    it("a watch ended by a hard tick error frees its slot: the queued start goes ahead", async () => {
      // Clears the previous case's holder: a fresh runtime has a fresh gate.
      world.runtime.clear();
      const holder = await world.recoveryPoint({ sizeBytes: Math.round(realSecondsOfCopy(3)) });
      await world.provider.create(await checked(world, world.inputs(holder, { waitForCompletion: false })));
      // The gate's watch of the holder fails on its first list; the holder then ends unwatched.
      await world.emulator.control.setFaults({
        error: { operations: ["ListCopyJobs"], code: "AccessDeniedException" },
      });
      await world.emulator.control.resetCalls();
      const rp = await world.recoveryPoint({ sizeBytes: GiB });
      const inputs = await checked(
        world,
        world.inputs(rp, { timeoutMinutes: 0.25, waitForCompletion: false }),
      );
      const pending = capturingLogs(() => world.provider.create(inputs));
      while (((await world.emulator.control.calls()).ListCopyJobs ?? 0) === 0)
        await new Promise((r) => setTimeout(r, 20));
      await world.emulator.control.setFaults({});
      const outcome = await settledWithin(pending, 30_000);
      assert.notEqual(outcome, "still running", "the queued start never went");
      assert.ok(
        outcome !== "still running" && outcome.value?.result,
        String(outcome !== "still running" && outcome.value?.error),
      );
      assert.deepEqual(world.runtime.startGates()[0].heldJobIds(), [outcome.value!.result!.id]);
    });
  });
});
