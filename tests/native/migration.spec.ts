/**
 * Moving a TypeScript stack from the dynamic CopyJob to the plugin's without a new copy, through the real CLI
 * (docs/native-plugin.md): `pulumi state delete` the dynamic resource (no provider call: the copy stays), then
 * declare the native resource with the same arguments and the job's `copyJobId`: its create adopts the job.
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
});
