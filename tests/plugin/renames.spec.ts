/**
 * Issue 12 item 1 through the real dynamic-provider plugin and the stand-in engine: a renamed stack or project,
 * or a resource renamed with `aliases`, changes the tokenScope CopyJob sends, and the engine's Check gets the
 * resource's previous inputs. The resource keeps its token: no replacement, no second copy job, and with
 * onDelete "delete" the copy lives on. (The stand-in engine keys state by name, so a rename is sent as what
 * the provider sees of it: the stored state and a new tokenScope.)
 */
import { strict as assert } from "assert";
import type { Stack } from "../harness";
import { startPluginWorld, TYPE, type PluginWorld } from "../support/plugin-world";
import { GiB } from "../support/constants";

describe("renames keep the copy (real plugin, emulator)", function () {
  this.timeout(60_000);

  let world: PluginWorld;
  before(
    async () =>
      (world = await startPluginWorld({
        project: "renames",
        seed: 31,
        stackPrefix: "r",
        resourcePrefix: "r",
        defaultSizeBytes: GiB,
      })),
  );
  after(() => world?.stop());

  const jobsOf = async (rp: string) =>
    (await world.control.state()).copyJobs.filter((j) => j.sourceRecoveryPointArn === rp);
  const renamed = (stack: Stack, name: string, props: Record<string, unknown>, scope: string) => {
    const decl = world.decl(stack, name, props);
    return { ...decl, props: { ...decl.props, tokenScope: scope } };
  };

  it("a stack rename, a project rename or an alias neither replaces nor updates; the copy is kept", async () => {
    const stack = world.newStack();
    const rp = await world.recoveryPoint();
    const props = { recoveryPointArn: rp, onDelete: "delete", lifecycle: { deleteAfterDays: 120 } };
    world.ok(await stack.up([world.decl(stack, "copy", props)], { plugin: world.plugin }));
    const first = stack.get("copy", TYPE)!;
    const copy = String(first.outputs.destinationRecoveryPointArn);

    for (const scope of ["renames/prod/copy", "renamed-project/prod/copy", "renamed-project/prod/new-name"]) {
      const up = world.ok(await stack.up([renamed(stack, "copy", props, scope)], { plugin: world.plugin }));
      assert.equal(up.resources.copy.op, "same", `${scope}: ${JSON.stringify(up.resources.copy.diff)}`);
      assert.equal(up.resources.copy.diff?.changes, "DIFF_NONE");
      assert.equal(stack.get("copy", TYPE)!.inputs.idempotencyToken, first.inputs.idempotencyToken);
    }
    assert.equal(stack.get("copy", TYPE)!.id, first.id);
    assert.equal((await jobsOf(rp)).length, 1, "a rename started a second copy job");
    assert.ok((await world.liveRecoveryPoints()).has(copy), "a rename deleted the copy");

    // After the rename the resource is managed as before: a lifecycle change is an update of the same job.
    const longer = { ...props, lifecycle: { deleteAfterDays: 365 } };
    const up = world.ok(
      await stack.up([renamed(stack, "copy", longer, "renamed-project/prod/new-name")], {
        plugin: world.plugin,
      }),
    );
    assert.equal(up.resources.copy.op, "update");
    assert.equal(stack.get("copy", TYPE)!.id, first.id);
    assert.equal((await jobsOf(rp)).length, 1);
  });

  it("two resources copying the same point still get two tokens and two jobs", async () => {
    const stack = world.newStack();
    const rp = await world.recoveryPoint();
    world.ok(
      await stack.up(
        [world.decl(stack, "a", { recoveryPointArn: rp }), world.decl(stack, "b", { recoveryPointArn: rp })],
        { plugin: world.plugin, parallel: 1 },
      ),
    );
    const [a, b] = [stack.get("a", TYPE)!, stack.get("b", TYPE)!];
    assert.notEqual(a.inputs.idempotencyToken, b.inputs.idempotencyToken);
    assert.notEqual(a.id, b.id);
    assert.equal((await jobsOf(rp)).length, 2);
  });
});
