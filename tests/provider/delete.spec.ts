import { strict as assert } from "assert";
import { BackupClient, DescribeRecoveryPointCommand } from "@aws-sdk/client-backup";
import { capturingLogs, checked, GiB, jobsFor, startWorld, World } from "./world";

describe("provider against the emulator: delete", function () {
  let world: World;
  before(async () => (world = await startWorld({ destinationLock: undefined })));
  after(() => world.stop());

  async function copied(more: Record<string, unknown> = {}, size?: number) {
    const rp = await world.recoveryPoint({ sizeBytes: size });
    const inputs = await checked(world, world.inputs(rp, more));
    const { result } = await capturingLogs(() => world.provider.create(inputs));
    return { rp, inputs, id: result!.id, outs: result!.outs as Record<string, unknown> };
  }

  async function destinationStatus(arn: string, vault = "dr-vault"): Promise<string> {
    const client = new BackupClient({ region: "us-west-2" });
    try {
      return (
        await client.send(new DescribeRecoveryPointCommand({ BackupVaultName: vault, RecoveryPointArn: arn }))
      ).Status!;
    } catch (e) {
      return (e as Error).name;
    }
  }

  it("retain (the default) makes no AWS call and says what it kept", async () => {
    const { id, outs } = await copied();
    await world.emulator.control.resetCalls();
    const { lines } = await capturingLogs(() => world.provider.delete(id, outs));
    const calls = await world.emulator.control.calls();
    const awsCalls = Object.entries(calls).filter(([k, v]) => /^[A-Z]/.test(k) && v > 0);
    assert.deepEqual(awsCalls, []);
    assert.ok(lines.some((l) => l.includes(String(outs.destinationRecoveryPointArn)) && /Retained/.test(l)));
    assert.equal(await destinationStatus(String(outs.destinationRecoveryPointArn)), "COMPLETED");
  });

  it("delete removes the destination recovery point and waits until it is gone", async () => {
    const { id, outs } = await copied({ onDelete: "delete" });
    const { error } = await capturingLogs(() => world.provider.delete(id, outs));
    assert.equal(error, undefined);
    assert.equal(
      await destinationStatus(String(outs.destinationRecoveryPointArn)),
      "ResourceNotFoundException",
    );
  });

  it("delete of a copy already gone succeeds", async () => {
    const { id, outs } = await copied({ onDelete: "delete" });
    await world.emulator.control.deleteRecoveryPointOutOfBand(String(outs.destinationRecoveryPointArn));
    const { error, lines } = await capturingLogs(() => world.provider.delete(id, outs));
    assert.equal(error, undefined);
    assert.ok(
      lines.some((l) => /already gone/.test(l)),
      lines.join("\n"),
    );
  });

  it("delete waits for a still-running job first", async () => {
    const rp = await world.recoveryPoint({ sizeBytes: 300 * GiB });
    const inputs = await checked(world, world.inputs(rp, { onDelete: "delete", waitForCompletion: false }));
    const { result } = await capturingLogs(() => world.provider.create(inputs));
    const { error, lines } = await capturingLogs(() => world.provider.delete(result!.id, result!.outs));
    assert.equal(error, undefined);
    assert.ok(
      lines.some((l) => /still (CREATED|RUNNING); waiting/.test(l)),
      lines.join("\n"),
    );
    assert.ok(
      lines.some((l) => /Deleted arn:/.test(l)),
      lines.join("\n"),
    );
  });

  it("DescribeCopyJob failing with 503s until the timeout fails the delete: the running job may still make a copy", async () => {
    const rp = await world.recoveryPoint({ sizeBytes: 5000 * GiB });
    const inputs = await checked(world, world.inputs(rp, { onDelete: "delete", waitForCompletion: false }));
    const { result } = await capturingLogs(() => world.provider.create(inputs));
    const { id, outs } = result!;
    assert.equal(outs.destinationRecoveryPointArn, undefined, "no copy is known yet");
    await world.emulator.control.setFaults({
      error: { operations: ["DescribeCopyJob"], code: "ServiceUnavailableException" },
    });
    try {
      const { error, lines } = await capturingLogs(() =>
        world.provider.delete(id, { ...outs, timeoutMinutes: 0.1 }),
      );
      // 6 s: time for whole SDK calls (6 attempts) to come back 503. Before the fix: "left no destination recovery
      // point; nothing to delete", and the engine dropped the resource.
      assert.ok(error, `the delete must fail; it said: ${lines.join("\n")}`);
      assert.match(error.message, new RegExp(`DescribeCopyJob ${id} .* failed until the timeout`));
      assert.match(error.message, /run the destroy again/);
      assert.ok(!lines.some((l) => /nothing to delete/.test(l)), lines.join("\n"));
    } finally {
      await world.emulator.control.setFaults({});
    }
    const [job] = jobsFor(await world.emulator.control.state(), rp);
    assert.match(job.state, /^(CREATED|RUNNING)$/, "the job was still running: its copy is still to come");
  });

  it("a copy recorded as COMPLETED is deleted without DescribeCopyJob: a 503 storm there does not block it", async () => {
    const { id, outs } = await copied({ onDelete: "delete" });
    assert.equal(outs.state, "COMPLETED");
    await world.emulator.control.setFaults({
      error: { operations: ["DescribeCopyJob"], code: "ServiceUnavailableException" },
    });
    try {
      const { error } = await capturingLogs(() =>
        world.provider.delete(id, { ...outs, timeoutMinutes: 0.1 }),
      );
      assert.equal(error, undefined);
    } finally {
      await world.emulator.control.setFaults({});
    }
    assert.equal(
      await destinationStatus(String(outs.destinationRecoveryPointArn)),
      "ResourceNotFoundException",
    );
  });

  it("a legal hold fails the delete with what to do, and leaves the copy", async () => {
    const { id, outs } = await copied({ onDelete: "delete" });
    await world.emulator.control.setLegalHold(String(outs.destinationRecoveryPointArn), true);
    const { error } = await capturingLogs(() => world.provider.delete(id, outs));
    assert.match(String(error), /DeleteRecoveryPoint .* failed: .*legal hold.*release the legal hold/i);
    assert.equal(await destinationStatus(String(outs.destinationRecoveryPointArn)), "COMPLETED");
  });
});

describe("provider against the emulator: delete under a vault lock", function () {
  let world: World;
  before(async () => (world = await startWorld({ destinationLock: { minRetentionDays: 30 } })));
  after(() => world.stop());

  it("shortens the lifecycle to the earliest expiry the lock allows, and says so", async () => {
    const rp = await world.recoveryPoint();
    const inputs = await checked(
      world,
      world.inputs(rp, { onDelete: "delete", lifecycle: { deleteAfterDays: 365 } }),
    );
    const { result } = await capturingLogs(() => world.provider.create(inputs));
    const { error, lines } = await capturingLogs(() => world.provider.delete(result!.id, result!.outs));
    assert.equal(error, undefined, String(error));
    assert.ok(
      lines.some((l) => /AWS refused to delete .* set DeleteAfterDays=30/.test(l)),
      lines.join("\n"),
    );
    const { result: after } = await capturingLogs(() => world.provider.read(result!.id, result!.outs));
    const dest = after!.props!.destinationRecoveryPoint as { lifecycle: { deleteAfterDays: number } };
    assert.equal(dest.lifecycle.deleteAfterDays, 30);
  });
});
