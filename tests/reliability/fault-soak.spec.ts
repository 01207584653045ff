/**
 * Fault soak: 200 CopyJobs through the whole lifecycle (check, create, read, diff + update of the lifecycle,
 * delete with onDelete "delete"), all at once, in-process against an emulator that throttles, fails, resets
 * connections and adds latency. Nothing may be lost (every resource completes), nothing duplicated (one copy
 * job per resource) and no promise may be left rejected without a handler.
 */
import { strict as assert } from "assert";
import { capturingLogs, checked, GiB, jobsFor, startWorld, World } from "../provider/world";
import { recordFigure } from "./figures";

const RESOURCES = Number(process.env.SOAK_RESOURCES ?? 200);
const FAULTS = {
  seed: 2024,
  throttleProbability: 0.2,
  serverErrorProbability: 0.05,
  resetProbability: 0.02,
  latencyMs: { min: 0, max: 15 },
};

describe("reliability: fault soak (200 resources, full lifecycle, faults on every AWS call)", function () {
  this.timeout(120_000);
  let world: World;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  let savedMode: string | undefined;

  before(async () => {
    // See docs/reliability.md: under random (not rate-driven) throttling of 20 % the SDK's `adaptive` limiter,
    // shared by every resource, falls to about 3 requests a second, so 200 lifecycles would take ~10 minutes.
    // The soak proves correctness under faults; it runs with the `standard` retry mode the client also offers.
    savedMode = process.env.PULUMI_BACKUP_COPY_RETRY_MODE;
    process.env.PULUMI_BACKUP_COPY_RETRY_MODE = process.env.SOAK_RETRY_MODE ?? "standard";
    world = await startWorld();
    process.on("unhandledRejection", onRejection);
  });
  after(async () => {
    process.off("unhandledRejection", onRejection);
    await world.emulator.control.setFaults({});
    await world.stop();
    if (savedMode === undefined) delete process.env.PULUMI_BACKUP_COPY_RETRY_MODE;
    else process.env.PULUMI_BACKUP_COPY_RETRY_MODE = savedMode;
  });

  it("every resource completes, one copy job each, every copy deleted, no unhandled rejection", async () => {
    const control = world.emulator.control;
    const points: string[] = [];
    for (let i = 0; i < RESOURCES; i++) points.push(await world.recoveryPoint({ sizeBytes: GiB }));
    await control.resetCalls();
    await control.setFaults(FAULTS);
    const started = Date.now();

    const lifecycle = async (rp: string) => {
      const p = world.provider;
      const inputs = await checked(
        world,
        world.inputs(rp, { onDelete: "delete", lifecycle: { deleteAfterDays: 100 } }),
      );
      const created = await p.create(inputs);
      assert.equal(created.outs.state, "COMPLETED", `${rp}: create`);
      const read = await p.read(created.id, { ...created.outs, __provider: inputs.__provider });
      assert.equal(read.id, created.id, `${rp}: read lost the resource`);
      const news = await checked(world, {
        ...world.inputs(rp, { onDelete: "delete", lifecycle: { deleteAfterDays: 200 } }),
      });
      const diff = await p.diff(created.id, read.props!, news);
      assert.deepEqual(diff.replaces, [], `${rp}: diff`);
      assert.ok(diff.changes, `${rp}: the lifecycle change was not seen`);
      const updated = await p.update(created.id, read.props!, news);
      const dest = updated.outs!.destinationRecoveryPoint as { lifecycle: { deleteAfterDays: number } };
      assert.equal(dest.lifecycle.deleteAfterDays, 200, `${rp}: update`);
      await p.delete(created.id, { ...updated.outs, __provider: news.__provider });
      return { id: created.id, destination: String(created.outs.destinationRecoveryPointArn) };
    };

    const { result, error } = await capturingLogs(() => Promise.allSettled(points.map(lifecycle)));
    assert.equal(error, undefined, String(error));
    const seconds = (Date.now() - started) / 1000;
    await control.setFaults({});
    const failures = result!.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    assert.deepEqual(
      failures.map((f) => String(f.reason)),
      [],
      `${failures.length} of ${RESOURCES} lifecycles failed`,
    );
    const done = result!.map((r) => (r as PromiseFulfilledResult<{ id: string; destination: string }>).value);

    const state = await control.state();
    for (const rp of points) assert.equal(jobsFor(state, rp).length, 1, `copy jobs for ${rp}`);
    assert.equal(state.copyJobs.length, RESOURCES);
    assert.ok(state.copyJobs.every((j) => j.state === "COMPLETED"));
    const live = new Set(
      state.recoveryPoints.map((r) => (r as { recoveryPointArn: string }).recoveryPointArn),
    );
    const leftover = done.filter((d) => live.has(d.destination));
    assert.deepEqual(leftover, [], "copies still present after delete");

    // Let any stray promise settle before judging.
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(rejections.map(String), [], "unhandled rejections");

    const calls = await control.calls();
    const awsCalls = Object.entries(calls)
      .filter(([k]) => /^[A-Z]/.test(k))
      .reduce((n, [, v]) => n + v, 0);
    const figure = {
      resources: RESOURCES,
      seconds: Number(seconds.toFixed(1)),
      awsCalls,
      throttled: calls.throttled ?? 0,
      serverErrors: calls.serverErrors ?? 0,
      resets: calls.resets ?? 0,
    };
    console.log(`      soak: ${JSON.stringify(figure)}`);
    console.log(`      calls: ${JSON.stringify(calls)}`);
    recordFigure("soak", figure);
    assert.ok(figure.throttled > 0 && figure.serverErrors > 0 && figure.resets > 0, "faults were injected");
  });
});
