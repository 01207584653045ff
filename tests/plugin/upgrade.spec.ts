/**
 * A package upgrade through the real dynamic-provider plugin (tests/harness): the same inputs under another
 * serialized provider text are no change. It stays on the stand-in because the harness can swap the provider
 * text under one state exactly; the real-engine lifecycle (up, preview, refresh, update, replace, drift,
 * destroy, deadline, a failed job, waitForCompletion: false, outputs, a SIGKILLed up) is in tests/e2e/, and an
 * upgrade from the previous release through the real CLI belongs to the install tests.
 */
import { strict as assert } from "assert";
import { GiB, startPluginWorld, TYPE, type PluginWorld } from "../support/plugin-world";

describe("CopyJob upgrade through the real plugin (installed package, emulator)", function () {
  this.timeout(60_000);

  let world: PluginWorld;
  before(
    async () =>
      (world = await startPluginWorld({
        project: "lifecycle",
        seed: 11,
        stackPrefix: "s",
        defaultSizeBytes: 10 * GiB,
      })),
  );
  after(() => world?.stop());

  const jobsOf = async (rp: string) =>
    (await world.control.state()).copyJobs.filter((j) => j.sourceRecoveryPointArn === rp);

  it("a package upgrade (other provider text, same inputs) is no change", async () => {
    const stack = world.newStack();
    const rp = await world.recoveryPoint();
    world.ok(
      await stack.up([world.decl(stack, "upgrade", { recoveryPointArn: rp })], { plugin: world.plugin }),
    );
    const upgraded = `${world.provider}\n// pulumi-backup-copy 0.2.0\n`;
    const up = world.ok(
      await stack.up([world.decl(stack, "upgrade", { recoveryPointArn: rp }, upgraded)], {
        plugin: world.plugin,
      }),
    );
    assert.equal(up.resources.upgrade.op, "same");
    assert.equal(up.resources.upgrade.diff?.changes, "DIFF_NONE");
    assert.equal(stack.get("upgrade", TYPE)!.inputs.__provider, upgraded);
    assert.equal((await jobsOf(rp)).length, 1);
  });
});
