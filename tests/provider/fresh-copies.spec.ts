import { strict as assert } from "assert";
import { capturingLogs, checked, GiB, SOURCE_REGION, startWorld, World } from "./world";

describe("provider against the emulator: destinations of copies that end together", function () {
  let world: World;
  before(async () => (world = await startWorld()));
  after(() => world.stop());

  it("one vault listing answers many copies that end in one tick, with what DescribeRecoveryPoint says", async () => {
    const control = world.emulator.control;
    const rps = await Promise.all(
      Array.from({ length: 18 }, () => world.recoveryPoint({ sizeBytes: 50 * GiB })),
    );
    // Two sources old enough that their copies' cold transition has already passed: StorageClass COLD.
    const old = new Date(Date.parse(await control.now()) - 30 * 86400_000).toISOString();
    for (let i = 0; i < 2; i++) {
      const { recoveryPointArn } = await control.seedRecoveryPoint({
        region: SOURCE_REGION,
        vaultName: "prod-vault",
        resourceArn: `arn:aws:ec2:${SOURCE_REGION}:111111111111:volume/vol-old0000${i}`,
        backupSizeInBytes: 50 * GiB,
        creationDate: old,
      });
      rps.push(recoveryPointArn);
    }
    const inputs = await Promise.all(
      rps.map((rp, i) =>
        checked(
          world,
          world.inputs(
            rp,
            i >= 18 ? { lifecycle: { moveToColdStorageAfterDays: 1, deleteAfterDays: 365 } } : {},
          ),
        ),
      ),
    );
    await control.resetCalls();
    const { result } = await capturingLogs(() => Promise.all(inputs.map((i) => world.provider.create(i))));
    const calls = await control.calls();
    assert.ok((calls.ListRecoveryPointsByBackupVault ?? 0) >= 1, JSON.stringify(calls));
    assert.ok((calls.DescribeRecoveryPoint ?? 0) < rps.length / 2, JSON.stringify(calls));

    for (const created of result!) {
      const { result: read } = await capturingLogs(() => world.provider.read(created.id, created.outs));
      assert.deepEqual(created.outs.destinationRecoveryPoint, read!.props!.destinationRecoveryPoint);
    }
    const classes = result!.map((r) => r.outs.destinationRecoveryPoint.storageClass);
    assert.equal(classes.filter((c: string) => c === "COLD").length, 2, classes.join(","));
  });

  it("a copy that ends alone is described alone", async () => {
    const rp = await world.recoveryPoint();
    const inputs = await checked(world, world.inputs(rp));
    await world.emulator.control.resetCalls();
    await capturingLogs(() => world.provider.create(inputs));
    const calls = await world.emulator.control.calls();
    assert.equal(calls.DescribeRecoveryPoint, 1);
    assert.equal(calls.ListRecoveryPointsByBackupVault ?? 0, 0);
  });
});
