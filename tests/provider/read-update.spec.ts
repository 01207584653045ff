import { strict as assert } from "assert";
import { capturingLogs, checked, GiB, startWorld, World } from "./world";

describe("provider against the emulator: read and update", function () {
  let world: World;
  before(async () => (world = await startWorld()));
  after(() => world.stop());

  async function copied(more: Record<string, unknown> = {}) {
    const rp = await world.recoveryPoint();
    const inputs = await checked(world, world.inputs(rp, more));
    const { result } = await capturingLogs(() => world.provider.create(inputs));
    return { rp, inputs, id: result!.id, outs: result!.outs as Record<string, unknown> };
  }

  it("refresh without drift returns the same id, the same outputs and the stored inputs", async () => {
    const { id, outs, inputs } = await copied({ lifecycle: { deleteAfterDays: 100 } });
    const { result } = await capturingLogs(() => world.provider.read(id, outs));
    assert.equal(result!.id, id);
    assert.deepEqual(result!.props, outs);
    const { __provider: _, ...userInputs } = inputs;
    assert.deepEqual(result!.inputs, userInputs);
  });

  it("a destination recovery point deleted outside Pulumi is gone: empty id", async () => {
    const { id, outs } = await copied();
    await world.emulator.control.deleteRecoveryPointOutOfBand(String(outs.destinationRecoveryPointArn));
    await world.emulator.control.resetCalls();
    const { result, lines } = await capturingLogs(() => world.provider.read(id, outs));
    assert.equal(result!.id, "");
    // "Not found" is an answer, not a reason to retry: one call each.
    const calls = await world.emulator.control.calls();
    assert.equal(calls.DescribeCopyJob, 1);
    assert.equal(calls.DescribeRecoveryPoint, 1);
    assert.ok(
      lines.some((l) => /is gone; removing the copy/.test(l)),
      lines.join("\n"),
    );
  });

  it("a destination recovery point that is DELETING counts as gone", async () => {
    const { id, outs } = await copied();
    await world.emulator.control.setSettings({ deletingSeconds: 3600 });
    await world.provider
      .delete(id, { ...outs, onDelete: "delete", timeoutMinutes: 0.001 })
      .catch(() => undefined);
    const { result } = await capturingLogs(() => world.provider.read(id, outs));
    assert.equal(result!.id, "");
    await world.emulator.control.setSettings({ deletingSeconds: 10 });
  });

  it("a job aged out of AWS's history keeps the resource while its recovery point lives", async () => {
    await world.emulator.control.setSettings({ jobHistoryDays: 1 });
    try {
      const { id, outs } = await copied();
      await world.emulator.control.advanceClock(3 * 86400);
      const { result } = await capturingLogs(() => world.provider.read(id, outs));
      assert.equal(result!.id, id);
      assert.equal(result!.props!.state, "COMPLETED");
      assert.ok(result!.props!.destinationRecoveryPoint);
    } finally {
      await world.emulator.control.setSettings({ jobHistoryDays: 90 });
    }
  });

  it("lifecycle drift shows in the outputs; update puts the declared lifecycle back", async () => {
    const { id, outs, inputs } = await copied({ lifecycle: { deleteAfterDays: 200 } });
    const destArn = String(outs.destinationRecoveryPointArn);
    // Someone shortens the lifecycle in the console.
    const { BackupClient, UpdateRecoveryPointLifecycleCommand } = await import("@aws-sdk/client-backup");
    const client = new BackupClient({ region: "us-west-2" });
    await client.send(
      new UpdateRecoveryPointLifecycleCommand({
        BackupVaultName: "dr-vault",
        RecoveryPointArn: destArn,
        Lifecycle: { DeleteAfterDays: 7 },
      }),
    );
    const { result: refreshed } = await capturingLogs(() => world.provider.read(id, outs));
    const drifted = refreshed!.props!.destinationRecoveryPoint as { lifecycle: { deleteAfterDays: number } };
    assert.equal(drifted.lifecycle.deleteAfterDays, 7);
    const diff = await world.provider.diff(id, refreshed!.props!, inputs);
    assert.equal(diff.changes, true);
    assert.deepEqual(diff.replaces, []);
    const { result } = await capturingLogs(() => world.provider.update(id, refreshed!.props!, inputs));
    const dest = result!.outs.destinationRecoveryPoint as { lifecycle: { deleteAfterDays: number } };
    assert.equal(dest.lifecycle.deleteAfterDays, 200);
  });

  it("a lifecycle change updates the destination recovery point in place", async () => {
    const { id, outs, inputs } = await copied({ lifecycle: { deleteAfterDays: 100 } });
    const news = { ...inputs, lifecycle: { moveToColdStorageAfterDays: 30, deleteAfterDays: 400 } };
    const diff = await world.provider.diff(id, outs, news);
    assert.deepEqual(diff, { changes: true, replaces: [], deleteBeforeReplace: false });
    const { result, lines } = await capturingLogs(() => world.provider.update(id, outs, news));
    const dest = result!.outs.destinationRecoveryPoint as {
      lifecycle: Record<string, number>;
      calculatedLifecycle: Record<string, string>;
    };
    assert.deepEqual(dest.lifecycle, { moveToColdStorageAfterDays: 30, deleteAfterDays: 400 });
    assert.ok(dest.calculatedLifecycle.moveToColdStorageAt);
    assert.deepEqual(result!.outs.lifecycle, news.lifecycle);
    assert.ok(lines.some((l) => /Updated the lifecycle/.test(l)));
  });

  it("explains AWS's refusal to change the cold transition once it has happened", async () => {
    const { id, outs, inputs } = await copied({
      lifecycle: { moveToColdStorageAfterDays: 1, deleteAfterDays: 365 },
    });
    await world.emulator.control.advanceClock(3 * 86400);
    const { result: refreshed } = await capturingLogs(() => world.provider.read(id, outs));
    const news = { ...inputs, lifecycle: { moveToColdStorageAfterDays: 10, deleteAfterDays: 365 } };
    const { error } = await capturingLogs(() => world.provider.update(id, refreshed!.props!, news));
    assert.match(String(error), /UpdateRecoveryPointLifecycle of .* failed: \w+Exception: .*cold/i);
  });

  it("update resumes a job that waitForCompletion: false left running", async () => {
    const rp = await world.recoveryPoint({ sizeBytes: 300 * GiB });
    const inputs = await checked(world, world.inputs(rp, { waitForCompletion: false }));
    const { result: created } = await capturingLogs(() => world.provider.create(inputs));
    assert.notEqual(created!.outs.state, "COMPLETED");
    const news = { ...inputs, waitForCompletion: true };
    const { result } = await capturingLogs(() => world.provider.update(created!.id, created!.outs, news));
    assert.equal(result!.outs.state, "COMPLETED");
  });
});
