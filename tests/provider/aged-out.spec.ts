/**
 * Issue 12 item 2: AWS drops old jobs from DescribeCopyJob/ListCopyJobs while their copies stay. Update, read
 * and delete of such a copy work from the copy itself (the destination recovery point), answer at once, and
 * never lose an output they had. The emulator ages jobs out after `jobHistoryDays` of its clock.
 */
import { strict as assert } from "assert";
import { capturingLogs, checked, startWorld, World } from "./world";

describe("provider against the emulator: a job aged out of AWS's history", function () {
  let world: World;
  before(async () => {
    world = await startWorld();
    await world.emulator.control.setSettings({ jobHistoryDays: 1 });
  });
  after(() => world.stop());

  const live = async () =>
    new Set(
      (await world.emulator.control.state()).recoveryPoints.map(
        (r) => (r as { recoveryPointArn: string }).recoveryPointArn,
      ),
    );

  /** A completed copy whose job then ages out. A short timeout: a wait for the vanished job would end in an error. */
  async function agedOut() {
    const rp = await world.recoveryPoint();
    const inputs = await checked(world, world.inputs(rp, { timeoutMinutes: 0.05 }));
    const { result } = await capturingLogs(() => world.provider.create(inputs));
    await world.emulator.control.advanceClock(3 * 86400);
    return { inputs, id: result!.id, outs: result!.outs as Record<string, unknown> };
  }

  it("a lifecycle update changes the copy's lifecycle and keeps every output", async () => {
    const { inputs, id, outs } = await agedOut();
    const news = { ...inputs, lifecycle: { deleteAfterDays: 365 } };
    await world.emulator.control.resetCalls();
    const { result, error, lines } = await capturingLogs(() => world.provider.update!(id, outs, news));
    assert.ifError(error);
    const after = result!.outs as Record<string, unknown> & {
      destinationRecoveryPoint: { lifecycle: unknown };
    };
    assert.deepEqual(after.destinationRecoveryPoint.lifecycle, { deleteAfterDays: 365 });
    for (const [key, value] of Object.entries(outs)) {
      if (key === "destinationRecoveryPoint" || key === "lifecycle") continue;
      assert.deepEqual(after[key], value, `output ${key} lost or changed`);
    }
    assert.equal((await world.emulator.control.calls()).UpdateRecoveryPointLifecycle, 1);
    assert.ok(
      lines.some((l) => /no longer in AWS's job history/.test(l)),
      lines.join("\n"),
    );

    // The next refresh keeps the resource.
    const { result: read } = await capturingLogs(() => world.provider.read(id, after));
    assert.equal(read!.id, id);
    assert.equal(read!.props!.destinationRecoveryPointArn, outs.destinationRecoveryPointArn);
  });

  it("onDelete flipped to delete by an update, then destroy: the copy is deleted", async () => {
    const { inputs, id, outs } = await agedOut();
    const copy = String(outs.destinationRecoveryPointArn);
    const { result, error } = await capturingLogs(() =>
      world.provider.update!(id, outs, { ...inputs, onDelete: "delete" }),
    );
    assert.ifError(error);
    const after = result!.outs as Record<string, unknown>;
    assert.equal(after.state, "COMPLETED");
    assert.equal(after.destinationRecoveryPointArn, copy);
    assert.ok((await live()).has(copy));
    const { error: deleteError } = await capturingLogs(() => world.provider.delete!(id, after));
    assert.ifError(deleteError);
    assert.ok(!(await live()).has(copy), "the aged-out job's copy was orphaned");
  });

  it("an update of a copy that is gone as well says so at once, and changes nothing", async () => {
    const { inputs, id, outs } = await agedOut();
    await world.emulator.control.deleteRecoveryPointOutOfBand(String(outs.destinationRecoveryPointArn));
    await world.emulator.control.advanceClock(3600);
    const { error } = await capturingLogs(() =>
      world.provider.update!(id, outs, { ...inputs, lifecycle: { deleteAfterDays: 365 } }),
    );
    assert.ok(error, "update succeeded without a copy");
    assert.match(error.message, /no longer in AWS's job history and its copy .* is gone.*pulumi refresh/);
  });
});
