/**
 * Moving a TypeScript stack from the dynamic CopyJob to the plugin's without a new copy, through the real CLI
 * (docs/native-plugin.md): either an alias from the dynamic type (one up, no AWS call), or `pulumi state
 * delete` of the dynamic resource (no provider call: the copy stays) and the native resource declared with the
 * job's `copyJobId`, whose create adopts the job.
 */
import { strict as assert } from "assert";
import { CLI_TIMEOUT_MS, startE2eWorld, TYPE as DYNAMIC_TYPE, type E2eWorld } from "../e2e/support";
import { nativeProgram, nativeStack } from "./cli-support";

describe("moving a stack from the dynamic CopyJob to the native plugin", function () {
  this.timeout(300_000);
  let world: E2eWorld;

  before(async function () {
    this.timeout(CLI_TIMEOUT_MS);
    world = await startE2eWorld({ clockScale: 3600, seed: 31 });
  });
  after(async () => {
    await world?.stop();
  });

  it("state delete, then the native resource with copyJobId adopts the job: no second copy, the copy kept", async () => {
    const rp = await world.recoveryPoint();
    const args = { recoveryPointArn: rp, onDelete: "delete", lifecycle: { deleteAfterDays: 100 } };
    const dynamic = await world.stack({
      stackName: "moving",
      program: world.program({ copy: { args } }),
    });
    await dynamic.up();
    const [job] = await world.jobsOf(rp);
    assert.equal(job.state, "COMPLETED");
    const dynamicUrn = `urn:pulumi:moving::e2e::${DYNAMIC_TYPE}::copy`;
    assert.ok(dynamic.resource("copy"), "the dynamic CopyJob is in the state");

    // 1. Out of the state, with no provider call (onDelete "delete" does not run).
    await dynamic.cli(["state", "delete", dynamicUrn, "--yes"]);
    // 2. The native resource, same arguments, adopting the job.
    const native = await nativeStack(
      world,
      "moving",
      nativeProgram(world, { copy: { args: { ...args, copyJobId: job.copyJobId } } }),
      "e2e",
    );
    await world.control.resetCalls();
    const run = await native.up();
    assert.equal(run.ops.copy, "create");
    const calls = await world.control.calls();
    assert.equal(calls.StartCopyJob ?? 0, 0, "no StartCopyJob");
    assert.equal(calls.DeleteRecoveryPoint ?? 0, 0, "the copy is not deleted");
    assert.equal((await world.jobsOf(rp)).length, 1);
    const state = native.deployment().resources?.find((r) => r.urn === native.urn("copy"));
    assert.equal(state?.id, job.copyJobId, "the native resource is the same job");
    assert.ok(await world.copyOf(job.copyJobId), "the copy is there");
    // And a second up is quiet.
    assert.deepEqual((await native.preview()).changes, { same: 2 });
  });

  it("an alias from the dynamic type moves the resource in one up: no AWS change; refresh and updates then run natively", async () => {
    const rp = await world.recoveryPoint();
    const args = { recoveryPointArn: rp, lifecycle: { deleteAfterDays: 100 } };
    const dynamic = await world.stack({ stackName: "aliased", program: world.program({ copy: { args } }) });
    await dynamic.up();
    const [job] = await world.jobsOf(rp);
    const aliased = (lifecycle: { deleteAfterDays: number }) =>
      nativeProgram(world, {
        copy: { args: { ...args, lifecycle }, opts: { aliases: [{ type: DYNAMIC_TYPE }] } },
      });
    const native = await nativeStack(world, "aliased", aliased({ deleteAfterDays: 100 }), "e2e");
    assert.deepEqual((await native.preview()).changes, { same: 2 }, "no replacement");
    await world.control.resetCalls();
    const moved = await native.up();
    assert.equal(moved.ops.copy, "same");
    const awsCalls = Object.entries(await world.control.calls()).filter(
      ([k, v]) => /^[A-Z]/.test(k) && v > 0,
    );
    assert.deepEqual(awsCalls, [], "moving makes no AWS call");
    const state = native.deployment().resources?.find((r) => r.urn === native.urn("copy"));
    assert.equal(state?.id, job.copyJobId);
    assert.match(String(state?.provider), /pulumi:providers:backup-copy/, "now served by the plugin");

    await native.refresh();
    const changed = await nativeStack(world, "aliased", aliased({ deleteAfterDays: 200 }), "e2e");
    const updated = await changed.up();
    assert.equal(updated.ops.copy, "update");
    assert.equal((await world.copyOf(job.copyJobId))?.lifecycle?.DeleteAfterDays, 200);
    assert.equal((await world.jobsOf(rp)).length, 1, "still one job");
  });
});
